// System routes: ping (GET and HEAD), version, info (also as a swarm manager), disk usage, build
// cache prune, events and the BuildKit session upgrade. JSON answers through the validating
// proxy; the event stream and the protocol upgrade straight to the daemon.
import net from 'node:net';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dockerEvents, type DockerEvent } from '../../src/index.js';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { freePort } from '../../scripts/lib/ports.js';
import { directClient, proxyClient, unique } from './d2-helpers.js';

const proxy = proxyClient();
const direct = directClient();
const run = unique('d2-sys');
const containers: string[] = [];

afterAll(async () => {
  for (const id of containers) await direct.DELETE('/containers/{id}', { params: { path: { id }, query: { force: true } } });
  await proxy.close();
  await direct.close();
});

async function createContainer(cmd: string[]): Promise<string> {
  const { data, error } = await direct.POST('/containers/create', {
    params: { query: { name: unique(run) } },
    body: { Image: inject('testImage'), Cmd: cmd, Labels: { 'd2-owner': run } },
  });
  expect(error).toBeUndefined();
  containers.push(data!.Id);
  return data!.Id;
}

describe('ping', () => {
  it('answers OK in plain text, with the API version and OS in its headers', async () => {
    const { data, error, response } = await proxy.GET('/_ping', { parseAs: 'text' });
    expect(error).toBeUndefined();
    expect(data).toBe('OK');
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('api-version')).toBe('1.41');
    expect(response.headers.get('ostype')).toBe('linux');
    expect(response.headers.get('docker-experimental')).toBe('false');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate');
    expect(response.headers.get('pragma')).toBe('no-cache');
  });

  it('answers HEAD with the same headers and no body', async () => {
    const { error, response } = await proxy.HEAD('/_ping', { parseAs: 'text' });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(response.headers.get('api-version')).toBe('1.41');
    expect(response.headers.get('ostype')).toBe('linux');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate');
    // straight to the daemon: Content-Length is 0
    const raw = await fetch(`${inject('dockerUrl')}/_ping`, { method: 'HEAD' });
    expect(raw.headers.get('content-length')).toBe('0');
  });
});

describe('version and info', () => {
  it('reports versions of the engine and its components', async () => {
    const { data, error } = await proxy.GET('/version');
    expect(error).toBeUndefined();
    expect(data?.ApiVersion).toBe('1.41');
    expect(data?.MinAPIVersion).toBe('1.12');
    expect(data?.Os).toBe('linux');
    const engine = data?.Components?.find((c) => c.Name === 'Engine');
    expect(engine?.Version).toBe(data?.Version);
    expect(engine?.Details).toMatchObject({ ApiVersion: '1.41', MinAPIVersion: '1.12' });
    expect(data?.Components?.map((c) => c.Name)).toEqual(expect.arrayContaining(['containerd', 'runc']));
  });

  it('reports the host, with the counts it keeps', async () => {
    const before = await proxy.GET('/info');
    expect(before.error).toBeUndefined();
    expect(before.data?.Driver).toBe('vfs');
    expect(before.data?.OSType).toBe('linux');
    expect(before.data?.Plugins?.Volume).toContain('local');
    expect(before.data?.RegistryConfig?.InsecureRegistryCIDRs).toContain('127.0.0.0/8');
    expect(before.data?.Swarm?.LocalNodeState).toBeDefined();
    await createContainer(['true']);
    const after = await proxy.GET('/info');
    expect(after.data?.Containers).toBe(before.data!.Containers! + 1);
    expect(after.data?.ContainersStopped).toBe(before.data!.ContainersStopped! + 1);
  });

  it('describes the swarm when the daemon manages one', async () => {
    const state = (await proxy.GET('/info')).data?.Swarm?.LocalNodeState;
    let joined = false;
    if (state === 'inactive') {
      // straight to the daemon: swarm setup is another area's operation
      const port = await freePort();
      const init = await fetch(`${inject('dockerUrl')}/swarm/init`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ListenAddr: `127.0.0.1:${port}`, AdvertiseAddr: `127.0.0.1:${port}` }),
      });
      expect(init.status).toBe(200);
      joined = true;
    }
    try {
      const { data, error } = await proxy.GET('/info');
      expect(error).toBeUndefined();
      expect(data?.Swarm?.LocalNodeState).toBe('active');
      expect(data?.Swarm?.ControlAvailable).toBe(true);
      expect(data?.Swarm?.Nodes).toBeGreaterThanOrEqual(1);
      expect(data?.Swarm?.RemoteManagers?.[0]?.NodeID).toBe(data?.Swarm?.NodeID);
      expect(data?.Swarm?.Cluster?.Spec?.Name).toBe('default');
      expect(data?.Swarm?.Cluster?.TLSInfo?.TrustRoot).toMatch(/^-----BEGIN CERTIFICATE-----/);
    } finally {
      if (joined) {
        const left = await fetch(`${inject('dockerUrl')}/swarm/leave?force=1`, { method: 'POST' });
        expect(left.status).toBe(200);
      }
    }
  });
});

