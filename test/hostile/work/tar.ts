// Tar reading inside a bounded worker (see test/helpers/bounded.ts).
import { readTarEntries } from '../../../src/index.js';
import { plainError } from '../../helpers/bounded.js';

/** The entry names of an archive fed in chunks of `size` bytes, and how the reading ended. */
export async function readNames(bytes: Uint8Array, size: number) {
  const names: string[] = [];
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(at, (at += size)));
    },
  });
  try {
    for await (const entry of readTarEntries(stream)) names.push(entry.name);
    return { names };
  } catch (error) {
    return { names, error: plainError(error) };
  }
}
