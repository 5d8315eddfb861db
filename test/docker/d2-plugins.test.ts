// Managed plugins, end to end and offline: a plugin is made from a tarball (busybox root file
// system, ./plugin-fixture.ts), configured, enabled, disabled, pushed to the in-memory registry,
// installed again from it under another name, upgraded and removed. JSON answers go through the
// validating proxy; tar bodies and progress streams straight to the daemon.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DockerStreamError, followProgress } from '../../src/index.js';
import { directClient, proxyClient, unique } from './d2-helpers.js';
import { startFakeRegistry, type FakeRegistry } from './d2-registry.js';
import { pluginPrivileges as privileges, pluginSocket, pluginTar, type PluginSocket } from './plugin-fixture.js';

const proxy = proxyClient();
const direct = directClient();
const run = unique('d2-plug');
let registry: FakeRegistry;
let name = ''; // localhost:PORT/d2/<run>:1, so it can be pushed
let pulled = ''; // the same plugin installed again from the registry
let socket: PluginSocket;

beforeAll(async () => {
  registry = await startFakeRegistry();
  name = `${registry.host}/d2/${run}:1`;
  pulled = `${run}-pulled:latest`;
  socket = await pluginSocket();
});

afterAll(async () => {
  for (const plugin of [name, pulled, `${run}-copy:latest`]) {
    if (plugin) await direct.DELETE('/plugins/{name}', { params: { path: { name: plugin }, query: { force: true } } });
  }
  await socket?.close();
  await registry?.close();
  await proxy.close();
  await direct.close();
});

