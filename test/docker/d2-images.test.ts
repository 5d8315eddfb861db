// Images through the validating Prism proxy: tag, inspect, history, list, remove, commit, prune,
// search, and their error answers. Setup that needs a tar body (imports) goes to the daemon
// directly; every call under test goes through the proxy.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { followProgress } from '../../src/index.js';
import { directClient, makeTar, proxyClient, unique } from './d2-helpers.js';

const proxy = proxyClient();
const direct = directClient();
const base = inject('testImage');
const run = unique('d2-img');
// A name with a registry host (so a `:` before the path), a nested path and a tag: it must be sent
// percent-encoded as one path segment.
const remoteName = `registry.example.org:5000/${run}/app`;
const containers: string[] = [];
let baseId = '';

/** Imports a tiny unique root file system as an image (straight to the daemon: a tar body). */
async function importImage(query: { repo?: string; tag?: string; changes?: string[] }): Promise<string> {
  const tar = await makeTar([{ name: 'marker.txt', content: `${run} ${Math.random()}\n` }]);
  const { data, error } = await direct.POST('/images/create', {
    params: { query: { fromSrc: '-', ...query } },
    body: new Blob([tar]),
    parseAs: 'stream',
  });
  expect(error).toBeUndefined();
  const summary = await followProgress(data!);
  expect(summary.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
  return summary.imageId!;
}

async function createContainer(image: string, labels: Record<string, string> = {}): Promise<string> {
  const { data, error } = await direct.POST('/containers/create', {
    params: { query: { name: unique(run) } },
    body: { Image: image, Cmd: ['sleep', '30'], Labels: { 'd2-owner': run, ...labels } },
  });
  expect(error).toBeUndefined();
  containers.push(data!.Id);
  return data!.Id;
}

beforeAll(async () => {
  const { data } = await proxy.GET('/images/{name}/json', { params: { path: { name: base } } });
  baseId = data!.Id!;
});

afterAll(async () => {
  for (const id of containers) await direct.DELETE('/containers/{id}', { params: { path: { id }, query: { force: true } } });
  const { data } = await direct.GET('/images/json', { params: { query: { all: true } } });
  for (const image of data ?? []) {
    const mine = (image.RepoTags ?? []).filter((t) => t.includes(run));
    for (const tag of mine) await direct.DELETE('/images/{name}', { params: { path: { name: tag }, query: { force: true } } });
    if (image.Labels?.['d2-prune'] === run || image.Labels?.['d2-owner'] === run) await direct.DELETE('/images/{name}', { params: { path: { name: image.Id }, query: { force: true } } });
  }
  await proxy.close();
  await direct.close();
});

describe('an image name with a registry host, a path and a tag', () => {
  it('is tagged, found by that name in inspect, history and list, and untagged again', async () => {
    const tagged = await proxy.POST('/images/{name}/tag', { params: { path: { name: base }, query: { repo: remoteName, tag: '1.0' } } });
    expect(tagged.error).toBeUndefined();
    expect(tagged.response.status).toBe(201);

    const full = `${remoteName}:1.0`;
    const inspect = await proxy.GET('/images/{name}/json', { params: { path: { name: full } } });
    expect(inspect.error).toBeUndefined();
    // the client sent the name as one percent-encoded segment, and the daemon understood it
    expect(new URL(inspect.response.url).pathname).toContain(encodeURIComponent(full));
    expect(inspect.data?.Id).toBe(baseId);
    expect(inspect.data?.RepoTags).toContain(full);
    expect(inspect.data?.RootFS?.Type).toBe('layers');
    expect(inspect.data?.Config?.Cmd).toEqual(['sh']);

    const history = await proxy.GET('/images/{name}/history', { params: { path: { name: full } } });
    expect(history.error).toBeUndefined();
    expect(history.data?.at(-1)?.Comment).toBe('Imported from -');
    expect(history.data?.[0]?.Tags).toContain(full);

    const list = await proxy.GET('/images/json', { params: { query: { filters: JSON.stringify({ reference: [remoteName] }) } } });
    expect(list.error).toBeUndefined();
    expect(list.data).toHaveLength(1);
    expect(list.data?.[0]?.Id).toBe(baseId);
    // the reference filter narrows the names shown to the matching ones
    expect(list.data?.[0]?.RepoTags).toEqual([full]);

    const removed = await proxy.DELETE('/images/{name}', { params: { path: { name: full } } });
    expect(removed.error).toBeUndefined();
    expect(removed.data).toEqual([{ Untagged: full }]);

    const gone = await proxy.GET('/images/{name}/json', { params: { path: { name: full } } });
    expect(gone.error?.status).toBe(404);
    expect(gone.error?.message).toMatch(/no such image/i);
    const after = await proxy.GET('/images/json', { params: { query: { filters: JSON.stringify({ reference: [remoteName] }) } } });
    expect(after.data).toEqual([]);
  });

  it('is found by ID and by ID prefix', async () => {
    for (const name of [baseId, baseId.slice('sha256:'.length, 'sha256:'.length + 12)]) {
      const { data, error } = await proxy.GET('/images/{name}/json', { params: { path: { name } } });
      expect(error).toBeUndefined();
      expect(data?.Id).toBe(baseId);
    }
  });
});

describe('image errors', () => {
  it('answers 404 for an unknown image, to inspect, history, tag and remove', async () => {
    const name = `${run}-missing:1`;
    const inspect = await proxy.GET('/images/{name}/json', { params: { path: { name } } });
    const history = await proxy.GET('/images/{name}/history', { params: { path: { name } } });
    const tag = await proxy.POST('/images/{name}/tag', { params: { path: { name }, query: { repo: `${run}/x` } } });
    const remove = await proxy.DELETE('/images/{name}', { params: { path: { name } } });
    for (const result of [inspect, history, tag, remove]) {
      expect(result.error?.status).toBe(404);
      expect(result.error?.message).toContain(`${run}-missing`);
    }
  });

  it('answers 500 for an invalid new reference (Docker 20.10)', async () => {
    const { error } = await proxy.POST('/images/{name}/tag', { params: { path: { name: base }, query: { repo: 'Upper/Case' } } });
    expect(error?.status).toBe(500);
    expect(error?.message).toMatch(/invalid reference format/);
  });

  it('refuses to remove an image a container uses (409), and removes it with force', async () => {
    const solo = `${run}/solo:1`;
    const id = await importImage({ repo: `${run}/solo`, tag: '1', changes: [`LABEL d2-owner=${run}`] });
    await createContainer(solo);
    const refused = await proxy.DELETE('/images/{name}', { params: { path: { name: solo } } });
    expect(refused.error?.status).toBe(409);
    expect(refused.error?.message).toMatch(/must force|is using/);
    const forced = await proxy.DELETE('/images/{name}', { params: { path: { name: solo }, query: { force: true } } });
    expect(forced.error).toBeUndefined();
    expect(forced.data).toContainEqual({ Untagged: solo });
    // the container still holds the image's layers; the image is no longer listed by name
    const list = await proxy.GET('/images/json', { params: { query: { filters: JSON.stringify({ reference: [`${run}/solo`] }) } } });
    expect(list.data).toEqual([]);
    expect(id).toMatch(/^sha256:/);
  });

  it('lists with filters and answers 400 for an unknown filter', async () => {
    const bad = await proxy.GET('/images/json', { params: { query: { filters: JSON.stringify({ bogus: ['1'] }) } } });
    expect(bad.error?.status).toBe(400);
    expect(bad.error?.message).toBe("Invalid filter 'bogus'");
    const all = await proxy.GET('/images/json', { params: { query: { all: true, digests: true } } });
    expect(all.error).toBeUndefined();
    const item = all.data?.find((i) => i.Id === baseId);
    expect(item?.RepoTags).toContain(base);
    expect(item?.Containers).toBe(-1); // not computed by the list (API 1.41)
  });
});

describe('commit', () => {
  it('saves a container as an image with the configuration, changes and metadata given', async () => {
    const container = await createContainer(base);
    const repo = `${run}/committed`;
    const { data, error, response } = await proxy.POST('/commit', {
      params: { query: { container, repo, tag: 'v1', comment: 'snapshot by d2', author: 'D2 Tests <d2@example.org>', pause: false, changes: ['ENV MODE=snapshot', 'LABEL stage=test'] } },
      body: { Labels: { 'd2-owner': run }, Cmd: ['echo', 'committed'] },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data?.Id).toMatch(/^sha256:[0-9a-f]{64}$/);

    const inspect = await proxy.GET('/images/{name}/json', { params: { path: { name: `${repo}:v1` } } });
    expect(inspect.data?.Id).toBe(data?.Id);
    expect(inspect.data?.Parent).toBe(baseId);
    expect(inspect.data?.Comment).toBe('snapshot by d2');
    expect(inspect.data?.Author).toBe('D2 Tests <d2@example.org>');
    expect(inspect.data?.Container).toBe(container);
    expect(inspect.data?.Config?.Env).toContain('MODE=snapshot');
    expect(inspect.data?.Config?.Labels).toMatchObject({ 'd2-owner': run, stage: 'test' });
    expect(inspect.data?.Config?.Cmd).toEqual(['echo', 'committed']);

    const removed = await proxy.DELETE('/images/{name}', { params: { path: { name: `${repo}:v1` } } });
    expect(removed.data).toContainEqual({ Deleted: data?.Id });
  });

  it('answers 404 for an unknown container and 500 for an invalid repository', async () => {
    const missing = await proxy.POST('/commit', { params: { query: { container: `${run}-nope` } } });
    expect(missing.error?.status).toBe(404);
    expect(missing.error?.message).toBe(`No such container: ${run}-nope`);
    const container = await createContainer(base);
    const invalid = await proxy.POST('/commit', { params: { query: { container, repo: 'Not/Valid' } } });
    expect(invalid.error?.status).toBe(500);
    expect(invalid.error?.message).toMatch(/invalid reference format/);
    // Docker 20.10 makes the image before it reads the name: an untagged image is left behind
    const left = await proxy.GET('/images/json', { params: { query: { filters: JSON.stringify({ dangling: ['true'], label: [`d2-owner=${run}`] }) } } });
    const parents = await Promise.all((left.data ?? []).map((i) => proxy.GET('/images/{name}/json', { params: { path: { name: i.Id } } })));
    expect(parents.map((p) => p.data?.Container)).toContain(container);
  });

  it('answers 400 without a container (straight to the daemon: the spec requires it)', async () => {
    const response = await fetch(`${inject('dockerUrl')}/commit`, { method: 'POST' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'invalid name or ID supplied: ""' });
  });
});

describe('prune', () => {
  it('removes the dangling images its filter selects, and only those', async () => {
    const dangling = await importImage({ changes: [`LABEL d2-prune=${run}`] });
    const keep = await importImage({ repo: `${run}/kept`, tag: '1', changes: [`LABEL d2-prune=${run}`] });
    const listed = await proxy.GET('/images/json', { params: { query: { filters: JSON.stringify({ dangling: ['true'], label: [`d2-prune=${run}`] }) } } });
    expect(listed.data?.map((i) => i.Id)).toEqual([dangling]);
    // API 1.41 shows an untagged image with placeholder names (empty lists from API 1.43)
    expect(listed.data?.[0]?.RepoTags).toEqual(['<none>:<none>']);
    expect(listed.data?.[0]?.RepoDigests).toEqual(['<none>@<none>']);

    const { data, error } = await proxy.POST('/images/prune', { params: { query: { filters: JSON.stringify({ label: [`d2-prune=${run}`] }) } } });
    expect(error).toBeUndefined();
    expect(data?.ImagesDeleted).toContainEqual({ Deleted: dangling });
    expect(data?.ImagesDeleted?.some((d) => d.Deleted === keep)).toBe(false);
    expect(data?.SpaceReclaimed).toBeGreaterThan(0);

    expect((await proxy.GET('/images/{name}/json', { params: { path: { name: dangling } } })).error?.status).toBe(404);
    expect((await proxy.GET('/images/{name}/json', { params: { path: { name: keep } } })).data?.Id).toBe(keep);

    const again = await proxy.POST('/images/prune', { params: { query: { filters: JSON.stringify({ label: [`d2-prune=${run}`] }) } } });
    expect(again.data).toEqual({ ImagesDeleted: null, SpaceReclaimed: 0 });
  });

  it('answers 400 for an unknown filter', async () => {
    const { error } = await proxy.POST('/images/prune', { params: { query: { filters: JSON.stringify({ bogus: ['1'] }) } } });
    expect(error?.status).toBe(400);
  });
});

describe('search', () => {
  it('answers 500 with the network error: the daemon cannot reach Docker Hub here', async () => {
    const { error } = await proxy.GET('/images/search', { params: { query: { term: 'busybox', limit: 5 } } });
    expect(error?.status).toBe(500);
    expect(error?.message).toMatch(/index\.docker\.io/);
  });

  it('answers 400 for an unknown filter before contacting any registry', async () => {
    const { error } = await proxy.GET('/images/search', { params: { query: { term: 'busybox', filters: JSON.stringify({ bogus: ['1'] }) } } });
    expect(error?.status).toBe(400);
    expect(error?.message).toBe("Invalid filter 'bogus'");
  });
});
