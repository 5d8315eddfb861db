// What Prism cannot carry, straight to the daemon with the same typed client: image import (a tar
// body, or a URL), export (tar responses, checked entry by entry), load (a tar body, NDJSON
// answer) and build (a tar context, NDJSON output). The NDJSON helpers read the real streams.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DockerStreamError, followProgress, ndjson, type LayerProgress, type ProgressMessage } from '../../src/index.js';
import { bytesOf, directClient, makeTar, proxyClient, readTar, text, unique } from './d2-helpers.js';

const direct = directClient();
const proxy = proxyClient();
const base = inject('testImage');
const run = unique('d2-stream');

afterAll(async () => {
  const { data } = await direct.GET('/images/json', { params: { query: { all: true } } });
  for (const image of data ?? []) {
    for (const tag of (image.RepoTags ?? []).filter((t) => t.includes(run))) {
      await direct.DELETE('/images/{name}', { params: { path: { name: tag }, query: { force: true } } });
    }
    if (image.Labels?.['d2-owner'] === run) await direct.DELETE('/images/{name}', { params: { path: { name: image.Id }, query: { force: true } } });
  }
  await direct.close();
  await proxy.close();
});

/** A root file system with a random payload, so that its layer is new to the daemon. */
function rootfs(bytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const payload = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 65536) crypto.getRandomValues(payload.subarray(i, Math.min(bytes, i + 65536)));
  return makeTar([
    { name: 'data/', type: '5' },
    { name: 'data/payload.bin', content: payload },
    { name: 'data/hello.txt', content: `hello from ${run}\n` },
  ]);
}

async function importTar(tar: Uint8Array<ArrayBuffer>, query: Record<string, unknown>): Promise<string> {
  const { data, error } = await direct.POST('/images/create', { params: { query: { fromSrc: '-', ...query } }, body: new Blob([tar]), parseAs: 'stream' });
  expect(error).toBeUndefined();
  return (await followProgress(data!)).imageId!;
}

