// Class 11: close() is idempotent; it ends calls in flight (also one waiting for a login or
// between retries) and open streamed bodies (their readers get `closed`; dockerEvents just ends);
// calls afterwards fail at once with `closed`, sending nothing and retrying nothing; the Node
// entry's pool is released, also when close() comes during the very first call.
import { afterEach, describe, expect, it } from 'vitest';
import { createDockerEngineClient as createNodeDockerClient, createPortainerClient as createNodeClient } from '../../src/node.js';
import { createDockerEngineClient, createPortainerClient, dockerEvents, PortainerError } from '../../src/index.js';
import { clientIn, MODES, type Mode } from '../helpers/client-modes.js';
import { chunk, eventually, head, rawServer, type RawServer } from '../helpers/raw-server.js';
import { drain, settle, sleep } from '../helpers/hostile.js';

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const KEY = 'ptr_CloseTestKey0123456789';
const EVENT = '{"Type":"container","Action":"start","Actor":{"ID":"abc"},"time":1}\n';

/** Answers logins at once, `/events` with one event then silence, anything else per `rest`. */
async function daemon(rest: (socket: import('node:net').Socket, target: string) => void = () => {}) {
  server = await rawServer((socket, request) => {
    const body = (text: string) => socket.write(head(200, { 'Content-Length': Buffer.byteLength(text) }) + text);
    if (request.target === '/api/auth') return void body('{"jwt":"eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.c2ln"}');
    if (request.target.includes('/events')) return void socket.write(head(200) + chunk(EVENT));
    rest(socket, request.target);
  });
  return server;
}

const portainer = (mode: Mode, url: string) => clientIn(mode, { url, apiKey: KEY });

describe('close()', () => {
  it('is idempotent', { timeout: 5000 }, async () => {
    await daemon();
    const client = createNodeClient({ url: server!.url, apiKey: KEY });
    await Promise.all([client.close(), client.close()]);
    await client.close();
  });

  it('calls afterwards fail at once with closed: nothing sent, nothing retried, no login', { timeout: 5000 }, async () => {
    await daemon((socket) => void socket.write(head(200, { 'Content-Length': 2 }) + '[]'));
    const retried: unknown[] = [];
    for (const client of [
      createPortainerClient({ url: server!.url, apiKey: KEY, retry: { onRetry: (r) => void retried.push(r) } }),
      createPortainerClient({ url: server!.url, username: 'admin', password: 'close-pw-0123', retry: { onRetry: (r) => void retried.push(r) } }),
      createNodeClient({ url: server!.url, apiKey: KEY }),
    ]) {
      await client.close();
      for (const call of [client.GET('/endpoints'), client.docker(1).GET('/containers/json'), client.PUT('/tags/{id}' as never, { params: { path: { id: 1 } }, body: {} } as never)]) {
        const outcome = await settle(call as Promise<unknown>);
        expect(outcome.ok).toBe(false);
        expect((outcome as { error: unknown }).error).toMatchObject({ code: 'closed' });
      }
    }
    expect(server!.requests).toHaveLength(0);
    expect(retried).toEqual([]);
  });

  it('ends a call in flight, one waiting between retries, and one waiting for a login', { timeout: 5000 }, async () => {
    server = await rawServer((socket, request) => {
      if (request.target === '/api/auth') return; // the login never lands
      if (request.target === '/api/stacks') return void socket.write(head(503, { 'Content-Length': 0, 'Retry-After': '5' }));
      // anything else: no answer at all
    });
    const keyClient = createPortainerClient({ url: server.url, apiKey: KEY, retry: { attempts: 3, maxDelayMs: 10_000 }, timeoutMs: 60_000 });
    const loginClient = createPortainerClient({ url: server.url, username: 'admin', password: 'close-pw-0123', timeoutMs: 60_000 });
    const calls = [keyClient.GET('/endpoints'), keyClient.GET('/stacks'), loginClient.GET('/endpoints')].map((c) => settle(c as Promise<unknown>));
    await eventually(() => server!.requests.length >= 3);
    await sleep(50);
    await Promise.all([keyClient.close(), loginClient.close()]);
    for (const outcome of await Promise.all(calls)) {
      expect(outcome.ok).toBe(false);
      expect((outcome as { error: unknown }).error).toMatchObject({ code: 'closed' });
    }
  });
});

describe.each(MODES)('open streams, %s', (mode) => {
  it('a reader of a streamed body gets closed', { timeout: 5000 }, async () => {
    await daemon();
    const client = portainer(mode, server!.url);
    const { data, error } = await client.docker(1).GET('/events', { parseAs: 'stream' });
    expect(error).toBeUndefined();
    const reader = (data as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(EVENT);
    const next = settle(reader.read());
    await client.close();
    const outcome = await next;
    expect(outcome.ok).toBe(false);
    expect((outcome as { error: unknown }).error).toBeInstanceOf(PortainerError);
    expect((outcome as { error: unknown }).error).toMatchObject({ code: 'closed' });
    expect(await eventually(() => server!.openSockets() === 0)).toBe(true);
  });

  it('dockerEvents just ends', { timeout: 5000 }, async () => {
    await daemon();
    const client = portainer(mode, server!.url);
    const loop = drain(dockerEvents(client.docker(1)));
    await eventually(() => server!.requests.length === 1);
    await sleep(100);
    await client.close();
    const { items, error } = await loop;
    expect(error).toBeUndefined();
    expect(items).toHaveLength(1);
  });
});

describe('the Node pool', () => {
  it('is released: no connection stays open after close()', { timeout: 5000 }, async () => {
    await daemon((socket) => void socket.write(head(200, { 'Content-Length': 2 }) + '[]'));
    for (const client of [createNodeClient({ url: server!.url, apiKey: KEY }), createNodeDockerClient({ url: server!.url })]) {
      for (let i = 0; i < 3; i++) await (client as ReturnType<typeof createNodeClient>).GET('/endpoints' as never);
      expect(server!.openSockets()).toBeGreaterThan(0); // kept alive for the next call
      await client.close();
      expect(await eventually(() => server!.openSockets() === 0)).toBe(true);
    }
  });

  it('close() during the very first call releases the pool that call opened', { timeout: 5000 }, async () => {
    await daemon(); // no answer
    const client = createNodeClient({ url: server!.url, apiKey: KEY, timeoutMs: 60_000 });
    const first = settle(client.GET('/endpoints'));
    await eventually(() => server!.requests.length === 1);
    await client.close();
    expect(await first).toMatchObject({ ok: false, error: { code: 'closed' } });
    expect(await eventually(() => server!.openSockets() === 0)).toBe(true);
  });

  it('a Docker daemon client ends its event stream on close()', { timeout: 5000 }, async () => {
    await daemon();
    for (const docker of [createDockerEngineClient({ url: server!.url }), createNodeDockerClient({ url: server!.url })]) {
      const loop = drain(dockerEvents(docker));
      await sleep(100);
      await docker.close();
      expect((await loop).error).toBeUndefined();
    }
  });
});
