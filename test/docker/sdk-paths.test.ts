// Paths as clients send them: this package's client sends every path parameter as one encoded
// segment (`encodeURIComponent`, so `/` becomes `%2F`); the Docker CLI and dockerode send names
// with `/` unencoded across segments, and the CLI puts every path under `/v1.41`. The daemon
// decodes a path before routing it, so these are the same requests to it: shown here on the
// daemon itself, which is what lets the real-client tiers hand Prism the one-segment form. A
// name starting with `/` is the exception the description warns about: it decodes to `//`, which
// the daemon answers with a redirect.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDockerEngineClient } from '../../src/index.js';

const daemonUrl = inject('dockerUrl');
const proxy = createDockerEngineClient({ url: inject('dockerProxyUrl'), retry: { attempts: 1 } });
const daemon = createDockerEngineClient({ url: daemonUrl, retry: { attempts: 1 } });
const RUN = Math.random().toString(36).slice(2, 8);
const named = `sdk-paths/${RUN}:1`;
const container = `sdk-paths-${RUN}`;

/** Status, redirect target and JSON body of a request straight to the daemon, redirects not followed. */
async function raw(method: string, path: string): Promise<{ status: number; location: string | null; body: unknown }> {
  const response = await fetch(`${daemonUrl}${path}`, { method, redirect: 'manual', signal: AbortSignal.timeout(20_000) });
  const json = /json/.test(response.headers.get('content-type') ?? '');
  return { status: response.status, location: response.headers.get('location'), body: json ? await response.json() : await response.text() };
}

beforeAll(async () => {
  const [repo, tag] = named.split(':') as [string, string];
  const tagged = await daemon.POST('/images/{name}/tag', { params: { path: { name: inject('testImage') }, query: { repo, tag } } });
  if (tagged.error) throw tagged.error;
  const created = await daemon.POST('/containers/create', { params: { query: { name: container } }, body: { Image: inject('testImage'), Cmd: ['true'], HostConfig: { NetworkMode: 'none' } } });
  if (created.error) throw created.error;
});

afterAll(async () => {
  await daemon.DELETE('/containers/{id}', { params: { path: { id: container }, query: { force: true } } });
  await daemon.DELETE('/images/{name}', { params: { path: { name: named } } });
  await proxy.close();
  await daemon.close();
});

describe('a name that holds `/`', () => {
  it('reaches the same image encoded as one segment and unencoded across segments', async () => {
    const encoded = await raw('GET', `/images/${encodeURIComponent(named)}/json`);
    const spread = await raw('GET', `/images/${named}/json`);
    expect(encoded.status).toBe(200);
    expect(spread).toEqual(encoded);
    expect((encoded.body as { RepoTags: string[] }).RepoTags).toContain(named);
  });

  it('is sent encoded by this package’s client, which the description and the daemon accept', async () => {
    const { data, error, response } = await proxy.GET('/images/{name}/json', { params: { path: { name: named } } });
    expect(error).toBeUndefined();
    expect(new URL(response.url).pathname).toBe(`/images/${encodeURIComponent(named)}/json`);
    expect(data?.RepoTags).toContain(named);
  });

  it('names the same plugin either way (the daemon decodes before it looks)', async () => {
    const encoded = await raw('GET', `/plugins/${encodeURIComponent('vieux/sshfs:latest')}/json`);
    const spread = await raw('GET', '/plugins/vieux/sshfs:latest/json');
    expect(encoded).toEqual({ status: 404, location: null, body: { message: 'plugin "vieux/sshfs:latest" not found' } });
    expect(spread).toEqual(encoded);
  });
});

describe('the version prefix', () => {
  it('changes nothing for API 1.41: the same route answers with and without it', async () => {
    const plain = await raw('GET', `/containers/${container}/json`);
    const versioned = await raw('GET', `/v1.41/containers/${container}/json`);
    expect(plain.status).toBe(200);
    expect(versioned).toEqual(plain);
  });
});

describe('a name starting with `/`', () => {
  it('is redirected, not served: `%2F` at the start decodes to `//`', async () => {
    expect(await raw('GET', `/containers/${encodeURIComponent(`/${container}`)}/json`)).toMatchObject({
      status: 301,
      location: `/containers/${container}/json`,
    });
    expect(await raw('POST', `/containers/${encodeURIComponent(`/${container}`)}/start`)).toMatchObject({
      status: 301,
      location: `/containers/${container}/start`,
    });
  });
});
