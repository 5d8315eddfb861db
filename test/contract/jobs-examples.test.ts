// The examples of the jobs (deploy-stack, redeploy-from-git, run-in-container) against the Prism
// mock, run as a user runs them: settings from environment variables, the package imported by
// name. The recording proxy in front of Prism shows what they sent (Prism has refused anything that
// breaks the spec), and stands in for what a mock cannot make up (an exec's multiplexed output).
import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { encodeDockerFrame } from 'portainer-openapi';
import { main as deployStack } from '../../examples/deploy-stack.js';
import { main as redeployFromGit } from '../../examples/redeploy-from-git.js';
import { main as runInContainer } from '../../examples/run-in-container.js';
import { startMockProxy, type MockProxy } from '../helpers/mock-proxy.js';

const API_KEY = 'ptr_jobsExamplesKey0123456789abcdef';
let proxy: MockProxy;
let lines: string[];
const log = (line: string) => void lines.push(line);
const env = (extra: Record<string, string>) => ({ PORTAINER_URL: proxy.url, PORTAINER_API_KEY: API_KEY, ...extra });
const sent = (method: string, pathname: string) => proxy.exchanges.filter((e) => e.method === method && e.url.split('?')[0] === pathname);
const jsonOf = (method: string, pathname: string) => JSON.parse(sent(method, pathname)[0]!.body.toString());

beforeAll(async () => {
  proxy = await startMockProxy(inject('prismUrl'));
});
afterAll(() => proxy?.close());
beforeEach(() => {
  proxy.clear();
  lines = [];
});

describe('examples/deploy-stack.ts', () => {
  const compose = fs.readFileSync('examples/compose.yaml', 'utf8');

  it('deploys a new stack from the compose file', async () => {
    const { created, stack } = await deployStack(env({ PORTAINER_ENDPOINT_ID: '1', STACK_NAME: 'shop-frontend', STACK_VAR_TAG: '1.27' }), log);
    expect(created).toBe(true);
    expect(stack.Id).toBeTypeOf('number');
    expect(sent('GET', '/api/stacks')[0]!.url).toBe(`/api/stacks?filters=${encodeURIComponent('{"EndpointID":1}')}`);
    expect(sent('POST', '/api/stacks/create/standalone/string')[0]!.url).toBe('/api/stacks/create/standalone/string?endpointId=1');
    expect(jsonOf('POST', '/api/stacks/create/standalone/string')).toEqual({ Name: 'shop-frontend', StackFileContent: compose, Env: [{ name: 'TAG', value: '1.27' }] });
    expect(lines).toEqual([expect.stringMatching(/^deployed stack \d+ /)]);
  });

  it('redeploys a stack that exists, pulling the images again', async () => {
    // The mock's stack list holds "web" (Id 7) on environment 1.
    const { created, stack } = await deployStack(env({ PORTAINER_ENDPOINT_ID: '1', STACK_NAME: 'web', STACK_VAR_TAG: '1.28' }), log);
    expect(created).toBe(false);
    expect(stack.Name).toBe('web');
    expect(lines).toEqual(['redeployed stack 7 "web" on environment 1']);
    expect(sent('PUT', '/api/stacks/7')[0]!.url).toBe('/api/stacks/7?endpointId=1');
    expect(jsonOf('PUT', '/api/stacks/7')).toEqual({ StackFileContent: compose, Env: [{ name: 'TAG', value: '1.28' }], Prune: true, RepullImageAndRedeploy: true, PullImage: true });
    expect(sent('POST', '/api/stacks/create/standalone/string')).toEqual([]);
  });

  it('says which variable is missing', async () => {
    await expect(deployStack(env({ PORTAINER_ENDPOINT_ID: '1' }), log)).rejects.toThrow('Set STACK_NAME');
  });
});

describe('examples/redeploy-from-git.ts', () => {
  it("redeploys the mock's Git stack at a new tag, keeping its variables and credentials", async () => {
    const stack = await redeployFromGit(env({ STACK_ID: '9', GIT_REF: 'refs/tags/v1.4.0', PULL: '1' }), log);
    expect(stack.Id).toBeTypeOf('number');
    expect(sent('GET', '/api/stacks/9')).toHaveLength(1);
    expect(sent('PUT', '/api/stacks/9/git/redeploy')[0]!.url).toBe('/api/stacks/9/git/redeploy?endpointId=2');
    expect(jsonOf('PUT', '/api/stacks/9/git/redeploy')).toMatchObject({ RepositoryReferenceName: 'refs/tags/v1.4.0', RepullImageAndRedeploy: true, RepositoryAuthentication: true, RepositoryPassword: '' });
    expect(lines).toEqual([expect.stringMatching(/^redeployed stack \d+ /)]);
  });
});

describe('examples/run-in-container.ts', () => {
  it('runs the command through Portainer and prints stdout and stderr apart', async () => {
    const frames = Buffer.concat([encodeDockerFrame('stdout', 'accepting connections\n'), encodeDockerFrame('stderr', 'a warning\n')]);
    proxy.substitute((e) => /\/exec\/[^/]+\/start$/.test(e.url), { contentType: 'application/vnd.docker.raw-stream', body: frames });
    const out: string[] = [];
    const err: string[] = [];
    const result = await runInContainer(['pg_isready', '-U', 'postgres'], env({ PORTAINER_ENDPOINT_ID: '1', CONTAINER: 'db01' }), {
      stdout: (t) => void out.push(t),
      stderr: (t) => void err.push(t),
    });
    expect(out.join('')).toBe('accepting connections\n');
    expect(err.join('')).toBe('a warning\n');
    expect(result.exitCode).toBeTypeOf('number');
    expect(jsonOf('POST', '/api/endpoints/1/docker/containers/db01/exec')).toMatchObject({ Cmd: ['pg_isready', '-U', 'postgres'], AttachStdout: true, AttachStderr: true, Tty: false });
  });

  it('needs a container and a command', async () => {
    await expect(runInContainer(['true'], env({}))).rejects.toThrow(/Set CONTAINER/);
    await expect(runInContainer([], env({ CONTAINER: 'db01' }))).rejects.toThrow(/Give the command/);
  });
});
