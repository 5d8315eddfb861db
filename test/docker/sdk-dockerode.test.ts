// dockerode, a Docker SDK nobody here wrote, against the test daemon through the validating
// proxy (by way of ./sdk-front.ts, which sends what Prism cannot carry straight to the daemon and
// checks it itself): containers, exec, images, build, volumes, networks, system, plugins, swarm,
// services, tasks, secrets and configs. Every call is dockerode's own, with its own encoding of
// parameters and bodies; the test passes only if no exchange breaks the description and at least
// 95 distinct operations were used (60 are asked for; 101 were used when it was written).
//
// dockerode puts names into paths as they are given. A name that holds `/` (`sdk/app:1`, a plugin
// on a registry) is handed to it percent-encoded, as one segment: no OpenAPI path template can
// match a name across segments, and the daemon decodes either form (see sdk-paths.test.ts).
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDockerEngineClient } from '../../src/index.js';
import { makeTar, readTar } from './d2-helpers.js';
import { startFakeRegistry, type FakeRegistry } from './d2-registry.js';
import { busyboxRootfsTar } from './image.js';
import { pluginPrivileges, pluginSocket, pluginTar, type PluginSocket } from './plugin-fixture.js';
import { demultiplex, drain, expectTierWithinDescription, frontForTier } from './sdk-helpers.js';
import type { Front } from './sdk-front.js';
import { ensureGwBridge, leaveSwarm, swarmPort } from './swarm-fixture.js';

const RUN = randomBytes(3).toString('hex');
const LABEL = 'org.portainer-openapi.test.sdk';
const labels = { [LABEL]: RUN };
const byLabel = { label: [`${LABEL}=${RUN}`] };
const image = inject('testImage');
const daemon = createDockerEngineClient({ url: inject('dockerUrl') });
const enc = encodeURIComponent;

let front: Front;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let docker: any; // untyped: see dockerode.d.ts
let registry: FakeRegistry;
let authRegistry: FakeRegistry;
let socket: PluginSocket;
let ownGwBridge = false;
const images = new Set<string>();
const plugins = new Set<string>();

/** The messages of a newline-delimited JSON answer that dockerode read whole. */
const ndjsonLines = (answer: unknown): Record<string, unknown>[] =>
  Array.isArray(answer) ? answer : String(answer).trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));

/** dockerode's progress reader, as a promise of every message. */
const progress = (stream: NodeJS.ReadableStream) =>
  new Promise<Record<string, unknown>[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, output: Record<string, unknown>[]) => (error ? reject(error) : resolve(output))),
  );

beforeAll(async () => {
  front = await frontForTier();
  docker = new Docker({ host: '127.0.0.1', port: front.port, protocol: 'http', timeout: 60_000 });
  registry = await startFakeRegistry({ searchable: [{ name: `sdk/${RUN}`, description: 'pushed by the dockerode tier', star_count: 3 }] });
  authRegistry = await startFakeRegistry({ auth: { username: 'sdk', password: 'sdk-secret' } });
  socket = await pluginSocket();
});

afterAll(async () => {
  try {
    await leaveSwarm(daemon, ownGwBridge);
    const { data: containers } = await daemon.GET('/containers/json', { params: { query: { all: true, filters: JSON.stringify(byLabel) } } });
    for (const c of containers ?? []) await daemon.DELETE('/containers/{id}', { params: { path: { id: c.Id! }, query: { force: true, v: true } } });
    for (const name of plugins) await daemon.DELETE('/plugins/{name}', { params: { path: { name }, query: { force: true } } });
    for (const name of images) await daemon.DELETE('/images/{name}', { params: { path: { name }, query: { force: true } } });
    for (const what of ['/volumes/prune', '/networks/prune'] as const) await daemon.POST(what, { params: { query: { filters: JSON.stringify(byLabel) } } });
  } finally {
    await socket?.close();
    await registry?.close();
    await authRegistry?.close();
    await front?.close();
    await daemon.close();
  }
});

