// runInContainer against the private daemon: through the validating Prism proxy, straight to the
// daemon, and through Portainer's Docker proxy path (portainer.docker(1), served by the relay in
// front of the daemon). Stdin travels as a tar upload, which Prism cannot carry: those runs go to
// the daemon and through the relay only.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPortainerClient, runInContainer, type DockerClient, type PortainerClient } from '../../src/index.js';
import { startPortainerRelay, type PortainerRelay } from '../helpers/portainer-relay.js';
import { createContainer, d1Context } from './d1-helpers.js';

const API_KEY = 'ptr_runTestKey0123456789abcdef';
const ctx = d1Context('jobs-run');
let container: string;
let relay: PortainerRelay;
let portainer: PortainerClient;

beforeAll(async () => {
  relay = await startPortainerRelay({ dockerUrl: inject('dockerUrl'), apiKey: API_KEY });
  portainer = createPortainerClient({ url: relay.url, apiKey: API_KEY, timeoutMs: 20_000, retry: { attempts: 1 } });
  container = await createContainer(ctx, 'host', { Cmd: ['sleep', '300'], StopTimeout: 1 });
  const { error } = await ctx.direct.POST('/containers/{id}/start', { params: { path: { id: container } } });
  if (error) throw error;
  // As in real images: / open to all, /tmp world-writable and sticky (the test image has neither).
  await runInContainer(ctx.direct, container, { cmd: ['chmod', '755', '/'] });
  await runInContainer(ctx.direct, container, { cmd: ['chmod', '1777', '/tmp'] });
});
afterAll(async () => {
  await portainer?.close();
  await relay?.close();
  await ctx.cleanup();
});

const clients: Array<[string, () => DockerClient]> = [
  ['through the validating proxy', () => ctx.proxy],
  ['straight to the daemon', () => ctx.direct],
  ["through Portainer's Docker proxy path", () => portainer.docker(1)],
];

/** Files the stdin staging left in /tmp. */
async function leftovers(): Promise<string> {
  const { stdout } = await runInContainer(ctx.direct, container, { cmd: ['sh', '-c', 'ls -a /tmp | grep portainer-openapi-stdin || true'] });
  return stdout;
}

describe.each(clients)('runInContainer %s', (_via, client) => {
  it('resolves with the exit code, stdout and stderr apart', async () => {
    const result = await runInContainer(client(), container, { cmd: ['sh', '-c', 'echo out 1; echo err 1 >&2; echo out 2; exit 3'] });
    expect(result).toEqual({ exitCode: 3, stdout: 'out 1\nout 2\n', stderr: 'err 1\n' });
  });

  it('passes environment, working directory and user', async () => {
    const result = await runInContainer(client(), container, {
      cmd: ['sh', '-c', 'echo "$A|$B"; pwd; id -u'],
      env: { A: 'x', B: 'y z' },
      workingDir: '/tmp',
      user: 'nobody',
    });
    expect(result).toEqual({ exitCode: 0, stdout: 'x|y z\n/tmp\n65534\n', stderr: '' });
    const listed = await runInContainer(client(), container, { cmd: ['sh', '-c', 'echo "$C"'], env: ['C=from a list'] });
    expect(listed.stdout).toBe('from a list\n');
  });

  it('ends with output-limit past maxOutputBytes, naming the limit', async () => {
    await expect(runInContainer(client(), container, { cmd: ['sh', '-c', 'echo 0123456789; echo 0123456789 >&2'], maxOutputBytes: 20 })).rejects.toMatchObject({
      name: 'PortainerError',
      code: 'output-limit',
      message: expect.stringContaining('maxOutputBytes (20 bytes)'),
    });
    const exact = await runInContainer(client(), container, { cmd: ['sh', '-c', 'echo 012345678; echo 012345678 >&2'], maxOutputBytes: 20 });
    expect(exact).toEqual({ exitCode: 0, stdout: '012345678\n', stderr: '012345678\n' });
  });

  it('reports what the API refuses: no such container (404), a stopped one (409)', async () => {
    await expect(runInContainer(client(), ctx.name('missing'), { cmd: ['true'] })).rejects.toMatchObject({ name: 'PortainerError', status: 404 });
    const stopped = await createContainer(ctx, `stopped-${Math.random().toString(36).slice(2, 6)}`, { Cmd: ['true'] });
    await expect(runInContainer(client(), stopped, { cmd: ['true'] })).rejects.toMatchObject({ status: 409 });
  });
});

