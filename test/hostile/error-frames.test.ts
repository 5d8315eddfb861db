// Class 7: multiplexed streams with the daemon's own error frames (stream type 3, such as "Error
// grabbing logs"). Every frame before it is delivered, then the daemon's message surfaces as a
// PortainerError (`stream-error`); bytes that are not frames are `stream-format`.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createDockerEngineClient,
  demultiplexDockerLines,
  demultiplexDockerStream,
  demultiplexDockerStreamTo,
  encodeDockerFrame,
  PortainerError,
  type DockerStreamChunk,
} from '../../src/index.js';
import { breathe, drain, pieces, streamOf } from '../helpers/hostile.js';
import { scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';
import { concat, text } from '../helpers/bytes.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A type-3 frame: the daemon's own failure. */
function errorFrame(message: string | Uint8Array, length?: number): Uint8Array {
  const payload = typeof message === 'string' ? new TextEncoder().encode(message) : message;
  const frame = new Uint8Array(8 + payload.byteLength);
  frame[0] = 3;
  new DataView(frame.buffer).setUint32(4, length ?? payload.byteLength);
  frame.set(payload, 8);
  return frame;
}

const DAEMON = 'Error grabbing logs: log message is too large (1048577 > 1048576)';
const BEFORE = concat(encodeDockerFrame('stdout', 'line 1\n'), encodeDockerFrame('stderr', 'warn 1\n'), encodeDockerFrame('stdout', 'line 2\n'));
const AFTER = encodeDockerFrame('stdout', 'never delivered\n');
const WHOLE = concat(BEFORE, errorFrame(DAEMON), AFTER);

function perStream(items: DockerStreamChunk[]) {
  const out = { stdout: '', stderr: '' } as Record<string, string>;
  for (const { stream, data } of items) out[stream] += text(data);
  return out;
}

function expectDaemonError(error: unknown) {
  expect(error).toBeInstanceOf(PortainerError);
  expect(error).toMatchObject({ code: 'stream-error' });
  expect((error as Error).message).toContain(DAEMON);
}

describe('a type-3 frame', () => {
  for (const size of [WHOLE.byteLength, 7, 1]) {
    it(`ends the stream after every frame before it (chunks of ${size} bytes)`, { timeout: 10_000 }, async () => {
      const { items, error } = await drain(demultiplexDockerStream(streamOf(pieces(WHOLE, size))));
      expect(perStream(items)).toEqual({ stdout: 'line 1\nline 2\n', stderr: 'warn 1\n' });
      expectDaemonError(error);
    });
  }

  it('as lines: the lines before it, the last one even without its newline', { timeout: 10_000 }, async () => {
    const bytes = concat(BEFORE, encodeDockerFrame('stdout', 'partial'), errorFrame(DAEMON));
    const { items, error } = await drain(demultiplexDockerLines(streamOf(pieces(bytes, 5))));
    expect(items.map((l) => `${l.stream}:${l.line}`)).toEqual(['stdout:line 1', 'stderr:warn 1', 'stdout:line 2', 'stdout:partial']);
    expectDaemonError(error);
  });

  it('into sinks: what came before is written, then the error', { timeout: 10_000 }, async () => {
    const written = { stdout: '', stderr: '' };
    const sink = (name: 'stdout' | 'stderr') => new WritableStream<Uint8Array>({ write: (chunk) => void (written[name] += text(chunk)) });
    const failure = await demultiplexDockerStreamTo(streamOf(pieces(WHOLE, 3)), sink('stdout'), sink('stderr')).then(() => undefined, (e: unknown) => e);
    expectDaemonError(failure);
    expect(written).toEqual({ stdout: 'line 1\nline 2\n', stderr: 'warn 1\n' });
  });

  it('an endless error frame is cut short: the error comes without reading gigabytes', { timeout: 10_000 }, async () => {
    let pulled = 0;
    const filler = new Uint8Array(65536).fill(0x78);
    let started = false;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await breathe(pulled / filler.byteLength + 1);
        if (!started) {
          started = true;
          return controller.enqueue(concat(BEFORE, errorFrame(DAEMON, 0xffffffff)));
        }
        pulled += filler.byteLength;
        controller.enqueue(filler.slice());
      },
    });
    const { error } = await drain(demultiplexDockerStream(stream));
    expectDaemonError(error);
    expect(pulled).toBeLessThan(16 * 1024 * 1024);
  });

  it('from a daemon, through a client', { timeout: 10_000 }, async () => {
    server = await scriptedServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/vnd.docker.multiplexed-stream' });
      for (const piece of pieces(WHOLE, 11)) res.write(piece);
      res.end();
    });
    const docker = createDockerEngineClient({ url: server.url });
    const { data, error: callError } = await docker.GET('/containers/{id}/logs', { params: { path: { id: 'web' }, query: { stdout: true, stderr: true } }, parseAs: 'stream' });
    expect(callError).toBeUndefined();
    const { items, error } = await drain(demultiplexDockerStream(data as ReadableStream<Uint8Array>));
    expect(perStream(items)).toEqual({ stdout: 'line 1\nline 2\n', stderr: 'warn 1\n' });
    expectDaemonError(error);
    await docker.close();
  });
});

describe('bytes that are not frames', () => {
  const cases: Record<string, Uint8Array> = {
    'a stream type above 3': concat(BEFORE, new Uint8Array([9, 0, 0, 0, 0, 0, 0, 1, 0x41])),
    'non-zero padding': concat(BEFORE, new Uint8Array([1, 1, 0, 0, 0, 0, 0, 1, 0x41])),
    'raw TTY text': new TextEncoder().encode('hello from a tty\n'),
    'a frame cut short': concat(BEFORE, encodeDockerFrame('stdout', 'cut here').subarray(0, 10)),
    'a header cut short': concat(BEFORE, new Uint8Array([1, 0, 0])),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    it(name, { timeout: 10_000 }, async () => {
      const { error } = await drain(demultiplexDockerStream(streamOf(pieces(bytes, 4))));
      expect(error).toBeInstanceOf(PortainerError);
      expect(error).toMatchObject({ code: 'stream-format' });
    });
  }
});
