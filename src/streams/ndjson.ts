// Newline-delimited JSON, as the Docker daemon streams it (pull, push, import and load progress,
// build output, /events): one JSON value per line, flushed as it happens. Lines may be split
// across chunks anywhere, even inside a multi-byte character; the last line may lack its newline.
// Memory stays bounded by the longest line, whatever the length of the stream.

export type ByteStream = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface NdjsonOptions {
  /** Longest line accepted, in characters (default 16 MiB); a longer one is an error, not a memory leak. */
  maxLineLength?: number;
  /** Stops reading (and cancels the stream) when it fires. */
  signal?: AbortSignal;
}

/** A line that is not JSON, or is too long. */
export class NdjsonParseError extends Error {
  override readonly name = 'NdjsonParseError';
  /** 1-based number of the offending line. */
  readonly line: number;
  /** The start of the offending line (at most 200 characters). */
  readonly excerpt: string;

  constructor(message: string, line: number, text: string, options?: { cause?: unknown }) {
    super(message, options);
    this.line = line;
    this.excerpt = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  }
}

const DEFAULT_MAX_LINE = 16 * 1024 * 1024;
const RECORD_SEPARATOR = '\u001e'; // RFC 7464 (application/json-seq) starts each record with it

async function* chunksOf(stream: ByteStream, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  if (!(stream instanceof ReadableStream)) {
    for await (const chunk of stream) {
      signal?.throwIfAborted();
      yield chunk;
    }
    return;
  }
  const reader = stream.getReader();
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => {});
  signal?.addEventListener('abort', onAbort, { once: true });
  let done = false;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // The consumer stopped early (break, throw, abort): let go of the connection.
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/**
 * Iterates the JSON values of a newline-delimited JSON byte stream, one per line. Blank lines are
 * skipped, `\r\n` endings and RFC 7464 record separators are accepted. A line that is not JSON
 * throws an {@link NdjsonParseError} naming the line; breaking out of the loop cancels the stream.
 */
export async function* ndjson<T = unknown>(stream: ByteStream, options: NdjsonOptions = {}): AsyncGenerator<T, void, undefined> {
  const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE;
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let lineNumber = 0;

  function parse(raw: string): { value?: T; skip: boolean } {
    lineNumber++;
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.startsWith(RECORD_SEPARATOR)) text = text.slice(1);
    if (text.trim() === '') return { skip: true };
    try {
      return { value: JSON.parse(text) as T, skip: false };
    } catch (error) {
      throw new NdjsonParseError(`line ${lineNumber} of the stream is not JSON: ${(error as Error).message}`, lineNumber, text, { cause: error });
    }
  }

  for await (const chunk of chunksOf(stream, options.signal)) {
    pending += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = pending.indexOf('\n', start); end !== -1; end = pending.indexOf('\n', start)) {
      const line = parse(pending.slice(start, end));
      start = end + 1;
      if (!line.skip) yield line.value as T;
    }
    pending = pending.slice(start);
    if (pending.length > maxLineLength) {
      throw new NdjsonParseError(`line ${lineNumber + 1} of the stream is longer than ${maxLineLength} characters`, lineNumber + 1, pending);
    }
  }
  pending += decoder.decode();
  if (pending !== '') {
    const line = parse(pending); // the last line, without a newline
    if (!line.skip) yield line.value as T;
  }
}