describe('a plugin made from a tarball', () => {
  it('is created disabled, and listed and inspected by its name', async () => {
    const { error, response } = await direct.POST('/plugins/create', { params: { query: { name } }, body: new Blob([await pluginTar(randomBytes(16).toString('hex'))]) });
    expect(error).toBeUndefined();
    expect(response.status).toBe(204);

    const list = await proxy.GET('/plugins', { params: { query: { filters: JSON.stringify({ capability: ['d2test'] }) } } });
    expect(list.error).toBeUndefined();
    const listed = list.data?.find((p) => p.Name === name);
    expect(listed?.Enabled).toBe(false);

    const inspect = await proxy.GET('/plugins/{name}/json', { params: { path: { name } } });
    expect(inspect.error).toBeUndefined();
    expect(inspect.data?.Id).toBe(listed?.Id);
    expect(inspect.data?.PluginReference).toBe(name);
    expect(inspect.data?.Config?.Interface?.Types).toEqual(['docker.d2test/1.0']); // a string, not an object
    expect(inspect.data?.Config?.Linux?.Devices).toBeNull();
    expect(inspect.data?.Config?.Mounts).toBeNull();
    expect(inspect.data?.Settings).toEqual({ Args: [], Devices: [], Env: ['TARGET=/nonexistent'], Mounts: [] });
    // found by ID prefix too
    const byId = await proxy.GET('/plugins/{name}/json', { params: { path: { name: inspect.data!.Id!.slice(0, 12) } } });
    expect(byId.data?.Name).toBe(name);
  });

  it('refuses (409) a second plugin with the same root file system, and (500) a broken tarball', async () => {
    const marker = randomBytes(16).toString('hex');
    const first = await direct.POST('/plugins/create', { params: { query: { name: `${run}-copy` } }, body: new Blob([await pluginTar(marker)]) });
    expect(first.response.status).toBe(204);
    const second = await direct.POST('/plugins/create', { params: { query: { name: `${run}-copy2` } }, body: new Blob([await pluginTar(marker)]) });
    expect(second.error?.status).toBe(409);
    expect(second.error?.message).toMatch(/^content sha256:[0-9a-f]{64}: already exists$/);
    const broken = await direct.POST('/plugins/create', { params: { query: { name: `${run}-broken` } }, body: new Blob([new TextEncoder().encode('not a tarball')]) });
    expect(broken.error?.status).toBe(500);
    const removed = await proxy.DELETE('/plugins/{name}', { params: { path: { name: `${run}-copy` } } });
    expect(removed.error).toBeUndefined();
    expect(removed.response.status).toBe(200);
  });

  it('changes settable settings while disabled, and refuses unknown ones', async () => {
    const target = socket.path;
    const set = await proxy.POST('/plugins/{name}/set', { params: { path: { name } }, body: [`TARGET=${target}`, 'args=--one --two'] });
    expect(set.error).toBeUndefined();
    expect(set.response.status).toBe(204);
    const inspect = await proxy.GET('/plugins/{name}/json', { params: { path: { name } } });
    expect(inspect.data?.Settings?.Env).toEqual([`TARGET=${target}`]);
    expect(inspect.data?.Settings?.Args).toEqual(['--one', '--two']);
    const unknown = await proxy.POST('/plugins/{name}/set', { params: { path: { name } }, body: ['NOPE=1'] });
    expect(unknown.error?.status).toBe(500);
    expect(unknown.error?.message).toBe('setting "NOPE" not found in the plugin configuration');
  });

  it('is enabled once its socket answers, and then refuses changes', async () => {
    const before = socket.connections();
    const enabled = await proxy.POST('/plugins/{name}/enable', { params: { path: { name }, query: { timeout: 5 } } });
    expect(enabled.error).toBeUndefined();
    expect(enabled.response.status).toBe(200);
    expect(socket.connections()).toBeGreaterThan(before); // the daemon dialled the plugin's socket

    const list = await proxy.GET('/plugins', { params: { query: { filters: JSON.stringify({ enabled: ['true'], capability: ['d2test'] }) } } });
    expect(list.data?.map((p) => p.Name)).toEqual([name]);

    const again = await proxy.POST('/plugins/{name}/enable', { params: { path: { name }, query: { timeout: 5 } } });
    expect(again.error?.status).toBe(409);
    expect(again.error?.message).toBe(`plugin already enabled: plugin ${name} is enabled`);
    const set = await proxy.POST('/plugins/{name}/set', { params: { path: { name } }, body: ['TARGET=/elsewhere'] });
    expect(set.error?.status).toBe(500);
    expect(set.error?.message).toBe('cannot set on an active plugin, disable plugin before setting');
    const remove = await proxy.DELETE('/plugins/{name}', { params: { path: { name } } });
    expect(remove.error?.status).toBe(409);
    expect(remove.error?.message).toBe(`plugin ${name} is enabled`);
    const upgrade = await proxy.POST('/plugins/{name}/upgrade', { params: { path: { name }, query: { remote: name } }, body: privileges });
    expect(upgrade.error?.status).toBe(409);
    expect(upgrade.error?.message).toBe(`plugin must be disabled before upgrading: plugin ${name} is enabled`);
  });

  it('is disabled, once', async () => {
    const disabled = await proxy.POST('/plugins/{name}/disable', { params: { path: { name } } });
    expect(disabled.error).toBeUndefined();
    expect((await proxy.GET('/plugins/{name}/json', { params: { path: { name } } })).data?.Enabled).toBe(false);
    const again = await proxy.POST('/plugins/{name}/disable', { params: { path: { name } } });
    expect(again.error?.status).toBe(409);
    expect(again.error?.message).toBe(`plugin is already disabled: plugin ${name} found but disabled`);
  });

  it('answers 500 to enable without a timeout (straight to the daemon: the spec requires it)', async () => {
    const response = await fetch(`${inject('dockerUrl')}/plugins/${encodeURIComponent(name)}/enable`, { method: 'POST' });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'strconv.Atoi: parsing "": invalid syntax' });
  });
});

