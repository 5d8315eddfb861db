// Class 13: idempotent calls are retried after a failure while reading a buffered body (a reset, a
// premature end, a stall), not only before the headers; calls that may not be retried are not.
import { afterEach, describe, expect, it } from 'vitest';
import { createPortainerClient, PortainerError } from '../../src/index.js';
import { chunk, head, rawServer, type RawServer } from '../helpers/raw-server.js';
import type { Socket } from 'node:net';

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const KEY = 'ptr_BodyRetryKey0123456789';
const BODY = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ Id: i, Name: `env-${i}` })));

const BREAKS: Record<string, (socket: Socket) => void> = {
  'a reset in the middle of a chunked body': (socket) => {
    socket.write(head(200) + chunk(BODY.slice(0, 500)));
    setTimeout(() => socket.resetAndDestroy(), 20);
  },
  'a body shorter than its Content-Length': (socket) => {
    socket.write(head(200, { 'Content-Length': BODY.length }) + BODY.slice(0, 700));
    setTimeout(() => socket.destroy(), 20);
  },
  'a chunked body that ends without its last chunk': (socket) => {
    socket.write(head(200) + chunk(BODY.slice(0, 900)));
    setTimeout(() => socket.end(), 20);
  },
  'a body that stalls past timeoutMs': (socket) => void socket.write(head(200) + chunk(BODY.slice(0, 300))),
};

/** Breaks the first `failures` answers with `broken`, then answers properly. */
async function flaky(broken: (socket: Socket) => void, failures = 1) {
  server = await rawServer((socket, _request, index) => {
    if (index < failures) return broken(socket);
    socket.write(head(200, { 'Content-Length': BODY.length }) + BODY);
  });
  return server;
}

const client = (url: string, attempts = 3) => createPortainerClient({ url, apiKey: KEY, timeoutMs: 300, retry: { attempts, baseDelayMs: 1 } });

describe.each(Object.entries(BREAKS))('%s', (_name, broken) => {
  it('a GET is retried and succeeds', { timeout: 10_000 }, async () => {
    const { url } = await flaky(broken);
    const { data, error } = await client(url).GET('/endpoints');
    expect(error).toBeUndefined();
    expect(data).toHaveLength(200);
    expect(server!.requests).toHaveLength(2);
  });

  it('a PUT and a DELETE are retried too', { timeout: 10_000 }, async () => {
    const { url } = await flaky(broken);
    const c = client(url);
    expect(((await c.PUT('/tags/{id}' as never, { params: { path: { id: 1 } }, body: { name: 'x' } } as never)) as { error?: unknown }).error).toBeUndefined();
    await server!.close();
    const again = await flaky(broken);
    expect((await client(again.url).DELETE('/endpoints/{id}', { params: { path: { id: 1 } }, parseAs: 'text' })).error).toBeUndefined();
  });

  it('a POST is not retried, and the failure names the body', { timeout: 10_000 }, async () => {
    const { url } = await flaky(broken);
    const failure = await client(url).POST('/tags', { body: { Name: 'x' } }).then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(PortainerError);
    expect(['unreadable-body', 'connection-reset', 'timeout']).toContain((failure as PortainerError).code);
    expect(server!.requests).toHaveLength(1);
  });

  it('retry: true retries a POST; retry: false does not retry a GET', { timeout: 10_000 }, async () => {
    const { url } = await flaky(broken);
    expect((await client(url).POST('/tags', { body: { Name: 'x' }, retry: true })).error).toBeUndefined();
    await server!.close();
    const again = await flaky(broken);
    await expect(client(again.url).GET('/endpoints', { retry: false })).rejects.toBeInstanceOf(PortainerError);
    expect(server!.requests).toHaveLength(1);
  });

  it('when every attempt breaks, the last failure comes back after the attempts allowed', { timeout: 10_000 }, async () => {
    const { url } = await flaky(broken, 10);
    await expect(client(url, 3).GET('/endpoints')).rejects.toBeInstanceOf(PortainerError);
    expect(server!.requests).toHaveLength(3);
  });
});
