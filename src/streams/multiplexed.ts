// Docker's multiplexed stream (logs, attach and exec output of a container without a TTY): a
// sequence of frames, each an 8-byte header — stream type (0 stdin, 1 stdout, 2 stderr), three zero
// bytes, payload length as a big-endian uint32 — followed by the payload. A TTY stream has no
// frames: it is raw terminal output.
//
// The decoder holds at most one header and one incoming chunk, and hands payload bytes on as they
// come (a long frame is yielded in pieces), so memory stays bounded whatever the length of the
// stream; frames split across chunks in any way are reassembled.

export type DockerStreamName = 'stdin' | 'stdout' | 'stderr';

export interface DockerStreamChunk {
  stream: DockerStreamName;
  data: Uint8Array;
}

const STREAMS: Record<number, DockerStreamName> = { 0: 'stdin', 1: 'stdout', 2: 'stderr' };
const HEADER = 8;

/** Thrown when the bytes are not a multiplexed stream (a TTY stream read as multiplexed, say). */
export class DockerStreamFormatError extends Error {
  constructor(message: string) {
    super(`portainer-openapi: ${message}`);
    this.name = 'DockerStreamFormatError';
  }
}

type Source = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

async function* chunksOf(source: Source): AsyncGenerator<Uint8Array> {
  if (source instanceof ReadableStream) {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        if (value && value.byteLength) yield value;
      }
    } finally {
      // Stopping early (break, error) cancels the body so the connection is released.
      await reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  } else {
    for await (const value of source) if (value && value.byteLength) yield value;
  }
}

export interface DemultiplexOptions {
  /**
   * Join all of a stream's frames of one received chunk, instead of each run of consecutive
   * frames: fewer, larger chunks (faster for many small frames), but stdout and stderr are then
   * interleaved only per received chunk. Right for writing the two to separate places.
   */
  perStream?: boolean;
}

/** Gathers one received chunk's payload ranges and hands them on as few `data` views as it may. */
interface Collector {
  begin(chunk: Uint8Array): void;
  add(kind: number, from: number, to: number): void;
  flush(): Generator<DockerStreamChunk>;
}

/**
 * Exact order: runs of consecutive frames of one stream. A chunk holding one payload range is
 * handed on as a view of itself (fetch gives each chunk away); otherwise every payload is copied
 * back to back into one buffer per chunk, and each run is a view of it.
 */
class OrderedCollector implements Collector {
  #chunk: Uint8Array = new Uint8Array(0);
  #copy: Uint8Array | undefined;
  #filled = 0;
  #ranges = 0;
  #first = [0, 0, 0]; // kind, from, to of the first range
  #runs: number[] = []; // kind, start, end (in #copy) of each run

  begin(chunk: Uint8Array): void {
    this.#chunk = chunk;
    this.#copy = undefined;
    this.#filled = 0;
    this.#ranges = 0;
    this.#runs.length = 0;
  }

  add(kind: number, from: number, to: number): void {
    if (this.#ranges++ === 0) {
      this.#first[0] = kind;
      this.#first[1] = from;
      this.#first[2] = to;
      return;
    }
    if (!this.#copy) {
      this.#copy = new Uint8Array(this.#chunk.byteLength);
      this.#append(this.#first[0]!, this.#first[1]!, this.#first[2]!);
    }
    this.#append(kind, from, to);
  }

  #append(kind: number, from: number, to: number): void {
    const runs = this.#runs;
    this.#copy!.set(this.#chunk.subarray(from, to), this.#filled);
    if (runs.length && runs[runs.length - 3] === kind) runs[runs.length - 1] = this.#filled + to - from;
    else runs.push(kind, this.#filled, this.#filled + to - from);
    this.#filled += to - from;
  }

