// Registry operations against an in-memory registry on loopback (test/docker/d2-registry.ts), so
// the daemon can log in, push, pull, search and inspect distribution data with no network; and
// the error answers when no registry can be reached. JSON answers go through the validating
// proxy; progress streams straight to the daemon.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DockerStreamError, followProgress, type LayerProgress } from '../../src/index.js';
import { directClient, makeTar, proxyClient, unique } from './d2-helpers.js';
import { startFakeRegistry, type FakeRegistry } from './d2-registry.js';

const proxy = proxyClient();
const direct = directClient();
const run = unique('d2-reg');
const user = { username: 'd2-deploy', password: `pw-${run}` };
let registry: FakeRegistry;
let repo = ''; // localhost:PORT/d2/<run>
let pushedDigest = '';

/** X-Registry-Auth as the daemon decodes it: URL-safe base64 with padding. */
function xRegistryAuth(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

beforeAll(async () => {
  registry = await startFakeRegistry({ auth: user, searchable: [{ name: `d2/${run}`, description: 'pushed by the d2 tests', star_count: 3 }] });
  repo = `${registry.host}/d2/${run}`;
  // a new image with a random layer, so the registry has nothing of it yet
  const payload = new Uint8Array(300_000);
  crypto.getRandomValues(payload.subarray(0, 65536));
  const { data } = await direct.POST('/images/create', {
    params: { query: { fromSrc: '-', repo, tag: '1', changes: [`LABEL d2-owner=${run}`] } },
    body: new Blob([await makeTar([{ name: 'payload.bin', content: payload }])]),
    parseAs: 'stream',
  });
  await followProgress(data!);
});

afterAll(async () => {
  const { data } = await direct.GET('/images/json', { params: { query: { all: true } } });
  for (const image of data ?? []) {
    if (image.Labels?.['d2-owner'] === run) await direct.DELETE('/images/{name}', { params: { path: { name: image.Id }, query: { force: true } } });
  }
  await registry?.close();
  await proxy.close();
  await direct.close();
});

describe('POST /auth', () => {
  it('logs in with the right credentials', async () => {
    const { data, error } = await proxy.POST('/auth', { body: { ...user, serveraddress: registry.host } });
    expect(error).toBeUndefined();
    expect(data).toEqual({ IdentityToken: '', Status: 'Login Succeeded' });
  });

  it('answers 500 (Docker 20.10) when the registry refuses them', async () => {
    const { error } = await proxy.POST('/auth', { body: { username: user.username, password: 'wrong', serveraddress: registry.host } });
    expect(error?.status).toBe(500);
    expect(error?.message).toBe(`login attempt to https://${registry.host}/v2/ failed with status: 401 Unauthorized`);
  });

  it('answers 500 when no registry can be reached (Docker Hub, offline)', async () => {
    const { error } = await proxy.POST('/auth', { body: { username: 'someone', password: 'secret' } });
    expect(error?.status).toBe(500);
    expect(error?.message).toMatch(/registry-1\.docker\.io/);
  });
});

describe('push, distribution inspect and pull', () => {
  it('pushes the image, reporting each layer, and ends with the digest', async () => {
    const { data, error, response } = await direct.POST('/images/{name}/push', {
      params: { path: { name: repo }, query: { tag: '1' }, header: { 'X-Registry-Auth': xRegistryAuth({ ...user, serveraddress: registry.host }) } },
      parseAs: 'stream',
    });
    expect(error).toBeUndefined();
    expect(response.headers.get('content-type')).toBe('application/json');
    const statuses = new Set<string>();
    const summary = await followProgress(data!, { onLayer: (p: LayerProgress) => statuses.add(p.status) });
    expect([...statuses]).toEqual(expect.arrayContaining(['Preparing', 'Pushing', 'Pushed']));
    expect(summary.statuses[0]).toBe(`The push refers to repository [${repo}]`);
    expect(summary.aux).toEqual([{ Tag: '1', Digest: summary.digest, Size: expect.any(Number) }]);
    pushedDigest = summary.digest!;
    expect(registry.manifests.get(`d2/${run}:1`)?.digest).toBe(pushedDigest);
  });

  it('ignores credentials that are not padded URL-safe base64, and ends the stream with the registry refusal', async () => {
    // credentials whose standard base64 holds "+" or "/", and whose base64url needs padding
    const creds = { ...user, password: 'p>?>?~~', serveraddress: registry.host };
    while (JSON.stringify(creds).length % 3 === 0 || !/[+/]/.test(Buffer.from(JSON.stringify(creds)).toString('base64'))) creds.password += '?';
    const json = JSON.stringify(creds);
    const standard = Buffer.from(json).toString('base64');
    const unpadded = Buffer.from(json).toString('base64url');
    expect(standard).toMatch(/[+/]/);
    expect(xRegistryAuth(creds)).toMatch(/=$/);
    for (const header of [standard, unpadded]) {
      const { data } = await direct.POST('/images/{name}/push', { params: { path: { name: repo }, query: { tag: '1' }, header: { 'X-Registry-Auth': header } }, parseAs: 'stream' });
      const failure = await followProgress(data!).catch((e) => e);
      expect(failure).toBeInstanceOf(DockerStreamError);
      expect(failure.message).toBe('no basic auth credentials');
    }
  });

  it('refuses a push with neither X-Registry-Auth nor credentials in the body (400)', async () => {
    const { error, response } = await proxy.POST('/images/{name}/push', { params: { path: { name: repo }, query: { tag: '1' } } });
    expect(response.status).toBe(400);
    expect(error?.message).toMatch(/^Bad parameters and missing X-Registry-Auth: /); // the client redacts what follows
  });

  it('pushes with the credentials in a JSON body instead of X-Registry-Auth (API 1.41)', async () => {
    const { data, error } = await direct.POST('/images/{name}/push', {
      params: { path: { name: repo }, query: { tag: '1' } },
      body: { ...user, serveraddress: registry.host },
      parseAs: 'stream',
    });
    expect(error).toBeUndefined();
    expect((await followProgress(data!)).digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('answers 500 before streaming for a name that is not a valid reference', async () => {
    const { error } = await proxy.POST('/images/{name}/push', { params: { path: { name: 'Not/Valid' }, header: { 'X-Registry-Auth': xRegistryAuth({}) } } });
    expect(error?.status).toBe(500);
    expect(error?.message).toBe('invalid reference format: repository name must be lowercase');
  });

  it('inspects the pushed image in the registry without pulling it', async () => {
    const { data, error } = await proxy.GET('/distribution/{name}/json', {
      params: { path: { name: `${repo}:1` }, header: { 'X-Registry-Auth': xRegistryAuth({ ...user, serveraddress: registry.host }) } },
    });
    expect(error).toBeUndefined();
    expect(data?.Descriptor).toEqual({ mediaType: 'application/vnd.docker.distribution.manifest.v2+json', digest: pushedDigest, size: expect.any(Number) });
    expect(data?.Platforms).toEqual([expect.objectContaining({ os: 'linux' })]);
  });

  it('answers 404 for an unknown tag and 500 without credentials', async () => {
    const auth = xRegistryAuth({ ...user, serveraddress: registry.host });
    const unknown = await proxy.GET('/distribution/{name}/json', { params: { path: { name: `${repo}:nope` }, header: { 'X-Registry-Auth': auth } } });
    expect(unknown.error?.status).toBe(404);
    expect(unknown.error?.message).toBe('manifest unknown');
    const anonymous = await proxy.GET('/distribution/{name}/json', { params: { path: { name: `${repo}:1` } } });
    expect(anonymous.error?.status).toBe(500);
    expect(anonymous.error?.message).toMatch(/no basic auth credentials/);
  });

  it('pulls the image back after it was removed, layer by layer', async () => {
    const removed = await proxy.DELETE('/images/{name}', { params: { path: { name: `${repo}:1` } } });
    expect(removed.data).toEqual(expect.arrayContaining([{ Untagged: `${repo}:1` }, { Untagged: `${repo}@${pushedDigest}` }, expect.objectContaining({ Deleted: expect.any(String) })]));

    const auth = xRegistryAuth({ ...user, serveraddress: registry.host });
    const { data, error } = await direct.POST('/images/create', { params: { query: { fromImage: repo, tag: '1' }, header: { 'X-Registry-Auth': auth } }, parseAs: 'stream' });
    expect(error).toBeUndefined();
    const statuses = new Set<string>();
    const summary = await followProgress(data!, { onLayer: (p) => statuses.add(p.status) });
    expect([...statuses]).toEqual(expect.arrayContaining(['Pulling fs layer', 'Download complete', 'Extracting', 'Pull complete']));
    expect(summary.digest).toBe(pushedDigest);
    expect(summary.statuses.at(-1)).toBe(`Status: Downloaded newer image for ${repo}:1`);

    const inspect = await proxy.GET('/images/{name}/json', { params: { path: { name: `${repo}:1` } } });
    expect(inspect.data?.RepoDigests).toEqual([`${repo}@${pushedDigest}`]);
    expect(inspect.data?.Config?.Labels).toEqual({ 'd2-owner': run });

    const again = await direct.POST('/images/create', { params: { query: { fromImage: `${repo}:1` }, header: { 'X-Registry-Auth': auth } }, parseAs: 'stream' });
    expect((await followProgress(again.data!)).statuses.at(-1)).toBe(`Status: Image is up to date for ${repo}:1`);
  });

  it('answers 500 before streaming when the registry refuses or cannot be reached, and 400 for an invalid name', async () => {
    const anonymous = await proxy.POST('/images/create', { params: { query: { fromImage: `${repo}:1` } } });
    expect(anonymous.error?.status).toBe(500);
    const offline = await proxy.POST('/images/create', { params: { query: { fromImage: 'busybox', tag: 'latest' } } });
    expect(offline.error?.status).toBe(500);
    expect(offline.error?.message).toMatch(/registry-1\.docker\.io/);
    const invalid = await proxy.POST('/images/create', { params: { query: { fromImage: 'Not/Valid' } } });
    expect(invalid.error?.status).toBe(400);
    expect(invalid.error?.message).toBe('invalid reference format: repository name must be lowercase');
  });

  it('reports a push to an unreachable registry as an error line', async () => {
    const offline = `localhost:9/d2/${run}`;
    await proxy.POST('/images/{name}/tag', { params: { path: { name: `${repo}:1` }, query: { repo: offline, tag: '1' } } });
    const { data, response } = await direct.POST('/images/{name}/push', {
      params: { path: { name: offline }, query: { tag: '1' }, header: { 'X-Registry-Auth': xRegistryAuth({}) } },
      parseAs: 'stream',
    });
    expect(response.status).toBe(200);
    const failure = await followProgress(data!).catch((e) => e);
    expect(failure).toBeInstanceOf(DockerStreamError);
    expect(failure.message).toMatch(/connection refused/);
    expect(failure.summary.statuses[0]).toBe(`The push refers to repository [${offline}]`);
    await proxy.DELETE('/images/{name}', { params: { path: { name: `${offline}:1` } } });
  });
});

describe('GET /images/search', () => {
  it('searches the registry named in the term', async () => {
    const { data, error } = await proxy.GET('/images/search', { params: { query: { term: `${registry.host}/${run}`, limit: 10 } } });
    expect(error).toBeUndefined();
    expect(data).toEqual([{ name: `d2/${run}`, description: 'pushed by the d2 tests', star_count: 3, is_official: false, is_automated: false }]);
    const starred = await proxy.GET('/images/search', { params: { query: { term: `${registry.host}/${run}`, filters: JSON.stringify({ stars: ['5'] }) } } });
    expect(starred.data).toEqual([]);
  });
});
