// Newline-delimited JSON, as the Docker daemon streams it (pull, push, import and load progress,
// build output, /events): one JSON value per line, flushed as it happens. Lines may be split
// across chunks anywhere, even inside a multi-byte character; the last line may lack its newline.
import { PortainerError } from '../errors.js';
import { chunksOf, type ByteStream } from './chunks.js';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter } from './lines.js';

export type { ByteStream } from './chunks.js';

/** Options of `ndjson`. */
export interface NdjsonOptions {
  /** Longest line accepted, in bytes (default 4 MiB); a longer one fails with code `line-too-long`. */
  maxLineBytes?: number;
  /** Stops reading (and cancels the stream) when it fires. */
  signal?: AbortSignal;
}

const RECORD_SEPARATOR = '\u001e'; // RFC 7464 (application/json-seq) starts each record with it

/**
 * Iterates the JSON values of a newline-delimited JSON byte stream, one per line. Blank lines are
 * skipped, `\r\n` endings and RFC 7464 record separators are accepted. A line that is not JSON
 * fails with a PortainerError (`unreadable-body`) naming the line; breaking out of the loop
 * cancels the stream.
 */
export async function* ndjson<T = unknown>(stream: ByteStream, options: NdjsonOptions = {}): AsyncGenerator<T, void, undefined> {
  const lines = new LineSplitter(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, 'maxLineBytes');
  for await (const raw of linesOf(chunksOf(stream, options.signal), lines)) {
    const text = raw.startsWith(RECORD_SEPARATOR) ? raw.slice(1) : raw;
    if (text.trim() === '') continue;
    try {
      yield JSON.parse(text) as T;
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      throw new PortainerError({ code: 'unreadable-body', message: `Line ${lines.count} of the stream is not JSON` }); // the parser's message would quote it
    }
  }
}

async function* linesOf(chunks: AsyncIterable<Uint8Array>, lines: LineSplitter): AsyncGenerator<string> {
  for await (const chunk of chunks) yield* lines.push(chunk);
  const last = lines.end();
  if (last !== undefined) yield last;
}
