// Class 1: redirects are never followed. A proxy (or a compromised server) that answers 3xx must
// not receive-by-proxy the API key, the registry credentials, the extra headers or the password:
// the client reports every 3xx, on every call including login and logout, as an error with its
// status and the Location's origin alone, and sends nothing to that origin.
import { afterEach, describe, expect, it } from 'vitest';
import { createPortainerClient as createNodeClient, createDockerEngineClient as createNodeDockerClient } from '../../src/node.js';
import { createDockerEngineClient, createPortainerClient, PortainerError } from '../../src/index.js';
import { fakeJwt, json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

const KEY = 'ptr_RedirectVictimKey0123456789';
const PROXY_SECRET = 'proxy-secret-value-42';
const REGISTRY = 'eyJyZWdpc3RyeUlkIjoyfQ=='; // {"registryId":2}
const PASSWORD = 'redirect-victim-password';

let servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(handler: Parameters<typeof scriptedServer>[0]) {
  const server = await scriptedServer(handler);
  servers.push(server);
  return server;
}

/** The other origin a redirect points to: it must never hear from the client. */
async function elsewhere() {
  return serve((_req, res) => json(res, 200, [{ Id: 1, stolen: true }]));
}

/** A Portainer that answers every request with `status` to `to`/steal?key=…. */
async function redirecting(status: number, to: string, only?: string) {
  return serve((req, res, seen) => {
    if (only && seen.path !== only) {
      if (seen.path === '/api/auth') return json(res, 200, { jwt: fakeJwt({ id: 1 }) });
      return json(res, 200, []);
    }
    res.writeHead(status, { Location: `${to}/steal/path?key=${KEY}`, 'Content-Type': 'text/plain' });
    res.end('moved');
  });
}

function expectRedirect(error: unknown, status: number, origin: string) {
  expect(error).toBeInstanceOf(PortainerError);
  const e = error as PortainerError;
  expect(e.code).toBe('redirect');
  expect(e.status).toBe(status);
  expect(e.message).toContain(origin);
  expect(e.message).not.toContain('/steal');
  expect(e.message).not.toContain(KEY);
}

const STATUSES = [301, 302, 303, 307, 308];

describe('3xx answers to calls', () => {
  for (const status of STATUSES) {
    it(`${status} on a GET: an error naming the origin, nothing sent there`, { timeout: 10_000 }, async () => {
      const target = await elsewhere();
      const portainer = await redirecting(status, target.url);
      const client = createPortainerClient({ url: portainer.url, apiKey: KEY, headers: { 'X-Proxy-Secret': PROXY_SECRET }, retry: { attempts: 1 } });
      const { data, error, response } = await client.GET('/endpoints');
      expect(data).toBeUndefined();
      expectRedirect(error, status, target.url);
      expect(response.status).toBe(status);
      expect(target.seen).toHaveLength(0);
      expect(portainer.seen).toHaveLength(1);
    });

    it(`${status} on a POST with X-Registry-Auth: not turned into a GET reported as success`, { timeout: 10_000 }, async () => {
      const target = await elsewhere();
      const portainer = await redirecting(status, target.url);
      const client = createPortainerClient({ url: portainer.url, apiKey: KEY, retry: { attempts: 1 } });
      const { data, error } = await client.docker(1).POST('/images/create', {
        params: { query: { fromImage: 'busybox' }, header: { 'X-Registry-Auth': REGISTRY } },
        parseAs: 'stream',
      });
      expect(data).toBeUndefined();
      expectRedirect(error, status, target.url);
      expect(target.seen).toHaveLength(0);
    });
  }

  it('the Location origin is all the message names, even for a relative Location', { timeout: 10_000 }, async () => {
    const portainer = await serve((_req, res) => {
      res.writeHead(302, { Location: `/login?next=${KEY}` });
      res.end();
    });
    const client = createPortainerClient({ url: portainer.url, apiKey: KEY, retry: { attempts: 1 } });
    const { error } = await client.GET('/endpoints');
    expectRedirect(error, 302, portainer.url);
    expect(error!.message).not.toContain('/login');
  });
});

describe('3xx answers to login and logout', () => {
  it('307 on POST /auth: the password goes nowhere else; login() rejects', { timeout: 10_000 }, async () => {
    const target = await elsewhere();
    const portainer = await redirecting(307, target.url);
    const client = createPortainerClient({ url: portainer.url, username: 'admin', password: PASSWORD, retry: { attempts: 1 } });
    const failure = await client.login().then(() => undefined, (e: unknown) => e);
    expectRedirect(failure, 307, target.url);
    expect(target.seen).toHaveLength(0);
  });

  it('308 on the implicit login: the call resolves the login error (POST /api/auth)', { timeout: 10_000 }, async () => {
    const target = await elsewhere();
    const portainer = await redirecting(308, target.url);
    const client = createPortainerClient({ url: portainer.url, username: 'admin', password: PASSWORD, retry: { attempts: 1 } });
    const { error, response } = await client.GET('/endpoints');
    expectRedirect(error, 308, target.url);
    expect(error).toMatchObject({ method: 'POST', path: '/api/auth' });
    expect(response.status).toBe(308);
    expect(target.seen).toHaveLength(0);
  });

  it('302 on POST /auth/logout: logout() rejects with the redirect', { timeout: 10_000 }, async () => {
    const target = await elsewhere();
    const portainer = await redirecting(302, target.url, '/api/auth/logout');
    const client = createPortainerClient({ url: portainer.url, jwt: fakeJwt({ id: 1 }), retry: { attempts: 1 } });
    const failure = await client.logout().then(() => undefined, (e: unknown) => e);
    expectRedirect(failure, 302, target.url);
    expect(target.seen).toHaveLength(0);
  });
});

describe('in every mode', () => {
  it("the Node entry's own pool does not follow either", { timeout: 10_000 }, async () => {
    const target = await elsewhere();
    const portainer = await redirecting(307, target.url);
    const client = createNodeClient({ url: portainer.url, apiKey: KEY, retry: { attempts: 1 } });
    try {
      const { error } = await client.GET('/endpoints');
      expectRedirect(error, 307, target.url);
      expect(target.seen).toHaveLength(0);
    } finally {
      await client.close();
    }
  });

  it('a Docker daemon client (main entry and Node entry) does not follow', { timeout: 10_000 }, async () => {
    const target = await elsewhere();
    const daemon = await redirecting(301, target.url);
    for (const docker of [createDockerEngineClient({ url: daemon.url, retry: { attempts: 1 } }), createNodeDockerClient({ url: daemon.url, retry: { attempts: 1 } })]) {
      const { error } = await docker.GET('/containers/json');
      expectRedirect(error, 301, target.url);
      await docker.close();
    }
    expect(target.seen).toHaveLength(0);
  });

  it("the caller's fetch gets a Request that does not follow", { timeout: 10_000 }, async () => {
    const target = await elsewhere();
    const portainer = await redirecting(302, target.url);
    const requests: Request[] = [];
    const client = createPortainerClient({
      url: portainer.url,
      apiKey: KEY,
      retry: { attempts: 1 },
      fetch: (request: Request) => {
        requests.push(request);
        return fetch(request);
      },
    });
    const { error } = await client.GET('/endpoints');
    expectRedirect(error, 302, target.url);
    expect(requests[0]!.redirect).toBe('manual');
    expect(target.seen).toHaveLength(0);
  });

  it("a caller's fetch that follows on its own: the followed answer is not taken as the call's success", { timeout: 10_000 }, async () => {
    const target = await elsewhere();
    const portainer = await redirecting(302, target.url);
    const client = createPortainerClient({
      url: portainer.url,
      apiKey: KEY,
      retry: { attempts: 1 },
      fetch: (request: Request) => fetch(request.url, { method: request.method }), // follows, without credentials
    });
    const { data, error } = await client.GET('/endpoints');
    expect(data).toBeUndefined();
    expect(error).toMatchObject({ code: 'redirect' });
  });
});
