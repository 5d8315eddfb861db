// Class 18: followProgress(response) rejects a non-2xx answer (code `http`, with the daemon's
// message) instead of reading an error page as progress; demultiplexDockerStreamTo releases the
// caller's web sinks (aborts them) when the stream or a sink fails, and leaves Node writables,
// which belong to the caller, alone.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createDockerEngineClient, demultiplexDockerStreamTo, encodeDockerFrame, followProgress, PortainerError } from '../../src/index.js';
import { concat } from '../helpers/bytes.js';
import { settle, streamOf } from '../helpers/hostile.js';
import { json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('followProgress(response)', () => {
  it('rejects the error answer of a call made with parseAs stream', { timeout: 5000 }, async () => {
    server = await scriptedServer((_req, res) => json(res, 500, { message: 'pull access denied for private/app' }));
    const docker = createDockerEngineClient({ url: server.url });
    const { error, response } = await docker.POST('/images/create', { params: { query: { fromImage: 'private/app' } }, parseAs: 'stream' });
    expect(error).toMatchObject({ status: 500 });
    const outcome = await settle(followProgress(response));
    expect(outcome.ok).toBe(false);
    expect((outcome as { error: unknown }).error).toBeInstanceOf(PortainerError);
    expect((outcome as { error: unknown }).error).toMatchObject({ code: 'http', status: 500 });
  });

  it("rejects a Response nobody read yet, with the daemon's message", { timeout: 5000 }, async () => {
    const response = new Response(JSON.stringify({ message: 'No such image: busybox:nope' }), { status: 404, headers: { 'Content-Type': 'application/json' } });
    const outcome = await settle(followProgress(response));
    expect((outcome as { error: unknown }).error).toMatchObject({ code: 'http', status: 404, message: 'No such image: busybox:nope' });
  });

  it('still follows a 2xx answer', { timeout: 5000 }, async () => {
    const response = new Response('{"status":"Pulling fs layer","id":"l1"}\n{"status":"Digest: sha256:' + 'a'.repeat(64) + '"}\n', { status: 200 });
    const summary = await followProgress(response);
    expect(summary.layers.get('l1')?.status).toBe('Pulling fs layer');
  });
});

/** A web sink that records what happened to it. */
function webSink() {
  const state = { written: 0, aborted: undefined as unknown, closed: false };
  const stream = new WritableStream<Uint8Array>({
    write: (chunk) => void (state.written += chunk.byteLength),
    abort: (reason) => void (state.aborted = reason ?? 'aborted'),
    close: () => void (state.closed = true),
  });
  return { stream, state };
}

const GOOD = concat(encodeDockerFrame('stdout', 'out\n'), encodeDockerFrame('stderr', 'err\n'));

describe('demultiplexDockerStreamTo', () => {
  it('aborts both web sinks when the stream turns to garbage', { timeout: 5000 }, async () => {
    const out = webSink();
    const err = webSink();
    const failure = await demultiplexDockerStreamTo(streamOf([GOOD, new Uint8Array([7, 7, 7, 7, 0, 0, 0, 1, 0])]), out.stream, err.stream).then(() => undefined, (e: unknown) => e);
    expect(failure).toMatchObject({ code: 'stream-format' });
    expect(out.state.aborted).toBeDefined();
    expect(err.state.aborted).toBeDefined();
    expect(out.state.closed || err.state.closed).toBe(false);
  });

  it('aborts the other sink when one sink fails', { timeout: 5000 }, async () => {
    const broken = new WritableStream<Uint8Array>({
      write: () => {
        throw new Error('disk full');
      },
    });
    const err = webSink();
    const failure = await demultiplexDockerStreamTo(streamOf([GOOD]), broken, err.stream).then(() => undefined, (e: unknown) => e);
    expect(failure).toBeDefined();
    expect(err.state.aborted).toBeDefined();
  });

  it('aborts the sinks when the source itself fails', { timeout: 5000 }, async () => {
    const out = webSink();
    const err = webSink();
    let sent = false;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error('connection reset'));
        sent = true;
        controller.enqueue(GOOD);
      },
    });
    await expect(demultiplexDockerStreamTo(source, out.stream, err.stream)).rejects.toBeDefined();
    expect(out.state.aborted).toBeDefined();
    expect(err.state.aborted).toBeDefined();
  });

  it('leaves Node writables open either way', { timeout: 5000 }, async () => {
    const out = new PassThrough();
    const err = new PassThrough();
    out.resume();
    err.resume();
    await demultiplexDockerStreamTo(streamOf([GOOD, new Uint8Array([9, 9, 9, 9, 0, 0, 0, 0])]), out, err).catch(() => {});
    expect(out.destroyed || err.destroyed).toBe(false);
    expect(out.writable && err.writable).toBe(true);
  });

  it('closes web sinks when all went well', { timeout: 5000 }, async () => {
    const out = webSink();
    const err = webSink();
    expect(await demultiplexDockerStreamTo(streamOf([GOOD]), out.stream, err.stream)).toEqual({ stdout: 4, stderr: 4 });
    expect(out.state.closed && err.state.closed).toBe(true);
  });
});