describe('system', () => {
  it('pings, and reports version, info and disk usage', async () => {
    expect(String(await docker.ping())).toBe('OK');
    expect((await docker.version()).ApiVersion).toBe('1.41');
    const info = await docker.info();
    expect(info.Images).toBeGreaterThanOrEqual(1);
    const df = await docker.df();
    expect(df.Images.some((i: { RepoTags: string[] | null }) => i.RepoTags?.includes(image))).toBe(true);
  });

  it('checks registry credentials, good and bad', async () => {
    const ok = await docker.checkAuth({ username: 'sdk', password: 'sdk-secret', serveraddress: authRegistry.host });
    expect(ok.Status).toBe('Login Succeeded');
    await expect(docker.checkAuth({ username: 'sdk', password: 'wrong', serveraddress: authRegistry.host })).rejects.toThrow(/401|unauthorized/i);
  });

  it('replays past events between two times, one JSON object per line', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const volume = await docker.createVolume({ Name: `sdk-${RUN}-event`, Labels: labels });
    await volume.remove();
    const stream = await docker.getEvents({ since, until: Math.floor(Date.now() / 1000) + 1, filters: { type: ['volume'], volume: [`sdk-${RUN}-event`] } });
    const events = (await drain(stream)).toString().trim().split('\n').map((line) => JSON.parse(line));
    expect(events.map((e) => e.Action)).toEqual(['create', 'destroy']);
  });
});

