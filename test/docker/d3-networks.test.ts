// Local networks through the validating Prism proxy: a user-defined bridge (the daemon runs with
// --bridge=none, which only removes the default bridge), inspect, list, connect, disconnect,
// remove and prune, with the error answers the daemon really gives.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDockerEngineClient } from '../../src/index.js';
import { RUN_LABEL, runFilter, runLabels, uniqueName } from './d3-helpers.js';

const docker = createDockerEngineClient({ url: inject('dockerProxyUrl') });
const daemon = createDockerEngineClient({ url: inject('dockerUrl') });
const image = inject('testImage');
const containerName = uniqueName('netc');
let containerId = '';

beforeAll(async () => {
  // A running container to connect (containers belong to another area: set up on the daemon).
  const created = await daemon.POST('/containers/create', {
    params: { query: { name: containerName } },
    // No network mode: with --bridge=none the container starts without a network, and unlike
    // `none` mode it may join user-defined networks later.
    body: { Image: image, Cmd: ['sleep', '600'], Labels: runLabels() },
  });
  if (created.error) throw created.error;
  containerId = created.data.Id;
  const started = await daemon.POST('/containers/{id}/start', { params: { path: { id: containerId } } });
  if (started.error) throw started.error;
});

afterAll(async () => {
  // Disconnect before removing anything: a network left behind with an endpoint keeps its bridge
  // on the host after the daemon stops.
  const { data } = await daemon.GET('/networks', { params: { query: { filters: runFilter() } } });
  for (const network of data ?? []) {
    const { data: inspected } = await daemon.GET('/networks/{id}', { params: { path: { id: network.Id! } } });
    for (const endpoint of Object.keys(inspected?.Containers ?? {})) {
      await daemon.POST('/networks/{id}/disconnect', { params: { path: { id: network.Id! } }, body: { Container: endpoint, Force: true } });
    }
    await daemon.DELETE('/networks/{id}', { params: { path: { id: network.Id! } } });
  }
  if (containerId) await daemon.DELETE('/containers/{id}', { params: { path: { id: containerId }, query: { force: true } } });
  await docker.close();
  await daemon.close();
});

