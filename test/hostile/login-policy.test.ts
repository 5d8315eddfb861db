// Class 15: login and logout go through the same door as every call: they carry the `headers`
// option (an access proxy in front of Portainer lets nothing through without it), follow the
// client's retry policy, and a failed login is reported like any other failure: an HTTP answer
// resolves `{ error, response }` (the login's, POST /api/auth), anything else rejects.
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPortainerClient, PortainerError } from '../../src/index.js';
import { head, rawServer, type RawServer } from '../helpers/raw-server.js';
import { settle } from '../helpers/hostile.js';

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const PROXY = { 'CF-Access-Client-Id': 'proxy-id', 'CF-Access-Client-Secret': 'proxy-secret-0123' };
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.c2ln';
const DEFAULT_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];

function send(socket: Socket, status: number, body = '') {
  socket.write(head(status, { 'Content-Length': Buffer.byteLength(body) }) + body);
}

/** An access proxy: 403 without its headers; behind it, `auth(n)` answers the n-th login (and logout). */
async function proxied(auth: (socket: Socket, n: number, target: string) => void) {
  let n = 0;
  server = await rawServer((socket, request) => {
    if (request.headers['cf-access-client-secret'] !== PROXY['CF-Access-Client-Secret']) return send(socket, 403, '{"message":"access proxy: forbidden"}');
    if (request.target.startsWith('/api/auth')) return auth(socket, n++, request.target);
    send(socket, 200, '[]');
  });
  return server;
}

const ok = (socket: Socket, _n: number, target: string) => (target === '/api/auth' ? send(socket, 200, JSON.stringify({ jwt: TOKEN })) : send(socket, 204));
const client = (retry: Record<string, unknown> = { attempts: 3, baseDelayMs: 1, methods: [...DEFAULT_METHODS, 'POST'] }) =>
  createPortainerClient({ url: server!.url, username: 'admin', password: 'policy-pw-0123', headers: PROXY, retry });

describe('the headers option', () => {
  it('goes with the login (explicit and implicit) and the logout', { timeout: 10_000 }, async () => {
    await proxied(ok);
    const c = client();
    await c.login();
    expect((await c.GET('/endpoints')).error).toBeUndefined();
    await c.logout();
    const implicit = client();
    expect((await implicit.GET('/endpoints')).error).toBeUndefined();
    expect(server!.requests.map((r) => r.target)).toEqual(['/api/auth', '/api/endpoints', '/api/auth/logout', '/api/auth', '/api/endpoints']);
  });
});

describe('the retry policy', () => {
  it('a login answered 503 once is tried again when the policy allows POST', { timeout: 10_000 }, async () => {
    await proxied((socket, n, target) => (n === 0 ? send(socket, 503, '{"message":"starting"}') : ok(socket, n, target)));
    await client().login();
    expect(server!.requests.filter((r) => r.target === '/api/auth')).toHaveLength(2);
  });

  it('a login whose connection is reset once is tried again', { timeout: 10_000 }, async () => {
    await proxied((socket, n, target) => (n === 0 ? socket.resetAndDestroy() : ok(socket, n, target)));
    expect((await client().GET('/endpoints')).error).toBeUndefined();
    expect(server!.requests.filter((r) => r.target === '/api/auth')).toHaveLength(2);
  });

  it('a logout answered 502 once is tried again', { timeout: 10_000 }, async () => {
    await proxied((socket, n, target) => (target === '/api/auth/logout' && n === 1 ? send(socket, 502) : ok(socket, n, target)));
    const c = client();
    await c.login();
    await c.logout();
    expect(server!.requests.filter((r) => r.target === '/api/auth/logout')).toHaveLength(2);
  });

  it('attempts: 1 means one login attempt', { timeout: 10_000 }, async () => {
    await proxied((socket) => send(socket, 503, '{"message":"starting"}'));
    await expect(client({ attempts: 1, methods: [...DEFAULT_METHODS, 'POST'] }).login()).rejects.toMatchObject({ status: 503 });
    expect(server!.requests).toHaveLength(1);
  });
});

describe('a failed login is reported like other failures', () => {
  it('refused (401): the call resolves the login error, login() rejects with it', { timeout: 10_000 }, async () => {
    await proxied((socket) => send(socket, 401, '{"message":"Invalid credentials","details":"Unauthorized"}'));
    const c = client({ attempts: 1 });
    const { data, error, response } = await c.GET('/endpoints');
    expect(data).toBeUndefined();
    expect(error).toBeInstanceOf(PortainerError);
    expect(error).toMatchObject({ code: 'http', status: 401, method: 'POST', path: '/api/auth', message: 'Invalid credentials' });
    expect(response.status).toBe(401);
    await expect(c.login()).rejects.toMatchObject({ code: 'http', status: 401, method: 'POST', path: '/api/auth' });
  });

  it('no answer: the call rejects with the login failure', { timeout: 10_000 }, async () => {
    await proxied((socket) => socket.resetAndDestroy());
    const outcome = await settle(client({ attempts: 1 }).GET('/endpoints'));
    expect(outcome.ok).toBe(false);
    expect((outcome as { error: unknown }).error).toBeInstanceOf(PortainerError);
    expect((outcome as { error: unknown }).error).toMatchObject({ code: 'connection-reset', method: 'POST', path: '/api/auth' });
  });

  it('an answer without a token: the call rejects (unreadable-body)', { timeout: 10_000 }, async () => {
    await proxied((socket) => send(socket, 200, '{"nothing":"here"}'));
    await expect(client({ attempts: 1 }).GET('/endpoints')).rejects.toMatchObject({ code: 'unreadable-body', path: '/api/auth' });
  });
});
