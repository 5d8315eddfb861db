// A single-node swarm on the shared daemon, driven through the validating Prism proxy: init,
// inspect, update, unlock key, nodes, services, tasks, secrets and configs. Logs are binary
// streams Prism cannot carry: they are read straight from the daemon and their frames checked.
// The swarm is always left (with --force) in afterAll, even after a failure.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDockerEngineClient, demultiplexDockerLines, type DockerStreamLine } from '../../src/index.js';
import { RUN, RUN_LABEL, eventually, readAll, runLabels, uniqueName } from './d3-helpers.js';
import { ensureGwBridge, leaveSwarm, swarmPort, swarmState as stateOf } from './swarm-fixture.js';

/** All lines of a finished multiplexed log stream, decoded by the client's own demultiplexer. */
async function logLines(body: ReadableStream<Uint8Array>): Promise<DockerStreamLine[]> {
  const lines: DockerStreamLine[] = [];
  for await (const line of demultiplexDockerLines(body)) lines.push(line);
  return lines;
}

const docker = createDockerEngineClient({ url: inject('dockerProxyUrl') });
const daemon = createDockerEngineClient({ url: inject('dockerUrl') });
const image = inject('testImage');
const QUICK_STOP = 1_000_000_000; // one second, in nanoseconds

const swarmState = () => stateOf(daemon);

const GWBRIDGE_DEVICE = `d3gw${RUN}`.slice(0, 15);
let ownGwBridge = false;

afterAll(async () => {
  try {
    await leaveSwarm(daemon, ownGwBridge);
  } finally {
    await docker.close();
    await daemon.close();
  }
});

