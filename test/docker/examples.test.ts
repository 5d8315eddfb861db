// examples/stream-logs.ts against a real Docker daemon (DOCKER_URL, createDockerEngineClient):
// multiplexed frames from a container without a TTY, raw bytes from one with a TTY. The logs are
// binary, so they come straight from the daemon, not through the validating proxy (as in
// d1-streams). The other examples need Portainer itself and run against the mock (test/contract);
// the registryId pull cannot reach a registry here.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { main as streamLogs } from '../../examples/stream-logs.js';
import { createContainer, d1Context } from './d1-helpers.js';

const ctx = d1Context('examples');
afterAll(() => ctx.cleanup());

const collect = () => {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => new WritableStream<Uint8Array>({ write: (chunk) => void into.push(Buffer.from(chunk).toString()) });
  return { out, err, sinks: { stdout: sink(out), stderr: sink(err) } };
};

async function runToEnd(id: string) {
  const started = await ctx.direct.POST('/containers/{id}/start', { params: { path: { id } } });
  if (started.error) throw started.error;
  const waited = await ctx.direct.POST('/containers/{id}/wait', { params: { path: { id } } });
  if (waited.error) throw waited.error;
}

describe('examples/stream-logs.ts against the daemon', () => {
  it('keeps stdout and stderr apart for a container without a TTY', async () => {
    const id = await createContainer(ctx, 'logs', { Cmd: ['sh', '-c', 'for i in 1 2 3; do echo "out $i"; echo "err $i" >&2; done'] });
    await runToEnd(id);
    const { out, err, sinks } = collect();
    const counts = await streamLogs({ DOCKER_URL: inject('dockerUrl'), CONTAINER: id }, sinks);
    expect(out.join('')).toBe('out 1\nout 2\nout 3\n');
    expect(err.join('')).toBe('err 1\nerr 2\nerr 3\n');
    expect(counts).toEqual({ stdout: 18, stderr: 18 });
  });

  it('passes a TTY container\'s raw output to stdout, honouring TAIL', async () => {
    const id = await createContainer(ctx, 'logs-tty', { Tty: true, Cmd: ['sh', '-c', 'echo first; echo second; echo third >&2'] });
    await runToEnd(id);
    const { out, err, sinks } = collect();
    await streamLogs({ DOCKER_URL: inject('dockerUrl'), CONTAINER: ctx.name('logs-tty'), TAIL: '2' }, sinks);
    expect(out.join('').replace(/\r/g, '')).toBe('second\nthird\n');
    expect(err).toEqual([]);
  });

  it('follows a running container until it stops', async () => {
    const id = await createContainer(ctx, 'logs-follow', { Cmd: ['sh', '-c', 'echo one; sleep 1; echo two; sleep 1; echo three'] });
    await ctx.direct.POST('/containers/{id}/start', { params: { path: { id } } });
    const { out, sinks } = collect();
    await streamLogs({ DOCKER_URL: inject('dockerUrl'), CONTAINER: id, FOLLOW: '1' }, sinks);
    expect(out.join('')).toBe('one\ntwo\nthree\n');
  });

  it('reports a container that does not exist', async () => {
    const { sinks } = collect();
    await expect(streamLogs({ DOCKER_URL: inject('dockerUrl'), CONTAINER: ctx.name('missing') }, sinks)).rejects.toMatchObject({ status: 404 });
  });
});
