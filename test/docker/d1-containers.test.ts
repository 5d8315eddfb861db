// Container lifecycle through the validating Prism proxy: every request and answer here is checked
// against the spec. Create with a rich HostConfig, then inspect, list, top, stats, logs, pause,
// rename, update, changes, restart, kill, stop, remove, prune, and the errors the daemon gives.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demultiplexDockerLines } from '../../src/index.js';
import { d1Context, text } from './d1-helpers.js';

const ctx = d1Context('ctr');
const { proxy } = ctx;
let bindDir: string;
let id: string;

beforeAll(() => {
  bindDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portainer-openapi-d1-bind-'));
  fs.writeFileSync(path.join(bindDir, 'greeting.txt'), 'from the host\n');
});

afterAll(async () => {
  await ctx.cleanup();
  fs.rmSync(bindDir, { recursive: true, force: true });
});

describe('container lifecycle (through the proxy)', () => {
  it('creates a container with a rich HostConfig', async () => {
    const { data, error, response } = await proxy.POST('/containers/create', {
      params: { query: { name: ctx.name('web') } },
      body: {
        Image: ctx.image,
        Cmd: ['sh', '-c', 'cat /data/greeting.txt; i=0; while true; do echo "out $i"; echo "err $i" >&2; i=$((i+1)); sleep 1; done'],
        Env: ['GREETING=hello', 'EMPTY='],
        Labels: { ...ctx.labels, 'com.example.role': 'web' },
        StopTimeout: 1,
        HostConfig: {
          NetworkMode: 'none',
          RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 },
          Memory: 64 * 1024 * 1024,
          NanoCpus: 500_000_000,
          CpuShares: 512,
          PidsLimit: 64,
          Tmpfs: { '/run': 'size=1m' },
          Binds: [`${bindDir}:/data:ro`],
          LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } },
        },
      },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data!.Id).toMatch(/^[0-9a-f]{64}$/);
    expect(Array.isArray(data!.Warnings) || data!.Warnings === null).toBe(true);
    id = ctx.track(data!.Id);
  });

  it('inspects it as created', async () => {
    const { data, error } = await proxy.GET('/containers/{id}/json', { params: { path: { id } } });
    expect(error).toBeUndefined();
    expect(data!.Name).toBe(`/${ctx.name('web')}`);
    expect(data!.State!.Status).toBe('created');
    expect(data!.Config!.Env).toContain('GREETING=hello');
    expect(data!.Config!.Labels).toMatchObject({ 'com.example.role': 'web' });
    expect(data!.HostConfig!.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 2 });
    expect(data!.HostConfig!.Memory).toBe(64 * 1024 * 1024);
    expect(data!.HostConfig!.NanoCpus).toBe(500_000_000);
    expect(data!.HostConfig!.Tmpfs).toEqual({ '/run': 'size=1m' });
    expect(data!.HostConfig!.LogConfig).toEqual({ Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } });
    expect(data!.Mounts).toEqual([expect.objectContaining({ Type: 'bind', Source: bindDir, Destination: '/data', RW: false })]);
  });

  it('says 304 to a second start, and 409 to pausing or topping it before it runs', async () => {
    const top = await proxy.GET('/containers/{id}/top', { params: { path: { id } } });
    expect(top.error?.status).toBe(409);
    const pause = await proxy.POST('/containers/{id}/pause', { params: { path: { id } } });
    expect(pause.error?.status).toBe(409);
    const changes = await proxy.GET('/containers/{id}/changes', { params: { path: { id } } });
    expect(changes.error).toBeUndefined();
    expect(changes.data).toBeNull(); // no writable layer before the first start
  });

  it('starts it; a second start answers 304', async () => {
    const first = await proxy.POST('/containers/{id}/start', { params: { path: { id } } });
    expect(first.error).toBeUndefined();
    expect(first.response.status).toBe(204);
    const again = await proxy.POST('/containers/{id}/start', { params: { path: { id } } });
    expect(again.response.status).toBe(304);
    const { data } = await proxy.GET('/containers/{id}/json', { params: { path: { id } } });
    expect(data!.State).toMatchObject({ Status: 'running', Running: true });
    expect(data!.State!.Pid).toBeGreaterThan(0);
  });

  it('lists it, with filters, sizes and a limit', async () => {
    const { data, error } = await proxy.GET('/containers/json', {
      params: { query: { all: true, size: true, filters: JSON.stringify({ label: [ctx.label] }) } },
    });
    expect(error).toBeUndefined();
    expect(data!.map((c) => c.Id)).toEqual([id]);
    expect(data![0]).toMatchObject({ Names: [`/${ctx.name('web')}`], Image: ctx.image, State: 'running', HostConfig: { NetworkMode: 'none' } });
    expect(typeof data![0]!.SizeRootFs).toBe('number');
    const exited = await proxy.GET('/containers/json', { params: { query: { all: 1, filters: JSON.stringify({ label: [ctx.label], status: ['exited'] }) } } });
    expect(exited.data).toEqual([]);
    const limited = await proxy.GET('/containers/json', { params: { query: { all: true, limit: 1 } } });
    expect(limited.data).toHaveLength(1);
  });

  it('shows its processes, with default and custom ps arguments', async () => {
    const plain = await proxy.GET('/containers/{id}/top', { params: { path: { id } } });
    expect(plain.error).toBeUndefined();
    expect(plain.data!.Titles).toContain('PID');
    expect(plain.data!.Processes!.some((row) => row.join(' ').includes('while true'))).toBe(true);
    const aux = await proxy.GET('/containers/{id}/top', { params: { path: { id }, query: { ps_args: 'aux' } } });
    expect(aux.data!.Titles).toContain('%CPU');
  });

  it('takes one stats sample', async () => {
    const { data, error } = await proxy.GET('/containers/{id}/stats', { params: { path: { id }, query: { stream: false, 'one-shot': true } } });
    expect(error).toBeUndefined();
    expect(data!.id).toBe(id);
    expect(data!.name).toBe(`/${ctx.name('web')}`);
    expect(data!.pids_stats!.current).toBeGreaterThanOrEqual(1);
    expect(data!.memory_stats!.limit).toBe(64 * 1024 * 1024);
    expect(data!.cpu_stats!.cpu_usage?.total_usage).toBeGreaterThan(0);
  });

  it('reads its logs, stdout and stderr apart (the frames directly: Docker 20.10 labels them with no media type)', async () => {
    // Wait (bounded) until the loop has written a few lines.
    let lines: Array<[string, string]> = [];
    for (let i = 0; i < 40 && lines.filter(([s]) => s === 'stderr').length < 2; i++) {
      const { data, error, response } = await ctx.direct.GET('/containers/{id}/logs', {
        params: { path: { id }, query: { stdout: true, stderr: true, timestamps: true, tail: 'all' } },
        parseAs: 'stream',
      });
      expect(error).toBeUndefined();
      expect(response.status).toBe(200);
      lines = [];
      for await (const { stream, line } of demultiplexDockerLines(data as ReadableStream<Uint8Array>)) lines.push([stream, `${line}\n`]);
      if (lines.filter(([s]) => s === 'stderr').length < 2) await new Promise((r) => setTimeout(r, 250));
    }
    // stdout and stderr are separate pipes: order holds within each stream, not across them
    expect(lines.find(([s]) => s === 'stdout')![1]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z from the host\n$/);
    expect(lines.filter(([s]) => s === 'stdout').map(([, l]) => l.split(' ').slice(1).join(' '))).toContain('out 0\n');
    const outs = lines.filter(([s]) => s === 'stdout').slice(1).map(([, l]) => Number(/out (\d+)/.exec(l)![1]));
    expect(outs).toEqual(outs.map((_, i) => i));
    expect(lines.filter(([s]) => s === 'stderr').map(([, l]) => l.split(' ').slice(1).join(' '))).toContain('err 0\n');
    const none = await proxy.GET('/containers/{id}/logs', { params: { path: { id } }, parseAs: 'stream' });
    expect(none.error?.status).toBe(400);
    expect(none.error?.message).toMatch(/choose at least one stream/);
  });

  it('pauses and unpauses it', async () => {
    expect((await proxy.POST('/containers/{id}/pause', { params: { path: { id } } })).response.status).toBe(204);
    expect((await proxy.GET('/containers/{id}/json', { params: { path: { id } } })).data!.State).toMatchObject({ Status: 'paused', Paused: true });
    expect((await proxy.POST('/containers/{id}/pause', { params: { path: { id } } })).error?.status).toBe(409);
    expect((await proxy.POST('/containers/{id}/start', { params: { path: { id } } })).error?.status).toBe(409);
    expect((await proxy.POST('/containers/{id}/unpause', { params: { path: { id } } })).response.status).toBe(204);
    expect((await proxy.GET('/containers/{id}/json', { params: { path: { id } } })).data!.State).toMatchObject({ Status: 'running', Paused: false });
    const notPaused = await proxy.POST('/containers/{id}/unpause', { params: { path: { id } } });
    expect(notPaused.error?.status).toBe(500);
    expect(notPaused.error?.message).toMatch(/is not paused/);
  });

  it('renames it; refuses an empty, the same, or a taken name', async () => {
    const renamed = await proxy.POST('/containers/{id}/rename', { params: { path: { id }, query: { name: ctx.name('web2') } } });
    expect(renamed.response.status).toBe(204);
    expect((await proxy.GET('/containers/{id}/json', { params: { path: { id: ctx.name('web2') } } })).data!.Id).toBe(id);
    const same = await proxy.POST('/containers/{id}/rename', { params: { path: { id }, query: { name: ctx.name('web2') } } });
    expect(same.error?.status).toBe(400);
    const other = await proxy.POST('/containers/create', { params: { query: { name: ctx.name('other') } }, body: { Image: ctx.image, Labels: ctx.labels, HostConfig: { NetworkMode: 'none' } } });
    ctx.track(other.data!.Id);
    const taken = await proxy.POST('/containers/{id}/rename', { params: { path: { id }, query: { name: ctx.name('other') } } });
    expect(taken.error?.status).toBe(409);
    const dup = await proxy.POST('/containers/create', { params: { query: { name: ctx.name('other') } }, body: { Image: ctx.image } });
    expect(dup.error?.status).toBe(409);
    expect(dup.error?.message).toMatch(/already in use/);
    // the spec's name pattern is the daemon's, so Prism would refuse this one itself: ask the daemon
    const bad = await ctx.direct.POST('/containers/create', { params: { query: { name: 'x' } }, body: { Image: ctx.image } });
    expect(bad.error?.status).toBe(400);
    expect(bad.error?.message).toMatch(/Invalid container name/);
  });

  it('updates its limits and restart policy', async () => {
    const { data, error } = await proxy.POST('/containers/{id}/update', {
      params: { path: { id } },
      body: { Memory: 128 * 1024 * 1024, MemorySwap: 256 * 1024 * 1024, CpuShares: 256, RestartPolicy: { Name: 'unless-stopped' } },
    });
    expect(error).toBeUndefined();
    expect(data!.Warnings ?? []).toEqual([]);
    const after = (await proxy.GET('/containers/{id}/json', { params: { path: { id } } })).data!;
    expect(after.HostConfig).toMatchObject({ Memory: 128 * 1024 * 1024, MemorySwap: 256 * 1024 * 1024, CpuShares: 256, RestartPolicy: { Name: 'unless-stopped' } });
    const tooSmall = await proxy.POST('/containers/{id}/update', { params: { path: { id } }, body: { Memory: 1 } });
    expect(tooSmall.error?.status).toBe(400);
  });

  it('lists its file system changes', async () => {
    const { data, error } = await proxy.GET('/containers/{id}/changes', { params: { path: { id } } });
    expect(error).toBeUndefined();
    expect(data).toContainEqual({ Path: '/run', Kind: 1 });
  });

  it('resizes (a no-op without a TTY), restarts, signals and stops it', async () => {
    expect((await proxy.POST('/containers/{id}/resize', { params: { path: { id }, query: { h: 24, w: 80 } } })).response.status).toBe(200);
    const pidBefore = (await proxy.GET('/containers/{id}/json', { params: { path: { id } } })).data!.State!.Pid;
    expect((await proxy.POST('/containers/{id}/restart', { params: { path: { id }, query: { t: 0 } } })).response.status).toBe(204);
    const restarted = (await proxy.GET('/containers/{id}/json', { params: { path: { id } } })).data!.State!;
    expect(restarted.Running).toBe(true);
    expect(restarted.Pid).not.toBe(pidBefore);
    const bogus = await proxy.POST('/containers/{id}/kill', { params: { path: { id }, query: { signal: 'BOGUS' } } });
    expect(bogus.error?.status).toBe(400);
    expect((await proxy.POST('/containers/{id}/kill', { params: { path: { id }, query: { signal: 'SIGKILL' } } })).response.status).toBe(204);
    const stop = await proxy.POST('/containers/{id}/stop', { params: { path: { id }, query: { t: 0 } } });
    expect([204, 304]).toContain(stop.response.status);
    const state = (await proxy.GET('/containers/{id}/json', { params: { path: { id } } })).data!.State!;
    expect(state.Running).toBe(false);
    expect(state.Status).toBe('exited');
    expect((await proxy.POST('/containers/{id}/stop', { params: { path: { id } } })).response.status).toBe(304);
    const kill = await proxy.POST('/containers/{id}/kill', { params: { path: { id } } });
    expect(kill.error?.status).toBe(409);
    const resize = await proxy.POST('/containers/{id}/resize', { params: { path: { id }, query: { h: 24, w: 80 } } });
    expect(resize.error?.status).toBe(409);
  });

  it('waits (at once) for a stopped container', async () => {
    const { data, error } = await proxy.POST('/containers/{id}/wait', { params: { path: { id }, query: { condition: 'not-running' } } });
    expect(error).toBeUndefined();
    expect(data!.StatusCode).toBeGreaterThan(0);
  });

  it('stats of a stopped container are empty, not an error', async () => {
    const { data, error } = await proxy.GET('/containers/{id}/stats', { params: { path: { id }, query: { stream: false } } });
    expect(error).toBeUndefined();
    expect(data!.read).toBe('0001-01-01T00:00:00Z');
  });

  it('describes a path with HEAD archive', async () => {
    const { error, response } = await proxy.HEAD('/containers/{id}/archive', { params: { path: { id }, query: { path: '/data/greeting.txt' } } });
    expect(error).toBeUndefined();
    const stat = JSON.parse(Buffer.from(response.headers.get('x-docker-container-path-stat')!, 'base64').toString());
    expect(stat).toMatchObject({ name: 'greeting.txt', size: 14 });
    // Prism tries to parse the JSON a HEAD error announces but cannot carry: ask the daemon
    const missing = await ctx.direct.HEAD('/containers/{id}/archive', { params: { path: { id }, query: { path: '/nope' } } });
    expect(missing.error?.status).toBe(404);
  });

  it('refuses to remove it while running unless forced, then it is gone', async () => {
    await proxy.POST('/containers/{id}/start', { params: { path: { id } } });
    const refused = await proxy.DELETE('/containers/{id}', { params: { path: { id } } });
    expect(refused.error?.status).toBe(409);
    const removed = await proxy.DELETE('/containers/{id}', { params: { path: { id }, query: { force: true, v: true } } });
    expect(removed.response.status).toBe(204);
    const gone = await proxy.GET('/containers/{id}/json', { params: { path: { id } } });
    expect(gone.error?.status).toBe(404);
    expect(gone.error?.message).toMatch(/No such container/);
    const list = await proxy.GET('/containers/json', { params: { query: { all: true, filters: JSON.stringify({ id: [id] }) } } });
    expect(list.data).toEqual([]);
    const again = await proxy.DELETE('/containers/{id}', { params: { path: { id } } });
    expect(again.error?.status).toBe(404);
  });

  it('rejects malformed list filters', async () => {
    const unknown = await proxy.GET('/containers/json', { params: { query: { filters: JSON.stringify({ bogus: ['x'] }) } } });
    expect(unknown.error?.status).toBe(400);
  });
});

