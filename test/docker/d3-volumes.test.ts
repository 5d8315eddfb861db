// Volumes through the validating Prism proxy: create (labels, driver options), inspect, list
// with filters, remove, prune, and the error answers the daemon really gives.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDockerEngineClient } from '../../src/index.js';
import { RUN_LABEL, runFilter, runLabels, uniqueName } from './d3-helpers.js';

const docker = createDockerEngineClient({ url: inject('dockerProxyUrl') });
const daemon = createDockerEngineClient({ url: inject('dockerUrl') });
const image = inject('testImage');
const containers: string[] = [];

afterAll(async () => {
  for (const id of containers) await daemon.DELETE('/containers/{id}', { params: { path: { id }, query: { force: true, v: true } } });
  const { data } = await daemon.GET('/volumes', { params: { query: { filters: runFilter() } } });
  for (const volume of data?.Volumes ?? []) {
    await daemon.DELETE('/volumes/{name}', { params: { path: { name: volume.Name }, query: { force: true } } });
  }
  await docker.close();
  await daemon.close();
});

const tmpfs = { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' };

describe('volumes', () => {
  it('creates a labelled tmpfs volume, inspects it, finds it by label and removes it', async () => {
    const name = uniqueName('vol');
    const created = await docker.POST('/volumes/create', { body: { Name: name, Labels: runLabels({ role: 'data' }), DriverOpts: tmpfs } });
    expect(created.error).toBeUndefined();
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ Name: name, Driver: 'local', Scope: 'local', Labels: { role: 'data' }, Options: tmpfs });
    expect(created.data?.Mountpoint).toMatch(new RegExp(`/volumes/${name}/_data$`));

    const inspected = await docker.GET('/volumes/{name}', { params: { path: { name } } });
    expect(inspected.error).toBeUndefined();
    expect(inspected.data).toMatchObject({ Name: name, Labels: { [RUN_LABEL]: expect.any(String), role: 'data' }, Options: tmpfs });
    expect(Date.parse(inspected.data!.CreatedAt!)).not.toBeNaN();

    const listed = await docker.GET('/volumes', { params: { query: { filters: runFilter({ label: [`${RUN_LABEL}`, 'role=data'] }) } } });
    expect(listed.error).toBeUndefined();
    expect(listed.data?.Volumes?.map((v) => v.Name)).toContain(name);

    const byName = await docker.GET('/volumes', { params: { query: { filters: JSON.stringify({ name: [name], driver: ['local'] }) } } });
    expect(byName.data?.Volumes?.map((v) => v.Name)).toEqual([name]);

    const removed = await docker.DELETE('/volumes/{name}', { params: { path: { name } } });
    expect(removed.error).toBeUndefined();
    expect(removed.response.status).toBe(204);

    const gone = await docker.GET('/volumes/{name}', { params: { path: { name } } });
    expect(gone.response.status).toBe(404);
    expect(gone.error?.message).toMatch(/no such volume/);
    const after = await docker.GET('/volumes', { params: { query: { filters: runFilter() } } });
    expect(after.data?.Volumes?.map((v) => v.Name) ?? []).not.toContain(name);
  });

  it('returns the existing volume when the name is created again', async () => {
    const name = uniqueName('again');
    const first = await docker.POST('/volumes/create', { body: { Name: name, Labels: runLabels(), DriverOpts: tmpfs } });
    const second = await docker.POST('/volumes/create', { body: { Name: name, Labels: runLabels(), DriverOpts: tmpfs } });
    expect(second.response.status).toBe(201);
    expect(second.data?.CreatedAt).toBe(first.data?.CreatedAt);
  });

  it('refuses a volume in use (409), even with force', async () => {
    const name = uniqueName('busy');
    await docker.POST('/volumes/create', { body: { Name: name, Labels: runLabels(), DriverOpts: tmpfs } });
    const container = await daemon.POST('/containers/create', {
      params: { query: { name: uniqueName('user') } },
      body: { Image: image, Cmd: ['true'], HostConfig: { NetworkMode: 'none', Mounts: [{ Type: 'volume', Source: name, Target: '/data' }] } },
    });
    expect(container.error).toBeUndefined();
    containers.push(container.data!.Id);

    for (const force of [undefined, true]) {
      const refused = await docker.DELETE('/volumes/{name}', { params: { path: { name }, query: force ? { force } : {} } });
      expect(refused.response.status).toBe(409);
      expect(refused.error?.message).toMatch(/volume is in use/);
    }
  });

  it('treats a missing volume as removed with force, and as not found without', async () => {
    const name = uniqueName('never');
    const plain = await docker.DELETE('/volumes/{name}', { params: { path: { name } } });
    expect(plain.response.status).toBe(404);
    const forced = await docker.DELETE('/volumes/{name}', { params: { path: { name }, query: { force: 1 } } });
    expect(forced.error).toBeUndefined();
    expect(forced.response.status).toBe(204);
  });

  it('answers 400 to bad names, options and filters', async () => {
    const shortName = await docker.POST('/volumes/create', { body: { Name: 'x', Labels: runLabels() } });
    expect(shortName.response.status).toBe(400);
    expect(shortName.error?.message).toMatch(/too short/);

    const option = await docker.POST('/volumes/create', { body: { Name: uniqueName('opt'), DriverOpts: { bogus: '1' } } });
    expect(option.response.status).toBe(400);
    expect(option.error?.message).toMatch(/invalid option/);

    const filter = await docker.GET('/volumes', { params: { query: { filters: '{"bogus":["x"]}' } } });
    expect(filter.response.status).toBe(400);
    expect(filter.error?.message).toMatch(/Invalid filter 'bogus'/);
  });

  it('reads filters in the older map form too', async () => {
    const name = uniqueName('legacy');
    await docker.POST('/volumes/create', { body: { Name: name, Labels: runLabels({ form: 'legacy' }), DriverOpts: tmpfs } });
    const listed = await docker.GET('/volumes', { params: { query: { filters: JSON.stringify({ label: { 'form=legacy': true } }) } } });
    expect(listed.error).toBeUndefined();
    expect(listed.data?.Volumes?.map((v) => v.Name)).toContain(name);
  });

  it('prunes unused local volumes matching a label filter, named ones included (API 1.41), never those with mount options', async () => {
    // Created straight on the daemon: volumes without driver options have `Options: null`.
    const names = [uniqueName('prune-a'), uniqueName('prune-b')];
    for (const name of names) await daemon.POST('/volumes/create', { body: { Name: name, Labels: runLabels({ prune: 'yes' }) } });
    const keep = uniqueName('keep');
    await daemon.POST('/volumes/create', { body: { Name: keep, Labels: runLabels({ prune: 'no' }) } });
    const mounted = uniqueName('tmpfs');
    await docker.POST('/volumes/create', { body: { Name: mounted, Labels: runLabels({ prune: 'yes' }), DriverOpts: tmpfs } });

    const pruned = await docker.POST('/volumes/prune', { params: { query: { filters: JSON.stringify({ label: [`${RUN_LABEL}`, 'prune=yes'] }) } } });
    expect(pruned.error).toBeUndefined();
    expect([...(pruned.data?.VolumesDeleted ?? [])].sort()).toEqual([...names].sort());
    expect(pruned.data?.SpaceReclaimed).toBeGreaterThanOrEqual(0);

    const left = await daemon.GET('/volumes', { params: { query: { filters: runFilter() } } });
    const leftNames = left.data?.Volumes?.map((v) => v.Name) ?? [];
    expect(leftNames).toContain(keep);
    expect(leftNames).toContain(mounted);
    for (const name of names) expect(leftNames).not.toContain(name);

    const unknown = await docker.POST('/volumes/prune', { params: { query: { filters: JSON.stringify({ all: ['true'] }) } } });
    expect(unknown.response.status).toBe(400);
    expect(unknown.error?.message).toMatch(/Invalid filter 'all'/);
  });

  it('has no cluster volume update route on an API 1.41 daemon (404 page not found)', async () => {
    const name = uniqueName('cluster');
    const update = await docker.PUT('/volumes/{name}', {
      params: { path: { name }, query: { version: 1 } },
      body: { Spec: { AccessMode: { Availability: 'drain' } } },
    });
    expect(update.response.status).toBe(404);
    expect(update.error?.message).toBe('page not found');
  });
});
