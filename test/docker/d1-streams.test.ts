// What Prism cannot carry, straight from the daemon with the same typed client: attach (HTTP and
// WebSocket), wait, followed logs, streamed stats, export, and archive download and upload. Each
// body is checked here: frames, JSON lines, tar entries.
import { WebSocket } from 'undici';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  createTar,
  demultiplexDockerStream,
  demultiplexDockerStreamTo,
  exportContainer,
  getContainerArchive,
  isDirectory,
  putContainerArchive,
  readTarEntries,
  statContainerPath,
} from '../../src/index.js';
import { createContainer, d1Context, readAll, text } from './d1-helpers.js';

const ctx = d1Context('stream');
const { direct } = ctx;
afterAll(() => ctx.cleanup());

const start = async (id: string) => {
  const { error } = await direct.POST('/containers/{id}/start', { params: { path: { id } } });
  if (error) throw error;
};

describe('attach', () => {
  it('attaches before start and gets stdout and stderr apart, in order, until exit', async () => {
    const id = await createContainer(ctx, 'attach', { Cmd: ['sh', '-c', 'for i in 1 2 3 4; do echo "out $i"; echo "err $i" >&2; done'] });
    const { data, error, response } = await direct.POST('/containers/{id}/attach', {
      params: { path: { id }, query: { stream: true, stdout: true, stderr: true } },
      parseAs: 'stream',
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.docker.raw-stream');
    await start(id);
    const out: string[] = [];
    const err: string[] = [];
    const sink = (into: string[]) => new WritableStream<Uint8Array>({ write: (c) => void into.push(text(c)) });
    const counts = await demultiplexDockerStreamTo(data as ReadableStream<Uint8Array>, sink(out), sink(err));
    expect(out.join('')).toBe('out 1\nout 2\nout 3\nout 4\n');
    expect(err.join('')).toBe('err 1\nerr 2\nerr 3\nerr 4\n');
    expect(counts).toEqual({ stdout: 24, stderr: 24 });
  });

  it('replays the logs with logs=1&stream=0', async () => {
    const id = await createContainer(ctx, 'attach-logs', { Cmd: ['sh', '-c', 'echo one; echo two >&2'] });
    await start(id);
    await direct.POST('/containers/{id}/wait', { params: { path: { id } } });
    const { data } = await direct.POST('/containers/{id}/attach', { params: { path: { id }, query: { logs: true, stream: false, stdout: true, stderr: true } }, parseAs: 'stream' });
    const chunks: string[] = [];
    for await (const c of demultiplexDockerStream(data as ReadableStream<Uint8Array>)) chunks.push(`${c.stream}:${text(c.data)}`);
    expect(chunks.sort()).toEqual(['stderr:two\n', 'stdout:one\n']);
  });

  it('answers errors after the hijack as plain text', async () => {
    const { error, response } = await direct.POST('/containers/{id}/attach', { params: { path: { id: 'd1-no-such-container' }, query: { stream: true, stdout: true } }, parseAs: 'stream' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/vnd.docker.raw-stream');
    expect(error?.status).toBe(404);
  });

  it('attaches over a WebSocket, output as binary messages', async () => {
    const id = await createContainer(ctx, 'ws', { Cmd: ['sh', '-c', 'echo ws-out; echo ws-err >&2'] });
    await start(id);
    await direct.POST('/containers/{id}/wait', { params: { path: { id } } });
    const url = `${inject('dockerUrl').replace(/^http/, 'ws')}/containers/${id}/attach/ws?logs=1&stream=0&stdout=1&stderr=1`;
    const received = await new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.binaryType = 'arraybuffer';
      let got = '';
      const timer = setTimeout(() => { ws.close(); reject(new Error('no WebSocket close in time')); }, 10_000);
      ws.onmessage = (event) => { got += typeof event.data === 'string' ? event.data : text(new Uint8Array(event.data as ArrayBuffer)); };
      ws.onclose = () => { clearTimeout(timer); resolve(got); };
      ws.onerror = (event) => { clearTimeout(timer); reject(new Error(`WebSocket error: ${String((event as { message?: string }).message ?? event.type)}`)); };
    });
    // never multiplexed: both streams arrive merged, without frame headers
    expect(received.split('\n').filter(Boolean).sort()).toEqual(['ws-err', 'ws-out']);
    const plain = await direct.GET('/containers/{id}/attach/ws', { params: { path: { id } }, parseAs: 'text' });
    expect(plain.response.status).toBe(400);
  });
});

describe('wait', () => {
  it('long-polls until the container exits, with its exit code', async () => {
    const id = await createContainer(ctx, 'wait', { Cmd: ['sleep', '300'] });
    const nextExit = direct.POST('/containers/{id}/wait', { params: { path: { id }, query: { condition: 'next-exit' } } });
    await start(id);
    const running = direct.POST('/containers/{id}/wait', { params: { path: { id }, query: { condition: 'not-running' } } });
    const removed = direct.POST('/containers/{id}/wait', { params: { path: { id }, query: { condition: 'removed' } } });
    await direct.POST('/containers/{id}/kill', { params: { path: { id }, query: { signal: 'SIGKILL' } } });
    for (const result of [await nextExit, await running]) {
      expect(result.error).toBeUndefined();
      expect(result.data).toEqual({ StatusCode: 137, Error: null });
    }
    await direct.DELETE('/containers/{id}', { params: { path: { id } } });
    expect((await removed).data!.StatusCode).toBe(137);
  });
});

describe('logs', () => {
  it('follows the logs as they are written, then stops when asked', async () => {
    const id = await createContainer(ctx, 'follow', { Cmd: ['sh', '-c', 'i=0; while true; do echo "tick $i"; echo "tock $i" >&2; i=$((i+1)); sleep 0.2; done'] });
    await start(id);
    const controller = new AbortController();
    const { data } = await direct.GET('/containers/{id}/logs', { params: { path: { id }, query: { follow: true, stdout: true, stderr: true } }, parseAs: 'stream', signal: controller.signal });
    const seen: string[] = [];
    let buffered = { stdout: '', stderr: '' };
    for await (const c of demultiplexDockerStream(data as ReadableStream<Uint8Array>)) {
      buffered[c.stream as 'stdout' | 'stderr'] += text(c.data);
      for (const key of ['stdout', 'stderr'] as const) {
        const lines = buffered[key].split('\n');
        buffered[key] = lines.pop()!;
        for (const line of lines) seen.push(`${key}:${line}`);
      }
      if (seen.filter((l) => l.startsWith('stderr')).length >= 3 && seen.filter((l) => l.startsWith('stdout')).length >= 3) break;
    }
    buffered = { stdout: '', stderr: '' };
    controller.abort();
    const out = seen.filter((l) => l.startsWith('stdout:')).slice(0, 3);
    const err = seen.filter((l) => l.startsWith('stderr:')).slice(0, 3);
    expect(out).toEqual(['stdout:tick 0', 'stdout:tick 1', 'stdout:tick 2']);
    expect(err).toEqual(['stderr:tock 0', 'stderr:tock 1', 'stderr:tock 2']);
  });

  it('sends a TTY container its raw output, unframed', async () => {
    const id = await createContainer(ctx, 'tty', { Cmd: ['sh', '-c', 'echo tty-out; echo tty-err >&2'], Tty: true });
    await start(id);
    await direct.POST('/containers/{id}/wait', { params: { path: { id } } });
    const { data } = await direct.GET('/containers/{id}/logs', { params: { path: { id }, query: { stdout: true, stderr: true } }, parseAs: 'stream' });
    expect(text(await readAll(data as ReadableStream<Uint8Array>))).toBe('tty-out\r\ntty-err\r\n');
  });
});

describe('stats', () => {
  it('streams one JSON object per line', async () => {
    const id = await createContainer(ctx, 'stats', { Cmd: ['sleep', '300'] });
    await start(id);
    const controller = new AbortController();
    const { data } = await direct.GET('/containers/{id}/stats', { params: { path: { id } }, parseAs: 'stream', signal: controller.signal });
    const samples: Array<{ id: string; read: string; preread: string; cpu_stats: { cpu_usage: { total_usage: number } } }> = [];
    let pending = '';
    for await (const chunk of data as unknown as AsyncIterable<Uint8Array>) {
      pending += text(chunk);
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (line.trim()) samples.push(JSON.parse(line));
      if (samples.length >= 2) break;
    }
    controller.abort();
    expect(samples[0]!.id).toBe(id);
    expect(samples[1]!.preread).toBe(samples[0]!.read); // each sample carries the previous one
    expect(samples[1]!.cpu_stats.cpu_usage.total_usage).toBeGreaterThan(0);
  });
});

describe('archives and export', () => {
  it('uploads a tarball, reads it back as a tar stream, and exports the whole file system', async () => {
    const id = await createContainer(ctx, 'files', { Cmd: ['sleep', '300'] });
    await putContainerArchive(direct, id, '/tmp', await createTar([
      { name: 'upload', type: 'directory' },
      { name: 'upload/hello.txt', data: 'hello from the test\n', mode: 0o640 },
      { name: 'upload/link', type: 'symlink', linkName: 'hello.txt' },
    ]));
    const stat = await statContainerPath(direct, id, '/tmp/upload');
    expect(stat.name).toBe('upload');
    expect(isDirectory(stat)).toBe(true);

    const download = await getContainerArchive(direct, id, '/tmp/upload');
    expect(download.response.headers.get('content-type')).toBe('application/x-tar');
    expect(download.stat).toMatchObject({ name: 'upload' });
    const entries = [];
    for await (const e of readTarEntries(download.stream)) entries.push(e);
    expect(entries.map((e) => [e.name, e.type])).toEqual([
      ['upload/', 'directory'],
      ['upload/hello.txt', 'file'],
      ['upload/link', 'symlink'],
    ]);
    expect(text(entries[1]!.data!)).toBe('hello from the test\n');
    expect(entries[1]!.mode & 0o777).toBe(0o640);
    expect(entries[2]!.linkName).toBe('hello.txt');

    // a single file comes as a one-entry archive named after it
    const one = await getContainerArchive(direct, id, '/etc/passwd');
    const only = [];
    for await (const e of readTarEntries(one.stream)) only.push(e);
    expect(only.map((e) => e.name)).toEqual(['passwd']);
    expect(text(only[0]!.data!)).toMatch(/^root:x:0:0:/);
    expect(one.stat!.size).toBe(only[0]!.size);

    const exported = new Map<string, number>();
    for await (const e of readTarEntries(await exportContainer(direct, id), { maxDataBytes: 0 })) exported.set(e.name, e.size);
    expect(exported.get('tmp/upload/hello.txt')).toBe(20);
    expect(exported.get('bin/busybox')).toBeGreaterThan(100_000);
    expect(exported.has('.dockerenv')).toBe(true);
  });

  it('reports errors: a missing directory, a missing path, a non-tar body, a read-only root', async () => {
    const id = await createContainer(ctx, 'files-err', { Cmd: ['sleep', '300'], HostConfig: { ReadonlyRootfs: true } });
    const tar = await createTar([{ name: 'x.txt', data: 'x' }]);
    await expect(putContainerArchive(direct, id, '/no/such/dir', tar)).rejects.toMatchObject({ status: 404 });
    await expect(getContainerArchive(direct, id, '/no/such/file')).rejects.toMatchObject({ status: 404 });
    await expect(putContainerArchive(direct, id, '/tmp', new TextEncoder().encode('not a tarball'))).rejects.toMatchObject({ status: 500 });
    await expect(putContainerArchive(direct, id, '/tmp', tar)).rejects.toMatchObject({ status: 500, message: expect.stringMatching(/read-only/) });
    await expect(statContainerPath(direct, id, '/no/such/file')).rejects.toMatchObject({ status: 404 });
  });
});
