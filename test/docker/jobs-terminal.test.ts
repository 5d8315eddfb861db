// openTerminal against a stand-in for Portainer's console WebSockets (test/helpers/portainer-relay)
// in front of the private daemon: the real exec and attach, with a TTY, over a real WebSocket.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPortainerClient, openTerminal, type TerminalSession } from '../../src/node.js';
import { startPortainerRelay, type PortainerRelay } from '../helpers/portainer-relay.js';
import { createContainer, d1Context } from './d1-helpers.js';

const API_KEY = 'ptr_terminalTestKey0123456789abcdef';
const ctx = d1Context('jobs-terminal');
let relay: PortainerRelay;
let portainer: ReturnType<typeof createPortainerClient>;
let container: string;

/** Reads the session's output until it contains `wanted`, within `ms`. */
async function readUntil(session: TerminalSession, wanted: string | RegExp, ms = 10_000): Promise<string> {
  let text = '';
  const deadline = AbortSignal.timeout(ms);
  const iterator = session[Symbol.asyncIterator]();
  while (!(typeof wanted === 'string' ? text.includes(wanted) : wanted.test(text))) {
    const next = await Promise.race([
      iterator.next(),
      new Promise<never>((_, reject) => deadline.addEventListener('abort', () => reject(new Error(`no ${wanted} within ${ms} ms; got ${JSON.stringify(text)}`)), { once: true })),
    ]);
    if (next.done) throw new Error(`session ended before ${wanted}; got ${JSON.stringify(text)}`);
    text += next.value;
  }
  return text;
}

beforeAll(async () => {
  relay = await startPortainerRelay({ dockerUrl: inject('dockerUrl'), apiKey: API_KEY });
  portainer = createPortainerClient({ url: relay.url, apiKey: API_KEY, timeoutMs: 20_000 });
  container = await createContainer(ctx, 'host', { Cmd: ['sleep', '300'], StopTimeout: 1 });
  const { error } = await ctx.direct.POST('/containers/{id}/start', { params: { path: { id: container } } });
  if (error) throw error;
});
afterAll(async () => {
  await portainer?.close();
  await relay?.close();
  await ctx.cleanup();
});

async function shell(extra: Partial<Parameters<typeof openTerminal>[1]> = {}): Promise<TerminalSession> {
  return openTerminal(portainer, { endpointId: 1, containerId: container, cmd: ['sh'], ...extra } as Parameters<typeof openTerminal>[1]);
}

describe('openTerminal (a new process)', () => {
  it('runs a shell: input, output, resize, exit code', async () => {
    const session = await shell();
    expect(session.execId).toMatch(/^[0-9a-f]{64}$/);
    await session.write('echo hello-$((6*7))\n');
    expect(await readUntil(session, 'hello-42')).toContain('hello-42');
    await session.resize(100, 30);
    await session.write('stty size\n');
    expect(await readUntil(session, '30 100')).toContain('30 100');
    await session.write('exit 5\n');
    expect(await session.closed).toMatchObject({ code: 1006, exitCode: 5 });
    // the output ends with the session
    const rest: string[] = [];
    for await (const text of session) rest.push(text);
    await expect(session.write('echo late\n')).rejects.toMatchObject({ code: 'websocket', message: 'The terminal session is closed' });
  });

  it('sends the credential as a header, never in the URL', async () => {
    const session = await shell();
    await session.close();
    const upgrade = relay.seen.filter((s) => s.url.startsWith('/api/websocket/exec')).at(-1)!;
    const query = new URL(upgrade.url, 'http://x').searchParams;
    expect([...query.keys()].sort()).toEqual(['endpointId', 'id']);
    expect(query.get('id')).toBe(session.execId);
    expect(upgrade.headers['x-api-key']).toBe(API_KEY);
    expect(upgrade.url).not.toContain(API_KEY);
  });

  it('splits long input into messages Portainer accepts, never inside a character', async () => {
    // Read by `head` (the kernel's line discipline), not by the shell's line editor, which keeps 1024 bytes.
    const session = await shell({ cmd: ['sh', '-c', 'head -c 3000 | sha256sum'] });
    const long = 'é'.repeat(1500); // 3000 bytes: more than one 2048-byte message
    await session.write(`${long}\n`);
    const digest = createHash('sha256').update(long).digest('hex');
    expect(await readUntil(session, digest)).toContain(digest);
    const sizes = relay.received.at(-1)!.map((m) => m.bytes);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2048);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(3001);
    expect((await session.closed).exitCode).toBe(0);

    const binary = await shell();
    await binary.write(Uint8Array.from(Buffer.from('echo bytes-$((1+1))\n')));
    expect(await readUntil(binary, 'bytes-2')).toContain('bytes-2');
    expect(relay.received.at(-1)!.at(-1)).toEqual({ binary: true, bytes: 20 });
    await binary.close();
  });

  it('closes on close(), and ends when the server drops the connection', async () => {
    const closed = await shell();
    const end = await closed.close();
    expect(end.code).toBe(1000);
    const after: string[] = [];
    for await (const text of closed) after.push(text);

    const dropped = await shell();
    await dropped.write('echo ready\n');
    await readUntil(dropped, 'ready');
    relay.dropSessions();
    expect((await dropped.closed).code).toBe(1006);
  });

  it('closes when the signal fires', async () => {
    const controller = new AbortController();
    const session = await shell({ signal: controller.signal });
    controller.abort();
    expect((await session.closed).code).toBe(1000);
  });

  it('ends with output-limit when output waits unread past maxBufferedBytes', async () => {
    const session = await shell({ maxBufferedBytes: 4096 });
    await session.write("head -c 20000 /dev/zero | tr '\\0' x; echo\n");
    await session.closed;
    await expect((async () => { for await (const _ of session) void _; })()).rejects.toMatchObject({
      code: 'output-limit',
      message: expect.stringContaining('maxBufferedBytes (4096 bytes)'),
    });
  });
});