describe('a plugin in a registry', () => {
  it('is pushed, ending with the digest of its manifest', async () => {
    const { data, error } = await direct.POST('/plugins/{name}/push', { params: { path: { name } }, parseAs: 'stream' });
    expect(error).toBeUndefined();
    const statuses = new Set<string>();
    const summary = await followProgress(data!, { onLayer: (p) => statuses.add(p.status) });
    expect([...statuses]).toEqual(expect.arrayContaining(['Preparing', 'Upload complete']));
    expect(summary.aux).toEqual([{ Tag: '1', Digest: summary.digest, Size: expect.any(Number) }]);
    const manifest = registry.manifests.get(`d2/${run}:1`);
    expect(manifest?.digest).toBe(summary.digest);
    expect(JSON.parse(manifest!.body.toString()).config.mediaType).toBe('application/vnd.docker.plugin.v1+json');
  });

  it('lists the permissions it asks for; an unreachable registry gives an empty list (Docker 20.10)', async () => {
    const { data, error } = await proxy.GET('/plugins/privileges', { params: { query: { remote: name } } });
    expect(error).toBeUndefined();
    expect(data).toEqual(privileges);
    const offline = await proxy.GET('/plugins/privileges', { params: { query: { remote: 'vieux/sshfs:latest' } } });
    expect(offline.error).toBeUndefined();
    expect(offline.data).toEqual([]);
  });

  it('is installed again under another name, only with the right permissions', async () => {
    const refused = await direct.POST('/plugins/pull', { params: { query: { remote: name, name: `${run}-refused` } }, body: [], parseAs: 'stream' });
    expect(refused.error).toBeUndefined();
    const failure = await followProgress(refused.data!).catch((e) => e);
    expect(failure).toBeInstanceOf(DockerStreamError);
    expect(failure.message).toBe('incorrect privileges');
    expect((await proxy.GET('/plugins/{name}/json', { params: { path: { name: `${run}-refused` } } })).error?.status).toBe(404);

    const { data, error } = await direct.POST('/plugins/pull', { params: { query: { remote: name, name: pulled } }, body: privileges, parseAs: 'stream' });
    expect(error).toBeUndefined();
    const summary = await followProgress(data!);
    expect(summary.statuses[0]).toBe(`Pulling from ${name.replace(/:1$/, '')}`);
    const inspect = await proxy.GET('/plugins/{name}/json', { params: { path: { name: pulled } } });
    expect(inspect.data?.Name).toBe(pulled);
    expect(inspect.data?.PluginReference).toBe(name);
    expect(inspect.data?.Enabled).toBe(false);
    expect(inspect.data?.Settings?.Env).toEqual(['TARGET=/nonexistent']); // settings are not pushed

    const taken = await proxy.POST('/plugins/pull', { params: { query: { remote: name, name: pulled } }, body: privileges });
    expect(taken.error?.status).toBe(400);
    expect(taken.error?.message).toBe(`plugin ${pulled} already exists`);
  });

  it('is upgraded in place from the registry', async () => {
    const { data, error } = await direct.POST('/plugins/{name}/upgrade', { params: { path: { name: pulled }, query: { remote: name } }, body: privileges, parseAs: 'stream' });
    expect(error).toBeUndefined();
    await followProgress(data!);
    const inspect = await proxy.GET('/plugins/{name}/json', { params: { path: { name: pulled } } });
    expect(inspect.data?.Name).toBe(pulled);
    expect(inspect.data?.PluginReference).toBe(name);
  });

  it('answers 500 before streaming when the registry cannot be reached', async () => {
    const { error } = await proxy.POST('/plugins/pull', { params: { query: { remote: 'vieux/sshfs:latest', name: `${run}-offline` } }, body: privileges });
    expect(error?.status).toBe(500);
    expect(error?.message).toMatch(/registry-1\.docker\.io/);
  });
});

describe('removal', () => {
  it('removes plugins, which are then gone', async () => {
    for (const plugin of [pulled, name]) {
      const removed = await proxy.DELETE('/plugins/{name}', { params: { path: { name: plugin } } });
      expect(removed.error).toBeUndefined();
      expect(removed.response.status).toBe(200);
      const gone = await proxy.GET('/plugins/{name}/json', { params: { path: { name: plugin } } });
      expect(gone.error?.status).toBe(404);
      expect(gone.error?.message).toBe(`plugin "${plugin}" not found`);
    }
    for (const op of [
      proxy.DELETE('/plugins/{name}', { params: { path: { name } } }),
      proxy.POST('/plugins/{name}/enable', { params: { path: { name }, query: { timeout: 0 } } }),
      proxy.POST('/plugins/{name}/disable', { params: { path: { name } } }),
      proxy.POST('/plugins/{name}/push', { params: { path: { name } } }),
      proxy.POST('/plugins/{name}/set', { params: { path: { name } }, body: [] }),
      proxy.POST('/plugins/{name}/upgrade', { params: { path: { name }, query: { remote: name } }, body: privileges }),
    ]) {
      expect((await op).error?.status).toBe(404);
    }
  });
});