describe('networks', () => {
  it('creates a user-defined bridge, inspects it, lists it by label and removes it', async () => {
    const name = uniqueName('net');
    const created = await docker.POST('/networks/create', {
      body: { Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: runLabels({ tier: 'back' }) },
    });
    expect(created.error).toBeUndefined();
    expect(created.response.status).toBe(201);
    expect(created.data?.Id).toMatch(/^[0-9a-f]{64}$/);
    expect(created.data?.Warning).toBe('');
    const id = created.data!.Id!;

    const inspected = await docker.GET('/networks/{id}', { params: { path: { id: name } } });
    expect(inspected.error).toBeUndefined();
    expect(inspected.data).toMatchObject({ Name: name, Id: id, Driver: 'bridge', Scope: 'local', Internal: false, Labels: { tier: 'back' } });
    expect(inspected.data?.IPAM?.Config?.[0]?.Subnet).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
    expect(inspected.data?.Containers).toEqual({});

    const byId = await docker.GET('/networks/{id}', { params: { path: { id: id.slice(0, 12) }, query: { verbose: true, scope: 'local' } } });
    expect(byId.data?.Name).toBe(name);
    const wrongScope = await docker.GET('/networks/{id}', { params: { path: { id }, query: { scope: 'swarm' } } });
    expect(wrongScope.response.status).toBe(404);

    const listed = await docker.GET('/networks', { params: { query: { filters: runFilter({ driver: ['bridge'], type: ['custom'] }) } } });
    expect(listed.error).toBeUndefined();
    expect(listed.data?.map((n) => n.Name)).toContain(name);
    const builtin = await docker.GET('/networks', { params: { query: { filters: JSON.stringify({ type: ['builtin'] }) } } });
    expect(builtin.data?.map((n) => n.Name)).toEqual(expect.arrayContaining(['host', 'none']));
    expect(builtin.data?.map((n) => n.Name)).not.toContain(name);

    const removed = await docker.DELETE('/networks/{id}', { params: { path: { id } } });
    expect(removed.error).toBeUndefined();
    expect(removed.response.status).toBe(204);
    const gone = await docker.GET('/networks/{id}', { params: { path: { id } } });
    expect(gone.response.status).toBe(404);
    expect(gone.error?.message).toMatch(/not found/);
  });

  it('creates an internal bridge with its own address pool', async () => {
    const name = uniqueName('ipam');
    const created = await docker.POST('/networks/create', {
      body: {
        Name: name,
        Internal: true,
        Attachable: true,
        IPAM: { Driver: 'default', Config: [{ Subnet: '10.231.7.0/24', IPRange: '10.231.7.128/25', Gateway: '10.231.7.1', AuxiliaryAddresses: { router: '10.231.7.2' } }], Options: { note: 'd3' } },
        Labels: runLabels(),
      },
    });
    expect(created.error).toBeUndefined();
    const inspected = await docker.GET('/networks/{id}', { params: { path: { id: created.data!.Id! } } });
    expect(inspected.data).toMatchObject({
      Internal: true,
      Attachable: true,
      IPAM: { Driver: 'default', Options: { note: 'd3' }, Config: [{ Subnet: '10.231.7.0/24', IPRange: '10.231.7.128/25', Gateway: '10.231.7.1', AuxiliaryAddresses: { router: '10.231.7.2' } }] },
    });
  });

  it('connects a container with an alias and a fixed address, then disconnects it', async () => {
    const name = uniqueName('conn');
    const created = await docker.POST('/networks/create', {
      body: { Name: name, IPAM: { Config: [{ Subnet: '10.231.8.0/24' }] }, Labels: runLabels() },
    });
    expect(created.error).toBeUndefined();

    const connected = await docker.POST('/networks/{id}/connect', {
      params: { path: { id: name } },
      body: { Container: containerName, EndpointConfig: { Aliases: ['web'], IPAMConfig: { IPv4Address: '10.231.8.40' } } },
    });
    expect(connected.error).toBeUndefined();
    expect(connected.response.status).toBe(200);
    expect(connected.data).toBeUndefined(); // an empty body

    const inspected = await docker.GET('/networks/{id}', { params: { path: { id: name } } });
    const endpoint = inspected.data?.Containers?.[containerId];
    expect(endpoint).toMatchObject({ Name: containerName, IPv4Address: '10.231.8.40/24' });
    expect(endpoint?.MacAddress).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);

    const again = await docker.POST('/networks/{id}/connect', { params: { path: { id: name } }, body: { Container: containerName } });
    expect(again.response.status).toBe(403);
    expect(again.error?.message).toMatch(/already exists in network/);

    const busy = await docker.DELETE('/networks/{id}', { params: { path: { id: name } } });
    expect(busy.response.status).toBe(403);
    expect(busy.error?.message).toMatch(/has active endpoints/);

    const disconnected = await docker.POST('/networks/{id}/disconnect', {
      params: { path: { id: name } },
      body: { Container: containerId, Force: false },
    });
    expect(disconnected.error).toBeUndefined();
    expect(disconnected.response.status).toBe(200);
    const after = await docker.GET('/networks/{id}', { params: { path: { id: name } } });
    expect(after.data?.Containers).toEqual({});

    const notConnected = await docker.POST('/networks/{id}/disconnect', { params: { path: { id: name } }, body: { Container: containerId } });
    expect(notConnected.response.status).toBe(500);
    expect(notConnected.error?.message).toMatch(/is not connected to network/);
  });

  it('answers with the errors the daemon really gives', async () => {
    const noContainer = await docker.POST('/networks/{id}/connect', { params: { path: { id: 'none' } }, body: { Container: uniqueName('ghost') } });
    expect(noContainer.response.status).toBe(404);
    expect(noContainer.error?.message).toMatch(/No such container/);

    const noNetwork = await docker.POST('/networks/{id}/connect', { params: { path: { id: uniqueName('ghost') } }, body: { Container: containerName } });
    expect(noNetwork.response.status).toBe(404);

    const unsupportedAddress = await docker.POST('/networks/{id}/connect', {
      params: { path: { id: 'none' } },
      body: { Container: containerName, EndpointConfig: { IPAMConfig: { IPv4Address: '10.231.9.9' } } },
    });
    expect(unsupportedAddress.response.status).toBe(400);
    expect(unsupportedAddress.error?.message).toMatch(/user specified IP address is supported/);

    const predefined = await docker.DELETE('/networks/{id}', { params: { path: { id: 'host' } } });
    expect(predefined.response.status).toBe(403);
    expect(predefined.error?.message).toMatch(/pre-defined network/);

    const reserved = await docker.POST('/networks/create', { body: { Name: 'host', Labels: runLabels() } });
    expect(reserved.response.status).toBe(403);

    const name = uniqueName('dup');
    await docker.POST('/networks/create', { body: { Name: name, Labels: runLabels() } });
    const duplicate = await docker.POST('/networks/create', { body: { Name: name, CheckDuplicate: true, Labels: runLabels() } });
    expect(duplicate.response.status).toBe(409);
    expect(duplicate.error?.message).toMatch(/already exists/);

    const badSubnet = await docker.POST('/networks/create', { body: { Name: uniqueName('bad'), IPAM: { Config: [{ Subnet: 'bogus' }] }, Labels: runLabels() } });
    expect(badSubnet.response.status).toBe(500);
    expect(badSubnet.error?.message).toMatch(/Invalid subnet/);

    const overlay = await docker.POST('/networks/create', { body: { Name: uniqueName('ovl'), Driver: 'overlay', Labels: runLabels() } });
    expect([500, 503]).toContain(overlay.response.status);
    expect(overlay.error?.message).toMatch(/swarm/);

    const filter = await docker.GET('/networks', { params: { query: { filters: '{"bogus":["x"]}' } } });
    expect(filter.response.status).toBe(400);
    const typeValue = await docker.GET('/networks', { params: { query: { filters: '{"type":["weird"]}' } } });
    expect(typeValue.response.status).toBe(500);
  });

  it('creates a second network of the same name without CheckDuplicate, with a warning (API 1.41)', async () => {
    const name = uniqueName('twin');
    const first = await docker.POST('/networks/create', { body: { Name: name, Labels: runLabels() } });
    const second = await docker.POST('/networks/create', { body: { Name: name, Labels: runLabels() } });
    expect(second.response.status).toBe(201);
    expect(second.data?.Warning).toContain(first.data!.Id!);

    const ambiguous = await docker.DELETE('/networks/{id}', { params: { path: { id: name } } });
    expect(ambiguous.response.status).toBe(400);
    expect(ambiguous.error?.message).toMatch(/ambiguous/);
    for (const id of [first.data!.Id!, second.data!.Id!]) {
      expect((await docker.DELETE('/networks/{id}', { params: { path: { id } } })).response.status).toBe(204);
    }
  });

  it('prunes unused networks matching a label filter', async () => {
    const names = [uniqueName('prune-a'), uniqueName('prune-b')];
    for (const name of names) await docker.POST('/networks/create', { body: { Name: name, Labels: runLabels({ prune: 'yes' }) } });
    const keep = uniqueName('keep');
    await docker.POST('/networks/create', { body: { Name: keep, Labels: runLabels({ prune: 'no' }) } });

    const pruned = await docker.POST('/networks/prune', { params: { query: { filters: JSON.stringify({ label: [RUN_LABEL, 'prune=yes'] }) } } });
    expect(pruned.error).toBeUndefined();
    expect([...(pruned.data?.NetworksDeleted ?? [])].sort()).toEqual([...names].sort());

    const nothing = await docker.POST('/networks/prune', { params: { query: { filters: JSON.stringify({ label: [RUN_LABEL, 'prune=yes'] }) } } });
    expect(nothing.data?.NetworksDeleted).toBeNull();

    const left = await docker.GET('/networks', { params: { query: { filters: runFilter() } } });
    expect(left.data?.map((n) => n.Name)).toContain(keep);

    const unknown = await docker.POST('/networks/prune', { params: { query: { filters: JSON.stringify({ dangling: ['true'] }) } } });
    expect(unknown.response.status).toBe(400);
  });
});
