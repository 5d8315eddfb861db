// The Docker CLI (Debian's docker.io client, /usr/bin/docker, Docker 20.10) against the test
// daemon through the validating proxy, by way of ./sdk-front.ts: a broad everyday workload
// (run, ps, inspect, logs, exec, cp, build, images, push and pull, volumes, networks, plugins,
// system, events, swarm, services, secrets, configs). The test passes only if no exchange breaks
// the description.
//
// Two things about the CLI's paths, both handled by the front and checked here: it puts every
// path under `/v1.41` (the daemon serves each route with and without that prefix; the
// description is written without it), and it sends names that hold `/` (`sdk/app:1`, plugins
// on a registry) unencoded across several segments, which no OpenAPI path template can match:
// the front hands those to Prism as one encoded segment, the form the description asks for, and
// sdk-paths.test.ts shows that the daemon answers both forms alike.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDockerEngineClient } from '../../src/index.js';
import { readTar } from './d2-helpers.js';
import { startFakeRegistry, type FakeRegistry } from './d2-registry.js';
import { busyboxRootfsTar } from './image.js';
import { pluginConfig, pluginSocket, type PluginSocket } from './plugin-fixture.js';
import type { Front } from './sdk-front.js';
import { expectTierWithinDescription, frontForTier } from './sdk-helpers.js';
import { ensureGwBridge, leaveSwarm, swarmPort } from './swarm-fixture.js';

/** Debian's client, not whatever `docker` comes first on the PATH. */
const DOCKER_CLI = '/usr/bin/docker';
const RUN = Math.random().toString(36).slice(2, 8);
const LABEL = `org.portainer-openapi.test.cli=${RUN}`;
const image = inject('testImage');
const daemon = createDockerEngineClient({ url: inject('dockerUrl') });

let front: Front;
let registry: FakeRegistry;
let socket: PluginSocket;
let work = '';
let ownGwBridge = false;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI against the front with a configuration of its own; never more than 60 s. */
function cli(args: string[], input?: string | Buffer): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      DOCKER_CLI,
      args,
      {
        env: { PATH: process.env.PATH, HOME: work, DOCKER_HOST: `tcp://127.0.0.1:${front.port}`, DOCKER_CONFIG: path.join(work, 'config'), DOCKER_BUILDKIT: '0' },
        timeout: 60_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'buffer',
      },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout: stdout.toString(), stderr: stderr.toString() }),
    );
    child.stdin!.end(input ?? '');
  });
}

/** The CLI's output of a command that must succeed. */
async function ok(...args: string[]): Promise<string> {
  const result = await cli(args);
  if (result.code !== 0) throw new Error(`docker ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

beforeAll(async () => {
  if (!fs.existsSync(DOCKER_CLI)) throw new Error(`${DOCKER_CLI} is missing: run \`sudo scripts/setup-system.sh\` (Debian package docker.io)`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'portainer-openapi-cli-'));
  front = await frontForTier();
  registry = await startFakeRegistry({ searchable: [{ name: `sdk/cli-${RUN}`, description: 'pushed by the CLI tier' }] });
  socket = await pluginSocket();
});

afterAll(async () => {
  try {
    await leaveSwarm(daemon, ownGwBridge);
    const { data: containers } = await daemon.GET('/containers/json', { params: { query: { all: true, filters: JSON.stringify({ label: [LABEL] }) } } });
    for (const c of containers ?? []) await daemon.DELETE('/containers/{id}', { params: { path: { id: c.Id! }, query: { force: true, v: true } } });
    for (const name of [`sdk-cli-${RUN}-plugin:latest`, `${registry?.host}/sdk/cli-plugin-${RUN}:1`]) {
      await daemon.DELETE('/plugins/{name}', { params: { path: { name }, query: { force: true } } });
    }
    for (const name of [`sdk/cli-${RUN}:1`, `sdk-cli-${RUN}-built:1`, `sdk-cli-${RUN}-import:1`, `sdk-cli-${RUN}-commit:1`, `${registry?.host}/sdk/cli-${RUN}:1`]) {
      await daemon.DELETE('/images/{name}', { params: { path: { name }, query: { force: true } } });
    }
    for (const what of ['/volumes/prune', '/networks/prune'] as const) await daemon.POST(what, { params: { query: { filters: JSON.stringify({ label: [LABEL] }) } } });
  } finally {
    await socket?.close();
    await registry?.close();
    await front?.close();
    await daemon.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  }
});