describe('import (POST /images/create with fromSrc)', () => {
  it('imports a tarball from the body, applying changes and the message', async () => {
    const repo = `${run}/imported`;
    const { data, error, response } = await direct.POST('/images/create', {
      params: { query: { fromSrc: '-', repo, tag: 'v1', message: 'imported by d2', changes: ['CMD ["cat", "/data/hello.txt"]', 'ENV MODE=imported', `LABEL d2-owner=${run}`] } },
      body: new Blob([await rootfs(4096)]),
      parseAs: 'stream',
    });
    expect(error).toBeUndefined();
    expect(response.headers.get('content-type')).toBe('application/json');
    const lines: ProgressMessage[] = [];
    for await (const line of ndjson<ProgressMessage>(data!)) lines.push(line);
    // an import from the body answers one line: the new image's ID
    expect(lines).toHaveLength(1);
    const id = lines[0]!.status!;
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);

    const inspect = await proxy.GET('/images/{name}/json', { params: { path: { name: `${repo}:v1` } } });
    expect(inspect.data?.Id).toBe(id);
    expect(inspect.data?.Comment).toBe('imported by d2');
    expect(inspect.data?.Config?.Cmd).toEqual(['cat', '/data/hello.txt']);
    expect(inspect.data?.Config?.Env).toEqual(['MODE=imported']);
    expect(inspect.data?.Config?.Labels).toEqual({ 'd2-owner': run });
    expect(inspect.data?.RootFS?.Layers).toHaveLength(1);
  });

  it('imports from a URL the daemon downloads, reporting Downloading and Importing progress', async () => {
    const tar = await rootfs(600_000);
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/x-tar', 'Content-Length': tar.length });
      res.end(tar);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rootfs.tar`;
      const { data, error } = await direct.POST('/images/create', { params: { query: { fromSrc: url, repo: `${run}/from-url`, changes: [`LABEL d2-owner=${run}`] } }, parseAs: 'stream' });
      expect(error).toBeUndefined();
      const progress: LayerProgress[] = [];
      const summary = await followProgress(data!, { onLine: (line) => line.status === 'Importing' && progress.push({ id: '', status: 'Importing', ...line.progressDetail }) });
      expect(summary.statuses[0]).toBe(`Downloading from ${url}`);
      expect(progress.at(-1)).toMatchObject({ current: tar.length, total: tar.length });
      expect(summary.imageId).toMatch(/^sha256:/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers 500 before streaming when the URL cannot be reached (through the proxy)', async () => {
    const { error } = await proxy.POST('/images/create', { params: { query: { fromSrc: 'http://127.0.0.1:9/none.tar', repo: `${run}/never` } } });
    expect(error?.status).toBe(500);
    expect(error?.message).toMatch(/connection refused/);
  });
});

describe('export (GET /images/{name}/get, GET /images/get) and load (POST /images/load)', () => {
  it('exports one image as a docker-save tarball and loads it back', async () => {
    const repo = `${run}/saved`;
    const id = await importTar(await rootfs(2_000_000), { repo, tag: 'v1', changes: [`LABEL d2-owner=${run}`] });
    const { data, error, response } = await direct.GET('/images/{name}/get', { params: { path: { name: `${repo}:v1` } }, parseAs: 'stream' });
    expect(error).toBeUndefined();
    expect(response.headers.get('content-type')).toBe('application/x-tar');
    const tar = await bytesOf(data);
    const entries = readTar(tar);
    const names = entries.map((e) => e.name);
    expect(names).toContain('manifest.json');
    expect(names).toContain('repositories');
    expect(names).toContain(`${id.slice('sha256:'.length)}.json`);
    const manifest = JSON.parse(text(entries.find((e) => e.name === 'manifest.json')!.content));
    expect(manifest).toEqual([{ Config: `${id.slice('sha256:'.length)}.json`, RepoTags: [`${repo}:v1`], Layers: [expect.stringMatching(/^[0-9a-f]{64}\/layer\.tar$/)] }]);
    const layer = entries.find((e) => e.name === manifest[0].Layers[0])!;
    expect(readTar(layer.content).map((e) => e.name)).toEqual(['data/', 'data/payload.bin', 'data/hello.txt']);
    const config = JSON.parse(text(entries.find((e) => e.name === `${id.slice('sha256:'.length)}.json`)!.content));
    expect(config.config.Labels).toEqual({ 'd2-owner': run });

    // remove it, then load it back: new layers are reported, then the loaded name
    await direct.DELETE('/images/{name}', { params: { path: { name: `${repo}:v1` } } });
    const loaded = await direct.POST('/images/load', { params: { query: { quiet: false } }, body: new Blob([tar]), parseAs: 'stream' });
    expect(loaded.error).toBeUndefined();
    const layers: LayerProgress[] = [];
    const summary = await followProgress(loaded.data!, { onLayer: (p) => layers.push(p) });
    expect(layers.length).toBeGreaterThan(0);
    expect(layers.every((p) => p.status === 'Loading layer')).toBe(true);
    expect(layers.at(-1)).toMatchObject({ current: layers.at(-1)!.total });
    expect(summary.output).toEqual([`Loaded image: ${repo}:v1`]);
    expect((await proxy.GET('/images/{name}/json', { params: { path: { name: `${repo}:v1` } } })).data?.Id).toBe(id);

    // quiet: only the result line
    await direct.DELETE('/images/{name}', { params: { path: { name: `${repo}:v1` } } });
    const quiet = await direct.POST('/images/load', { params: { query: { quiet: true } }, body: new Blob([tar]), parseAs: 'stream' });
    const lines = [];
    for await (const line of ndjson<ProgressMessage>(quiet.data!)) lines.push(line);
    expect(lines).toEqual([{ stream: `Loaded image: ${repo}:v1\n` }]);
  });

  it('exports several images in one tarball, and nothing but an empty manifest without names', async () => {
    const first = await importTar(await rootfs(1000), { repo: `${run}/multi-a`, tag: '1', changes: [`LABEL d2-owner=${run}`] });
    const second = await importTar(await rootfs(1000), { repo: `${run}/multi-b`, tag: '1', changes: [`LABEL d2-owner=${run}`] });
    const { data, error } = await direct.GET('/images/get', { params: { query: { names: [`${run}/multi-a:1`, `${run}/multi-b:1`] } }, parseAs: 'stream' });
    expect(error).toBeUndefined();
    const entries = readTar(await bytesOf(data));
    const manifest = JSON.parse(text(entries.find((e) => e.name === 'manifest.json')!.content)) as { Config: string; RepoTags: string[] }[];
    expect(manifest.map((m) => m.RepoTags).sort()).toEqual([[`${run}/multi-a:1`], [`${run}/multi-b:1`]]);
    expect(manifest.map((m) => `sha256:${m.Config.replace(/\.json$/, '')}`).sort()).toEqual([first, second].sort());
    const repositories = JSON.parse(text(entries.find((e) => e.name === 'repositories')!.content));
    expect(Object.keys(repositories).sort()).toEqual([`${run}/multi-a`, `${run}/multi-b`]);

    const none = await direct.GET('/images/get', { parseAs: 'stream' });
    const empty = readTar(await bytesOf(none.data));
    expect(empty.map((e) => e.name)).toEqual(['manifest.json']);
    expect(JSON.parse(text(empty[0]!.content))).toBeNull();
  });

  it('answers 404 for an unknown image (through the proxy, before any tar is sent)', async () => {
    const one = await proxy.GET('/images/{name}/get', { params: { path: { name: `${run}-missing` } }, parseAs: 'stream' });
    expect(one.error?.status).toBe(404);
    expect(one.error?.message).toBe(`No such image: ${run}-missing`);
    const several = await proxy.GET('/images/get', { params: { query: { names: [base, `${run}-missing`] } }, parseAs: 'stream' });
    expect(several.error?.status).toBe(404);
  });

  it('reports a body that is not a docker-save tarball as an error line in a 200 stream', async () => {
    const { data, error, response } = await direct.POST('/images/load', { body: new Blob([await makeTar([{ name: 'hello.txt', content: 'not an image' }])]), parseAs: 'stream' });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    const failure = await followProgress(data!).catch((e) => e);
    expect(failure).toBeInstanceOf(DockerStreamError);
    expect(failure.message).toMatch(/repositories: no such file or directory/);
  });
});

describe('build (POST /build)', () => {
  const dockerfile = [
    `FROM ${base}`,
    'ARG GREETING=hi',
    `LABEL d2-owner=${run}`,
    'COPY greeting.txt /greeting.txt',
    'RUN echo "$GREETING" >> /greeting.txt',
    'CMD ["cat", "/greeting.txt"]',
  ].join('\n');
  const context = () => makeTar([{ name: 'Dockerfile', content: `${dockerfile}\n` }, { name: 'greeting.txt', content: 'from the context\n' }]);

  it('builds with the classic builder, streaming each step, and tags the image', async () => {
    const tags = [`${run}/built:1`, `${run}/built:latest`];
    const { data, error } = await direct.POST('/build', {
      params: { query: { t: tags, buildargs: JSON.stringify({ GREETING: 'hello' }), labels: JSON.stringify({ 'org.example.stage': 'test' }), rm: true, version: '1' } },
      body: new Blob([await context()]),
      parseAs: 'stream',
    });
    expect(error).toBeUndefined();
    const summary = await followProgress(data!);
    expect(summary.output.filter((l) => /^Step \d+\/\d+ : /.test(l))).toEqual([
      `Step 1/7 : FROM ${base}`,
      'Step 2/7 : ARG GREETING=hi',
      `Step 3/7 : LABEL d2-owner=${run}`,
      'Step 4/7 : COPY greeting.txt /greeting.txt',
      'Step 5/7 : RUN echo "$GREETING" >> /greeting.txt',
      'Step 6/7 : CMD ["cat", "/greeting.txt"]',
      'Step 7/7 : LABEL org.example.stage=test',
    ]);
    expect(summary.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(summary.output).toContain(`Successfully tagged ${tags[0]}`);
    expect(summary.output).toContain(`Successfully tagged ${tags[1]}`);

    const inspect = await proxy.GET('/images/{name}/json', { params: { path: { name: tags[0]! } } });
    expect(inspect.data?.Id).toBe(summary.imageId);
    expect(inspect.data?.Config?.Cmd).toEqual(['cat', '/greeting.txt']);
    expect(inspect.data?.Config?.Labels).toEqual({ 'd2-owner': run, 'org.example.stage': 'test' });
    expect(inspect.data?.RepoTags?.sort()).toEqual([...tags].sort());
    const history = await proxy.GET('/images/{name}/history', { params: { path: { name: tags[0]! } } });
    expect(history.data?.some((h) => h.CreatedBy.includes('GREETING=hello'))).toBe(true);

    // the image really holds what the build wrote: export it and read the RUN layer
    const saved = await direct.GET('/images/{name}/get', { params: { path: { name: tags[0]! } }, parseAs: 'stream' });
    const entries = readTar(await bytesOf(saved.data));
    const files = entries.filter((e) => e.name.endsWith('/layer.tar')).flatMap((l) => readTar(l.content)).filter((f) => f.name === 'greeting.txt');
    expect(files.map((f) => text(f.content))).toContain('from the context\nhello\n');
  });

  it('prints only the image ID when quiet', async () => {
    const { data } = await direct.POST('/build', { params: { query: { q: true, t: [`${run}/quiet:1`] } }, body: new Blob([await context()]), parseAs: 'stream' });
    const summary = await followProgress(data!);
    expect(summary.output).toEqual([expect.stringMatching(/^sha256:[0-9a-f]{64}$/)]);
    expect(summary.imageId).toBe(summary.output[0]);
  });

  it('builds with BuildKit (version=2), whose stream carries trace records and the image ID', async () => {
    const { data, error } = await direct.POST('/build', {
      params: { query: { version: '2', t: [`${run}/buildkit:1`], networkmode: 'none' } },
      body: new Blob([await context()]),
      parseAs: 'stream',
    });
    expect(error).toBeUndefined();
    const ids = new Set<string>();
    const summary = await followProgress(data!, { onLine: (line) => line.id && ids.add(line.id) });
    expect(ids).toContain('moby.buildkit.trace');
    expect(ids).toContain('moby.image.id');
    expect(summary.aux.some((a) => typeof a === 'string' && Buffer.from(a, 'base64').length > 0)).toBe(true);
    expect(summary.imageId).toMatch(/^sha256:/);
    const inspect = await proxy.GET('/images/{name}/json', { params: { path: { name: `${run}/buildkit:1` } } });
    expect(inspect.data?.Comment).toBe('buildkit.dockerfile.v0');
    expect(inspect.data?.Id).toBe(summary.imageId);
  });

  it('ends the stream with an error line carrying the failing step exit code', async () => {
    const failing = await makeTar([{ name: 'Dockerfile', content: `FROM ${base}\nRUN exit 3\n` }]);
    const { data, response } = await direct.POST('/build', { params: { query: { forcerm: true } }, body: new Blob([failing]), parseAs: 'stream' });
    expect(response.status).toBe(200);
    const failure = await followProgress(data!).catch((e) => e);
    expect(failure).toBeInstanceOf(DockerStreamError);
    expect(failure).toMatchObject({ code: 'stream-error', exitCode: 3 });
    expect(failure.message).toBe("The command '/bin/sh -c exit 3' returned a non-zero code: 3");
    expect(failure.summary.output).toContain('Step 2/2 : RUN exit 3');
  });

  it('answers 400 for a Dockerfile it cannot parse and 500 for a missing one, before any output', async () => {
    const bad = await direct.POST('/build', { body: new Blob([await makeTar([{ name: 'Dockerfile', content: 'FROMM nothing\n' }])]) });
    expect(bad.error?.status).toBe(400);
    expect(bad.error?.message).toBe('dockerfile parse error line 1: unknown instruction: FROMM');
    const missing = await direct.POST('/build', { params: { query: { dockerfile: 'nope/Dockerfile' } }, body: new Blob([await context()]) });
    expect(missing.error?.status).toBe(500);
    expect(missing.error?.message).toBe('Cannot locate specified Dockerfile: nope/Dockerfile');
  });
});
