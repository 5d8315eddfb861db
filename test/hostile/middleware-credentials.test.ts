// Class 2: middleware never sees credentials. The Request objects middleware is handed (and may
// keep, log or send elsewhere) never carry the key or token, during or after the call; the
// credentials go on the request actually sent; what onRequest changes is sent too.
import type { Middleware } from 'openapi-fetch';
import { afterEach, describe, expect, it } from 'vitest';
import { createPortainerClient } from '../../src/index.js';
import { fakeJwt, json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

const KEY = 'ptr_MiddlewareMustNotSee0123';
const PASSWORD = 'middleware-must-not-see-pw';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const CREDENTIAL_HEADERS = ['x-api-key', 'authorization', 'cookie'];

function credentialsOn(request: Request): string[] {
  return CREDENTIAL_HEADERS.filter((name) => request.headers.has(name));
}

/** A middleware that keeps every Request it is shown, and checks each at once too. */
function spy() {
  const shown: Array<{ hook: string; request: Request }> = [];
  const middleware: Middleware = {
    onRequest: ({ request }) => void shown.push({ hook: 'onRequest', request }),
    onResponse: ({ request }) => void shown.push({ hook: 'onResponse', request }),
    onError: ({ request }) => void shown.push({ hook: 'onError', request }),
  };
  return { shown, middleware, exposed: () => shown.filter(({ request }) => credentialsOn(request).length).map(({ hook, request }) => `${hook} ${request.method}: ${credentialsOn(request)}`) };
}

async function portainer() {
  server = await scriptedServer((req, res, seen) => {
    if (seen.path === '/api/auth') return json(res, 200, { jwt: fakeJwt({ id: 1 }) });
    if (req.method === 'HEAD') return void res.writeHead(200).end();
    if (req.method === 'DELETE') return void res.writeHead(204).end();
    return json(res, 200, {});
  });
  return server;
}

const AUTHS = {
  apiKey: { apiKey: KEY },
  jwt: { jwt: fakeJwt({ id: 2 }) },
  password: { username: 'admin', password: PASSWORD },
} as const;

describe('the Requests middleware sees', () => {
  for (const [kind, auth] of Object.entries(AUTHS)) {
    it(`carry no credential for GET, HEAD, DELETE, POST and PUT (${kind})`, { timeout: 10_000 }, async () => {
      const { url } = await portainer();
      const client = createPortainerClient({ url, ...auth });
      const { middleware, exposed, shown } = spy();
      client.use(middleware);
      await client.GET('/endpoints');
      await client.HEAD('/endpoints' as never);
      await client.DELETE('/endpoints/{id}', { params: { path: { id: 3 } } });
      await client.POST('/tags', { body: { Name: 'x' } });
      await client.PUT('/tags/{id}' as never, { params: { path: { id: 3 } }, body: { name: 'y' } } as never);
      expect(shown.length).toBeGreaterThanOrEqual(10);
      expect(exposed()).toEqual([]);
      // The server did get the credential: it went on the request actually sent.
      const sent = server!.seen.filter((s) => s.path !== '/api/auth');
      expect(sent.every((s) => s.headers['x-api-key'] === KEY || /^Bearer ey/.test(s.headers.authorization ?? ''))).toBe(true);
    });
  }

  it('carry none in onError either (no answer at all)', { timeout: 10_000 }, async () => {
    const client = createPortainerClient({ url: 'http://127.0.0.1:9', apiKey: KEY, retry: { attempts: 1 } });
    const { middleware, exposed, shown } = spy();
    client.use(middleware);
    await client.GET('/endpoints').catch(() => {});
    await client.DELETE('/endpoints/{id}', { params: { path: { id: 3 } } }).catch(() => {});
    expect(shown.some((s) => s.hook === 'onError')).toBe(true);
    expect(exposed()).toEqual([]);
  });

  it("a caller's own Headers object is not written to", { timeout: 10_000 }, async () => {
    const { url } = await portainer();
    const client = createPortainerClient({ url, apiKey: KEY, headers: { 'X-Proxy': 'p' } });
    const mine = new Headers({ 'X-Request-Id': 'r1' });
    await client.GET('/endpoints', { headers: mine });
    await client.DELETE('/endpoints/{id}', { params: { path: { id: 3 } }, headers: mine });
    expect([...mine.keys()]).toEqual(['x-request-id']);
  });
});

describe('what onRequest changes is sent', () => {
  it('a header set on the given Request, and a replacement Request', { timeout: 10_000 }, async () => {
    const { url } = await portainer();
    const client = createPortainerClient({ url, apiKey: KEY });
    client.use({ onRequest: ({ request }) => void request.headers.set('X-Trace', 'in-place') });
    await client.GET('/endpoints');
    client.use({ onRequest: ({ request }) => new Request(request, { headers: { ...Object.fromEntries(request.headers), 'X-Replaced': 'yes' } }) });
    await client.GET('/endpoints');
    expect(server!.seen[0]!.headers['x-trace']).toBe('in-place');
    expect(server!.seen[1]!.headers['x-replaced']).toBe('yes');
    expect(server!.seen.every((s) => s.headers['x-api-key'] === KEY)).toBe(true);
  });

  it('a multipart body still arrives whole when middleware is installed', { timeout: 10_000 }, async () => {
    const { url } = await portainer();
    const client = createPortainerClient({ url, apiKey: KEY });
    client.use({ onRequest: () => undefined });
    await client.POST('/endpoints', { body: { Name: 'edge', EndpointCreationType: 1, TLSCACertFile: new Blob(['CA PEM']) } as never });
    const [seen] = server!.seen;
    const boundary = /boundary=(.+)$/.exec(seen!.headers['content-type'] ?? '')?.[1];
    expect(boundary).toBeTruthy();
    expect(seen!.body).toContain(`--${boundary}`);
    expect(seen!.body).toContain('CA PEM');
  });
});
