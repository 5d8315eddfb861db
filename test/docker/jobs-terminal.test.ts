// openTerminal against a stand-in for Portainer's console WebSockets (test/helpers/portainer-relay)
// in front of the private daemon: the real exec and attach, with a TTY, over a real WebSocket.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPortainerClient, openTerminal, type TerminalSession } from '../../src/node.js';
import { startPortainerRelay, type PortainerRelay } from '../helpers/portainer-relay.js';
import { createContainer, d1Context } from './d1-helpers.js';

const API_KEY = 'ptr_terminalTestKey0123456789abcdef';
const ctx = d1Context('jobs-terminal');
let relay: PortainerRelay;
let portainer: ReturnType<typeof createPortainerClient>;
let container: string;
const connection = () => ({ url: relay.url, apiKey: API_KEY });

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

describe('openTerminal (exec)', () => {
  it('runs a shell: input, output, resize, exit code', async () => {
    const session = await openTerminal(portainer, { endpointId: 1, containerId: container, cmd: ['sh'], connection: connection() });
    await session.write('echo hello-$((6*7))\n');
    expect(await readUntil(session, 'hello-42')).toContain('hello-42');
    await session.resize(100, 30);
    await session.write('stty size\n');
    expect(await readUntil(session, '30 100')).toContain('30 100');
    await session.write('exit 5\n');
    const end = await session.closed;
    expect(end).toMatchObject({ code: 1006, exitCode: 5 });
  });
});
