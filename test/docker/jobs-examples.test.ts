// The jobs' examples against the private daemon: run-in-container straight from the daemon
// (DOCKER_URL), open-terminal through the stand-in for Portainer's console WebSockets.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { main as openTerminal } from '../../examples/open-terminal.js';
import { main as runInContainer } from '../../examples/run-in-container.js';
import { startPortainerRelay, type PortainerRelay } from '../helpers/portainer-relay.js';
import { createContainer, d1Context } from './d1-helpers.js';

const API_KEY = 'ptr_jobsExamplesKey0123456789abcdef';
const ctx = d1Context('jobs-examples');
let container: string;
let relay: PortainerRelay;

beforeAll(async () => {
  relay = await startPortainerRelay({ dockerUrl: inject('dockerUrl'), apiKey: API_KEY });
  container = await createContainer(ctx, 'host', { Cmd: ['sleep', '300'], StopTimeout: 1 });
  const { error } = await ctx.direct.POST('/containers/{id}/start', { params: { path: { id: container } } });
  if (error) throw error;
});
afterAll(async () => {
  await relay?.close();
  await ctx.cleanup();
});

describe('examples/run-in-container.ts against the daemon', () => {
  it('prints the output apart and returns the exit code, with STDIN_FILE as standard input', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobs-examples-'));
    try {
      const input = path.join(dir, 'input.sql');
      fs.writeFileSync(input, 'select 1;\nselect 2;\n');
      const out: string[] = [];
      const err: string[] = [];
      const result = await runInContainer(['sh', '-c', 'grep -c select; echo checked >&2; exit 2'], { DOCKER_URL: inject('dockerUrl'), CONTAINER: container, STDIN_FILE: input }, {
        stdout: (t) => void out.push(t),
        stderr: (t) => void err.push(t),
      });
      expect(result.exitCode).toBe(2);
      expect(out.join('')).toBe('2\n');
      expect(err.join('')).toBe('checked\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('examples/open-terminal.ts through the console WebSocket stand-in', () => {
  it('relays keystrokes and output, sizes the terminal, and ends with the shell', async () => {
    const output: string[] = [];
    async function* keys() {
      yield 'stty size; echo done-$((40+2)); exit 3\n';
    }
    const end = await openTerminal(
      { PORTAINER_URL: relay.url, PORTAINER_API_KEY: API_KEY, PORTAINER_ENDPOINT_ID: '1', CONTAINER: container },
      { input: keys(), write: (text) => void output.push(text), size: () => ({ cols: 90, rows: 20 }) },
    );
    expect(end.exitCode).toBe(3);
    expect(output.join('')).toMatch(/20 90\r\ndone-42\r\n/);
    expect(relay.seen.some((s) => /\/exec\/[0-9a-f]+\/resize\?h=20&w=90$/.test(s.url))).toBe(true);
  });

  it('needs the Portainer settings and a container', async () => {
    await expect(openTerminal({ PORTAINER_URL: relay.url }, { input: [], write: () => undefined })).rejects.toThrow(/Set PORTAINER_URL, PORTAINER_API_KEY and CONTAINER/);
  });
});
