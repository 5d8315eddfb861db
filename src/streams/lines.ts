// Splits bytes into lines in time linear in their length, whatever the chunking: a line's pieces
// are kept as they come and joined once, when its newline arrives; a line longer than the limit is
// refused as soon as it is, so neither memory nor work grows with a hostile stream.
import { PortainerError, invalid } from '../errors.js';
import { concat } from './chunks.js';

const NEWLINE = 0x0a;
const decoder = new TextDecoder();

/** The default longest line, in bytes, of the line-reading helpers. */
export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

export class LineSplitter {
  #parts: Uint8Array[] = [];
  #size = 0;
  #lines = 0;

  constructor(private readonly maxLineBytes: number, private readonly option: string) {
    if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) invalid(`\`${option}\` must be a positive integer number of bytes`);
  }

  /** Lines read so far. */
  get count(): number { return this.#lines; }

  /** The complete lines in `chunk` (without their `\n` or `\r\n`); the rest waits for the next chunk. */
  *push(chunk: Uint8Array): Generator<string> {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      yield this.#line(chunk.subarray(start, end));
      start = end + 1;
    }
    if (start < chunk.byteLength) {
      this.#grow(chunk.byteLength - start);
      this.#parts.push(chunk.subarray(start));
    }
  }

  /** The last line, when the bytes ended without a newline. */
  end(): string | undefined { return this.#size ? this.#line(new Uint8Array(0)) : undefined; }

  #grow(bytes: number): void {
    this.#size += bytes;
    if (this.#size > this.maxLineBytes) {
      throw new PortainerError({
        code: 'line-too-long',
        message: `Line ${this.#lines + 1} of the stream is longer than ${this.maxLineBytes} bytes (the \`${this.option}\` option)`,
      });
    }
  }

  #line(tail: Uint8Array): string {
    this.#grow(tail.byteLength);
    this.#lines++;
    const text = decoder.decode(this.#parts.length ? concat([...this.#parts, tail], this.#size) : tail);
    [this.#parts, this.#size] = [[], 0];
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }
}
