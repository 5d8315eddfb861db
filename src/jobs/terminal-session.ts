// The two directions of an open terminal WebSocket. Portainer relays what it receives (text or
// binary) to the process's stdin, refuses a message over 2048 bytes (it closes the socket), and
// sends the output as text messages; when the process ends it drops the connection without a
// close frame, so a close with 1006 after opening is the normal end of a session.
import { jobError } from './job-error.js';

/** What the session uses of a WebSocket (undici's, or any WHATWG one). */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'message' | 'error' | 'close', listener: (event: any) => void): void;
}

/** Largest message Portainer accepts from the client (its read limit). */
export const MAX_MESSAGE_BYTES = 2048;
/** Bytes queued in the socket above which write() waits for them to drain. */
const HIGH_WATER_BYTES = 1024 * 1024;
const WRITE_DRAIN_MS = 30_000;
const CLOSE_WAIT_MS = 15_000; // the close, then one look at the exit code
const UTF8 = new TextDecoder();

/** How a terminal session ended. */
export interface TerminalEnd {
  /** The WebSocket close code (1006: the server dropped the connection, as Portainer does at the end). */
  code: number;
  reason: string;
  /** The exec's exit code, when the session ran an exec and the daemon recorded it; else null. */
  exitCode: number | null;
}

export interface TerminalStreamOptions {
  /** Most output held while nobody reads it; more ends the session with `output-limit`. */
  maxBufferedBytes: number;
  /** Where the session is, for error messages (no credential: the path only). */
  path: string;
  /** Runs once the socket has closed: the exit code to report (`closedByUs`: close() ended it). */
  exitCode(closedByUs: boolean): Promise<number | null>;
}

/** Splits UTF-8 bytes into pieces of at most `max` bytes, never inside a character. */
export function* utf8Pieces(bytes: Uint8Array, max: number): Generator<Uint8Array> {
  for (let start = 0; start < bytes.length; ) {
    let end = Math.min(start + max, bytes.length);
    // Step back over continuation bytes (10xxxxxx) so the cut falls between characters.
    if (end < bytes.length) while (end > start + 1 && (bytes[end]! & 0xc0) === 0x80) end--;
    yield bytes.subarray(start, end);
    start = end;
  }
}

export class TerminalStream implements AsyncIterable<string> {
  readonly closed: Promise<TerminalEnd>;
  #socket: SocketLike;
  #options: TerminalStreamOptions;
  #queue: string[] = [];
  #buffered = 0;
  #ended = false;
  #error: Error | undefined;
  #wake: (() => void) | undefined;
  #decoder = new TextDecoder();
  #closing = false;

  constructor(socket: SocketLike, options: TerminalStreamOptions) {
    this.#socket = socket;
    this.#options = options;
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('message', (event: { data: unknown }) => this.#receive(event.data));
    this.closed = new Promise<{ code: number; reason: string }>((resolve) => {
      socket.addEventListener('close', (event: { code?: number; reason?: string }) => {
        const tail = this.#decoder.decode();
        if (tail) this.#queue.push(tail);
        this.#ended = true;
        this.#wake?.();
        resolve({ code: event.code ?? 1006, reason: event.reason ?? '' });
      });
    }).then(async (end) => ({ ...end, exitCode: await options.exitCode(this.#closing).catch(() => null) }));
  }

  #receive(data: unknown): void {
    if (this.#error) return; // ending: the socket is closing
    const text = typeof data === 'string' ? data : this.#decoder.decode(new Uint8Array(data as ArrayBuffer), { stream: true });
    if (!text) return;
    this.#buffered += Buffer.byteLength(text);
    if (this.#buffered > this.#options.maxBufferedBytes) {
      this.#fail(jobError({
        method: 'GET',
        path: this.#options.path,
        code: 'output-limit',
        message: `More than maxBufferedBytes (${this.#options.maxBufferedBytes} bytes) of terminal output waited to be read`,
        details: 'read the output (for await … of session) as it comes, or raise maxBufferedBytes',
      }));
      return;
    }
    this.#queue.push(text);
    this.#wake?.();
  }

  #fail(error: Error): void {
    this.#error ??= error;
    this.#closing = true;
    this.#socket.close(1000);
    this.#wake?.();
  }

  /** The output as it arrives, until the session ends. Stopping a loop early keeps the session open. */
  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    for (;;) {
      const text = this.#queue.shift();
      if (text !== undefined) {
        this.#buffered -= Buffer.byteLength(text);
        yield text;
        continue;
      }
      if (this.#error) throw this.#error;
      if (this.#ended) return;
      // Woken by the next message, the close, or a failure: the socket always ends in a close.
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
    }
  }

  /** Sends input to the process (as typed: `'ls\n'`; control keys as their characters, `'\x03'` for Ctrl-C). */
  async write(data: string | Uint8Array): Promise<void> {
    const isText = typeof data === 'string';
    const bytes = isText ? new TextEncoder().encode(data) : data;
    for (const piece of utf8Pieces(bytes, MAX_MESSAGE_BYTES)) {
      await this.#drained();
      if (this.#socket.readyState !== 1) throw this.#closedError();
      this.#socket.send(isText ? UTF8.decode(piece) : piece); // whole characters: decodes exactly
    }
  }

  async #drained(): Promise<void> {
    const deadline = Date.now() + WRITE_DRAIN_MS;
    while (this.#socket.bufferedAmount > HIGH_WATER_BYTES && this.#socket.readyState === 1) {
      if (Date.now() > deadline) {
        throw jobError({ method: 'GET', path: this.#options.path, code: 'timeout', message: `Input did not drain within ${WRITE_DRAIN_MS} ms` });
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  #closedError(): Error {
    return this.#error ?? jobError({ method: 'GET', path: this.#options.path, code: 'websocket', message: 'The terminal session is closed' });
  }

  /** Ends the session and resolves once the socket has closed (waiting at most a few seconds for it). */
  async close(): Promise<TerminalEnd> {
    this.#closing = true;
    if (this.#socket.readyState < 2) this.#socket.close(1000);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<TerminalEnd>((resolve) => {
      timer = setTimeout(() => resolve({ code: 1006, reason: `no close within ${CLOSE_WAIT_MS} ms`, exitCode: null }), CLOSE_WAIT_MS);
    });
    try {
      return await Promise.race([this.closed, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