describe('container prune (through the proxy)', () => {
  it('removes only the stopped containers that match the filter', async () => {
    const mark = { ...ctx.labels, 'org.portainer-openapi.prune': 'yes' };
    const made: string[] = [];
    for (const suffix of ['prune-a', 'prune-b']) {
      const { data } = await proxy.POST('/containers/create', { params: { query: { name: ctx.name(suffix) } }, body: { Image: ctx.image, Cmd: ['true'], Labels: mark, HostConfig: { NetworkMode: 'none' } } });
      made.push(ctx.track(data!.Id));
    }
    const keep = await proxy.POST('/containers/create', { params: { query: { name: ctx.name('prune-keep') } }, body: { Image: ctx.image, Labels: ctx.labels, HostConfig: { NetworkMode: 'none' } } });
    ctx.track(keep.data!.Id);
    const { data, error } = await proxy.POST('/containers/prune', { params: { query: { filters: JSON.stringify({ label: [`${ctx.label}`, 'org.portainer-openapi.prune=yes'] }) } } });
    expect(error).toBeUndefined();
    expect([...(data!.ContainersDeleted ?? [])].sort()).toEqual([...made].sort());
    expect(typeof data!.SpaceReclaimed).toBe('number');
    expect((await proxy.GET('/containers/{id}/json', { params: { path: { id: keep.data!.Id } } })).data!.Id).toBe(keep.data!.Id);
    const nothing = await proxy.POST('/containers/prune', { params: { query: { filters: JSON.stringify({ label: ['org.portainer-openapi.none=here'] }) } } });
    expect(nothing.data!.ContainersDeleted).toBeNull();
    const bad = await proxy.POST('/containers/prune', { params: { query: { filters: JSON.stringify({ bogus: ['x'] }) } } });
    expect(bad.error?.status).toBe(400);
  });
});
