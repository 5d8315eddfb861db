// Class 3: logout() ends the session for good. After it, calls fail at once (`logged-out`, nothing
// sent); calls already in flight are not renewed after a 401; a login still on its way when
// logout() runs is logged out on the server when it lands, and whoever waited for it fails too.
// Only login() starts a new session.
import { afterEach, describe, expect, it } from 'vitest';
import { createPortainerClient } from '../../src/index.js';
import { eventually } from '../helpers/raw-server.js';
import { fakeJwt, json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';
import { settle, sleep } from '../helpers/hostile.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A Portainer that issues t1, t2, … (after `loginDelayMs`), revokes on logout, holds calls `callDelayMs`. */
async function portainer({ loginDelayMs = 0, callDelayMs = 0 } = {}) {
  const state = { issued: [] as string[], loggedOut: [] as string[], calls: 0 };
  server = await scriptedServer(async (req, res, seen) => {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (seen.path === '/api/auth') {
      await sleep(loginDelayMs);
      const jwt = fakeJwt({ id: 1, n: state.issued.length + 1 });
      state.issued.push(jwt);
      return json(res, 200, { jwt });
    }
    if (seen.path === '/api/auth/logout') {
      state.loggedOut.push(token);
      return void res.writeHead(204).end();
    }
    state.calls++;
    await sleep(callDelayMs);
    if (!state.issued.includes(token) || state.loggedOut.includes(token)) return json(res, 401, { message: 'Unauthorized' });
    return json(res, 200, []);
  });
  return state;
}

const login = () => ({ url: server!.url, username: 'admin', password: 'logout-test-pw', retry: { attempts: 3, baseDelayMs: 1 } });

describe('after logout()', () => {
  it('logs the token out on the server, then every call fails at once with logged-out', { timeout: 10_000 }, async () => {
    const state = await portainer();
    const client = createPortainerClient(login());
    expect((await client.GET('/endpoints')).error).toBeUndefined();
    await client.logout();
    expect(state.loggedOut).toEqual([state.issued[0]]);
    const before = server!.seen.length;
    for (const call of [(): Promise<unknown> => client.GET('/endpoints'), () => client.docker(1).GET('/containers/json'), () => client.PUT('/tags/{id}' as never, { params: { path: { id: 1 } }, body: { name: 'x' } } as never)]) {
      const outcome = await settle(call());
      expect(outcome.ok).toBe(false);
      expect((outcome as { error: unknown }).error).toMatchObject({ code: 'logged-out' });
    }
    expect(server!.seen.length).toBe(before); // nothing sent: no silent login, no retries
    expect(state.issued).toHaveLength(1);
  });

  it('a JWT client logs its token out and is done too', { timeout: 10_000 }, async () => {
    const state = await portainer();
    const jwt = fakeJwt({ id: 9 });
    state.issued.push(jwt);
    const client = createPortainerClient({ url: server!.url, jwt });
    await client.logout();
    expect(state.loggedOut).toEqual([jwt]);
    await expect(client.GET('/endpoints')).rejects.toMatchObject({ code: 'logged-out' });
    expect(state.calls).toBe(0);
  });

  it('only login() starts a new session', { timeout: 10_000 }, async () => {
    const state = await portainer();
    const client = createPortainerClient(login());
    await client.login();
    await client.logout();
    await expect(client.GET('/endpoints')).rejects.toMatchObject({ code: 'logged-out' });
    await client.login();
    expect((await client.GET('/endpoints')).error).toBeUndefined();
    expect(state.issued).toHaveLength(2);
  });

  it("an API-key client's logout() is refused (there is no session to end)", { timeout: 10_000 }, async () => {
    await portainer();
    const client = createPortainerClient({ url: server!.url, apiKey: 'ptr_NoSessionKey0123456' });
    await expect(client.logout()).rejects.toMatchObject({ code: 'invalid-option' });
    expect(server!.seen).toHaveLength(0);
  });
});

describe('logout() while work is on its way', () => {
  it('a pending login is logged out when it lands, and its waiters fail with logged-out', { timeout: 10_000 }, async () => {
    const state = await portainer({ loginDelayMs: 300 });
    const client = createPortainerClient(login());
    const waiting = Array.from({ length: 5 }, () => settle(client.GET('/endpoints')));
    await eventually(() => server!.seen.length > 0);
    await client.logout();
    const outcomes = await Promise.all(waiting);
    for (const outcome of outcomes) {
      expect(outcome.ok).toBe(false);
      expect((outcome as { error: unknown }).error).toMatchObject({ code: 'logged-out' });
    }
    expect(await eventually(() => state.loggedOut.length === 1)).toBe(true);
    expect(state.loggedOut).toEqual(state.issued); // the token that landed after logout() is dead on the server
    expect(state.calls).toBe(0); // and it was never used
  });

  it('calls in flight that meet a 401 are not renewed', { timeout: 10_000 }, async () => {
    const state = await portainer({ callDelayMs: 300 });
    const client = createPortainerClient(login());
    await client.login();
    const inFlight = Promise.all(Array.from({ length: 3 }, () => client.GET('/endpoints')));
    await eventually(() => state.calls === 3);
    await client.logout();
    const results = await inFlight;
    for (const { error } of results) expect(error).toMatchObject({ status: 401 });
    expect(state.issued).toHaveLength(1); // no login after logout()
    expect(state.calls).toBe(3); // and no replay
  });
});
