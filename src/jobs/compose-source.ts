// The Compose file of a deployment: given as text, as a Blob, or as a path read from disk (Node).
import { invalidInput, type Where } from './job-error.js';

/** Where the Compose file comes from: its text (`compose`), or `composeFile` (a path, read on Node, or a Blob). */
export type ComposeSource =
  | {
      /** The Compose file's content. */
      compose: string;
      composeFile?: never;
    }
  | {
      /** A path to the Compose file (Node), or its content as a Blob or File. */
      composeFile: string | URL | Blob;
      compose?: never;
    };

/** Longest Compose file read (Portainer keeps it in its database and on disk). */
export const MAX_COMPOSE_BYTES = 4 * 1024 * 1024;

// A specifier in a variable: bundlers for the browser leave it alone (only a path needs it).
const FS = 'node:fs/promises';

function tooLarge(where: Where, size: number, what: string): never {
  throw invalidInput(where, `the Compose file ${what} has ${size} bytes, more than ${MAX_COMPOSE_BYTES}`);
}

/** The Compose file's text; a source that is not one is refused, named. */
export async function readCompose(source: ComposeSource, where: Where): Promise<string> {
  const { compose, composeFile } = source as { compose?: unknown; composeFile?: unknown };
  if ((compose === undefined) === (composeFile === undefined)) throw invalidInput(where, 'give exactly one of `compose` (the text) and `composeFile`');
  let text: string;
  if (compose !== undefined) {
    if (typeof compose !== 'string') throw invalidInput(where, '`compose` must be the Compose file as a string');
    text = compose;
  } else if (composeFile instanceof Blob) {
    if (composeFile.size > MAX_COMPOSE_BYTES) tooLarge(where, composeFile.size, 'given');
    text = await composeFile.text();
  } else if (typeof composeFile === 'string' || composeFile instanceof URL) {
    const fs = (await import(FS)) as typeof import('node:fs/promises');
    const handle = await fs.open(composeFile).catch((error: Error) => {
      throw invalidInput(where, `the Compose file ${String(composeFile)} could not be read (${error.message})`);
    });
    try {
      const { size } = await handle.stat();
      if (size > MAX_COMPOSE_BYTES) tooLarge(where, size, String(composeFile));
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } else {
    throw invalidInput(where, '`composeFile` must be a path, a file: URL, or a Blob');
  }
  if (!text.trim()) throw invalidInput(where, 'the Compose file is empty');
  return text;
}