describe('outside a swarm', () => {
  it('starts outside a swarm (no other test may leave one behind)', async () => {
    expect(await swarmState()).toBe('inactive');
  });

  it('answers 503 to swarm calls', async () => {
    for (const call of [
      () => docker.GET('/swarm'),
      () => docker.GET('/swarm/unlockkey'),
      () => docker.GET('/nodes'),
      () => docker.GET('/services'),
      () => docker.GET('/tasks'),
      () => docker.GET('/secrets'),
      () => docker.GET('/configs'),
      () => docker.POST('/swarm/unlock', { body: { UnlockKey: 'SWMKEY-1-u2/4jCePddrt6+scDCghOlubhnTxsCi1aH9hcoDez0M' } }),
    ]) {
      const { response, error } = await call();
      expect(response.status).toBe(503);
      expect(error?.message).toMatch(/not a swarm manager/);
    }
    const leave = await docker.POST('/swarm/leave');
    expect(leave.response.status).toBe(503);
    expect(leave.error?.message).toMatch(/not part of a swarm/);
  });

  it('refuses addresses it cannot use (500)', async () => {
    const badAddress = await docker.POST('/swarm/init', { body: { ListenAddr: 'bogus:addr:x', AdvertiseAddr: '127.0.0.1' } });
    expect(badAddress.response.status).toBe(500);
    expect(badAddress.error?.message).toMatch(/could not parse listen address/);
    const badPort = await docker.POST('/swarm/init', { body: { ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1', DataPathPort: 80 } });
    expect(badPort.response.status).toBe(500);
    expect(badPort.error?.message).toMatch(/not in valid range/);
    const badToken = await docker.POST('/swarm/join', { body: { RemoteAddrs: ['127.0.0.1:1'], JoinToken: 'SWMTKN-1-bogus', ListenAddr: '127.0.0.1:2377' } });
    expect(badToken.response.status).toBe(500);
    expect(badToken.error?.message).toMatch(/invalid join token/);
    expect(await swarmState()).toBe('inactive');
  });
});

describe('in a single-node swarm', () => {
  let nodeId = '';
  let listenPort = 0;
  let dataPort = 0;

  beforeAll(async () => {
    listenPort = await swarmPort();
    dataPort = await swarmPort();
    ownGwBridge = await ensureGwBridge(daemon, GWBRIDGE_DEVICE);
    const { data, error } = await docker.POST('/swarm/init', {
      body: {
        ListenAddr: `127.0.0.1:${listenPort}`,
        AdvertiseAddr: '127.0.0.1',
        DataPathPort: dataPort,
        Spec: { Labels: runLabels(), Orchestration: { TaskHistoryRetentionLimit: 2 } },
      },
    });
    if (error) throw error;
    nodeId = data;
  });

  describe('swarm', () => {
    it('was initialised: the answer is the node ID, and the swarm has our settings', async () => {
      expect(nodeId).toMatch(/^[a-z0-9]{25}$/);
      const { data, error } = await docker.GET('/swarm');
      expect(error).toBeUndefined();
      expect(data?.DataPathPort).toBe(dataPort);
      expect(data?.Spec?.Labels).toMatchObject({ [RUN_LABEL]: RUN });
      expect(data?.Spec?.Orchestration?.TaskHistoryRetentionLimit).toBe(2);
      expect(data?.JoinTokens?.Worker).toMatch(/^SWMTKN-1-/);
      expect(data?.JoinTokens?.Manager).toMatch(/^SWMTKN-1-/);
      expect(data?.TLSInfo?.TrustRoot).toContain('BEGIN CERTIFICATE');

      const { data: info } = await daemon.GET('/info');
      expect(info?.Swarm).toMatchObject({ NodeID: nodeId, LocalNodeState: 'active', ControlAvailable: true });
    });

    it('refuses a second init or a join while in the swarm (503)', async () => {
      const init = await docker.POST('/swarm/init', { body: { ListenAddr: `127.0.0.1:${listenPort}`, AdvertiseAddr: '127.0.0.1' } });
      expect(init.response.status).toBe(503);
      expect(init.error?.message).toMatch(/already part of a swarm/);
      const join = await docker.POST('/swarm/join', { body: { RemoteAddrs: [`127.0.0.1:${listenPort}`], JoinToken: 'SWMTKN-1-bogus' } });
      expect(join.response.status).toBe(503);
    });

    it('updates labels and rotates the worker token; refuses a stale version (500)', async () => {
      const before = (await docker.GET('/swarm')).data!;
      const spec = { ...before.Spec, Labels: { ...before.Spec?.Labels, phase: 'updated' } };
      const updated = await docker.POST('/swarm/update', {
        params: { query: { version: before.Version!.Index!, rotateWorkerToken: true } },
        body: spec,
      });
      expect(updated.error).toBeUndefined();
      expect(updated.response.status).toBe(200);

      const after = (await docker.GET('/swarm')).data!;
      expect(after.Spec?.Labels).toMatchObject({ phase: 'updated' });
      expect(after.Version!.Index!).toBeGreaterThan(before.Version!.Index!);
      expect(after.JoinTokens?.Worker).not.toBe(before.JoinTokens?.Worker);
      expect(after.JoinTokens?.Manager).toBe(before.JoinTokens?.Manager);

      const stale = await docker.POST('/swarm/update', { params: { query: { version: before.Version!.Index! } }, body: spec });
      expect(stale.response.status).toBe(500);
      expect(stale.error?.message).toMatch(/update out of sequence/);
    });

    it('gives an unlock key once autolock is on, rotates it, and refuses to unlock an unlocked swarm (409)', async () => {
      const none = await docker.GET('/swarm/unlockkey');
      expect(none.error).toBeUndefined();
      expect(none.data?.UnlockKey).toBe('');

      const swarm = (await docker.GET('/swarm')).data!;
      const locked = { ...swarm.Spec, EncryptionConfig: { AutoLockManagers: true } };
      const on = await docker.POST('/swarm/update', { params: { query: { version: swarm.Version!.Index! } }, body: locked });
      expect(on.error).toBeUndefined();
      const key = (await docker.GET('/swarm/unlockkey')).data?.UnlockKey;
      expect(key).toMatch(/^SWMKEY-1-/);

      const current = (await docker.GET('/swarm')).data!;
      const rotated = await docker.POST('/swarm/update', {
        params: { query: { version: current.Version!.Index!, rotateManagerUnlockKey: 1 } },
        body: locked,
      });
      expect(rotated.error).toBeUndefined();
      const newKey = (await docker.GET('/swarm/unlockkey')).data?.UnlockKey;
      expect(newKey).toMatch(/^SWMKEY-1-/);
      expect(newKey).not.toBe(key);

      const unlock = await docker.POST('/swarm/unlock', { body: { UnlockKey: newKey! } });
      expect(unlock.response.status).toBe(409);
      expect(unlock.error?.message).toBe('swarm is not locked');

      const last = (await docker.GET('/swarm')).data!;
      const off = await docker.POST('/swarm/update', {
        params: { query: { version: last.Version!.Index! } },
        body: { ...last.Spec, EncryptionConfig: { AutoLockManagers: false } },
      });
      expect(off.error).toBeUndefined();
      expect((await docker.GET('/swarm/unlockkey')).data?.UnlockKey).toBe('');
    });
  });

  describe('nodes', () => {
    it('lists the one node, a ready leader', async () => {
      const { data, error } = await docker.GET('/nodes', { params: { query: { filters: JSON.stringify({ role: ['manager'] }) } } });
      expect(error).toBeUndefined();
      expect(data?.map((n) => n.ID)).toEqual([nodeId]);
      expect(data?.[0]).toMatchObject({
        Spec: { Role: 'manager', Availability: 'active' },
        Status: { State: 'ready', Addr: '127.0.0.1' },
        ManagerStatus: { Leader: true, Reachability: 'reachable', Addr: `127.0.0.1:${listenPort}` },
      });
      const workers = await docker.GET('/nodes', { params: { query: { filters: JSON.stringify({ role: ['worker'] }) } } });
      expect(workers.data).toEqual([]);
      const bad = await docker.GET('/nodes', { params: { query: { filters: '{"bogus":["x"]}' } } });
      expect(bad.response.status).toBe(400);
    });

    it('inspects the node and updates its labels; a stale version is refused (500)', async () => {
      const { data: node, error } = await docker.GET('/nodes/{id}', { params: { path: { id: nodeId } } });
      expect(error).toBeUndefined();
      expect(node?.Description?.Engine?.EngineVersion).toBeTruthy();
      expect(node?.Description?.Resources?.NanoCPUs).toBeGreaterThan(0);
      expect(node?.Description?.Platform?.OS).toBe('linux');

      const version = node!.Version!.Index!;
      const spec = { ...node!.Spec, Labels: { zone: 'a', run: RUN } };
      const updated = await docker.POST('/nodes/{id}/update', { params: { path: { id: nodeId }, query: { version } }, body: spec });
      expect(updated.error).toBeUndefined();
      expect(updated.response.status).toBe(200);

      const after = await docker.GET('/nodes/{id}', { params: { path: { id: nodeId } } });
      expect(after.data?.Spec?.Labels).toEqual({ zone: 'a', run: RUN });
      const byLabel = await docker.GET('/nodes', { params: { query: { filters: JSON.stringify({ 'node.label': [`run=${RUN}`] }) } } });
      expect(byLabel.data?.map((n) => n.ID)).toEqual([nodeId]);

      const stale = await docker.POST('/nodes/{id}/update', { params: { path: { id: nodeId }, query: { version } }, body: spec });
      expect(stale.response.status).toBe(500);
      expect(stale.error?.message).toMatch(/update out of sequence/);
    });

    it('refuses to demote or remove the last manager (400), and knows no other node (404)', async () => {
      const { data: node } = await docker.GET('/nodes/{id}', { params: { path: { id: nodeId } } });
      const demote = await docker.POST('/nodes/{id}/update', {
        params: { path: { id: nodeId }, query: { version: node!.Version!.Index! } },
        body: { ...node!.Spec, Role: 'worker' },
      });
      expect(demote.response.status).toBe(400);
      expect(demote.error?.message).toMatch(/demote the last manager/);

      const remove = await docker.DELETE('/nodes/{id}', { params: { path: { id: nodeId } } });
      expect(remove.response.status).toBe(400);
      expect(remove.error?.message).toMatch(/must be demoted to worker before removal/);

      const ghost = 'zzzzzzzzzzzzzzzzzzzzzzzzz';
      expect((await docker.GET('/nodes/{id}', { params: { path: { id: ghost } } })).response.status).toBe(404);
      expect((await docker.DELETE('/nodes/{id}', { params: { path: { id: ghost }, query: { force: true } } })).response.status).toBe(404);
    });
  });

  describe('services and tasks', () => {
    const name = uniqueName('svc');
    let serviceId = '';

    const runningTasks = async (service: string) => {
      const { data } = await docker.GET('/tasks', { params: { query: { filters: JSON.stringify({ service: [service], 'desired-state': ['running'] }) } } });
      const running = (data ?? []).filter((t) => t.Status?.State === 'running');
      return running.length ? running : undefined;
    };

    it('creates a service from the test image and runs its task', async () => {
      const created = await docker.POST('/services/create', {
        body: {
          Name: name,
          Labels: runLabels({ app: 'echo' }),
          TaskTemplate: {
            // `sleep` as PID 1 ignores SIGTERM: a short grace period keeps removals quick.
            ContainerSpec: { Image: image, Command: ['sh', '-c', 'echo hello from d3; echo oops >&2; exec sleep 600'], Labels: runLabels(), StopGracePeriod: QUICK_STOP },
            RestartPolicy: { Condition: 'none' },
            Resources: { Limits: { MemoryBytes: 64 * 1024 * 1024, Pids: 100 } },
          },
          Mode: { Replicated: { Replicas: 1 } },
        },
      });
      expect(created.error).toBeUndefined();
      expect(created.response.status).toBe(201);
      expect(created.data?.ID).toMatch(/^[a-z0-9]{25}$/);
      serviceId = created.data!.ID;

      const tasks = await eventually('a running task', () => runningTasks(name));
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ ServiceID: serviceId, NodeID: nodeId, Slot: 1, DesiredState: 'running' });
      expect(tasks[0]!.Status?.ContainerStatus?.ContainerID).toMatch(/^[0-9a-f]{64}$/);
    });

    it('inspects the service, with and without defaults, and lists it with task counts', async () => {
      const { data, error } = await docker.GET('/services/{id}', { params: { path: { id: name } } });
      expect(error).toBeUndefined();
      expect(data).toMatchObject({ ID: serviceId, Spec: { Name: name, Labels: { app: 'echo' }, Mode: { Replicated: { Replicas: 1 } } } });
      expect(data?.Spec?.TaskTemplate?.ContainerSpec?.Image).toBe(image);
      expect(data?.Spec?.UpdateConfig).toBeUndefined();

      const defaults = await docker.GET('/services/{id}', { params: { path: { id: serviceId }, query: { insertDefaults: true } } });
      expect(defaults.data?.Spec?.UpdateConfig).toMatchObject({ Parallelism: 1, FailureAction: 'pause', Order: 'stop-first' });
      expect(defaults.data?.Spec?.TaskTemplate?.ContainerSpec?.StopGracePeriod).toBe(QUICK_STOP);
      expect(defaults.data?.Spec?.TaskTemplate?.RestartPolicy?.Delay).toBe(5_000_000_000);

      const listed = await docker.GET('/services', { params: { query: { filters: JSON.stringify({ label: [`${RUN_LABEL}=${RUN}`], mode: ['replicated'] }), status: true } } });
      expect(listed.error).toBeUndefined();
      const mine = listed.data?.find((s) => s.ID === serviceId);
      expect(mine?.ServiceStatus).toEqual({ RunningTasks: 1, DesiredTasks: 1, CompletedTasks: 0 });
      const plain = await docker.GET('/services', { params: { query: { filters: JSON.stringify({ name: [name] }) } } });
      expect(plain.data?.map((s) => s.ID)).toEqual([serviceId]);
      expect(plain.data?.[0]?.ServiceStatus).toBeUndefined();
    });

    it('reads the service and task logs from the daemon as multiplexed frames', async () => {
      const frames = await eventually('both log lines', async () => {
        const { data, error, response } = await daemon.GET('/services/{id}/logs', {
          params: { path: { id: serviceId }, query: { stdout: true, stderr: true, timestamps: true } },
          parseAs: 'stream',
        });
        if (error) throw error;
        expect(response.status).toBe(200);
        const parsed = await logLines(data!);
        return parsed.some((f) => f.stream === 'stderr') ? parsed : undefined;
      });
      expect(frames.find((f) => f.stream === 'stdout')?.line).toMatch(/^\d{4}-\d\d-\d\dT\S+Z hello from d3$/);
      expect(frames.find((f) => f.stream === 'stderr')?.line).toMatch(/ oops$/);

      const [task] = (await runningTasks(serviceId))!;
      const taskLogs = await daemon.GET('/tasks/{id}/logs', {
        params: { path: { id: task!.ID! }, query: { stdout: 1, details: true, tail: 'all' } },
        parseAs: 'stream',
      });
      expect(taskLogs.error).toBeUndefined();
      const taskFrames = await logLines(taskLogs.data!);
      expect(taskFrames.map((f) => f.stream)).toEqual(['stdout']);
      expect(taskFrames[0]!.line).toContain(`com.docker.swarm.task.id=${task!.ID}`);
      expect(taskFrames[0]!.line).toMatch(/hello from d3$/);

      // With follow the answer never ends: read until the first frame arrives, then hang up.
      const followed = await daemon.GET('/services/{id}/logs', {
        params: { path: { id: serviceId }, query: { stdout: true, follow: true } },
        parseAs: 'stream',
      });
      expect(followed.error).toBeUndefined();
      // Stopping after the first line cancels the stream (and frees the connection).
      let first: DockerStreamLine | undefined;
      for await (const line of demultiplexDockerLines(followed.data!)) {
        first = line;
        break;
      }
      expect(first).toEqual({ stream: 'stdout', line: 'hello from d3' });

      const onlyNew = await daemon.GET('/services/{id}/logs', {
        params: { path: { id: serviceId }, query: { stdout: true, since: Math.floor(Date.now() / 1000) + 3600 } },
        parseAs: 'stream',
      });
      expect((await readAll(onlyNew.data)).length).toBe(0);
    });

    it('answers log requests it cannot serve with JSON errors, through the proxy', async () => {
      const noStream = await docker.GET('/services/{id}/logs', { params: { path: { id: serviceId } } });
      expect(noStream.response.status).toBe(500);
      expect(noStream.error?.message).toMatch(/choose at least one stream/);
      // A tail that is neither a number nor `all` breaks the spec, so Prism would refuse it: ask the daemon.
      const badTail = await daemon.GET('/services/{id}/logs', { params: { path: { id: serviceId }, query: { stdout: true, tail: 'x' } } });
      expect(badTail.response.status).toBe(500);
      expect(badTail.error?.message).toMatch(/tail value must be a positive integer/);
      const noService = await docker.GET('/services/{id}/logs', { params: { path: { id: uniqueName('ghost') }, query: { stdout: true } } });
      expect(noService.response.status).toBe(404);
      const noTask = await docker.GET('/tasks/{id}/logs', { params: { path: { id: 'zzzzzzzzzzzzzzzzzzzzzzzzz' }, query: { stdout: true } } });
      expect(noTask.response.status).toBe(404);
      expect(noTask.error?.message).toMatch(/task .* not found/);
    });

    it('inspects a task and filters the task list', async () => {
      const [task] = (await runningTasks(serviceId))!;
      const { data, error } = await docker.GET('/tasks/{id}', { params: { path: { id: task!.ID! } } });
      expect(error).toBeUndefined();
      expect(data).toMatchObject({ ID: task!.ID, ServiceID: serviceId, Status: { State: 'running', Message: 'started' } });
      expect(data?.Spec?.ContainerSpec?.Command).toEqual(['sh', '-c', 'echo hello from d3; echo oops >&2; exec sleep 600']);
      expect(data?.Spec?.Resources?.Limits).toEqual({ MemoryBytes: 64 * 1024 * 1024, Pids: 100 });

      const byNode = await docker.GET('/tasks', { params: { query: { filters: JSON.stringify({ node: [nodeId], service: [serviceId] }) } } });
      expect(byNode.data?.map((t) => t.ID)).toContain(task!.ID);
      const unknownService = await docker.GET('/tasks', { params: { query: { filters: JSON.stringify({ service: [uniqueName('ghost')] }) } } });
      expect(unknownService.response.status).toBe(404);
      const missing = await docker.GET('/tasks/{id}', { params: { path: { id: 'zzzzzzzzzzzzzzzzzzzzzzzzz' } } });
      expect(missing.response.status).toBe(404);
    });

    it('updates the service, rolls it back, and refuses a stale version (500)', async () => {
      const before = (await docker.GET('/services/{id}', { params: { path: { id: serviceId } } })).data!;
      const spec = { ...before.Spec!, Labels: { ...before.Spec!.Labels, phase: 'two' }, Mode: { Replicated: { Replicas: 2 } } };
      const updated = await docker.POST('/services/{id}/update', { params: { path: { id: serviceId }, query: { version: before.Version!.Index! } }, body: spec });
      expect(updated.error).toBeUndefined();
      expect(updated.data).toEqual({ Warnings: null });

      const after = (await docker.GET('/services/{id}', { params: { path: { id: serviceId } } })).data!;
      expect(after.Spec?.Mode?.Replicated?.Replicas).toBe(2);
      expect(after.Spec?.Labels).toMatchObject({ phase: 'two' });
      expect(after.PreviousSpec?.Mode?.Replicated?.Replicas).toBe(1);
      await eventually('two running tasks', async () => ((await runningTasks(serviceId))?.length === 2 ? true : undefined));

      const stale = await docker.POST('/services/{id}/update', { params: { path: { id: serviceId }, query: { version: before.Version!.Index! } }, body: spec });
      expect(stale.response.status).toBe(500);
      expect(stale.error?.message).toMatch(/update out of sequence/);

      const rollback = await docker.POST('/services/{id}/update', {
        params: { path: { id: serviceId }, query: { version: after.Version!.Index!, rollback: 'previous', registryAuthFrom: 'previous-spec' } },
        body: after.Spec!,
      });
      expect(rollback.error).toBeUndefined();
      const rolled = (await docker.GET('/services/{id}', { params: { path: { id: serviceId } } })).data!;
      expect(rolled.Spec?.Mode?.Replicated?.Replicas).toBe(1);
      expect(rolled.Spec?.Labels?.phase).toBeUndefined();
      expect(rolled.UpdateStatus?.State).toMatch(/^rollback_/);

      const badRollback = await docker.POST('/services/{id}/update', {
        params: { path: { id: serviceId }, query: { version: rolled.Version!.Index!, rollback: 'bogus' } },
        body: rolled.Spec!,
      });
      expect(badRollback.response.status).toBe(500);
      expect(badRollback.error?.message).toMatch(/unrecognized rollback option/);
    });

    it('refuses a duplicate name (409) and an invalid spec (400)', async () => {
      const duplicate = await docker.POST('/services/create', {
        body: { Name: name, Labels: runLabels(), TaskTemplate: { ContainerSpec: { Image: image } } },
      });
      expect(duplicate.response.status).toBe(409);
      expect(duplicate.error?.message).toMatch(/already exists/);
      const badName = await docker.POST('/services/create', { body: { Name: 'bad name!', TaskTemplate: { ContainerSpec: { Image: image } } } });
      expect(badName.response.status).toBe(400);
      const twoModes = await docker.POST('/services/create', {
        body: { Name: uniqueName('modes'), TaskTemplate: { ContainerSpec: { Image: image } }, Mode: { Replicated: { Replicas: 1 }, Global: {} } },
      });
      expect(twoModes.response.status).toBe(400);
      expect(twoModes.error?.message).toMatch(/only one service mode/);
      const noNetwork = await docker.POST('/services/create', {
        body: { Name: uniqueName('nonet'), TaskTemplate: { ContainerSpec: { Image: image }, Networks: [{ Target: uniqueName('ghost') }] } },
      });
      expect(noNetwork.response.status).toBe(500);
      expect(noNetwork.error?.message).toMatch(/not found/);
    });

    it('sends raw (unframed) logs for a service with a terminal', async () => {
      const tty = await docker.POST('/services/create', {
        body: {
          Name: uniqueName('tty'),
          Labels: runLabels(),
          TaskTemplate: {
            ContainerSpec: { Image: image, TTY: true, Command: ['sh', '-c', 'echo tty line; exec sleep 600'], StopGracePeriod: QUICK_STOP },
            RestartPolicy: { Condition: 'none' },
          },
        },
      });
      expect(tty.error).toBeUndefined();
      const text = await eventually('the terminal output', async () => {
        const { data } = await daemon.GET('/services/{id}/logs', { params: { path: { id: tty.data!.ID }, query: { stdout: true } }, parseAs: 'stream' });
        const body = await readAll(data);
        return body.length ? body : undefined;
      });
      expect(text[0]).not.toBeLessThan(3); // no frame header: the first byte is text
      expect(text.toString('utf8')).toMatch(/tty line\r?\n/);
      const removed = await docker.DELETE('/services/{id}', { params: { path: { id: tty.data!.ID } } });
      expect(removed.response.status).toBe(200);
    });

    it('runs a service on an attachable overlay network, seen from the network and the task', async () => {
      const network = uniqueName('ovl');
      const created = await docker.POST('/networks/create', { body: { Name: network, Driver: 'overlay', Attachable: true, Labels: runLabels() } });
      expect(created.error).toBeUndefined();
      expect(created.data?.Id).toMatch(/^[a-z0-9]{25}$/);
      const networkId = created.data!.Id!;

      const service = await docker.POST('/services/create', {
        body: {
          Name: uniqueName('web'),
          Labels: runLabels(),
          TaskTemplate: {
            ContainerSpec: {
              Image: image,
              Command: ['httpd', '-f', '-p', '8080'],
              StopGracePeriod: QUICK_STOP,
              // Docker's reference spelling; the daemon reads it but answers with `Healthcheck`.
              HealthCheck: { Test: ['CMD', 'true'], Interval: 1_000_000_000 },
            },
            Networks: [{ Target: network, Aliases: ['web'] }],
          },
          EndpointSpec: { Mode: 'vip' },
        },
      });
      expect(service.error).toBeUndefined();
      const [task] = await eventually('the web task', () => runningTasks(service.data!.ID));

      const inspected = await docker.GET('/tasks/{id}', { params: { path: { id: task!.ID! } } });
      const attachment = inspected.data?.NetworksAttachments?.find((a) => a.Network?.ID === networkId);
      expect(attachment?.Network?.Spec).toMatchObject({ Name: network, Attachable: true, Scope: 'swarm' });
      expect(attachment?.Addresses?.[0]).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
      const template = (await docker.GET('/services/{id}', { params: { path: { id: service.data!.ID } } })).data?.Spec?.TaskTemplate;
      expect(template?.Networks).toEqual([{ Target: networkId, Aliases: ['web'] }]);
      expect(template?.ContainerSpec?.Healthcheck).toEqual({ Test: ['CMD', 'true'], Interval: 1_000_000_000 });
      expect(template?.ContainerSpec).not.toHaveProperty('HealthCheck');

      const verbose = await docker.GET('/networks/{id}', { params: { path: { id: network }, query: { verbose: true, scope: 'swarm' } } });
      expect(verbose.error).toBeUndefined();
      expect(verbose.data).toMatchObject({ Name: network, Scope: 'swarm', Driver: 'overlay', Attachable: true });
      const [entry] = Object.values(verbose.data?.Services ?? {});
      expect(entry?.Tasks?.map((t) => t.Name)).toContain(`${uniqueName('web')}.1.${task!.ID}`);

      const listed = await docker.GET('/networks', { params: { query: { filters: JSON.stringify({ scope: ['swarm'], name: [network] }) } } });
      expect(listed.data?.map((n) => n.Id)).toEqual([networkId]);
      expect(listed.data?.[0]?.Containers).toBeNull();

      expect((await docker.DELETE('/services/{id}', { params: { path: { id: service.data!.ID } } })).response.status).toBe(200);
      await eventually('the network to be free', async () => {
        const removed = await docker.DELETE('/networks/{id}', { params: { path: { id: networkId } } });
        return removed.response.status === 204 ? true : undefined;
      });
    });

    it('removes the service', async () => {
      const removed = await docker.DELETE('/services/{id}', { params: { path: { id: serviceId } } });
      expect(removed.error).toBeUndefined();
      expect(removed.response.status).toBe(200);
      const gone = await docker.GET('/services/{id}', { params: { path: { id: serviceId } } });
      expect(gone.response.status).toBe(404);
      const again = await docker.DELETE('/services/{id}', { params: { path: { id: serviceId } } });
      expect(again.response.status).toBe(404);
    });
  });

  describe('secrets and configs', () => {
    it('creates, inspects, lists, relabels and removes a secret, whose value never comes back', async () => {
      const name = uniqueName('secret');
      const created = await docker.POST('/secrets/create', { body: { Name: name, Labels: runLabels(), Data: Buffer.from('s3cr3t-value').toString('base64') } });
      expect(created.error).toBeUndefined();
      expect(created.response.status).toBe(201);
      const id = created.data!.ID;
      expect(id).toMatch(/^[a-z0-9]{25}$/);

      const inspected = await docker.GET('/secrets/{id}', { params: { path: { id: name } } });
      expect(inspected.error).toBeUndefined();
      expect(inspected.data).toMatchObject({ ID: id, Spec: { Name: name, Labels: { [RUN_LABEL]: RUN } } });
      expect(inspected.data?.Spec?.Data).toBeUndefined();

      const listed = await docker.GET('/secrets', { params: { query: { filters: JSON.stringify({ names: [name] }) } } });
      expect(listed.data?.map((s) => s.ID)).toEqual([id]);

      const version = inspected.data!.Version!.Index!;
      const relabelled = await docker.POST('/secrets/{id}/update', {
        params: { path: { id }, query: { version } },
        body: { Name: name, Labels: runLabels({ rotated: 'yes' }) },
      });
      expect(relabelled.error).toBeUndefined();
      expect((await docker.GET('/secrets/{id}', { params: { path: { id } } })).data?.Spec?.Labels).toMatchObject({ rotated: 'yes' });

      const stale = await docker.POST('/secrets/{id}/update', { params: { path: { id }, query: { version } }, body: { Name: name, Labels: {} } });
      expect(stale.response.status).toBe(500);
      const current = (await docker.GET('/secrets/{id}', { params: { path: { id } } })).data!;
      const newValue = await docker.POST('/secrets/{id}/update', {
        params: { path: { id }, query: { version: current.Version!.Index! } },
        body: { Name: name, Labels: current.Spec!.Labels, Data: Buffer.from('other').toString('base64') },
      });
      expect(newValue.response.status).toBe(400);
      expect(newValue.error?.message).toMatch(/only updates to Labels are allowed/);

      const duplicate = await docker.POST('/secrets/create', { body: { Name: name, Data: 'eA==' } });
      expect(duplicate.response.status).toBe(409);
      const notBase64 = await docker.POST('/secrets/create', { body: { Name: uniqueName('b64'), Data: '!!notbase64' } });
      expect(notBase64.response.status).toBe(400);
      const empty = await docker.POST('/secrets/create', { body: { Name: uniqueName('empty') } });
      expect(empty.response.status).toBe(400);

      const removed = await docker.DELETE('/secrets/{id}', { params: { path: { id } } });
      expect(removed.response.status).toBe(204);
      expect((await docker.GET('/secrets/{id}', { params: { path: { id } } })).response.status).toBe(404);
      expect((await docker.DELETE('/secrets/{id}', { params: { path: { id } } })).response.status).toBe(404);
    });

    it('creates, inspects, lists, relabels and removes a config, whose content does come back', async () => {
      const name = uniqueName('config');
      const content = Buffer.from('listen 8080\n').toString('base64');
      const created = await docker.POST('/configs/create', { body: { Name: name, Labels: runLabels(), Data: content } });
      expect(created.error).toBeUndefined();
      expect(created.response.status).toBe(201);
      const id = created.data!.ID;

      const inspected = await docker.GET('/configs/{id}', { params: { path: { id: name } } });
      expect(inspected.error).toBeUndefined();
      expect(inspected.data).toMatchObject({ ID: id, Spec: { Name: name, Data: content } });

      const listed = await docker.GET('/configs', { params: { query: { filters: JSON.stringify({ label: [`${RUN_LABEL}=${RUN}`] }) } } });
      expect(listed.data?.map((c) => c.ID)).toContain(id);

      const version = inspected.data!.Version!.Index!;
      const relabelled = await docker.POST('/configs/{id}/update', {
        params: { path: { id }, query: { version } },
        body: { Name: name, Labels: runLabels({ v: '2' }), Data: content },
      });
      expect(relabelled.error).toBeUndefined();
      expect((await docker.GET('/configs/{id}', { params: { path: { id } } })).data?.Spec?.Labels).toMatchObject({ v: '2' });

      const current = (await docker.GET('/configs/{id}', { params: { path: { id } } })).data!;
      const newContent = await docker.POST('/configs/{id}/update', {
        params: { path: { id }, query: { version: current.Version!.Index! } },
        body: { Name: name, Labels: current.Spec!.Labels, Data: Buffer.from('listen 9090\n').toString('base64') },
      });
      expect(newContent.response.status).toBe(400);
      const duplicate = await docker.POST('/configs/create', { body: { Name: name, Data: content } });
      expect(duplicate.response.status).toBe(409);

      const removed = await docker.DELETE('/configs/{id}', { params: { path: { id } } });
      expect(removed.response.status).toBe(204);
      expect((await docker.GET('/configs/{id}', { params: { path: { id } } })).response.status).toBe(404);
    });

    it('refuses to remove a secret or config a service uses (400)', async () => {
      const secret = await docker.POST('/secrets/create', { body: { Name: uniqueName('used-s'), Labels: runLabels(), Data: 'eA==' } });
      const config = await docker.POST('/configs/create', { body: { Name: uniqueName('used-c'), Labels: runLabels(), Data: 'eA==' } });
      const service = await docker.POST('/services/create', {
        body: {
          Name: uniqueName('user'),
          Labels: runLabels(),
          TaskTemplate: {
            ContainerSpec: {
              Image: image,
              Command: ['sleep', '600'],
              StopGracePeriod: QUICK_STOP,
              Secrets: [{ SecretID: secret.data!.ID, SecretName: uniqueName('used-s'), File: { Name: 'token', UID: '0', GID: '0', Mode: 0o400 } }],
              Configs: [{ ConfigID: config.data!.ID, ConfigName: uniqueName('used-c'), File: { Name: '/etc/app.conf', UID: '0', GID: '0', Mode: 0o444 } }],
            },
          },
        },
      });
      expect(service.error).toBeUndefined();

      const secretInUse = await docker.DELETE('/secrets/{id}', { params: { path: { id: secret.data!.ID } } });
      expect(secretInUse.response.status).toBe(400);
      expect(secretInUse.error?.message).toMatch(/is in use by the following service/);
      const configInUse = await docker.DELETE('/configs/{id}', { params: { path: { id: config.data!.ID } } });
      expect(configInUse.response.status).toBe(400);

      expect((await docker.DELETE('/services/{id}', { params: { path: { id: service.data!.ID } } })).response.status).toBe(200);
      expect((await docker.DELETE('/secrets/{id}', { params: { path: { id: secret.data!.ID } } })).response.status).toBe(204);
      expect((await docker.DELETE('/configs/{id}', { params: { path: { id: config.data!.ID } } })).response.status).toBe(204);
    });
  });

  describe('leaving', () => {
    it('refuses to leave without force as the last manager (503), then leaves with force', async () => {
      const refused = await docker.POST('/swarm/leave');
      expect(refused.response.status).toBe(503);
      expect(refused.error?.message).toMatch(/Removing the last manager erases all current state/);

      const left = await docker.POST('/swarm/leave', { params: { query: { force: true } } });
      expect(left.error).toBeUndefined();
      expect(left.response.status).toBe(200);
      expect(await swarmState()).toBe('inactive');
      expect((await docker.GET('/swarm')).response.status).toBe(503);
    });
  });
});
