// Class 10: one time-limit mechanism, the same in every mode (the platform's fetch, the caller's
// fetch, one that ignores signals, the Node entry's pool): no headers in time, or a buffered body
// that pauses for timeoutMs, ends in `timeout`; a body that keeps coming is not cut; a streamed
// body is limited only until its headers; a request given up leaves no connection open.
import { afterEach, describe, expect, it } from 'vitest';
import { createPortainerClient, PortainerError } from '../../src/index.js';
import { clientIn, MODES, type Mode } from '../helpers/client-modes.js';
import { chunk, eventually, head, rawServer, type RawServer } from '../helpers/raw-server.js';
import { settle, sleep } from '../helpers/hostile.js';

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const KEY = 'ptr_TimeLimitKey0123456789';
const client = (mode: Mode, url: string, timeoutMs: number) => clientIn(mode, { url, apiKey: KEY, timeoutMs, retry: { attempts: 1 } });

describe.each(MODES)('%s', (mode) => {
  it('no headers within timeoutMs: timeout', { timeout: 5000 }, async () => {
    server = await rawServer(() => {});
    const c = client(mode, server.url, 200);
    const failure = await c.GET('/endpoints').then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(PortainerError);
    expect(failure).toMatchObject({ code: 'timeout', path: '/api/endpoints' });
    if (mode !== 'fetch that ignores signals') expect(await eventually(() => server!.openSockets() === 0)).toBe(true);
    await c.close();
  });

  it('a body that stalls after the headers: timeout, and the connection is closed', { timeout: 5000 }, async () => {
    server = await rawServer((socket) => void socket.write(head(200) + chunk('[{"Id":1,')));
    const c = client(mode, server.url, 200);
    await expect(c.GET('/endpoints')).rejects.toMatchObject({ code: 'timeout' });
    expect(await eventually(() => server!.openSockets() === 0)).toBe(true);
    await c.close();
  });

  it('a body that keeps coming, each pause shorter than timeoutMs, is not cut', { timeout: 10_000 }, async () => {
    server = await rawServer(async (socket) => {
      socket.write(head(200) + chunk('['));
      for (let i = 0; i < 12; i++) {
        await sleep(100);
        socket.write(chunk(`${i},`));
      }
      socket.write(chunk('12]') + chunk(''));
    });
    const c = client(mode, server.url, 400);
    const { data, error } = await c.GET('/endpoints');
    expect(error).toBeUndefined();
    expect(data).toHaveLength(13);
    await c.close();
  });

  it('a streamed body may pause longer than timeoutMs', { timeout: 10_000 }, async () => {
    server = await rawServer(async (socket) => {
      socket.write(head(200) + chunk('{"a":1}\n'));
      await sleep(800);
      socket.write(chunk('{"a":2}\n') + chunk(''));
    });
    const c = client(mode, server.url, 200);
    const { data, error } = await c.GET('/endpoints', { parseAs: 'stream' });
    expect(error).toBeUndefined();
    expect(await new Response(data as ReadableStream).text()).toBe('{"a":1}\n{"a":2}\n');
    await c.close();
  });

  it("the caller's signal mid-body: aborted, and the connection is closed", { timeout: 5000 }, async () => {
    server = await rawServer((socket) => void socket.write(head(200) + chunk('[1,')));
    const c = client(mode, server.url, 60_000);
    const outcome = await settle(c.GET('/endpoints', { signal: AbortSignal.timeout(150) }));
    expect(outcome.ok).toBe(false);
    expect((outcome as { error: unknown }).error).toMatchObject({ code: 'aborted' });
    expect(await eventually(() => server!.openSockets() === 0)).toBe(true);
    await c.close();
  });
});

describe("a caller's fetch with no socket at all", () => {
  it('a Response whose body never ends: timeout, and the body is cancelled', { timeout: 5000 }, async () => {
    let cancelled = false;
    const c = createPortainerClient({
      url: 'http://127.0.0.1:9',
      apiKey: KEY,
      timeoutMs: 200,
      retry: { attempts: 1 },
      fetch: async () =>
        new Response(
          new ReadableStream({
            start: (controller) => controller.enqueue(new TextEncoder().encode('[1,')),
            cancel: () => void (cancelled = true),
          }),
          { status: 200, headers: { 'Content-Type': 'application/json' } },
        ),
    });
    await expect(c.GET('/endpoints')).rejects.toMatchObject({ code: 'timeout' });
    expect(cancelled).toBe(true);
  });

  it('an error Response whose body never ends still resolves at the time limit', { timeout: 5000 }, async () => {
    const c = createPortainerClient({
      url: 'http://127.0.0.1:9',
      apiKey: KEY,
      timeoutMs: 200,
      retry: { attempts: 1 },
      fetch: async () => new Response(new ReadableStream({ start: (controller) => controller.enqueue(new TextEncoder().encode('{"message":')) }), { status: 500 }),
    });
    const outcome = await settle(c.GET('/endpoints'));
    const error = outcome.ok ? outcome.value.error : outcome.error;
    expect(error).toBeInstanceOf(PortainerError);
    expect(['timeout', 'http']).toContain((error as PortainerError).code);
  });
});