describe('system', () => {
  it('reports version, info and disk usage', async () => {
    expect(await ok('version', '--format', '{{.Server.APIVersion}}')).toBe('1.41\n');
    expect(await ok('info', '--format', '{{.OSType}}')).toBe('linux\n');
    expect(await ok('system', 'df')).toMatch(/^TYPE\s+TOTAL/);
    expect(await ok('system', 'df', '-v')).toContain(image.split(':')[0]);
  });

  it('logs in to a registry', async () => {
    const auth = await startFakeRegistry({ auth: { username: 'cli', password: 'cli-secret' } });
    try {
      expect((await cli(['login', auth.host, '-u', 'cli', '--password-stdin'], 'cli-secret\n')).stdout).toContain('Login Succeeded');
      const refused = await cli(['login', auth.host, '-u', 'cli', '--password-stdin'], 'wrong\n');
      expect(refused.code).not.toBe(0);
    } finally {
      await auth.close();
    }
  });
});

describe('containers', () => {
  const name = `sdk-cli-${RUN}`;

  it('runs a command attached, and one that removes itself', async () => {
    const attached = await cli(['run', '--name', `${name}-once`, '--label', LABEL, '--network', 'none', image, 'sh', '-c', 'echo run-out; echo run-err >&2; exit 4']);
    expect(attached).toMatchObject({ code: 4, stdout: 'run-out\n', stderr: 'run-err\n' });
    expect(await ok('run', '--rm', '--label', LABEL, '--network', 'none', image, 'echo', 'gone')).toBe('gone\n');
  });

  it('runs one detached, and lists and inspects it', async () => {
    await ok('run', '-d', '--name', name, '--label', LABEL, '--network', 'none', image, 'sh', '-c', 'echo started; echo warn >&2; exec sleep 600');
    expect(await ok('ps', '--filter', `label=${LABEL}`, '--format', '{{.Names}}')).toBe(`${name}\n`);
    expect((await ok('ps', '-a', '-q', '-n', '5', '-s', '--no-trunc', '--filter', `label=${LABEL}`)).split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(await ok('inspect', '--format', '{{.State.Running}}', name)).toBe('true\n');
    expect(await ok('container', 'inspect', '-s', '--format', '{{.SizeRootFs}}', name)).toMatch(/^[1-9][0-9]*\n$/);
  });

  it('shows logs, processes, changes and a stats sample', async () => {
    expect(await cli(['logs', name])).toMatchObject({ stdout: 'started\n', stderr: 'warn\n' });
    const detailed = await cli(['logs', '--tail', 'all', '--timestamps', '--details', '--since', '1h', name]);
    expect(detailed.stdout).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z +started\n$/);
    expect(await ok('top', name)).toContain('sleep 600');
    expect(await ok('diff', name)).toBe('');
    expect(await ok('stats', '--no-stream', '--format', '{{.Name}}', name)).toBe(`${name}\n`);
  });

  it('runs commands inside: attached, with stdin, and detached', async () => {
    expect(await cli(['exec', name, 'sh', '-c', 'echo exec-out; echo exec-err >&2'])).toMatchObject({ code: 0, stdout: 'exec-out\n', stderr: 'exec-err\n' });
    expect((await cli(['exec', '-i', name, 'sh', '-c', 'cat > /tmp/in; cat /tmp/in'], 'through stdin\n')).stdout).toBe('through stdin\n');
    await ok('exec', '-d', name, 'touch', '/tmp/detached');
    await expect.poll(async () => (await cli(['exec', name, 'ls', '/tmp/detached'])).code, { timeout: 10_000 }).toBe(0);
  });

  it('copies files both ways and exports the file system', async () => {
    fs.writeFileSync(path.join(work, 'in.txt'), 'copied in\n');
    await ok('cp', path.join(work, 'in.txt'), `${name}:/tmp/in.txt`);
    await ok('cp', `${name}:/tmp/in.txt`, path.join(work, 'out.txt'));
    expect(fs.readFileSync(path.join(work, 'out.txt'), 'utf8')).toBe('copied in\n');
    await ok('export', '-o', path.join(work, 'export.tar'), name);
    expect(readTar(fs.readFileSync(path.join(work, 'export.tar'))).map((e) => e.name)).toEqual(expect.arrayContaining(['bin/busybox', 'tmp/in.txt']));
  });

  it('pauses, renames, updates, signals, restarts, commits and stops it', async () => {
    await ok('pause', name);
    expect(await ok('inspect', '--format', '{{.State.Status}}', name)).toBe('paused\n');
    await ok('unpause', name);
    await ok('rename', name, `${name}-2`);
    await ok('rename', `${name}-2`, name);
    await ok('update', '--cpu-shares', '512', name);
    await ok('kill', '-s', 'WINCH', name);
    await ok('restart', '-t', '1', name);
    expect(await ok('inspect', '--format', '{{.HostConfig.CpuShares}} {{.State.Running}}', name)).toBe('512 true\n');
    await ok('commit', '-c', 'LABEL committed=yes', '-m', 'from the CLI', name, `sdk-cli-${RUN}-commit:1`);
    await ok('stop', '-t', '1', name);
    expect(await ok('inspect', '--format', '{{.State.Running}}', name)).toBe('false\n');
  });

  it('starts attached, waits, and prunes and removes containers', async () => {
    await ok('create', '--name', `${name}-wait`, '--label', LABEL, '--network', 'none', image, 'sh', '-c', 'echo waited; exit 5');
    expect(await cli(['start', '-a', `${name}-wait`])).toMatchObject({ code: 5, stdout: 'waited\n' });
    expect(await ok('wait', `${name}-wait`)).toBe('5\n');
    expect(await ok('container', 'prune', '-f', '--filter', `label=${LABEL}`)).toContain(`Deleted Containers:`);
    await ok('rm', '-f', '-v', name);
    expect((await cli(['inspect', name])).code).not.toBe(0);
  });

  it('removes a legacy link by its two-segment name', async () => {
    await ok('create', '--name', `${name}-db`, '--label', LABEL, image, 'sleep', '60');
    await ok('create', '--name', `${name}-web`, '--label', LABEL, '--link', `${name}-db:db`, image, 'sleep', '60');
    expect(await ok('inspect', '--format', '{{json .HostConfig.Links}}', `${name}-web`)).toBe(`["/${name}-db:/${name}-web/db"]\n`);
    await ok('rm', '--link', `/${name}-web/db`);
    expect(await ok('inspect', '--format', '{{json .HostConfig.Links}}', `${name}-web`)).toBe('null\n');
  });
});