// Prism garbles long raw streams (frame headers turn up inside the data) and the daemon's own
// error frames: what follows goes to the daemon, directly or through the relay.
describe.each(clients.slice(1))('runInContainer, long output %s', (_via, client) => {
  it('keeps output of any length up to the limit, and ends with output-limit past it', async () => {
    const mib = await runInContainer(client(), container, { cmd: ['sh', '-c', "head -c 1048576 /dev/zero | tr '\\0' a"] });
    expect(mib.stdout.length).toBe(1048576);
    expect(mib.stdout).toMatch(/^a+$/);
    const exact = await runInContainer(client(), container, { cmd: ['head', '-c', '65536', '/dev/zero'], maxOutputBytes: 65536 });
    expect(exact.stdout.length).toBe(65536);
    await expect(runInContainer(client(), container, { cmd: ['head', '-c', '65537', '/dev/zero'], maxOutputBytes: 65536 })).rejects.toMatchObject({
      name: 'PortainerError',
      code: 'output-limit',
      message: expect.stringContaining('maxOutputBytes (65536 bytes)'),
    });
  });

  it('reports a command that does not exist by its exit code', async () => {
    const result = await runInContainer(client(), container, { cmd: ['no-such-command'] });
    expect([126, 127]).toContain(result.exitCode);
  });
});

describe.each(clients.slice(1))('runInContainer with stdin %s', (_via, client) => {
  it('feeds text to the command and leaves no file behind', async () => {
    const result = await runInContainer(client(), container, { cmd: ['sh', '-c', 'wc -l; echo done >&2'], stdin: 'one\ntwo\nthree\n' });
    expect(result).toEqual({ exitCode: 0, stdout: expect.stringMatching(/^\s*3\n$/), stderr: 'done\n' });
    expect(await leftovers()).toBe('');
  });

  it('feeds bytes unchanged (all 256 values, 1 MiB)', async () => {
    const bytes = new Uint8Array(1024 * 1024).map((_, i) => (i * 7) % 256);
    const result = await runInContainer(client(), container, { cmd: ['sha256sum'], stdin: bytes });
    expect(result.stdout.split(' ')[0]).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await leftovers()).toBe('');
  });

  it('gives the file to a user other than root, who alone may read it', async () => {
    const result = await runInContainer(client(), container, { cmd: ['sh', '-c', 'id -u; ls -l /proc/self/fd/0 >/dev/null; cat'], stdin: 'secret input\n', user: 'nobody' });
    expect(result).toEqual({ exitCode: 0, stdout: '65534\nsecret input\n', stderr: '' });
    expect(await leftovers()).toBe('');
  });

  it('refuses a user the container does not know, and cleans up', async () => {
    await expect(runInContainer(client(), container, { cmd: ['cat'], stdin: 'x', user: 'no-such-user' })).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringContaining('could not be given to user "no-such-user"'),
    });
    expect(await leftovers()).toBe('');
  });
});

describe('runInContainer limits and input', () => {
  it('ends with timeout past timeoutMs, and with aborted when the signal fires', async () => {
    await expect(runInContainer(ctx.direct, container, { cmd: ['sleep', '5'], timeoutMs: 300 })).rejects.toMatchObject({
      code: 'timeout',
      message: expect.stringContaining('300 ms'),
    });
    await expect(runInContainer(ctx.proxy, container, { cmd: ['sleep', '5'], signal: AbortSignal.timeout(300), timeoutMs: 0 })).rejects.toMatchObject({ code: 'timeout' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await expect(runInContainer(ctx.direct, container, { cmd: ['sleep', '5'], signal: controller.signal })).rejects.toMatchObject({ code: 'aborted' });
  });

  it('refuses bad options before sending anything', async () => {
    for (const options of [{ cmd: [] }, { cmd: 'ls' }, { cmd: ['ls'], maxOutputBytes: -1 }, { cmd: ['ls'], env: { 'A=B': 'c' } }, { cmd: ['ls'], stdin: 42 }]) {
      await expect(runInContainer(ctx.direct, container, options as never)).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/^runInContainer: /) });
    }
  });
});
