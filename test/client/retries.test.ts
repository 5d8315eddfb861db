// Retries: idempotent methods on network failures, 429, 502, 503 and 504, with backoff and
// Retry-After, a bounded number of attempts; POST only when asked; one-shot bodies never replayed.
import { afterEach, describe, expect, it } from 'vitest';
import { createPortainerClient, type RetryInfo } from '../../src/index.js';
import { json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { freePort } from '../../scripts/lib/ports.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const KEY = 'ptr_key0123456789';

describe('retries', () => {
  it('retries a GET after a 503 and returns the success', async () => {
    server = await scriptedServer((_req, res, _seen, i) => (i === 0 ? json(res, 503, { message: 'starting' }) : json(res, 200, [{ Id: 1 }])));
    const { data, error } = await createPortainerClient({ url: server.url, apiKey: KEY, retry: { baseDelayMs: 1 } }).GET('/endpoints');
    expect(error).toBeUndefined();
    expect(data).toEqual([{ Id: 1 }]);
    expect(server.seen).toHaveLength(2);
  });

  it.each([429, 502, 503, 504])('retries on %i', async (status) => {
    server = await scriptedServer((_req, res, _seen, i) => (i === 0 ? json(res, status, { message: 'x' }) : json(res, 200, [])));
    await createPortainerClient({ url: server.url, apiKey: KEY, retry: { baseDelayMs: 1 } }).GET('/endpoints');
    expect(server.seen).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 500])('does not retry %i', async (status) => {
    server = await scriptedServer((_req, res) => json(res, status, { message: 'no' }));
    const { error } = await createPortainerClient({ url: server.url, apiKey: KEY, retry: { baseDelayMs: 1 } }).GET('/endpoints');
    expect(error?.status).toBe(status);
    expect(server.seen).toHaveLength(1);
  });

  it('honours Retry-After in seconds', async () => {
    const waits: RetryInfo[] = [];
    server = await scriptedServer((_req, res, _seen, i) => (i === 0 ? json(res, 429, { message: 'slow down' }, { 'Retry-After': '1' }) : json(res, 200, [])));
    await createPortainerClient({ url: server.url, apiKey: KEY, retry: { onRetry: (info) => waits.push(info) } }).GET('/endpoints');
    expect(waits).toEqual([{ attempt: 1, delayMs: 1000, method: 'GET', path: '/api/endpoints', status: 429 }]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const waits: RetryInfo[] = [];
    const when = new Date(Date.now() + 2000).toUTCString();
    server = await scriptedServer((_req, res, _seen, i) => (i === 0 ? json(res, 503, { message: 'maintenance' }, { 'Retry-After': when }) : json(res, 200, [])));
    await createPortainerClient({ url: server.url, apiKey: KEY, retry: { onRetry: (info) => waits.push(info) } }).GET('/endpoints');
    expect(waits).toHaveLength(1);
    expect(waits[0]!.delayMs).toBeGreaterThan(0);
    expect(waits[0]!.delayMs).toBeLessThanOrEqual(2000);
  });

  it('caps any wait at maxDelayMs', async () => {
    const waits: RetryInfo[] = [];
    server = await scriptedServer((_req, res, _seen, i) => (i === 0 ? json(res, 503, { message: 'x' }, { 'Retry-After': '3600' }) : json(res, 200, [])));
    await createPortainerClient({ url: server.url, apiKey: KEY, retry: { maxDelayMs: 20, onRetry: (info) => waits.push(info) } }).GET('/endpoints');
    expect(waits[0]!.delayMs).toBe(20);
  });

  it('backs off exponentially, with jitter, between attempts', async () => {
    const waits: number[] = [];
    server = await scriptedServer((_req, res) => json(res, 503, { message: 'down' }));
    const { error } = await createPortainerClient({
      url: server.url,
      apiKey: KEY,
      retry: { attempts: 4, baseDelayMs: 8, onRetry: (info) => waits.push(info.delayMs) },
    }).GET('/endpoints');
    expect(error?.status).toBe(503);
    expect(server.seen).toHaveLength(4); // bounded
    waits.forEach((wait, i) => expect(wait).toBeLessThanOrEqual(8 * 2 ** i));
  });

  it('never retries a POST unless asked', async () => {
    server = await scriptedServer((_req, res) => json(res, 503, { message: 'busy' }));
    const { error } = await createPortainerClient({ url: server.url, apiKey: KEY, retry: { baseDelayMs: 1 } }).POST('/endpoints', {
      body: { Name: 'x', EndpointCreationType: 1 },
    });
    expect(error?.status).toBe(503);
    expect(server.seen).toHaveLength(1);
  });

  it('retries a POST when asked, sending the same body again', async () => {
    server = await scriptedServer((_req, res, _seen, i) => (i === 0 ? json(res, 503, { message: 'busy' }) : json(res, 200, { Id: 9 })));
    const { error } = await createPortainerClient({ url: server.url, apiKey: KEY, retry: { baseDelayMs: 1, methods: ['POST'] } }).POST('/auth', {
      body: { Username: 'a', Password: 'b-0123456789' },
    });
    expect(error).toBeUndefined();
    expect(server.seen.map((s) => s.body)).toEqual([server.seen[0]!.body, server.seen[0]!.body]);
    expect(JSON.parse(server.seen[1]!.body)).toEqual({ Username: 'a', Password: 'b-0123456789' });
  });

  it('never replays a one-shot stream body', async () => {
    server = await scriptedServer((_req, res) => json(res, 503, { message: 'busy' }));
    const docker = createPortainerClient({ url: server.url, apiKey: KEY, retry: { baseDelayMs: 1, methods: ['POST'] } }).docker(1);
    const body = new ReadableStream<Uint8Array>({ start: (c) => { c.enqueue(new TextEncoder().encode('tar bytes')); c.close(); } });
    const { error } = await docker.POST('/images/create', { params: { query: { fromSrc: '-' } }, body: body as never });
    expect(error?.status).toBe(503);
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]!.body).toBe('tar bytes');
  });

  it('retries after a connection reset', async () => {
    server = await scriptedServer((req, res, _seen, i) => (i === 0 ? void req.socket.destroy() : json(res, 200, [])));
    const { error } = await createPortainerClient({ url: server.url, apiKey: KEY, retry: { baseDelayMs: 1 } }).GET('/endpoints');
    expect(error).toBeUndefined();
    expect(server.seen).toHaveLength(2);
  });

  it('gives up on a refused connection after the last attempt, with a code', async () => {
    const port = await freePort();
    const attempts: RetryInfo[] = [];
    const failure = await createPortainerClient({ url: `http://127.0.0.1:${port}`, apiKey: KEY, retry: { attempts: 3, baseDelayMs: 1, onRetry: (i) => attempts.push(i) } })
      .GET('/endpoints')
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'connection-refused', method: 'GET', path: '/api/endpoints' });
    expect(attempts.map((a) => a.code)).toEqual(['connection-refused', 'connection-refused']);
  });
});
