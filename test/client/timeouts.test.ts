// Time limits and cancellation: a server that never answers, or answers too slowly, ends in a
// PortainerError with a code, never in a hang.
import { afterEach, describe, expect, it } from 'vitest';
import { createPortainerClient, PortainerError } from '../../src/index.js';
import { json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const never = () => new Promise<void>(() => {});

describe('time limits', () => {
  it('ends a call to a server that never answers with a timeout error', async () => {
    server = await scriptedServer(never);
    const client = createPortainerClient({ url: server.url, apiKey: 'ptr_key0123456789', timeoutMs: 150, retry: { attempts: 1 } });
    const failure = await client.GET('/endpoints').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PortainerError);
    expect(failure).toMatchObject({ code: 'timeout', method: 'GET', path: '/api/endpoints', status: undefined });
  });

  it('ends a call whose body stalls after the headers with a timeout error', async () => {
    server = await scriptedServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('[{"Id":1,');
    });
    const client = createPortainerClient({ url: server.url, apiKey: 'ptr_key0123456789', timeoutMs: 150, retry: { attempts: 1 } });
    await expect(client.GET('/endpoints')).rejects.toMatchObject({ code: 'timeout' });
  });

  it('retries a timed-out idempotent call, within the attempt limit', async () => {
    server = await scriptedServer((_req, res, _seen, index) => (index === 0 ? never() : json(res, 200, [])));
    const client = createPortainerClient({ url: server.url, apiKey: 'ptr_key0123456789', timeoutMs: 150, retry: { attempts: 2, baseDelayMs: 1 } });
    const { error } = await client.GET('/endpoints');
    expect(error).toBeUndefined();
    expect(server.seen).toHaveLength(2);
  });
});

describe('time limits that do not depend on the fetch implementation', () => {
  it('times out even with a custom fetch that ignores AbortSignals', async () => {
    const deaf = () => new Promise<Response>(() => {}); // never settles, whatever the signal says
    const client = createPortainerClient({ url: 'http://127.0.0.1:9', apiKey: 'ptr_key0123456789', timeoutMs: 100, retry: { attempts: 1 }, fetch: deaf });
    await expect(client.GET('/endpoints')).rejects.toMatchObject({ code: 'timeout' });
  });
});

describe('cancellation', () => {
  it("stops at once when the caller's AbortSignal fires", async () => {
    server = await scriptedServer(never);
    const client = createPortainerClient({ url: server.url, apiKey: 'ptr_key0123456789', timeoutMs: 60_000 });
    const controller = new AbortController();
    const pending = client.GET('/endpoints', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });

  it('stops waiting between retries when aborted', async () => {
    server = await scriptedServer((_req, res) => json(res, 503, { message: 'busy' }, { 'Retry-After': '3600' }));
    const client = createPortainerClient({ url: server.url, apiKey: 'ptr_key0123456789', retry: { attempts: 3, maxDelayMs: 60_000 } });
    const controller = new AbortController();
    const pending = client.GET('/endpoints', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    expect(server.seen).toHaveLength(1);
  });
});

describe('unreadable bodies', () => {
  it('reports truncated JSON as unreadable-body', async () => {
    server = await scriptedServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '9' });
      res.end('[{"Id":1,');
    });
    const client = createPortainerClient({ url: server.url, apiKey: 'ptr_key0123456789' });
    await expect(client.GET('/endpoints')).rejects.toMatchObject({ code: 'unreadable-body', path: '/api/endpoints' });
  });

  it('reports a connection cut in the middle of the body', async () => {
    server = await scriptedServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('[{"Id":1,');
      setTimeout(() => req.socket.destroy(), 10);
    });
    const client = createPortainerClient({ url: server.url, apiKey: 'ptr_key0123456789' });
    const failure = await client.GET('/endpoints').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PortainerError);
    expect(['unreadable-body', 'connection-reset']).toContain((failure as PortainerError).code);
  });
});