  *flush(): Generator<DockerStreamChunk> {
    if (this.#ranges === 1) yield { stream: STREAMS[this.#first[0]!]!, data: this.#chunk.subarray(this.#first[1], this.#first[2]) };
    const runs = this.#runs;
    for (let i = 0; i < runs.length; i += 3) yield { stream: STREAMS[runs[i]!]!, data: this.#copy!.subarray(runs[i + 1], runs[i + 2]) };
  }
}

/**
 * Per stream: all of a stream's frames of one chunk in one `data`, the streams in the order they
 * first appear; a stream with a single range is a view of the chunk, else of its own copy.
 */
class PerStreamCollector implements Collector {
  #chunk: Uint8Array = new Uint8Array(0);
  #order: number[] = [];
  #from = [-1, -1, -1];
  #to = [0, 0, 0];
  #copies: Array<Uint8Array | undefined> = [undefined, undefined, undefined];
  #filled = [0, 0, 0];

  begin(chunk: Uint8Array): void {
    this.#chunk = chunk;
    this.#order.length = 0;
    for (let k = 0; k < 3; k++) {
      this.#from[k] = -1;
      this.#copies[k] = undefined;
    }
  }

  add(kind: number, from: number, to: number): void {
    if (this.#from[kind] === -1) {
      this.#from[kind] = from;
      this.#to[kind] = to;
      this.#order.push(kind);
      return;
    }
    let copy = this.#copies[kind];
    if (!copy) {
      copy = this.#copies[kind] = new Uint8Array(this.#chunk.byteLength);
      copy.set(this.#chunk.subarray(this.#from[kind], this.#to[kind]), 0);
      this.#filled[kind] = this.#to[kind]! - this.#from[kind]!;
    }
    copy.set(this.#chunk.subarray(from, to), this.#filled[kind]);
    this.#filled[kind]! += to - from;
  }

  *flush(): Generator<DockerStreamChunk> {
    for (const kind of this.#order) {
      const copy = this.#copies[kind];
      yield { stream: STREAMS[kind]!, data: copy ? copy.subarray(0, this.#filled[kind]) : this.#chunk.subarray(this.#from[kind], this.#to[kind]) };
    }
  }
}

/**
 * Decodes a multiplexed Docker stream into `{ stream, data }` chunks, in the order the daemon sent
 * them. Consecutive frames of one stream that arrive in the same chunk are joined into one `data`
 * (log lines are small frames: handing each on by itself would cost far more than its bytes); a
 * long frame may come in several pieces. Ends with a DockerStreamFormatError if a header is invalid
 * or the stream stops inside a frame.
 */
export async function* demultiplexDockerStream(source: Source, options: DemultiplexOptions = {}): AsyncGenerator<DockerStreamChunk> {
  const header = new Uint8Array(HEADER);
  const collector: Collector = options.perStream ? new PerStreamCollector() : new OrderedCollector();
  let headerFill = 0;
  let remaining = 0; // payload bytes still due for the current frame
  let kind = 1; // 0 stdin, 1 stdout, 2 stderr
  const badHeader = (bytes: ArrayLike<number>) =>
    new DockerStreamFormatError(
      `not a multiplexed Docker stream (header bytes ${Array.from(bytes).slice(0, 4).join(',')}); a container with a TTY sends a raw stream`,
    );
  for await (const chunk of chunksOf(source)) {
    const length = chunk.byteLength;
    collector.begin(chunk);
    let offset = 0;
    while (offset < length) {
      if (remaining === 0) {
        if (headerFill === 0 && offset + HEADER <= length) {
          // Fast path: the whole header is in this chunk.
          kind = chunk[offset]!;
          if (kind > 2 || chunk[offset + 1] !== 0 || chunk[offset + 2] !== 0 || chunk[offset + 3] !== 0) {
            throw badHeader(chunk.subarray(offset, offset + HEADER));
          }
          remaining = ((chunk[offset + 4]! << 24) | (chunk[offset + 5]! << 16) | (chunk[offset + 6]! << 8) | chunk[offset + 7]!) >>> 0;
          offset += HEADER;
          continue;
        }
        const take = Math.min(HEADER - headerFill, length - offset);
        header.set(chunk.subarray(offset, offset + take), headerFill);
        headerFill += take;
        offset += take;
        if (headerFill < HEADER) break;
        headerFill = 0;
        if (header[0]! > 2 || header[1] !== 0 || header[2] !== 0 || header[3] !== 0) throw badHeader(header);
        kind = header[0]!;
        remaining = new DataView(header.buffer, header.byteOffset, HEADER).getUint32(4, false);
        continue; // an empty frame yields nothing
      }
      const take = Math.min(remaining, length - offset);
      collector.add(kind, offset, offset + take);
      remaining -= take;
      offset += take;
    }
    yield* collector.flush();
  }
  if (remaining > 0 || headerFill > 0) {
    throw new DockerStreamFormatError(`the stream ended inside a frame (${headerFill > 0 ? `${headerFill} header bytes` : `${remaining} payload bytes missing`})`);
  }
}

export interface DockerStreamLine {
  stream: DockerStreamName;
  /** One line of text, without its line break. */
  line: string;
}

/**
 * The lines of a Docker stream (logs, attach, exec), each with the stream it came on: what most
 * code that reads logs wants. Each stream keeps its unfinished line until the rest arrives; a last
 * line without a line break is yielded when the stream ends. `tty: true` reads a raw stream.
 */
export async function* demultiplexDockerLines(source: Source, options: { tty?: boolean } = {}): AsyncGenerator<DockerStreamLine> {
  const decoders: Partial<Record<DockerStreamName, TextDecoder>> = {};
  const partial: Partial<Record<DockerStreamName, string>> = {};
  const chunks = options.tty ? rawDockerStream(source) : demultiplexDockerStream(source);
  for await (const { stream, data } of chunks) {
    const decoder = (decoders[stream] ??= new TextDecoder());
    const lines = ((partial[stream] ?? '') + decoder.decode(data, { stream: true })).split('\n');
    partial[stream] = lines.pop()!;
    for (const line of lines) yield { stream, line: line.endsWith('\r') ? line.slice(0, -1) : line };
  }
  for (const [stream, rest] of Object.entries(partial) as Array<[DockerStreamName, string]>) {
    const last = rest + (decoders[stream]?.decode() ?? '');
    if (last) yield { stream, line: last };
  }
}

/** A raw (TTY) stream as chunks of one stream, `stdout`, for code that handles both kinds alike. */
export async function* rawDockerStream(source: Source): AsyncGenerator<DockerStreamChunk> {
  for await (const data of chunksOf(source)) yield { stream: 'stdout', data };
}

/** Something bytes can be written to: a Node Writable (process.stdout, a file) or a web WritableStream. */
export type ByteSink =
  | WritableStream<Uint8Array>
  | { write(chunk: Uint8Array, callback?: (error?: Error | null) => void): boolean; once?(event: 'drain', listener: () => void): unknown };

function writerFor(sink: ByteSink): { write(data: Uint8Array): Promise<void>; close(): Promise<void> } {
  if (sink instanceof WritableStream) {
    const writer = sink.getWriter();
    return { write: (data) => writer.write(data), close: async () => { await writer.close(); } };
  }
  return {
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        let drained = true;
        let written = false;
        const done = () => { if (drained && written) resolve(); };
        const ok = sink.write(data, (error) => { if (error) { reject(error); return; } written = true; done(); });
        if (!ok && sink.once) { drained = false; sink.once('drain', () => { drained = true; done(); }); }
      }),
    close: async () => {},
  };
}

export interface DemultiplexToOptions {
  /** The stream carries raw TTY output (the container or exec has `Tty: true`): all of it goes to stdout. */
  tty?: boolean;
  /** Close web WritableStreams when the source ends (Node writables are left open). Default true. */
  close?: boolean;
}

/**
 * Pipes a Docker stream into two sinks, waiting for each write (back-pressure), so memory stays
 * bounded. Returns the number of payload bytes written to each.
 */
export async function demultiplexDockerStreamTo(
  source: Source,
  stdout: ByteSink,
  stderr: ByteSink,
  options: DemultiplexToOptions = {},
): Promise<{ stdout: number; stderr: number }> {
  const out = writerFor(stdout);
  const err = stderr === stdout ? out : writerFor(stderr);
  const counts = { stdout: 0, stderr: 0 };
  // Order between the two sinks cannot be seen, so each stream's frames are joined per chunk.
  const chunks = options.tty ? rawDockerStream(source) : demultiplexDockerStream(source, { perStream: true });
  for await (const { stream, data } of chunks) {
    if (stream === 'stderr') {
      await err.write(data);
      counts.stderr += data.byteLength;
    } else {
      await out.write(data);
      counts.stdout += data.byteLength;
    }
  }
  if (options.close !== false) {
    await out.close();
    if (err !== out) await err.close();
  }
  return counts;
}

/** Encodes one frame (for tests and for writing to an attached stdin that expects frames). */
export function encodeDockerFrame(stream: DockerStreamName, data: Uint8Array | string): Uint8Array {
  const payload = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const frame = new Uint8Array(HEADER + payload.byteLength);
  frame[0] = stream === 'stdin' ? 0 : stream === 'stdout' ? 1 : 2;
  new DataView(frame.buffer).setUint32(4, payload.byteLength, false);
  frame.set(payload, HEADER);
  return frame;
}
