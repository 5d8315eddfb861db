// Exec instances: create, inspect, detached start and resize through the validating proxy; the
// hijacked (attached) start straight from the daemon, its output demultiplexed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demultiplexDockerStream } from '../../src/index.js';
import { createContainer, d1Context, readAll, text } from './d1-helpers.js';

const ctx = d1Context('exec');
const { proxy, direct } = ctx;
let container: string;

beforeAll(async () => {
  container = await createContainer(ctx, 'host', { Cmd: ['sleep', '300'], StopTimeout: 1 });
  const { error } = await direct.POST('/containers/{id}/start', { params: { path: { id: container } } });
  if (error) throw error;
});
afterAll(() => ctx.cleanup());

async function inspect(id: string) {
  const { data, error } = await proxy.GET('/exec/{id}/json', { params: { path: { id } } });
  expect(error).toBeUndefined();
  return data!;
}

describe('exec (through the proxy)', () => {
  it('creates an exec instance and inspects it before it runs', async () => {
    const { data, error, response } = await proxy.POST('/containers/{id}/exec', {
      params: { path: { id: container } },
      body: { Cmd: ['sh', '-c', 'echo "$GREETING from $(pwd)"; exit 3'], AttachStdout: true, AttachStderr: true, Env: ['GREETING=hello'], WorkingDir: '/tmp', User: 'root' },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    const exec = await inspect(data!.Id);
    expect(exec).toMatchObject({
      ID: data!.Id,
      ContainerID: container,
      Running: false,
      ExitCode: null,
      OpenStdout: true,
      OpenStderr: true,
      OpenStdin: false,
      Pid: 0,
      ProcessConfig: { entrypoint: 'sh', user: 'root', tty: false, privileged: false },
    });
    expect(exec.ContainerID).toBe(container);
    // the container lists it among its exec instances
    const { data: c } = await proxy.GET('/containers/{id}/json', { params: { path: { id: container } } });
    expect(c!.ExecIDs).toContain(data!.Id);
  });

  it('starts one detached, resizes it, sees it run, and refuses a second start', async () => {
    const { data } = await proxy.POST('/containers/{id}/exec', { params: { path: { id: container } }, body: { Cmd: ['sleep', '30'], Tty: true } });
    const id = data!.Id;
    // A detached start answers an empty 200 without a Content-Type, which Prism cannot match to the
    // stream the same status carries when attached: this one call goes to the daemon directly.
    const start = await direct.POST('/exec/{id}/start', { params: { path: { id } }, body: { Detach: true, Tty: true }, parseAs: 'text' });
    expect(start.error).toBeUndefined();
    expect(start.response.status).toBe(200);
    let exec = await inspect(id);
    for (let i = 0; i < 40 && !exec.Running; i++) {
      await new Promise((r) => setTimeout(r, 100));
      exec = await inspect(id);
    }
    expect(exec).toMatchObject({ Running: true, ExitCode: null, ProcessConfig: { tty: true, entrypoint: 'sleep' } });
    expect(exec.Pid).toBeGreaterThan(0);
    const resize = await proxy.POST('/exec/{id}/resize', { params: { path: { id }, query: { h: 30, w: 100 } } });
    expect(resize.error).toBeUndefined();
    expect(resize.response.status).toBe(200);
    const again = await proxy.POST('/exec/{id}/start', { params: { path: { id } }, body: { Detach: true }, parseAs: 'text' });
    expect(again.error?.status).toBe(409);
  });

  it('answers 404 for an unknown exec and 409 in a stopped or paused container', async () => {
    expect((await proxy.GET('/exec/{id}/json', { params: { path: { id: 'f'.repeat(64) } } })).error?.status).toBe(404);
    expect((await proxy.POST('/exec/{id}/resize', { params: { path: { id: 'f'.repeat(64) }, query: { h: 1, w: 1 } } })).error?.status).toBe(404);
    expect((await proxy.POST('/exec/{id}/start', { params: { path: { id: 'f'.repeat(64) } }, body: { Detach: true }, parseAs: 'text' })).error?.status).toBe(404);
    // an empty Cmd breaks the spec (minItems), so Prism would refuse it itself: ask the daemon
    const noCmd = await direct.POST('/containers/{id}/exec', { params: { path: { id: container } }, body: { Cmd: [] } });
    expect(noCmd.error?.status).toBe(400);
    expect(noCmd.error?.message).toMatch(/No exec command specified/);
    const missing = await proxy.POST('/containers/{id}/exec', { params: { path: { id: 'd1-no-such-container' } }, body: { Cmd: ['true'] } });
    expect(missing.error?.status).toBe(404);
    await proxy.POST('/containers/{id}/pause', { params: { path: { id: container } } });
    try {
      const paused = await proxy.POST('/containers/{id}/exec', { params: { path: { id: container } }, body: { Cmd: ['true'] } });
      expect(paused.error?.status).toBe(409);
    } finally {
      await proxy.POST('/containers/{id}/unpause', { params: { path: { id: container } } });
    }
    const stopped = await createContainer(ctx, 'stopped', { Cmd: ['true'] });
    const notRunning = await proxy.POST('/containers/{id}/exec', { params: { path: { id: stopped } }, body: { Cmd: ['true'] } });
    expect(notRunning.error?.status).toBe(409);
  });
});

describe('exec start, attached (directly: the daemon hijacks the connection)', () => {
  it('streams stdout and stderr as frames, kept apart and in order, then reports the exit code', async () => {
    const { data } = await direct.POST('/containers/{id}/exec', {
      params: { path: { id: container } },
      body: { Cmd: ['sh', '-c', 'for i in 1 2 3; do echo "out $i"; echo "err $i" >&2; done; exit 3'], AttachStdout: true, AttachStderr: true },
    });
    const id = data!.Id;
    const { data: body, error, response } = await direct.POST('/exec/{id}/start', { params: { path: { id } }, body: { Detach: false, Tty: false }, parseAs: 'stream' });
    expect(error).toBeUndefined();
    expect(response.headers.get('content-type')).toBe('application/vnd.docker.raw-stream');
    const chunks: Array<[string, string]> = [];
    for await (const c of demultiplexDockerStream(body as ReadableStream<Uint8Array>)) chunks.push([c.stream, text(c.data)]);
    const out = chunks.filter(([s]) => s === 'stdout').map(([, t]) => t).join('');
    const err = chunks.filter(([s]) => s === 'stderr').map(([, t]) => t).join('');
    expect(out).toBe('out 1\nout 2\nout 3\n');
    expect(err).toBe('err 1\nerr 2\nerr 3\n');
    const exec = await inspect(id);
    expect(exec).toMatchObject({ Running: false, ExitCode: 3 });
  });

  it('streams raw output with a TTY (no frames)', async () => {
    const { data } = await direct.POST('/containers/{id}/exec', {
      params: { path: { id: container } },
      body: { Cmd: ['sh', '-c', 'echo on-a-tty; tty'], AttachStdout: true, Tty: true },
    });
    const { data: body } = await direct.POST('/exec/{id}/start', { params: { path: { id: data!.Id } }, body: { Tty: true }, parseAs: 'stream' });
    const raw = text(await readAll(body as ReadableStream<Uint8Array>));
    expect(raw).toMatch(/^on-a-tty\r\n\/dev\/pts\/\d+\r\n$/);
  });
});