describe('openTerminal (an exec created beforehand, attach)', () => {
  it('starts an exec instance given by ID, once', async () => {
    const docker = portainer.docker(1);
    const { data } = await docker.POST('/containers/{id}/exec', {
      params: { path: { id: container } },
      body: { Cmd: ['sh', '-c', 'read line; echo "got $line"; exit 7'], AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true },
    });
    const session = await openTerminal(portainer, { endpointId: 1, execId: data!.Id });
    expect(session.containerId).toBe(container);
    await session.write('answer\n');
    expect(await readUntil(session, 'got answer')).toContain('got answer');
    expect((await session.closed).exitCode).toBe(7);
    await expect(openTerminal(portainer, { endpointId: 1, execId: data!.Id })).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringContaining('has already been started'),
    });
  });

  it("attaches to a container's main process and resizes the container's TTY", async () => {
    const id = await createContainer(ctx, 'attach', { Cmd: ['sh'], Tty: true, OpenStdin: true, StopTimeout: 1 });
    await ctx.direct.POST('/containers/{id}/start', { params: { path: { id } } });
    const session = await openTerminal(portainer, { endpointId: 1, containerId: ctx.name('attach'), attach: true });
    expect(session.execId).toBeUndefined();
    expect(session.containerId).toBe(id);
    expect(relay.seen.at(-1)!.url).toMatch(new RegExp(`^/api/websocket/attach\\?id=${id}&endpointId=1$`));
    await session.resize(120, 40);
    await session.write('stty size\n');
    expect(await readUntil(session, '40 120')).toContain('40 120');
    await session.write('exit 4\n');
    const end = await session.closed;
    expect(end.code).toBe(1006);
    expect([4, null]).toContain(end.exitCode); // the container may not have stopped yet
  });
});

describe('openTerminal failures', () => {
  it('reports what the API refuses before the upgrade: a bad credential (401), no such container (404)', async () => {
    const intruder = createPortainerClient({ url: relay.url, apiKey: 'ptr_wrongKey0123456789abcdef', retry: { attempts: 1 } });
    try {
      await expect(openTerminal(intruder, { endpointId: 1, containerId: container })).rejects.toMatchObject({ status: 401 });
    } finally {
      await intruder.close();
    }
    await expect(shell({ containerId: ctx.name('missing') })).rejects.toMatchObject({ status: 404 });
    const stopped = await createContainer(ctx, 'stopped', { Cmd: ['true'] });
    await expect(openTerminal(portainer, { endpointId: 1, containerId: stopped, attach: true })).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringContaining('is not running'),
    });
  });

  it('reports a refused upgrade with the websocket code, without the key', async () => {
    relay.refuseUpgrades = 403;
    try {
      const error = await shell().catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'PortainerError', code: 'websocket', path: '/api/websocket/exec' });
      expect(JSON.stringify(error)).not.toContain(API_KEY);
    } finally {
      relay.refuseUpgrades = undefined;
    }
  });

  it('gives up opening after timeoutMs when the server never answers the upgrade', async () => {
    relay.holdUpgrades = true;
    try {
      await expect(shell({ timeoutMs: 500 })).rejects.toMatchObject({ code: 'timeout', message: expect.stringContaining('500 ms') });
    } finally {
      relay.holdUpgrades = false;
    }
  });

  it("opens the WebSocket at the client's own address, the credential in a header, never in the URL", async () => {
    const session = await shell();
    const upgrade = relay.seen.filter((s) => s.upgrade).at(-1)!;
    expect(upgrade.url).toMatch(/^\/api\/websocket\/exec\?id=[0-9a-f]{64}&endpointId=1$/);
    expect(upgrade.headers['x-api-key']).toBe(API_KEY);
    expect(upgrade.url).not.toContain(API_KEY);
    await session.close();
  });

  it('refuses bad options', async () => {
    const before = relay.seen.length;
    await expect(shell({ cmd: [] })).rejects.toMatchObject({ code: 'invalid-request' });
    expect(relay.seen.length).toBe(before); // refused before any exec is created
    await expect(openTerminal(portainer, { endpointId: 1, execId: 'not hex' })).rejects.toMatchObject({ code: 'invalid-request' });
    const session = await shell();
    await expect(session.resize(0, 10)).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringContaining('`cols`') });
    await session.close();
  });
});
