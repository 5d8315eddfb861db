// deployStack and redeployFromGit, against a stateful stand-in for Portainer's stack routes that
// remembers what it deployed (test/helpers/stack-server.ts; every request checked against the
// spec), and against the Prism mock (which refuses any request that breaks the spec).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createPortainerClient, deployStack, normalizeStackName, redeployFromGit, type PortainerClient } from '../../src/index.js';
import { startMockProxy, type MockProxy } from '../helpers/mock-proxy.js';
import { startStackServer, type StackServer } from '../helpers/stack-server.js';

const API_KEY = 'ptr_stacksTestKey0123456789abcdef';
const CLUSTER = 'q7jbw42yln2g6loi3928i09ie';
const COMPOSE_V1 = 'services:\n  web:\n    image: nginx:${TAG}\n';
const COMPOSE_V2 = 'services:\n  web:\n    image: nginx:${TAG}\n  cache:\n    image: redis:7\n';

let server: StackServer;
let portainer: PortainerClient;
let raceName: string | undefined;

const bodies = (method: string, pathname: string) =>
  server.seen.filter((s) => s.method === method && s.path === pathname).map((s) => ({ query: new URL(s.url, 'http://x').searchParams, body: JSON.parse(s.body) }));

describe('deployStack and redeployFromGit against a stateful stand-in', () => {
  beforeEach(async () => {
    raceName = undefined;
    server = await startStackServer({
      apiKey: API_KEY,
      environments: { 1: {}, 2: { swarmClusterId: CLUSTER }, 3: {} },
      // A deployment of the same name finishing first, between our look-up and our create.
      beforeCreate: (name, endpointId) => {
        if (name === raceName) server.seed({ Name: name, EndpointId: endpointId, Type: 2 });
      },
    });
    portainer = createPortainerClient({ url: server.url, apiKey: API_KEY, retry: { attempts: 1 } });
  });
  afterEach(async () => {
    expect(server.violations).toEqual([]);
    await portainer.close();
    await server.close();
  });

  it('creates the stack the first time, then updates the same stack', async () => {
    const first = await deployStack(portainer, { endpointId: 1, name: 'shop', compose: COMPOSE_V1, env: { TAG: '1.27' } });
    expect(first.created).toBe(true);
    expect(first.stack).toMatchObject({ Name: 'shop', Type: 2, EndpointId: 1, Env: [{ name: 'TAG', value: '1.27' }] });
    expect(bodies('POST', '/api/stacks/create/standalone/string')).toEqual([
      { query: new URLSearchParams({ endpointId: '1' }), body: { Name: 'shop', StackFileContent: COMPOSE_V1, Env: [{ name: 'TAG', value: '1.27' }] } },
    ]);

    const second = await deployStack(portainer, { endpointId: 1, name: 'shop', compose: COMPOSE_V2, env: [{ name: 'TAG', value: '1.28' }], pullImage: true });
    expect(second.created).toBe(false);
    expect(second.stack.Id).toBe(first.stack.Id);
    expect(server.stacks).toHaveLength(1);
    expect(server.stacks[0]).toMatchObject({ content: COMPOSE_V2, Env: [{ name: 'TAG', value: '1.28' }] });
    const [update] = bodies('PUT', `/api/stacks/${first.stack.Id}`);
    expect(update!.query.get('endpointId')).toBe('1');
    expect(update!.body).toEqual({ StackFileContent: COMPOSE_V2, Env: [{ name: 'TAG', value: '1.28' }], Prune: false, RepullImageAndRedeploy: true, PullImage: true });
  });

  it('keeps the variables of the stack when an update gives none', async () => {
    await deployStack(portainer, { endpointId: 1, name: 'shop', compose: COMPOSE_V1, env: { TAG: '1.27' } });
    const { created, stack } = await deployStack(portainer, { endpointId: 1, name: 'shop', compose: COMPOSE_V2 });
    expect(created).toBe(false);
    expect(stack.Env).toEqual([{ name: 'TAG', value: '1.27' }]);
    expect(bodies('PUT', `/api/stacks/${stack.Id}`)[0]!.body).toMatchObject({ Env: [{ name: 'TAG', value: '1.27' }], RepullImageAndRedeploy: false });
  });

  it('finds the stack by the name Portainer stores (lower case, stripped)', async () => {
    expect(normalizeStackName('My Shop_2!')).toBe('myshop_2');
    const first = await deployStack(portainer, { endpointId: 1, name: 'My Shop_2!', compose: COMPOSE_V1 });
    const again = await deployStack(portainer, { endpointId: 1, name: 'my shop_2', compose: COMPOSE_V1 });
    expect([first.created, again.created]).toEqual([true, false]);
    expect(server.stacks.map((s) => s.Name)).toEqual(['myshop_2']);
  });

  it('deploys a Swarm stack with the cluster ID from the environment\'s Docker info, and updates it with prune', async () => {
    const first = await deployStack(portainer, { endpointId: 2, name: 'api', compose: COMPOSE_V1, swarm: true });
    expect(first).toMatchObject({ created: true, stack: { Type: 1, SwarmId: CLUSTER } });
    expect(server.seen.filter((s) => s.path === '/api/endpoints/2/docker/info')).toHaveLength(1);
    expect(bodies('POST', '/api/stacks/create/swarm/string')[0]!.body).toEqual({ Name: 'api', SwarmID: CLUSTER, StackFileContent: COMPOSE_V1, Env: [] });
    const second = await deployStack(portainer, { endpointId: 2, name: 'api', compose: COMPOSE_V2, swarm: true, prune: true });
    expect(second.created).toBe(false);
    expect(second.stack.Option).toEqual({ Prune: true });
    // a later update without `prune` keeps the stack's setting
    await deployStack(portainer, { endpointId: 2, name: 'api', compose: COMPOSE_V2, swarm: true });
    expect(bodies('PUT', `/api/stacks/${first.stack.Id}`).map((b) => b.body.Prune)).toEqual([true, true]);
  });

  it('refuses a Swarm deployment on an environment that is not a swarm manager, creating nothing', async () => {
    await expect(deployStack(portainer, { endpointId: 1, name: 'api', compose: COMPOSE_V1, swarm: true })).rejects.toMatchObject({
      name: 'PortainerError',
      code: 'invalid-request',
      message: expect.stringMatching(/Environment 1 is not a Swarm manager \(Swarm.LocalNodeState: inactive\)/),
    });
    expect(server.stacks).toEqual([]);
  });

  it('refuses to update a stack of the other kind, or one deployed from Git', async () => {
    await deployStack(portainer, { endpointId: 2, name: 'mixed', compose: COMPOSE_V1 });
    await expect(deployStack(portainer, { endpointId: 2, name: 'mixed', compose: COMPOSE_V1, swarm: true })).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringContaining('is a Compose stack, not a Swarm stack'),
    });
    server.seed({ Name: 'from-git', EndpointId: 1, Type: 2, GitConfig: { URL: 'https://git.example.org/a.git', ReferenceName: 'refs/heads/main', ConfigFilePath: 'compose.yaml' } });
    await expect(deployStack(portainer, { endpointId: 1, name: 'from-git', compose: COMPOSE_V1 })).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringContaining('is deployed from Git: redeploy it with redeployFromGit'),
    });
    expect(server.seen.filter((s) => s.method === 'PUT')).toEqual([]);
  });

  it('reports a name taken on another environment (409), and updates a stack created meanwhile by another run', async () => {
    await deployStack(portainer, { endpointId: 3, name: 'taken', compose: COMPOSE_V1 });
    await expect(deployStack(portainer, { endpointId: 1, name: 'taken', compose: COMPOSE_V1 })).rejects.toMatchObject({ name: 'PortainerError', status: 409 });

    raceName = 'raced';
    const { created, stack } = await deployStack(portainer, { endpointId: 1, name: 'raced', compose: COMPOSE_V2 });
    expect(created).toBe(false);
    expect(bodies('POST', '/api/stacks/create/standalone/string').filter((b) => b.body.Name === 'raced')).toHaveLength(1); // answered 409
    expect(server.stacks.filter((s) => s.Name === 'raced')).toEqual([expect.objectContaining({ Id: stack.Id, content: COMPOSE_V2 })]);
  });

  it('reads the Compose file from a path or a Blob, and refuses a source that is not one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobs-stacks-'));
    try {
      const file = path.join(dir, 'compose.yaml');
      fs.writeFileSync(file, COMPOSE_V1);
      await deployStack(portainer, { endpointId: 1, name: 'from-path', composeFile: file });
      await deployStack(portainer, { endpointId: 1, name: 'from-blob', composeFile: new Blob([COMPOSE_V2]) });
      expect(server.stacks.map((s) => [s.Name, s.content])).toEqual([['from-path', COMPOSE_V1], ['from-blob', COMPOSE_V2]]);
      fs.writeFileSync(file, ' \n');
      await expect(deployStack(portainer, { endpointId: 1, name: 'x', composeFile: file })).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringContaining('the Compose file is empty') });
      await expect(deployStack(portainer, { endpointId: 1, name: 'x', composeFile: path.join(dir, 'missing.yaml') })).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringContaining('missing.yaml could not be read (ENOENT') });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const both = { endpointId: 1, name: 'x', compose: COMPOSE_V1, composeFile: 'compose.yaml' } as unknown as Parameters<typeof deployStack>[1];
    await expect(deployStack(portainer, both)).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringContaining('exactly one of `compose`') });
    await expect(deployStack(portainer, { endpointId: 1, name: '!!', compose: COMPOSE_V1 })).rejects.toMatchObject({ message: expect.stringContaining('`name` must hold') });
    await expect(deployStack(portainer, { endpointId: 1, name: 'x', compose: COMPOSE_V1, env: { '': 'v' } })).rejects.toMatchObject({ message: expect.stringContaining('non-empty name') });
    expect(server.stacks).toHaveLength(2);
  });

  describe('redeployFromGit', () => {
    const git = { URL: 'https://git.example.org/api.git', ReferenceName: 'refs/heads/main', ConfigFilePath: 'deploy/stack.yml', Authentication: { Username: 'deploy-bot', Password: '' } };

    it('changes only what it is asked to: reference, variables, prune and credentials stay', async () => {
      const seeded = server.seed({ Name: 'api', EndpointId: 2, Type: 1, SwarmId: CLUSTER, Env: [{ name: 'TAG', value: '3' }], Option: { Prune: true }, GitConfig: structuredClone(git) });
      const stack = await redeployFromGit(portainer, seeded.Id);
      expect(stack).toMatchObject({ Id: seeded.Id, Env: [{ name: 'TAG', value: '3' }], Option: { Prune: true }, GitConfig: { ReferenceName: 'refs/heads/main', Authentication: { Username: 'deploy-bot' } } });
      const [call] = bodies('PUT', `/api/stacks/${seeded.Id}/git/redeploy`);
      expect(call!.query.get('endpointId')).toBe('2');
      expect(call!.body).toEqual({
        RepositoryReferenceName: 'refs/heads/main',
        Env: [{ name: 'TAG', value: '3' }],
        Prune: true,
        RepullImageAndRedeploy: false,
        PullImage: false,
        RepositoryAuthentication: true,
        RepositoryUsername: 'deploy-bot',
        RepositoryPassword: '',
      });
    });

    it('sends a new reference, variables, image pull and credentials when given', async () => {
      const seeded = server.seed({ Name: 'api', EndpointId: 2, Type: 1, GitConfig: structuredClone({ ...git, Authentication: null }) });
      await redeployFromGit(portainer, seeded.Id, { referenceName: 'refs/tags/v2', env: { TAG: '4' }, prune: false, pullImage: true, credentials: { username: 'ci', password: 's3cret-token' } });
      expect(bodies('PUT', `/api/stacks/${seeded.Id}/git/redeploy`)[0]!.body).toEqual({
        RepositoryReferenceName: 'refs/tags/v2',
        Env: [{ name: 'TAG', value: '4' }],
        Prune: false,
        RepullImageAndRedeploy: true,
        PullImage: true,
        RepositoryAuthentication: true,
        RepositoryUsername: 'ci',
        RepositoryPassword: 's3cret-token',
      });
    });

    it('keeps a Kubernetes stack\'s name, and clones anonymously when nothing is stored', async () => {
      const seeded = server.seed({ Name: 'frontend', EndpointId: 3, Type: 3, GitConfig: structuredClone({ ...git, Authentication: null }) });
      const stack = await redeployFromGit(portainer, seeded.Id);
      expect(stack.Name).toBe('frontend');
      expect(bodies('PUT', `/api/stacks/${seeded.Id}/git/redeploy`)[0]!.body).toMatchObject({ StackName: 'frontend', RepositoryAuthentication: false });
    });

    it('refuses a stack that is not deployed from Git, and reports an unknown one (404)', async () => {
      const { stack } = await deployStack(portainer, { endpointId: 1, name: 'plain', compose: COMPOSE_V1 });
      await expect(redeployFromGit(portainer, stack.Id!)).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringContaining('is not deployed from Git: update it with deployStack') });
      await expect(redeployFromGit(portainer, 999)).rejects.toMatchObject({ status: 404 });
      await expect(redeployFromGit(portainer, 0)).rejects.toMatchObject({ code: 'invalid-request' });
      expect(server.seen.filter((s) => s.path.endsWith('/git/redeploy'))).toEqual([]);
    });
  });
});

