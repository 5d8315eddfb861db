// Class 6: NDJSON, progress and log lines take time linear in their size, whatever the chunking;
// very long lines (also terminal output redrawn with \r and never a newline) are fine up to a
// limit, and refused past it with `line-too-long` naming the limit and its option, without
// reading (or keeping) much past it.
import { afterEach, describe, expect, it } from 'vitest';
import { createDockerEngineClient, demultiplexDockerLines, dockerEvents, encodeDockerFrame, followProgress, ndjson, PortainerError } from '../../src/index.js';
import { breathe, drain, pieces, settle, streamOf } from '../helpers/hostile.js';
import { scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

const MiB = 1024 * 1024;
const encoder = new TextEncoder();

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A source that counts what was pulled from it; `endless` repeats `piece` forever. */
function counted(piece: Uint8Array, times = Infinity) {
  const state = { pulled: 0 };
  let n = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await breathe(n);
      if (n++ >= times) return controller.close();
      state.pulled += piece.byteLength;
      controller.enqueue(piece.slice());
    },
  });
  return { stream, state };
}

function expectTooLong(error: unknown, limit: number) {
  expect(error).toBeInstanceOf(PortainerError);
  expect(error).toMatchObject({ code: 'line-too-long' });
  expect((error as Error).message).toContain(String(limit));
  expect((error as Error).message).toContain('maxLineBytes');
}

describe('NDJSON', () => {
  it('a 3 MiB line in 64-byte chunks', { timeout: 10_000 }, async () => {
    const value = { status: 'x'.repeat(3 * MiB) };
    const bytes = encoder.encode(`${JSON.stringify(value)}\n{"n":2}\n`);
    const { items, error } = await drain(ndjson(streamOf(pieces(bytes, 64))));
    expect(error).toBeUndefined();
    expect(items).toHaveLength(2);
    expect((items[0] as { status: string }).status.length).toBe(3 * MiB);
  });

  it('a million short lines in 64 KiB chunks', { timeout: 10_000 }, async () => {
    const bytes = encoder.encode('{"a":1}\r\n'.repeat(1_000_000));
    let count = 0;
    for await (const _ of ndjson(streamOf(pieces(bytes, 65536)))) count++;
    expect(count).toBe(1_000_000);
  });

  it('a line over maxLineBytes is refused, naming the limit, soon after the limit', { timeout: 10_000 }, async () => {
    const { stream, state } = counted(encoder.encode('x'.repeat(64)));
    const { error } = await drain(ndjson(stream, { maxLineBytes: MiB }));
    expectTooLong(error, MiB);
    expect(state.pulled).toBeLessThan(MiB + 64 * 1024);
  });

  it('an endless line with no limit given stops at the default limit', { timeout: 10_000 }, async () => {
    const { stream, state } = counted(encoder.encode('y'.repeat(4096)));
    const { error } = await drain(ndjson(stream));
    expect(error).toMatchObject({ code: 'line-too-long' });
    expect(state.pulled).toBeLessThan(16 * MiB);
  });
});

describe('progress streams', () => {
  it('a 3 MiB progress line in small chunks, then the limit', { timeout: 10_000 }, async () => {
    const line = `${JSON.stringify({ status: 'Downloading', progress: '='.repeat(3 * MiB), id: 'abc' })}\n`;
    const ok = await followProgress(streamOf(pieces(encoder.encode(line), 100)));
    expect(ok.layers.get('abc')?.status).toBe('Downloading');
    const refused = await settle(followProgress(streamOf(pieces(encoder.encode(line), 100)), { maxLineBytes: MiB }));
    expect(refused.ok).toBe(false);
    expectTooLong((refused as { error: unknown }).error, MiB);
  });

  it('a build whose output holds half a million lines', { timeout: 10_000 }, async () => {
    const line = `${JSON.stringify({ stream: 'ok\n'.repeat(500_000) })}\n`;
    const summary = await followProgress(streamOf(pieces(encoder.encode(line), 65536)));
    expect(summary.output.length).toBeGreaterThan(0);
    expect(summary.output.length).toBeLessThanOrEqual(1000);
  });
});

describe('log lines', () => {
  it('terminal output redrawn with \\r and no newline: linear up to the limit, refused past it', { timeout: 10_000 }, async () => {
    const redraw = encoder.encode('\r[=====>      ] 42%'.repeat(150_000)); // ~2.7 MiB, no \n
    const whole = await drain(demultiplexDockerLines(streamOf(pieces(redraw, 64)), { tty: true, maxLineBytes: 8 * MiB }));
    expect(whole.error).toBeUndefined();
    expect(whole.items).toHaveLength(1);
    const refused = await drain(demultiplexDockerLines(streamOf(pieces(redraw, 64)), { tty: true, maxLineBytes: MiB }));
    expectTooLong(refused.error, MiB);
  });

  it('a 3 MiB line in 16-byte frames, multiplexed with another stream', { timeout: 10_000 }, async () => {
    const frames: Uint8Array[] = [];
    const payload = 'z'.repeat(16);
    for (let i = 0; i < (3 * MiB) / 16; i++) frames.push(encodeDockerFrame(i % 1000 === 0 ? 'stderr' : 'stdout', i % 1000 === 0 ? 'e\n' : payload));
    frames.push(encodeDockerFrame('stdout', '\n'));
    const bytes = new Uint8Array(frames.reduce((n, f) => n + f.byteLength, 0));
    frames.reduce((at, f) => (bytes.set(f, at), at + f.byteLength), 0);
    const { items, error } = await drain(demultiplexDockerLines(streamOf(pieces(bytes, 100))));
    expect(error).toBeUndefined();
    const stdout = items.filter((l) => l.stream === 'stdout');
    expect(stdout).toHaveLength(1);
    expect(stdout[0]!.line.length).toBeGreaterThan(3 * MiB - 64 * 1024);
  });
});

describe('through a client', () => {
  it('an event stream that sends one endless line ends in line-too-long', { timeout: 15_000 }, async () => {
    server = await scriptedServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const block = '{"Type":"container","Action":"'.padEnd(65536, 'a');
      const pump = () => {
        while (!res.destroyed && res.write(block));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const docker = createDockerEngineClient({ url: server.url });
    const { error } = await drain(dockerEvents(docker));
    expect(error).toMatchObject({ code: 'line-too-long' });
    await docker.close();
  });
});
