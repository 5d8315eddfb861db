// Docker's multiplexed stream (logs, attach and exec output of a container without a TTY): a
// sequence of frames, each an 8-byte header (stream type: 0 stdin, 1 stdout, 2 stderr, 3 an error
// of the daemon itself; three zero bytes; payload length as a big-endian uint32) and the payload.
// A TTY stream has no frames: it is raw terminal output.
//
// The decoder holds at most one header and one incoming chunk, and hands payload bytes on as they
// come (a long frame is yielded in pieces), so memory stays bounded whatever the length of the
// stream; frames split across chunks in any way are reassembled.
import { PortainerError } from '../errors.js';
import { redact } from '../redact.js';
import { chunksOf, concat, type ByteStream } from './chunks.js';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter } from './lines.js';

/** The stream a piece of a Docker log, attach or exec output came on. */
export type DockerStreamName = 'stdin' | 'stdout' | 'stderr';

/** Payload bytes of one or more consecutive frames of one stream. */
export interface DockerStreamChunk {
  stream: DockerStreamName;
  data: Uint8Array;
}

const STREAMS: Record<number, DockerStreamName> = { 0: 'stdin', 1: 'stdout', 2: 'stderr' };
const HEADER = 8;
const SYSTEM_ERROR = 3; // stdcopy.Systemerr: the daemon's own failure, such as "Error grabbing logs"
const ERROR_KEPT_BYTES = 4096;

/**
 * Gathers one received chunk's payload ranges and hands them on as runs of consecutive frames of
 * one stream: one range as a view of the chunk (fetch gives each chunk away), more copied back to
 * back into one buffer per chunk. `bySink` (two sinks, where the order between them cannot be seen)
 * puts stderr's ranges after the others', so that each sink gets one run per chunk.
 */