describe('disk usage and build cache', () => {
  it('computes what the lists leave out', async () => {
    const container = await createContainer(['true']);
    const { data, error } = await proxy.GET('/system/df');
    expect(error).toBeUndefined();
    expect(data?.LayersSize).toBeGreaterThan(0);
    const image = data?.Images?.find((i) => i.RepoTags?.includes(inject('testImage')));
    expect(image?.Containers).toBeGreaterThanOrEqual(1); // computed here, -1 in GET /images/json
    expect(image?.SharedSize).toBeGreaterThanOrEqual(0);
    const mine = data?.Containers?.find((c) => c.Id === container);
    expect(mine?.SizeRootFs).toBeGreaterThan(0);
    expect(Array.isArray(data?.Volumes)).toBe(true);
    expect(data?.BuildCache === null || Array.isArray(data?.BuildCache)).toBe(true);
  });

  it('prunes build cache by filter, and answers 400 for an unknown filter', async () => {
    const old = await proxy.POST('/build/prune', { params: { query: { filters: JSON.stringify({ until: ['87600h'] }) } } });
    expect(old.error).toBeUndefined();
    expect(old.data).toEqual({ CachesDeleted: null, SpaceReclaimed: 0 });
    const bad = await proxy.POST('/build/prune', { params: { query: { filters: JSON.stringify({ bogus: ['1'] }) } } });
    expect(bad.error?.status).toBe(400);
    expect(bad.error?.message).toBe("failed to prune build cache: Invalid filter 'bogus'");
  });
});

describe('events', () => {
  const filters = { type: ['container'], label: [`d2-owner=${run}`] };

  it('streams a container life as it happens, and stops when aborted', async () => {
    const stop = new AbortController();
    const timeout = AbortSignal.timeout(20_000);
    const seen: DockerEvent[] = [];
    let container = '';
    const started = (async () => {
      // wait until the subscription is live before making events: follow from "now"
      await new Promise((r) => setTimeout(r, 200));
      container = await createContainer(['sh', '-c', 'exit 7']);
      await direct.POST('/containers/{id}/start', { params: { path: { id: container } } });
    })();
    for await (const event of dockerEvents(direct, { filters, since: new Date(), signal: AbortSignal.any([stop.signal, timeout]) })) {
      seen.push(event);
      if (event.Action === 'die') stop.abort();
    }
    await started;
    expect(timeout.aborted).toBe(false);
    expect(seen.map((e) => e.Action)).toEqual(['create', 'start', 'die']);
    const die = seen.at(-1)!;
    expect(die.Type).toBe('container');
    expect(die.Actor?.ID).toBe(container);
    expect(die.Actor?.Attributes).toMatchObject({ exitCode: '7', 'd2-owner': run, image: inject('testImage') });
    expect(die.scope).toBe('local');
    expect(Math.floor(die.timeNano! / 1e9)).toBe(die.time);
    expect(die.status).toBe('die'); // the old fields are still sent at API 1.41
    expect(die.id).toBe(container);
  });

  it('ends by itself for a window in the past', async () => {
    const since = new Date(Date.now() - 120_000);
    const container = await createContainer(['true']);
    await direct.DELETE('/containers/{id}', { params: { path: { id: container } } });
    const until = new Date(Date.now() + 1000);
    await new Promise((r) => setTimeout(r, 1100));
    const actions: string[] = [];
    for await (const event of dockerEvents(direct, { since, until, filters: { ...filters, container: [container] }, signal: AbortSignal.timeout(20_000) })) actions.push(event.Action!);
    expect(actions).toEqual(['create', 'destroy']);
  });

  it('answers 400 when since is after until', async () => {
    const { error } = await proxy.GET('/events', { params: { query: { since: '1795365812', until: '1795365745' } } });
    expect(error?.status).toBe(400);
    expect(error?.message).toBe('`since` time (1795365812) cannot be after `until` time (1795365745)');
  });

  it('gives the request error to the iterator caller', async () => {
    const failing = dockerEvents(direct, { since: '1795365812', until: '1795365745' });
    await expect(failing.next()).rejects.toMatchObject({ status: 400 });
  });
});

describe('session', () => {
  function rawRequest(head: string): Promise<string> {
    const url = new URL(inject('dockerUrl'));
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname);
      let received = '';
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(received);
      }, 3000);
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
        // the upgrade answer, then the daemon's HTTP/2 client preface
        if (/\r\n\r\n[\s\S]*PRI \* HTTP\/2\.0\r\n\r\nSM\r\n\r\n/.test(received) || /^HTTP\/1\.1 4\d\d[\s\S]*\r\n\r\n[\s\S]+/.test(received)) {
          clearTimeout(timer);
          socket.destroy();
          resolve(received);
        }
      });
      socket.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      socket.write(head);
    });
  }

  it('switches the connection to HTTP/2 on an h2c upgrade, the daemon then speaking first', async () => {
    const answer = await rawRequest(
      `POST /session HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: h2c\r\nX-Docker-Expose-Session-Uuid: ${run}\r\nX-Docker-Expose-Session-Name: d2\r\nX-Docker-Expose-Session-Sharedkey: ${run}\r\nContent-Length: 0\r\n\r\n`,
    );
    const [head, rest] = answer.split('\r\n\r\n', 2);
    expect(head!.split('\r\n')[0]).toBe('HTTP/1.1 101 Switching Protocols');
    expect(head).toMatch(/^Upgrade: h2c$/m);
    expect(head).toMatch(/^Connection: Upgrade$/m);
    expect(answer.slice(head!.length + 4)).toMatch(/^PRI \* HTTP\/2\.0\r\n\r\nSM\r\n\r\n/);
    expect(rest).toBeDefined();
  });

  it('answers 400 without the upgrade headers', async () => {
    const response = await fetch(`${inject('dockerUrl')}/session`, { method: 'POST' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'no upgrade proto in request' });
  });
});
