// Class 16: per-call `headers` given as a plain object, a Headers object or [name, value] pairs
// arrive on every route: JSON, binary uploads (bytes, Blob, stream), multipart, streamed answers,
// HEAD and DELETE, on Portainer, through its Docker proxy and on a daemon directly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerEngineClient, createPortainerClient, createTar } from '../../src/index.js';
import { json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await scriptedServer((req, res) => {
    if (req.method === 'HEAD') return void res.writeHead(200, { 'X-Docker-Container-Path-Stat': Buffer.from('{"name":"x","mode":0}').toString('base64') }).end();
    if (req.method === 'DELETE') return void res.writeHead(204).end();
    return json(res, 200, {});
  });
});
afterAll(() => server.close());

const FORMS = {
  object: () => ({ 'X-Trace': 'trace-1', 'X-Tenant': 'blue' }),
  Headers: () => new Headers({ 'X-Trace': 'trace-1', 'X-Tenant': 'blue' }),
  pairs: () => [
    ['X-Trace', 'trace-1'],
    ['X-Tenant', 'blue'],
  ],
};

async function routes(headers: () => unknown) {
  const portainer = createPortainerClient({ url: server.url, apiKey: 'ptr_HeadersKey0123456789' });
  const docker = portainer.docker(1);
  const daemon = createDockerEngineClient({ url: server.url });
  const tar = new Uint8Array(await createTar([{ name: 'Dockerfile', data: 'FROM scratch\n' }]));
  const h = () => headers() as never;
  return {
    'GET JSON': () => portainer.GET('/endpoints', { headers: h() }),
    'POST JSON': () => portainer.POST('/tags', { body: { Name: 'x' }, headers: h() }),
    'DELETE': () => portainer.DELETE('/endpoints/{id}', { params: { path: { id: 1 } }, headers: h(), parseAs: 'text' }),
    'multipart POST /endpoints': () => portainer.POST('/endpoints', { body: { Name: 'e', EndpointCreationType: 1 } as never, headers: h() }),
    'binary PUT (bytes)': () => docker.PUT('/containers/{id}/archive', { params: { path: { id: 'c' }, query: { path: '/' } }, body: tar as never, headers: h(), parseAs: 'text' }),
    'binary PUT (Blob)': () => docker.PUT('/containers/{id}/archive', { params: { path: { id: 'c' }, query: { path: '/' } }, body: new Blob([tar]) as never, headers: h(), parseAs: 'text' }),
    'binary PUT (stream)': () =>
      docker.PUT('/containers/{id}/archive', { params: { path: { id: 'c' }, query: { path: '/' } }, body: new Blob([tar]).stream() as never, headers: h(), parseAs: 'text' }),
    'POST /build (bytes)': () => docker.POST('/build', { body: tar as never, headers: h(), parseAs: 'stream' }),
    'POST /images/load': () => daemon.POST('/images/load', { body: tar as never, headers: h(), parseAs: 'stream' }),
    'streamed GET /events': () => daemon.GET('/events', { headers: h(), parseAs: 'stream' }),
    'HEAD archive': () => daemon.HEAD('/containers/{id}/archive', { params: { path: { id: 'c' }, query: { path: '/' } }, headers: h() }),
  } as Record<string, () => Promise<{ error?: unknown; data?: unknown }>>;
}

describe.each(Object.entries(FORMS))('headers as %s', (_form, headers) => {
  it('arrive on every route', { timeout: 10_000 }, async () => {
    const missing: string[] = [];
    for (const [name, call] of Object.entries(await routes(headers))) {
      const before = server.seen.length;
      const outcome: { error?: unknown; data?: unknown } = await call().catch((error: unknown) => ({ error }));
      if (outcome.data instanceof ReadableStream) await outcome.data.cancel();
      const seen = server.seen[before];
      if (outcome.error || !seen || seen.headers['x-trace'] !== 'trace-1' || seen.headers['x-tenant'] !== 'blue') {
        missing.push(`${name}: ${outcome.error ? String(outcome.error) : seen ? JSON.stringify({ trace: seen.headers['x-trace'], tenant: seen.headers['x-tenant'] }) : 'not sent'}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
