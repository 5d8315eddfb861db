// Authentication against a scripted server: which header each credential uses, one login however
// many calls are in flight, renewal before expiry and after a 401, logout.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPortainerClient, PortainerError } from '../../src/index.js';
import { fakeJwt, json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A Portainer that issues tokens v1, v2, … and accepts only the newest one. */
async function portainer({ expiresInS = 8 * 3600, loginDelayMs = 20 } = {}) {
  let version = 0;
  let current = '';
  const state = { logins: 0, revoke: () => { current = 'revoked'; } };
  server = await scriptedServer(async (req, res, seen) => {
    if (seen.path === '/api/auth' && req.method === 'POST') {
      state.logins++;
      await new Promise((r) => setTimeout(r, loginDelayMs)); // keep the login in flight a while
      current = fakeJwt({ id: 1, v: ++version }, expiresInS);
      return json(res, 200, { jwt: current });
    }
    if (seen.path === '/api/auth/logout') return void res.writeHead(204).end();
    if (req.headers.authorization !== `Bearer ${current}`) return json(res, 401, { message: 'Unauthorized', details: 'Invalid JWT token' });
    return json(res, 200, [{ Id: 1, Name: 'local' }]);
  });
  return state;
}

describe('credentials on the wire', () => {
  it('sends an API key in X-API-Key only', async () => {
    server = await scriptedServer((_req, res) => json(res, 200, []));
    await createPortainerClient({ url: server.url, apiKey: 'ptr_key0123456789' }).GET('/endpoints');
    expect(server.seen[0]!.headers['x-api-key']).toBe('ptr_key0123456789');
    expect(server.seen[0]!.headers.authorization).toBeUndefined();
  });

  it('sends a JWT as Authorization: Bearer only', async () => {
    const jwt = fakeJwt({ id: 1 });
    server = await scriptedServer((_req, res) => json(res, 200, []));
    await createPortainerClient({ url: server.url, jwt }).GET('/endpoints');
    expect(server.seen[0]!.headers.authorization).toBe(`Bearer ${jwt}`);
    expect(server.seen[0]!.headers['x-api-key']).toBeUndefined();
  });
});

describe('username and password', () => {
  it('logs in once before the first calls, however many start together', async () => {
    const state = await portainer();
    const client = createPortainerClient({ url: server!.url, username: 'admin', password: 'pw-0123456789' });
    const results = await Promise.all(Array.from({ length: 50 }, () => client.GET('/endpoints')));
    expect(results.every((r) => r.error === undefined)).toBe(true);
    expect(state.logins).toBe(1);
    expect(JSON.parse(server!.seen[0]!.body)).toEqual({ Username: 'admin', Password: 'pw-0123456789' });
  });

  it('survives a 401 storm: 50 calls rejected together lead to one login and 50 replays', async () => {
    const state = await portainer();
    const client = createPortainerClient({ url: server!.url, username: 'admin', password: 'pw-0123456789' });
    await client.GET('/endpoints');
    state.revoke(); // the server forgets the token (restart, logout elsewhere)
    const results = await Promise.all(Array.from({ length: 50 }, () => client.GET('/endpoints')));
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(state.logins).toBe(2);
    const calls = server!.seen.filter((s) => s.path === '/api/endpoints');
    expect(calls).toHaveLength(1 + 50 + 50); // first call, 50 rejected, 50 replayed
  });

  it('renews a token before it expires, measured on its own lifetime', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const state = await portainer({ expiresInS: 8 * 3600 });
      const client = createPortainerClient({ url: server!.url, username: 'admin', password: 'pw-0123456789' });
      await client.GET('/endpoints');
      vi.setSystemTime(Date.now() + 8 * 3600_000 - 120_000); // two minutes before the end: still in use
      await client.GET('/endpoints');
      expect(state.logins).toBe(1);
      vi.setSystemTime(Date.now() + 90_000); // inside the last minute: renewed before use
      await client.GET('/endpoints');
      expect(state.logins).toBe(2);
      // Renewed up front: no call was sent with the expiring token and refused.
      expect(server!.seen.map((s) => s.path)).toEqual(['/api/auth', '/api/endpoints', '/api/endpoints', '/api/auth', '/api/endpoints']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('uses a short-lived token for half its life, not one login per call', async () => {
    const state = await portainer({ expiresInS: 30 }); // shorter than the renewal margin
    const client = createPortainerClient({ url: server!.url, username: 'admin', password: 'pw-0123456789' });
    for (let i = 0; i < 5; i++) await client.GET('/endpoints');
    expect(state.logins).toBe(1);
  });

  it('renews at most once per call: a server that keeps refusing gets a 401 back, not a loop', async () => {
    let logins = 0;
    server = await scriptedServer((req, res, seen) => {
      if (seen.path === '/api/auth') return json(res, 200, { jwt: fakeJwt({ n: ++logins }) });
      return json(res, 401, { message: 'Unauthorized', details: 'user disabled' });
    });
    const { error } = await createPortainerClient({ url: server.url, username: 'admin', password: 'pw-0123456789' }).GET('/endpoints');
    expect(error).toMatchObject({ status: 401, details: 'user disabled' });
    expect(logins).toBe(2);
  });

  it('logs out: POST /auth/logout with the token, then for good until login()', async () => {
    const state = await portainer();
    const client = createPortainerClient({ url: server!.url, username: 'admin', password: 'pw-0123456789' });
    await client.GET('/endpoints');
    const token = server!.seen.at(-1)!.headers.authorization;
    await client.logout();
    const logout = server!.seen.at(-1)!;
    expect(logout).toMatchObject({ method: 'POST', path: '/api/auth/logout' });
    expect(logout.headers.authorization).toBe(token);
    const sent = server!.seen.length;
    await expect(client.GET('/endpoints')).rejects.toMatchObject({ code: 'logged-out' });
    expect(server!.seen.length).toBe(sent); // nothing sent, no silent login
    await client.login();
    expect((await client.GET('/endpoints')).error).toBeUndefined();
    expect(state.logins).toBe(2); // a new session, not the old token
  });

  it('reports a refused login as a PortainerError without the password', async () => {
    server = await scriptedServer((_req, res, seen) =>
      json(res, 422, { message: 'Invalid credentials', details: `bad password ${JSON.parse(seen.body || '{}').Password}` }),
    );
    const client = createPortainerClient({ url: server.url, username: 'admin', password: 'hunter2-secret' });
    // An HTTP answer, like any other failed call: it resolves with the login's error and response.
    const { error, response } = await client.GET('/endpoints');
    expect(error).toBeInstanceOf(PortainerError);
    expect(error).toMatchObject({ code: 'http', status: 422, message: 'Invalid credentials', method: 'POST', path: '/api/auth' });
    expect(response.status).toBe(422);
    expect(JSON.stringify(error) + String(error)).not.toContain('hunter2-secret');
    await expect(client.login()).rejects.toMatchObject({ status: 422 });
  });

  it('login() logs in on demand and refuses without a username and password', async () => {
    const state = await portainer();
    await createPortainerClient({ url: server!.url, username: 'admin', password: 'pw-0123456789' }).login();
    expect(state.logins).toBe(1);
    await expect(createPortainerClient({ url: server!.url, apiKey: 'ptr_key0123456789' }).login()).rejects.toThrow(/username and password/);
  });
});
