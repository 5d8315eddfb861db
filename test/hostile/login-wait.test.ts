// Class 9: waiting for a login honours the caller's AbortSignal and the time limit; a token's
// lifetime is measured on our clock, so clock skew, or a token already expired on receipt, never
// leads to one login per call.
import { afterEach, describe, expect, it } from 'vitest';
import { createPortainerClient } from '../../src/index.js';
import { settle, sleep } from '../helpers/hostile.js';
import { json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A JWT with exactly these claims (times in seconds since the epoch). */
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.c2ln`;
const now = () => Math.floor(Date.now() / 1000);

/** A Portainer whose logins take `delayMs` (forever when Infinity) and issue `claims()`; 401 when `refuse` says so. */
async function portainer(claims: () => Record<string, unknown>, delayMs = 0, refuse: (n: number) => boolean = () => false) {
  const state = { logins: 0, calls: 0, tokens: new Set<string>() };
  server = await scriptedServer(async (req, res, seen) => {
    if (seen.path === '/api/auth') {
      state.logins++;
      if (delayMs === Infinity) return new Promise<void>(() => {});
      await sleep(delayMs);
      const token = jwt({ ...claims(), n: state.logins });
      state.tokens.add(token);
      return json(res, 200, { jwt: token });
    }
    state.calls++;
    const token = (req.headers.authorization ?? '').replace('Bearer ', '');
    if (!state.tokens.has(token) || refuse(state.calls)) return json(res, 401, { message: 'Unauthorized' });
    return json(res, 200, []);
  });
  return state;
}

const options = () => ({ url: server!.url, username: 'admin', password: 'login-wait-pw', retry: { attempts: 1 } });

describe('waiting for a login', () => {
  it("gives up when the caller's signal fires", { timeout: 5000 }, async () => {
    await portainer(() => ({}), Infinity);
    const client = createPortainerClient({ ...options(), timeoutMs: 60_000 });
    const pending = settle(client.GET('/endpoints', { signal: AbortSignal.timeout(100) }));
    const outcome = await pending;
    expect(outcome.ok).toBe(false);
    expect((outcome as { error: unknown }).error).toMatchObject({ code: 'aborted' });
    await client.close();
  });

  it('gives up at the time limit', { timeout: 5000 }, async () => {
    await portainer(() => ({}), Infinity);
    const client = createPortainerClient({ ...options(), timeoutMs: 200 });
    await expect(client.GET('/endpoints')).rejects.toMatchObject({ code: 'timeout' });
    await client.close();
  });

  it('one waiter giving up does not spoil the login the others share', { timeout: 5000 }, async () => {
    const state = await portainer(() => ({ exp: now() + 3600 }), 300);
    const client = createPortainerClient({ ...options(), timeoutMs: 60_000 });
    const controller = new AbortController();
    const quitter = settle(client.GET('/endpoints', { signal: controller.signal }));
    const stayers = Promise.all([client.GET('/endpoints'), client.GET('/endpoints')]);
    await sleep(50);
    controller.abort();
    expect((await quitter).ok).toBe(false);
    for (const { error } of await stayers) expect(error).toBeUndefined();
    expect(state.logins).toBe(1);
  });
});

describe('token lifetimes on our clock', () => {
  const cases: Record<string, () => Record<string, unknown>> = {
    'expired on receipt (server clock behind), with iat': () => ({ iat: now() - 9 * 3600, exp: now() - 3600 }),
    'expired on receipt, without iat': () => ({ exp: now() - 60 }),
    'issued in our future (server clock ahead)': () => ({ iat: now() + 7200, exp: now() + 7200 + 8 * 3600 }),
    'exp equal to iat': () => ({ iat: now(), exp: now() }),
    'exp not a number': () => ({ exp: 'tomorrow' }),
  };
  for (const [name, claims] of Object.entries(cases)) {
    it(`${name}: one login for 30 calls`, { timeout: 10_000 }, async () => {
      const state = await portainer(claims);
      const client = createPortainerClient(options());
      for (let i = 0; i < 30; i++) expect((await client.GET('/endpoints')).error).toBeUndefined();
      expect(state.logins).toBe(1);
    });
  }

  it('an expired token is used until a 401, then renewed once', { timeout: 10_000 }, async () => {
    const state = await portainer(() => ({ exp: now() - 60 }), 0, (n) => n === 10);
    const client = createPortainerClient(options());
    for (let i = 0; i < 30; i++) expect((await client.GET('/endpoints')).error).toBeUndefined();
    expect(state.logins).toBe(2);
  });

  it('a short-lived token is renewed at half its life, not on every call', { timeout: 10_000 }, async () => {
    const state = await portainer(() => ({ iat: now(), exp: now() + 2 }));
    const client = createPortainerClient(options());
    for (let i = 0; i < 20; i++) await client.GET('/endpoints');
    expect(state.logins).toBe(1);
    await sleep(1200); // past half of its 2-second life
    for (let i = 0; i < 20; i++) await client.GET('/endpoints');
    expect(state.logins).toBe(2);
  });
});