describe('images', () => {
  const repo = () => `${registry.host}/sdk/cli-${RUN}`;

  it('lists, tags, inspects and shows the history of images, names with `/` included', async () => {
    expect(await ok('images', '--format', '{{.Repository}}:{{.Tag}}')).toContain(`${image}\n`);
    expect(await ok('image', 'ls', '--digests', '-q', '--filter', `reference=${image}`)).toMatch(/^[0-9a-f]{12}\n$/);
    await ok('tag', image, `sdk/cli-${RUN}:1`);
    expect(await ok('image', 'inspect', '--format', '{{.Config.Cmd}}', `sdk/cli-${RUN}:1`)).toBe('[sh]\n');
    expect(await ok('history', '-q', `sdk/cli-${RUN}:1`)).toMatch(/^[0-9a-f]{12}\n/);
    expect(await ok('rmi', `sdk/cli-${RUN}:1`)).toContain(`Untagged: sdk/cli-${RUN}:1`);
  });

  it('builds with repeated --add-host, build args and labels (classic builder)', async () => {
    const dir = path.join(work, 'build');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${image}\nARG GREETING\nRUN grep -q db.internal /etc/hosts && grep -q cache.internal /etc/hosts\nRUN echo "$GREETING" > /greeting\n`);
    const built = await ok('build', '-t', `sdk-cli-${RUN}-built:1`, '--add-host', 'db.internal:10.0.0.5', '--add-host', 'cache.internal:10.0.0.6', '--build-arg', 'GREETING=hello', '--label', LABEL, '--network', 'none', '--no-cache', dir);
    expect(built).toContain(`Successfully tagged sdk-cli-${RUN}-built:1`);
    expect((await cli(['run', '--rm', '--network', 'none', `sdk-cli-${RUN}-built:1`, 'cat', '/greeting'])).stdout).toBe('hello\n');
    expect(await ok('builder', 'prune', '-f')).toContain('Total reclaimed space');
  });

  it('pushes to a registry and pulls back', async () => {
    await ok('tag', image, `${repo()}:1`);
    expect(await ok('push', `${repo()}:1`)).toMatch(/1: digest: sha256:[0-9a-f]{64}/);
    await ok('rmi', `${repo()}:1`);
    expect(await ok('pull', `${repo()}:1`)).toContain(`Downloaded newer image for ${repo()}:1`);
    expect(await ok('search', '--format', '{{.Name}}', `${registry.host}/sdk`)).toContain(`sdk/cli-${RUN}`);
  });

  it('saves, loads and imports tarballs', async () => {
    const saved = path.join(work, 'saved.tar');
    await ok('save', '-o', saved, image);
    expect(readTar(fs.readFileSync(saved)).map((e) => e.name)).toContain('manifest.json');
    expect(await ok('load', '-i', saved)).toContain(`Loaded image: ${image}`);
    fs.writeFileSync(path.join(work, 'rootfs.tar'), busyboxRootfsTar());
    expect(await ok('import', '-c', 'CMD ["sh"]', path.join(work, 'rootfs.tar'), `sdk-cli-${RUN}-import:1`)).toMatch(/^sha256:/);
    expect(await ok('run', '--rm', '--network', 'none', `sdk-cli-${RUN}-import:1`, 'echo', 'imported')).toBe('imported\n');
    expect(await ok('image', 'prune', '-f', '--filter', `label=${LABEL}`)).toContain('Total reclaimed space');
  });
});

describe('volumes, networks and events', () => {
  it('creates, lists, inspects, removes and prunes volumes', async () => {
    await ok('volume', 'create', '--label', LABEL, `sdk-cli-${RUN}-vol`);
    expect(await ok('volume', 'ls', '-q', '--filter', `label=${LABEL}`)).toBe(`sdk-cli-${RUN}-vol\n`);
    expect(await ok('volume', 'inspect', '--format', '{{.Driver}}', `sdk-cli-${RUN}-vol`)).toBe('local\n');
    await ok('volume', 'rm', '-f', `sdk-cli-${RUN}-vol`);
    await ok('volume', 'create', '--label', LABEL, `sdk-cli-${RUN}-vol2`);
    expect(await ok('volume', 'prune', '-f', '--filter', `label=${LABEL}`)).toContain(`sdk-cli-${RUN}-vol2`);
  });

  it('creates, connects, disconnects, removes and prunes networks', async () => {
    const net = `sdk-cli-${RUN}-net`;
    await ok('network', 'create', '--internal', '--label', LABEL, net);
    await ok('create', '--name', `sdk-cli-${RUN}-netc`, '--label', LABEL, image, 'sleep', '60');
    await ok('network', 'connect', '--alias', 'member', net, `sdk-cli-${RUN}-netc`);
    expect(await ok('network', 'inspect', '-v', '--format', '{{.Internal}}', net)).toBe('true\n');
    expect(await ok('network', 'ls', '-q', '--filter', `label=${LABEL}`)).toMatch(/^[0-9a-f]{12}\n$/);
    await ok('network', 'disconnect', '-f', net, `sdk-cli-${RUN}-netc`);
    await ok('network', 'rm', net);
    await ok('network', 'create', '--internal', '--label', LABEL, `${net}2`);
    expect(await ok('network', 'prune', '-f', '--filter', `label=${LABEL}`)).toContain(`${net}2`);
  });

  it('replays the events of a time window', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    await ok('volume', 'create', '--label', LABEL, `sdk-cli-${RUN}-ev`);
    await ok('volume', 'rm', `sdk-cli-${RUN}-ev`);
    const events = await ok('events', '--since', String(since), '--until', String(Math.floor(Date.now() / 1000) + 1), '--filter', 'type=volume', '--filter', `volume=sdk-cli-${RUN}-ev`, '--format', '{{.Action}}');
    expect(events).toBe('create\ndestroy\n');
  });
});

describe('plugins', () => {
  const local = `sdk-cli-${RUN}-plugin`;
  const remote = () => `${registry.host}/sdk/cli-plugin-${RUN}:1`;

  it('creates a plugin from a directory, configures, enables, disables and pushes it', async () => {
    const dir = path.join(work, 'plugin');
    fs.mkdirSync(path.join(dir, 'rootfs', 'run', 'docker', 'plugins'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(pluginConfig));
    execFileSync('tar', ['-x', '-C', path.join(dir, 'rootfs')], { input: busyboxRootfsTar() });
    expect(await ok('plugin', 'create', local, dir)).toBe(`${local}\n`);
    expect(await ok('plugin', 'ls', '--format', '{{.Name}}', '--filter', 'capability=d2test')).toContain(`${local}:latest\n`);
    await ok('plugin', 'set', local, `TARGET=${socket.path}`);
    await ok('plugin', 'enable', '--timeout', '5', local);
    expect(await ok('plugin', 'inspect', '--format', '{{.Enabled}}', local)).toBe('true\n');
    await ok('plugin', 'disable', local);
    fs.writeFileSync(path.join(dir, 'rootfs', 'marker'), remote()); // another root file system: the daemon refuses a copy
    await ok('plugin', 'create', remote(), dir);
    expect(await ok('plugin', 'inspect', '--format', '{{.Name}}', remote())).toBe(`${remote()}\n`);
    expect(await ok('plugin', 'push', remote())).toContain('Upload complete');
    expect(registry.manifests.get(`sdk/cli-plugin-${RUN}:1`)?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    await ok('plugin', 'rm', local, remote());
    expect(await ok('plugin', 'ls', '-q', '--filter', 'capability=d2test')).toBe('');
  });
});

describe('swarm', () => {
  const service = `sdk-cli-${RUN}-svc`;

  beforeAll(async () => {
    ownGwBridge = await ensureGwBridge(daemon, `clgw${RUN}`);
  });

  it('initialises a single-node swarm on loopback, and updates it', async () => {
    await ok('swarm', 'init', '--listen-addr', `127.0.0.1:${await swarmPort()}`, '--advertise-addr', '127.0.0.1', '--data-path-port', String(await swarmPort()));
    expect(await ok('swarm', 'join-token', '-q', 'worker')).toMatch(/^SWMTKN-1-/);
    await ok('swarm', 'update', '--task-history-limit', '2');
    expect(await ok('info', '--format', '{{.Swarm.LocalNodeState}}')).toBe('active\n');
  });

  it('lists, inspects and labels its node', async () => {
    const node = (await ok('node', 'ls', '-q')).trim();
    expect(node).toMatch(/^[a-z0-9]{25}$/);
    await ok('node', 'update', '--label-add', `sdk=${RUN}`, node);
    expect(await ok('node', 'inspect', '--format', '{{index .Spec.Labels "sdk"}}', 'self')).toBe(`${RUN}\n`);
  });

  it('runs a service, shows its tasks and logs, updates and removes it', async () => {
    await ok('service', 'create', '--name', service, '--label', LABEL, '--restart-condition', 'none', '--stop-grace-period', '1s', image, 'sh', '-c', 'echo service-out; exec sleep 600');
    expect(await ok('service', 'ls', '--filter', `label=${LABEL}`, '--format', '{{.Name}} {{.Replicas}}')).toBe(`${service} 1/1\n`);
    expect(await ok('service', 'ps', '--format', '{{.CurrentState}}', service)).toMatch(/^Running/);
    expect(await ok('service', 'inspect', '--format', '{{.Spec.Name}}', service)).toBe(`${service}\n`);
    await expect.poll(async () => (await ok('service', 'logs', '--raw', service)), { timeout: 20_000, interval: 500 }).toContain('service-out');
    await ok('service', 'update', '--detach', '--label-add', 'phase=updated', service);
    expect(await ok('service', 'inspect', '--format', '{{index .Spec.Labels "phase"}}', service)).toBe('updated\n');
    await ok('service', 'rm', service);
  });

  it('keeps secrets and configs', async () => {
    for (const kind of ['secret', 'config']) {
      const name = `sdk-cli-${RUN}-${kind}`;
      expect((await cli([kind, 'create', '--label', LABEL, name, '-'], 'value\n')).code).toBe(0);
      expect(await ok(kind, 'ls', '--filter', `label=${LABEL}`, '--format', '{{.Name}}')).toBe(`${name}\n`);
      expect(await ok(kind, 'inspect', '--format', '{{.Spec.Name}}', name)).toBe(`${name}\n`);
      await ok(kind, 'rm', name);
    }
  });

  it('leaves the swarm', async () => {
    await ok('swarm', 'leave', '--force');
    expect(await ok('info', '--format', '{{.Swarm.LocalNodeState}}')).toBe('inactive\n');
  });
});

describe('the CLI tier as a whole', () => {
  it('stayed within the description; only names holding `/` came across path segments', () => {
    expectTierWithinDescription(front, 'docker CLI', 85); // 89 when written: it may grow, not shrink
    const spanned = front.exchanges.filter((e) => e.spanned).map((e) => decodeURIComponent(new URL(e.url, 'http://cli').pathname));
    expect(spanned.length).toBeGreaterThan(0);
    for (const p of spanned) expect(p).toMatch(/^\/v1\.41\/(images|plugins)\/[^?]*\//);
  });
});