class Collector {
  #chunk: Uint8Array = new Uint8Array(0);
  #ranges: number[] = []; // kind, from, to of each range
  constructor(readonly bySink = false) {}
  begin(chunk: Uint8Array): void { this.#chunk = chunk; this.#ranges.length = 0; }
  add(kind: number, from: number, to: number): void { this.#ranges.push(kind, from, to); }

  *flush(): Generator<DockerStreamChunk> {
    const [chunk, r] = [this.#chunk, this.#ranges];
    if (r.length === 3) yield { stream: STREAMS[r[0]!]!, data: chunk.subarray(r[1], r[2]) };
    if (r.length <= 3) return;
    const copy = new Uint8Array(chunk.byteLength);
    let filled = 0;
    for (const stderrPass of this.bySink ? [false, true] : [undefined]) {
      let [start, last] = [filled, -1];
      for (let i = 0; i < r.length; i += 3) {
        const kind = r[i]!;
        if (stderrPass !== undefined && (kind === 2) !== stderrPass) continue;
        if (kind !== last && filled > start) yield { stream: STREAMS[last]!, data: copy.subarray(start, (start = filled)) };
        last = kind;
        copy.set(chunk.subarray(r[i + 1], r[i + 2]), filled);
        filled += r[i + 2]! - r[i + 1]!;
      }
      if (filled > start) yield { stream: STREAMS[last]!, data: copy.subarray(start, filled) };
    }
  }
}

/**
 * Decodes a multiplexed Docker stream into `{ stream, data }` chunks, in the order the daemon sent
 * them. Consecutive frames of one stream that arrive in the same chunk are joined into one `data`
 * (log lines are small frames: handing each on by itself would cost far more than its bytes); a
 * long frame may come in several pieces. A frame of type 3 (the daemon's own error) ends it with a
 * PortainerError (`stream-error`) carrying the daemon's message, after every frame before it; bytes
 * that are not frames end it with `stream-format`.
 */
export function demultiplexDockerStream(source: ByteStream): AsyncGenerator<DockerStreamChunk> {
  return demultiplex(source, new Collector());
}

async function* demultiplex(source: ByteStream, collector: Collector): AsyncGenerator<DockerStreamChunk> {
  const header = new Uint8Array(HEADER);
  let headerFill = 0;
  let remaining = 0; // payload bytes still due for the current frame
  let kind = 1;
  let failure: Uint8Array[] | undefined; // the kept start of a type-3 frame
  let failureKept = 0;
  const formatError = (message: string) => new PortainerError({ code: 'stream-format', message });
  const daemonError = () =>
    new PortainerError({ code: 'stream-error', message: `The daemon ended the stream with an error: ${redact(new TextDecoder().decode(concat(failure!)).trim()) || '(no message)'}` });
  for await (const chunk of chunksOf(source)) {
    const length = chunk.byteLength;
    collector.begin(chunk);
    let offset = 0;
    while (offset < length) {
      if (remaining === 0) {
        let bytes = chunk; // fast path: the whole header is in this chunk, read in place
        let at = offset;
        if (headerFill > 0 || offset + HEADER > length) {
          const take = Math.min(HEADER - headerFill, length - offset);
          header.set(chunk.subarray(offset, offset + take), headerFill);
          headerFill += take;
          offset += take;
          if (headerFill < HEADER) break;
          bytes = header;
          at = 0;
        } else offset += HEADER;
        headerFill = 0;
        if (bytes[at]! > SYSTEM_ERROR || bytes[at + 1] !== 0 || bytes[at + 2] !== 0 || bytes[at + 3] !== 0) throw formatError(`Not a multiplexed Docker stream (header bytes ${bytes.subarray(at, at + 4).join(',')}); a container with a TTY sends a raw stream`);
        kind = bytes[at]!;
        remaining = ((bytes[at + 4]! << 24) | (bytes[at + 5]! << 16) | (bytes[at + 6]! << 8) | bytes[at + 7]!) >>> 0;
        if (kind === SYSTEM_ERROR) {
          yield* collector.flush(); // every frame before the error first
          collector.begin(chunk);
          failure = [];
          if (remaining === 0) throw daemonError();
        }
        continue; // an empty frame yields nothing
      }
      const take = Math.min(remaining, length - offset);
      if (failure) {
        const keep = Math.min(take, ERROR_KEPT_BYTES - failureKept);
        failure.push(chunk.slice(offset, offset + keep));
        failureKept += keep;
        if (failureKept === ERROR_KEPT_BYTES) throw daemonError(); // a longer message is not read to its end
      } else collector.add(kind, offset, offset + take);
      remaining -= take;
      offset += take;
      if (failure && remaining === 0) throw daemonError();
    }
    yield* collector.flush();
  }
  if (failure) throw daemonError();
  if (remaining > 0 || headerFill > 0) throw formatError(`The stream ended inside a frame (${headerFill > 0 ? `${headerFill} header bytes` : `${remaining} payload bytes missing`})`);
}

/** One line of a Docker log, attach or exec output, with the stream it came on. */
export interface DockerStreamLine {
  stream: DockerStreamName;
  /** One line of text, without its line break. */
  line: string;
}

/** Options of `demultiplexDockerLines`. */
export interface DockerLinesOptions {
  /** The stream is raw TTY output (the container or exec has `Tty: true`), all of it stdout. */
  tty?: boolean;
  /** Longest line accepted, in bytes (default 4 MiB); a longer one fails with code `line-too-long`. */
  maxLineBytes?: number;
}

/**
 * The lines of a Docker stream (logs, attach, exec), each with the stream it came on: what most
 * code that reads logs wants. Each stream keeps its unfinished line until the rest arrives; a last
 * line without a line break is yielded when the stream ends.
 */
export async function* demultiplexDockerLines(source: ByteStream, options: DockerLinesOptions = {}): AsyncGenerator<DockerStreamLine> {
  const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const splitters: Partial<Record<DockerStreamName, LineSplitter>> = {};
  let failure: unknown;
  try {
    for await (const { stream, data } of options.tty ? rawDockerStream(source) : demultiplexDockerStream(source)) {
      const lines = (splitters[stream] ??= new LineSplitter(max, 'maxLineBytes'));
      for (const line of lines.push(data)) yield { stream, line };
    }
  } catch (error) {
    failure = error; // the daemon's error comes after every line before it, unfinished ones too
  }
  for (const [stream, lines] of Object.entries(splitters) as Array<[DockerStreamName, LineSplitter]>) {
    const last = lines.end();
    if (last !== undefined) yield { stream, line: last };
  }
  if (failure) throw failure;
}

/** A raw (TTY) stream as chunks of one stream, `stdout`, for code that handles both kinds alike. */
export async function* rawDockerStream(source: ByteStream): AsyncGenerator<DockerStreamChunk> {
  for await (const data of chunksOf(source)) yield { stream: 'stdout', data };
}

/** Something bytes can be written to: a Node Writable (process.stdout, a file) or a web WritableStream. */
export type ByteSink =
  | WritableStream<Uint8Array>
  | { write(chunk: Uint8Array, callback?: (error?: Error | null) => void): boolean; once?(event: 'drain', listener: () => void): unknown };

interface SinkWriter {
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(reason: unknown): Promise<void>;
}

function writerFor(sink: ByteSink): SinkWriter {
  if (sink instanceof WritableStream) {
    const writer = sink.getWriter();
    return { write: (data) => writer.write(data), close: () => writer.close(), abort: (reason) => writer.abort(reason) };
  }
  return {
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        let drained = true;
        let written = false;
        const done = () => drained && written && resolve();
        const ok = sink.write(data, (error) => (error ? reject(error) : ((written = true), done())));
        if (!ok && sink.once) {
          drained = false;
          sink.once('drain', () => ((drained = true), done()));
        }
      }),
    // A Node writable (process.stdout, say) belongs to the caller: left open either way.
    close: async () => {},
    abort: async () => {},
  };
}

/** Options of `demultiplexDockerStreamTo`. */
export interface DemultiplexToOptions {
  /** The stream carries raw TTY output (the container or exec has `Tty: true`): all of it goes to stdout. */
  tty?: boolean;
  /** Close web WritableStreams when the source ends (Node writables are left open). Default true. */
  close?: boolean;
}

/**
 * Pipes a Docker stream into two sinks, waiting for each write (back-pressure), so memory stays
 * bounded. Returns the number of payload bytes written to each. On failure, web WritableStreams
 * are aborted with the error (so nothing waits on them) and the error is thrown.
 */
export async function demultiplexDockerStreamTo(source: ByteStream, stdout: ByteSink, stderr: ByteSink, options: DemultiplexToOptions = {}): Promise<{ stdout: number; stderr: number }> {
  const out = writerFor(stdout);
  const err = stderr === stdout ? out : writerFor(stderr);
  const counts = { stdout: 0, stderr: 0 };
  try {
    // One sink: the daemon's order; two: one write per sink and chunk.
    const chunks = options.tty ? rawDockerStream(source) : demultiplex(source, new Collector(err !== out));
    for await (const { stream, data } of chunks) {
      await (stream === 'stderr' ? err : out).write(data);
      counts[stream === 'stderr' ? 'stderr' : 'stdout'] += data.byteLength;
    }
  } catch (error) {
    await Promise.allSettled([out.abort(error), err !== out && err.abort(error)]);
    throw error;
  }
  if (options.close !== false) await Promise.all([out.close(), err !== out && err.close()]);
  return counts;
}

/** Encodes one frame (for tests and for writing to an attached stdin that expects frames). */
export function encodeDockerFrame(stream: DockerStreamName | 'error', data: Uint8Array | string): Uint8Array {
  const payload = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const frame = new Uint8Array(HEADER + payload.byteLength);
  frame[0] = { stdin: 0, stdout: 1, stderr: 2, error: SYSTEM_ERROR }[stream];
  new DataView(frame.buffer).setUint32(4, payload.byteLength, false);
  frame.set(payload, HEADER);
  return frame;
}