describe('deployStack and redeployFromGit against the Prism mock', () => {
  let proxy: MockProxy;
  let client: PortainerClient;
  const sent = (method: string, pathname: string) => proxy.exchanges.filter((e) => e.method === method && e.url.split('?')[0] === pathname);

  beforeAll(async () => {
    proxy = await startMockProxy(inject('prismUrl'));
    client = createPortainerClient({ url: proxy.url, apiKey: API_KEY, retry: { attempts: 1 } });
  });
  afterAll(async () => {
    await client?.close();
    await proxy?.close();
  });
  beforeEach(() => proxy.clear());
  afterEach(() => expect(proxy.exchanges.filter((e) => e.status >= 400)).toEqual([]));

  it('updates the mock\'s stack "web" on environment 1', async () => {
    const { created, stack } = await deployStack(client, { endpointId: 1, name: 'web', compose: COMPOSE_V1, env: { TAG: '1.28' } });
    expect(created).toBe(false);
    expect(stack.Name).toBe('web');
    expect(sent('PUT', '/api/stacks/7')).toHaveLength(1);
  });

  it('creates a stack the mock does not list, standalone and on a swarm', async () => {
    expect((await deployStack(client, { endpointId: 1, name: 'shop', compose: COMPOSE_V1 })).created).toBe(true);
    expect(sent('POST', '/api/stacks/create/standalone/string')).toHaveLength(1);
    proxy.substitute((e) => e.url.endsWith('/docker/info'), { contentType: 'application/json', body: JSON.stringify({ Swarm: { LocalNodeState: 'active', Cluster: { ID: CLUSTER } } }) });
    expect((await deployStack(client, { endpointId: 1, name: 'shop', compose: COMPOSE_V1, swarm: true })).created).toBe(true);
    expect(JSON.parse(sent('POST', '/api/stacks/create/swarm/string')[0]!.body.toString())).toMatchObject({ Name: 'shop', SwarmID: CLUSTER });
  });

  it('redeploys the mock\'s Git stack from its own environment and reference', async () => {
    await redeployFromGit(client, 9, { pullImage: true });
    const [call] = sent('PUT', '/api/stacks/9/git/redeploy');
    expect(call!.url).toBe('/api/stacks/9/git/redeploy?endpointId=2');
    expect(JSON.parse(call!.body.toString())).toMatchObject({ RepositoryReferenceName: 'refs/heads/main', Prune: true, RepullImageAndRedeploy: true, RepositoryAuthentication: true, RepositoryUsername: 'deploy-bot' });
  });
});