describe('containers', () => {
  let id = '';
  const name = `sdk-${RUN}-main`;

  it('creates, starts and lists a container, with the flag spellings other SDKs send', async () => {
    const container = await docker.createContainer({
      name,
      Image: image,
      Cmd: ['sh', '-c', 'echo out; echo err >&2; exec sleep 600'],
      Labels: labels,
      HostConfig: { NetworkMode: 'none' },
    });
    id = container.id;
    await container.start();
    const listed = await docker.listContainers({ filters: byLabel });
    expect(listed.map((c: { Id: string }) => c.Id)).toEqual([id]);
    // Python's docker SDK sends `True`/`False` and `limit=-1`; dockerode passes values through.
    const pythonic = await docker.listContainers({ all: 'True', size: 'False', limit: -1, filters: byLabel });
    expect(pythonic.map((c: { Id: string }) => c.Id)).toEqual([id]);
  });

  it('inspects, lists processes and changes, and reads logs and a stats sample', async () => {
    const container = docker.getContainer(id);
    const inspected = await container.inspect({ size: true });
    expect(inspected.Name).toBe(`/${name}`);
    expect(inspected.State.Running).toBe(true);
    const top = await container.top();
    expect(top.Processes.some((p: string[]) => p.join(' ').includes('sleep 600'))).toBe(true);
    expect(JSON.parse(String(await container.changes()))).toBeNull(); // dockerode hands back JSON null as text
    const logs = await container.logs({ stdout: true, stderr: true, timestamps: false, tail: 'all' });
    expect(await demultiplex(logs)).toEqual({ stdout: ['out'], stderr: ['err'] });
    const stats = await container.stats({ stream: false });
    expect(stats.pids_stats?.current).toBeGreaterThanOrEqual(1);
  });

  it('streams stats and follows logs until the client hangs up', async () => {
    const container = docker.getContainer(id);
    const stats = await container.stats({ stream: true });
    let text = '';
    for await (const chunk of stats) if ((text += chunk.toString()).includes('\n')) break; // one whole sample
    stats.destroy();
    expect(JSON.parse(text.split('\n')[0]!).pids_stats.current).toBeGreaterThanOrEqual(1);
    const logs = await container.logs({ follow: true, stdout: true, stderr: true });
    const chunk = await new Promise<Buffer>((resolve) => logs.once('data', resolve));
    logs.destroy();
    expect(chunk[0]).toBeOneOf([1, 2]); // a frame header
  });

  it('renames, updates, pauses, resumes and signals it', async () => {
    const container = docker.getContainer(id);
    await container.rename({ name: `${name}-renamed` });
    const updated = await container.update({ CpuShares: 512, RestartPolicy: { Name: 'no' } });
    expect(updated.Warnings).toBeNull();
    await container.pause();
    expect((await container.inspect()).State.Paused).toBe(true);
    await container.unpause();
    await container.kill({ signal: 'SIGWINCH' }); // ignored by sh as PID 1
    const state = (await container.inspect()).State;
    expect([state.Running, state.Paused]).toEqual([true, false]);
    expect((await container.inspect()).HostConfig.CpuShares).toBe(512);
  });

  it('runs commands: hijacked with output, detached, and resized with a terminal', async () => {
    const container = docker.getContainer(id);
    const exec = await container.exec({ Cmd: ['sh', '-c', 'echo exec-out; echo exec-err >&2'], AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    expect(await demultiplex(await drain(stream))).toEqual({ stdout: ['exec-out'], stderr: ['exec-err'] });
    expect((await exec.inspect()).ExitCode).toBe(0);

    const detached = await container.exec({ Cmd: ['touch', '/tmp/detached'] });
    await detached.start({ Detach: true });
    await expect.poll(async () => (await detached.inspect()).Running, { timeout: 10_000 }).toBe(false);

    const tty = await container.exec({ Cmd: ['sleep', '2'], Tty: true, AttachStdout: true });
    const ttyStream = await tty.start({ hijack: true, stdin: false, Tty: true });
    // The connection is taken over before the process starts: resize once it runs.
    await expect.poll(() => tty.resize({ h: 30, w: 100 }).then(() => true, () => false), { timeout: 5_000, interval: 100 }).toBe(true);
    await drain(ttyStream);
    expect((await tty.inspect()).ProcessConfig.tty).toBe(true);
  });

  it('copies files in and out, and exports the file system', async () => {
    const container = docker.getContainer(id);
    const info = await container.infoArchive({ path: '/tmp/detached' }); // the response itself: a HEAD has only headers
    expect(JSON.parse(Buffer.from(info.headers['x-docker-container-path-stat'], 'base64').toString()).name).toBe('detached');
    await container.putArchive(Buffer.from(await makeTar([{ name: 'hello.txt', content: 'hello from dockerode\n' }])), { path: '/tmp' });
    const archive = readTar(await drain(await container.getArchive({ path: '/tmp/hello.txt' })));
    expect(archive.map((e) => [e.name, Buffer.from(e.content).toString()])).toEqual([['hello.txt', 'hello from dockerode\n']]);
    const exported = readTar(await drain(await container.export()));
    expect(exported.map((e) => e.name)).toEqual(expect.arrayContaining(['bin/busybox', 'tmp/hello.txt']));
  });

  it('commits it as an image, then stops, restarts and removes it', async () => {
    const container = docker.getContainer(id);
    const committed = await container.commit({ repo: `sdk-${RUN}-commit`, tag: '1', comment: 'from dockerode', pause: 'False' });
    images.add(`sdk-${RUN}-commit:1`);
    expect(committed.Id).toMatch(/^sha256:/);
    await container.stop({ t: 1 });
    expect((await container.inspect()).State.Running).toBe(false);
    await container.restart({ t: 1 });
    expect((await container.inspect()).State.Running).toBe(true);
    await container.remove({ force: true, v: true });
    await expect(container.inspect()).rejects.toThrow(/404|no such container/i);
  });

  it('attaches, waits for the exit code, and prunes what stopped', async () => {
    const container = await docker.createContainer({ Image: image, Cmd: ['sh', '-c', 'echo attached; exit 3'], Labels: labels, HostConfig: { NetworkMode: 'none' } });
    const attached = await container.attach({ stream: true, stdout: true, stderr: true, hijack: true });
    await container.start();
    const [waited, output] = await Promise.all([container.wait({ condition: 'not-running' }), drain(attached)]);
    expect(waited.StatusCode).toBe(3);
    expect((await demultiplex(output)).stdout).toEqual(['attached']);
    const pruned = await docker.pruneContainers({ filters: byLabel });
    expect(pruned.ContainersDeleted).toEqual([container.id]);
  });

  it('removes a legacy link by its two-segment name and by its encoded one-segment name', async () => {
    const target = await docker.createContainer({ name: `sdk-${RUN}-db`, Image: image, Cmd: ['sleep', '60'], Labels: labels, HostConfig: { NetworkMode: 'bridge' } });
    const linkHolder = (alias: string) =>
      docker.createContainer({ name: `sdk-${RUN}-${alias}`, Image: image, Cmd: ['sleep', '60'], Labels: labels, HostConfig: { NetworkMode: 'bridge', Links: [`sdk-${RUN}-db:${alias}`] } });
    const two = await linkHolder('two');
    const one = await linkHolder('one');
    expect((await two.inspect()).HostConfig.Links).toEqual([`/sdk-${RUN}-db:/sdk-${RUN}-two/two`]);
    await docker.getContainer(`sdk-${RUN}-two/two`).remove({ link: true }); // DELETE /containers/{id}/{alias}
    await docker.getContainer(enc(`sdk-${RUN}-one/one`)).remove({ link: true }); // DELETE /containers/{id}
    expect((await two.inspect()).HostConfig.Links).toBeNull();
    expect((await one.inspect()).HostConfig.Links).toBeNull();
    expect((await target.inspect()).State.Status).toBe('created'); // both containers stay
  });
});

describe('images', () => {
  const repo = () => `${registry.host}/sdk/${RUN}`;

  it('lists, inspects, tags and shows the history of an image', async () => {
    const listed = await docker.listImages({ all: true, filters: { reference: [image] } });
    expect(listed.flatMap((i: { RepoTags: string[] | null }) => i.RepoTags ?? [])).toContain(image);
    const inspected = await docker.getImage(image).inspect();
    expect(inspected.Config.Cmd).toEqual(['sh']);
    expect((await docker.getImage(image).history()).length).toBeGreaterThanOrEqual(1);
    await docker.getImage(image).tag({ repo: repo(), tag: '1' });
    images.add(`${repo()}:1`);
    expect((await docker.getImage(enc(`${repo()}:1`)).inspect()).Id).toBe(inspected.Id);
  });

  it('builds from a tarball with repeated extrahosts, build args and labels', async () => {
    const context = await makeTar([{ name: 'Dockerfile', content: `FROM ${image}\nARG GREETING\nRUN grep -q 'db.internal' /etc/hosts && grep -q 'cache.internal' /etc/hosts\nRUN echo "$GREETING" > /greeting\n` }]);
    const stream = await docker.buildImage(Readable.from([Buffer.from(context)]), {
      t: `sdk-${RUN}-built:1`,
      extrahosts: ['db.internal:10.0.0.5', 'cache.internal:10.0.0.6'],
      buildargs: { GREETING: 'hello' },
      labels,
      networkmode: 'none',
      nocache: true,
    });
    images.add(`sdk-${RUN}-built:1`);
    const output = await progress(stream);
    expect(output.filter((m) => m.error)).toEqual([]);
    expect(output.some((m) => String(m.stream).startsWith('Successfully tagged'))).toBe(true);
    expect((await docker.getImage(`sdk-${RUN}-built:1`).inspect()).Config.Labels).toMatchObject(labels);
    expect((await docker.pruneBuilder()).SpaceReclaimed).toBeGreaterThanOrEqual(0);
  });

  it('pushes to a registry, pulls back, searches it and reads the distribution data', async () => {
    const pushed = await progress(await docker.getImage(enc(repo())).push({ tag: '1', authconfig: {} }));
    const digest = pushed.map((m) => (m.aux as { Digest?: string } | undefined)?.Digest).find(Boolean);
    expect(digest).toMatch(/^sha256:/);
    await docker.getImage(enc(`${repo()}:1`)).remove();
    await progress(await docker.pull(`${repo()}:1`));
    expect((await docker.getImage(enc(`${repo()}:1`)).inspect()).RepoDigests).toContain(`${repo()}@${digest}`);
    const found = await docker.searchImages({ term: `${registry.host}/sdk`, limit: 5 });
    expect(found.map((r: { name: string }) => r.name)).toContain(`sdk/${RUN}`);
    const distribution = await docker.getImage(enc(`${repo()}:1`)).distribution();
    expect(distribution.Descriptor.digest).toBe(digest);
  });

  it('saves, loads and imports images as tarballs', async () => {
    const saved = await drain(await docker.getImage(image).get());
    expect(readTar(saved).map((e) => e.name)).toContain('manifest.json');
    const both = await drain(await docker.getImages({ names: [image, `sdk-${RUN}-built:1`] }));
    const manifest = JSON.parse(Buffer.from(readTar(both).find((e) => e.name === 'manifest.json')!.content).toString());
    expect(manifest.flatMap((m: { RepoTags: string[] }) => m.RepoTags)).toEqual(expect.arrayContaining([image, `sdk-${RUN}-built:1`]));
    const loaded = (await drain(await docker.loadImage(Readable.from([saved]), { quiet: false }))).toString();
    expect(loaded).toContain(`Loaded image: ${image}`);
    const imported = await progress(await docker.importImage(Readable.from([busyboxRootfsTar()]), { repo: `sdk-${RUN}-imported`, tag: '1', changes: ['CMD ["sh"]'] }));
    images.add(`sdk-${RUN}-imported:1`);
    expect(String(imported.at(-1)?.status)).toMatch(/^sha256:/);
  });

  it('removes images and prunes dangling ones', async () => {
    const removed = await docker.getImage(`sdk-${RUN}-imported:1`).remove({ force: true, noprune: false });
    expect(removed.some((r: { Untagged?: string }) => r.Untagged === `sdk-${RUN}-imported:1`)).toBe(true);
    const pruned = await docker.pruneImages({ filters: { label: [`${LABEL}=${RUN}`] } });
    expect(pruned).toHaveProperty('SpaceReclaimed');
  });
});

describe('volumes and networks', () => {
  it('creates, lists, inspects, removes and prunes volumes', async () => {
    const volume = await docker.createVolume({ Name: `sdk-${RUN}-vol`, Labels: labels, Driver: 'local' });
    expect((await volume.inspect()).Labels).toEqual(labels);
    const listed = await docker.listVolumes({ filters: byLabel });
    expect(listed.Volumes.map((v: { Name: string }) => v.Name)).toEqual([`sdk-${RUN}-vol`]);
    await volume.remove({ force: true });
    await docker.createVolume({ Name: `sdk-${RUN}-vol2`, Labels: labels });
    const pruned = await docker.pruneVolumes({ filters: byLabel });
    expect(pruned.VolumesDeleted).toEqual([`sdk-${RUN}-vol2`]);
  });

  it('creates, inspects, connects, disconnects, removes and prunes networks', async () => {
    const network = await docker.createNetwork({ Name: `sdk-${RUN}-net`, Labels: labels, Internal: true, CheckDuplicate: true });
    const container = await docker.createContainer({ Image: image, Cmd: ['sleep', '60'], Labels: labels, HostConfig: { NetworkMode: 'bridge' } });
    await network.connect({ Container: container.id });
    expect(Object.keys((await container.inspect()).NetworkSettings.Networks)).toContain(`sdk-${RUN}-net`);
    const inspected = await network.inspect({ verbose: 'True' }); // Python's spelling, read by strconv.ParseBool
    expect(inspected.Internal).toBe(true);
    await network.disconnect({ Container: container.id, Force: true });
    expect((await docker.listNetworks({ filters: byLabel })).map((n: { Name: string }) => n.Name)).toEqual([`sdk-${RUN}-net`]);
    await network.remove();
    await docker.createNetwork({ Name: `sdk-${RUN}-net2`, Labels: labels, Internal: true });
    expect((await docker.pruneNetworks({ filters: byLabel })).NetworksDeleted).toEqual([`sdk-${RUN}-net2`]);
  });
});

describe('plugins', () => {
  const name = () => `${registry.host}/sdk/plugin-${RUN}:1`;
  const copy = `sdk-${RUN}-plugin-copy:latest`;

  it('creates a plugin from a tarball (through dockerode’s own transport), lists and configures it', async () => {
    // dockerode's createPlugin sends JSON, not the tarball the daemon reads: its modem sends it.
    const tar = Buffer.from(await pluginTar(randomBytes(16).toString('hex')));
    await new Promise((resolve, reject) =>
      docker.modem.dial(
        { path: '/plugins/create?', method: 'POST', options: { name: name() }, file: tar, statusCodes: { 204: true, 500: 'server error' } },
        (error: unknown, data: unknown) => (error ? reject(error) : resolve(data)),
      ),
    );
    plugins.add(name());
    const listed = await docker.listPlugins({ filters: { capability: ['d2test'] } });
    expect(listed.map((p: { Name: string }) => p.Name)).toContain(name());
    const plugin = docker.getPlugin(enc(name()));
    expect((await plugin.inspect()).Enabled).toBe(false);
    await plugin.configure({ _body: [`TARGET=${socket.path}`] }); // an array as such would go out as an object
    expect((await plugin.inspect()).Settings.Env).toEqual([`TARGET=${socket.path}`]);
  });

  it('enables and disables it', async () => {
    const plugin = docker.getPlugin(enc(name()));
    await plugin.enable({ timeout: 5 });
    expect((await plugin.inspect()).Enabled).toBe(true);
    await plugin.disable({ force: 'True' });
    expect((await plugin.inspect()).Enabled).toBe(false);
  });

  it('pushes it, lists its privileges, installs and upgrades a copy, and removes both', async () => {
    const plugin = docker.getPlugin(enc(name()));
    // dockerode reads this answer whole, not as a stream: newline-delimited JSON as text.
    const pushed = ndjsonLines(await plugin.push());
    expect(pushed.some((m) => m.aux)).toBe(true);
    expect(await docker.getPlugin(enc(name()), name()).privileges()).toEqual(pluginPrivileges);
    const pulled = await docker.getPlugin(copy, name()).pull({ _query: { remote: name(), name: copy }, _body: pluginPrivileges });
    plugins.add(copy);
    await progress(pulled);
    const upgraded = await docker.getPlugin(copy, name()).upgrade({}, { _query: { remote: name() }, _body: pluginPrivileges });
    expect(ndjsonLines(upgraded).filter((m) => m.error)).toEqual([]);
    expect((await docker.getPlugin(copy).inspect()).PluginReference).toBe(name());
    await docker.getPlugin(copy).remove({ force: true });
    await plugin.remove();
    expect((await docker.listPlugins()).map((p: { Name: string }) => p.Name)).not.toContain(name());
  });
});

describe('swarm', () => {
  let nodeId = '';
  let serviceId = '';

  beforeAll(async () => {
    ownGwBridge = await ensureGwBridge(daemon, `sdkgw${RUN}`);
  });

  it('initialises a single-node swarm on loopback, inspects and updates it', async () => {
    nodeId = await docker.swarmInit({ ListenAddr: `127.0.0.1:${await swarmPort()}`, AdvertiseAddr: '127.0.0.1', DataPathPort: await swarmPort(), Spec: { Labels: labels } });
    expect(nodeId).toMatch(/^[a-z0-9]{25}$/);
    const swarm = await docker.swarmInspect();
    expect(swarm.Spec.Labels).toEqual(labels);
    await docker.swarmUpdate({ _query: { version: swarm.Version.Index, rotateWorkerToken: 'True' }, _body: { ...swarm.Spec, Labels: { ...labels, phase: 'updated' } } });
    const updated = await docker.swarmInspect();
    expect(updated.JoinTokens.Worker).not.toBe(swarm.JoinTokens.Worker);
    await expect(docker.swarmJoin({ RemoteAddrs: ['127.0.0.1:1'], JoinToken: swarm.JoinTokens.Worker, ListenAddr: '127.0.0.1:0' })).rejects.toThrow(/already part of a swarm/);
  });

  it('lists, inspects and updates its node, which it cannot remove', async () => {
    const nodes = await docker.listNodes();
    expect(nodes.map((n: { ID: string }) => n.ID)).toEqual([nodeId]);
    const node = docker.getNode(nodeId);
    const inspected = await node.inspect();
    await node.update({ _query: { version: inspected.Version.Index }, _body: { ...inspected.Spec, Labels: { sdk: RUN } } });
    expect((await node.inspect()).Spec.Labels).toEqual({ sdk: RUN });
    await expect(node.remove({ force: false })).rejects.toThrow(/cannot be removed|must be demoted|is a cluster manager/i);
  });

  it('runs a service: created, listed, inspected, updated, with tasks and logs', async () => {
    const service = await docker.createService({
      Name: `sdk-${RUN}-svc`,
      Labels: labels,
      TaskTemplate: { ContainerSpec: { Image: image, Command: ['sh', '-c', 'echo service-out; exec sleep 600'], StopGracePeriod: 1_000_000_000 }, RestartPolicy: { Condition: 'none' } },
    });
    serviceId = service.id;
    const listed = await docker.listServices({ filters: byLabel, status: 'true' });
    expect(listed.map((s: { ID: string }) => s.ID)).toEqual([serviceId]);
    const inspected = await service.inspect();
    await service.update({ _query: { version: inspected.Version.Index }, _body: { ...inspected.Spec, Labels: { ...labels, phase: 'updated' } } });
    expect((await service.inspect()).Spec.Labels.phase).toBe('updated');

    const running = async () =>
      ((await docker.listTasks({ filters: { service: [serviceId] } })) as { ID: string; Status: { State: string } }[]).find((t) => t.Status.State === 'running');
    await expect.poll(running, { timeout: 20_000, interval: 250 }).toBeDefined();
    const task = await running();
    expect((await docker.getTask(task!.ID).inspect()).ServiceID).toBe(serviceId);
    await expect
      .poll(async () => (await demultiplex(await drain(await service.logs({ stdout: true, stderr: true, tail: 'all' })))).stdout, { timeout: 20_000, interval: 500 })
      .toContain('service-out');
    const taskLogs = await drain(await docker.getTask(task!.ID).logs({ stdout: true, since: 0 }));
    expect((await demultiplex(taskLogs)).stdout).toContain('service-out');
    await service.remove();
    expect((await docker.listServices({ filters: byLabel })).length).toBe(0);
  });

  it('keeps secrets and configs: created, listed, inspected, relabelled and removed', async () => {
    for (const kind of ['Secret', 'Config'] as const) {
      const create = kind === 'Secret' ? docker.createSecret.bind(docker) : docker.createConfig.bind(docker);
      const created = await create({ Name: `sdk-${RUN}-${kind}`, Labels: labels, Data: Buffer.from('value').toString('base64') });
      const object = kind === 'Secret' ? docker.getSecret(created.id) : docker.getConfig(created.id);
      const listed = kind === 'Secret' ? await docker.listSecrets({ filters: byLabel }) : await docker.listConfigs({ filters: byLabel });
      expect(listed.map((o: { ID: string }) => o.ID)).toEqual([created.id]);
      const inspected = await object.inspect();
      await object.update({ _query: { version: inspected.Version.Index }, _body: { ...inspected.Spec, Labels: { ...labels, phase: 'updated' } } });
      expect((await object.inspect()).Spec.Labels.phase).toBe('updated');
      await object.remove();
    }
  });

  it('leaves the swarm', async () => {
    await docker.swarmLeave({ force: true });
    expect((await docker.info()).Swarm.LocalNodeState).toBe('inactive');
  });
});

describe('the dockerode tier as a whole', () => {
  it('used at least 95 distinct operations, and no exchange broke the description', () => {
    expectTierWithinDescription(front, 'dockerode', 95); // 101 when written: it may grow, not shrink
    expect(front.exchanges.filter((e) => e.spanned).map((e) => e.url)).toEqual([]); // every name went encoded
  });
});
