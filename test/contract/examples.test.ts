// Every script in examples/ runs here against the Prism mock, as a user would run it: settings
// from environment variables, the package imported by name. A small proxy in front of Prism records
// what each script sent (Prism has already refused anything that breaks the spec), and stands in
// for the bodies a mock cannot make up: a real multiplexed log stream, a pull that fails midway.
// (open-terminal.ts needs a WebSocket, which Prism does not serve: test/docker/jobs-examples.test.ts.)
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { encodeDockerFrame } from 'portainer-openapi';
import { main as createTlsEnvironment } from '../../examples/create-tls-environment.js';
import { main as deployStack } from '../../examples/deploy-stack.js';
import { main as listEnvironments } from '../../examples/list-environments.js';
import { main as pullPrivateImage } from '../../examples/pull-private-image.js';
import { main as redeployFromGit } from '../../examples/redeploy-from-git.js';
import { main as runInContainer } from '../../examples/run-in-container.js';
import { main as streamLogs } from '../../examples/stream-logs.js';
import { startMockProxy, type Exchange, type MockProxy } from '../helpers/mock-proxy.js';

const API_KEY = 'ptr_examplesTestKey0123456789abcdef';
let proxy: MockProxy;
let lines: string[];
const log = (line: string) => void lines.push(line);
const env = (extra: Record<string, string>) => ({ PORTAINER_URL: proxy.url, PORTAINER_API_KEY: API_KEY, ...extra });
const sent = (method: string, pathname: string) => proxy.exchanges.filter((e) => e.method === method && e.url.split('?')[0] === pathname);
const jsonOf = (method: string, pathname: string) => JSON.parse(sent(method, pathname)[0]!.body.toString());
const form = (e: Exchange) => new Response(new Uint8Array(e.body), { headers: { 'content-type': String(e.headers['content-type']) } }).formData();

beforeAll(async () => {
  proxy = await startMockProxy(inject('prismUrl'));
});
afterAll(() => proxy?.close());
beforeEach(() => {
  proxy.clear();
  lines = [];
});

describe('examples/list-environments.ts', () => {
  it('lists the environments with an API key, sent as X-API-Key', async () => {
    const environments = await listEnvironments(env({}), log);
    expect(environments.map((e) => e.Name)).toEqual(['local']);
    expect(lines.at(-1)).toBe('1 environment(s)');
    expect(lines[0]).toMatch(/^\s+1\s+local\s+Docker\s+up\s+unix:\/\/\/var\/run\/docker.sock$/);
    const [call] = sent('GET', '/api/endpoints');
    expect(call!.headers['x-api-key']).toBe(API_KEY);
    expect(call!.headers.authorization).toBeUndefined();
    expect(call!.url).toContain('excludeSnapshots=true');
  });

  it('logs in with a username and password, sends the JWT as Bearer, and logs out', async () => {
    await listEnvironments({ PORTAINER_URL: proxy.url, PORTAINER_USERNAME: 'admin', PORTAINER_PASSWORD: 'correct-horse-battery-staple' }, log);
    expect(lines[0]).toBe('logged in as admin');
    expect(sent('POST', '/api/auth')).toHaveLength(1);
    expect(JSON.parse(sent('POST', '/api/auth')[0]!.body.toString())).toEqual({ Username: 'admin', Password: 'correct-horse-battery-staple' });
    expect(sent('GET', '/api/endpoints')[0]!.headers.authorization).toMatch(/^Bearer eyJ/);
    expect(sent('POST', '/api/auth/logout')).toHaveLength(1);
    expect(proxy.exchanges.every((e) => e.status < 400)).toBe(true);
  });

  it('says which variables to set when there is no credential', async () => {
    await expect(listEnvironments({ PORTAINER_URL: proxy.url }, log)).rejects.toThrow(/Set PORTAINER_API_KEY, or PORTAINER_USERNAME/);
    await expect(listEnvironments({}, log)).rejects.toThrow(/Set PORTAINER_URL/);
  });

  it('runs as a script with tsx, as the README shows', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'examples/list-environments.ts'], {
      env: { ...process.env, PORTAINER_URL: proxy.url, PORTAINER_API_KEY: API_KEY },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/local[\s\S]*1 environment\(s\)\n$/);
  }, 90_000);
});

describe('examples/create-tls-environment.ts', () => {
  it('creates a TCP environment with the three PEM files as file parts', async () => {
    const certs = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-certs-'));
    try {
      for (const name of ['ca', 'cert', 'key']) fs.writeFileSync(path.join(certs, `${name}.pem`), `-----BEGIN ${name}-----\nAAAA\n-----END ${name}-----\n`);
      const environment = await createTlsEnvironment(
        env({ ENVIRONMENT_NAME: 'docker-prod-01', DOCKER_HOST: 'tcp://10.0.7.11:2376', DOCKER_CERT_PATH: certs }),
        log,
      );
      expect(environment.Id).toBeTypeOf('number');
      expect(lines).toEqual([expect.stringMatching(/^created environment \d+ /)]);
      const [call] = sent('POST', '/api/endpoints');
      const body = await form(call!);
      expect(body.get('Name')).toBe('docker-prod-01');
      expect(body.get('URL')).toBe('tcp://10.0.7.11:2376');
      expect(body.get('TLS')).toBe('true');
      expect(body.get('EndpointCreationType')).toBe('1');
      for (const [field, file] of [['TLSCACertFile', 'ca.pem'], ['TLSCertFile', 'cert.pem'], ['TLSKeyFile', 'key.pem']] as const) {
        const part = body.get(field) as File;
        expect(part.name).toBe(file);
        expect(await part.text()).toBe(fs.readFileSync(path.join(certs, file), 'utf8'));
      }
    } finally {
      fs.rmSync(certs, { recursive: true, force: true });
    }
  });
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

describe('examples/pull-private-image.ts (mock only: the daemon tier has no registry to pull from)', () => {
  const pull = '/api/endpoints/1/docker/images/create';
  const registryIdSent = () => JSON.parse(Buffer.from(String(sent('POST', pull)[0]!.headers['x-registry-auth']), 'base64').toString());

  it("finds the registry by the image's host and sends its ID in X-Registry-Auth", async () => {
    const messages = await pullPrivateImage(env({ PORTAINER_ENDPOINT_ID: '1', IMAGE: 'registry.example.org:5000/team/app:1.2' }), log);
    expect(lines[0]).toBe('using registry 2 "company-registry" (registry.example.org:5000)');
    expect(registryIdSent()).toEqual({ registryId: 2 });
    expect(sent('POST', pull)[0]!.url).toBe(`${pull}?fromImage=${encodeURIComponent('registry.example.org:5000/team/app:1.2')}`);
    expect(messages.length).toBeGreaterThan(0);
  });

  it('uses REGISTRY_ID when given, and reads the whole progress stream', async () => {
    const progress = ['{"status":"Pulling from team/app","id":"1.2"}', '{"status":"Pull complete","id":"a2abf6c4d29d"}', '{"status":"Status: Downloaded newer image for registry.example.org:5000/team/app:1.2"}'];
    proxy.substitute((e) => e.url.startsWith(pull), { contentType: 'application/json', body: `${progress.join('\n')}\n` });
    const messages = await pullPrivateImage(env({ PORTAINER_ENDPOINT_ID: '1', IMAGE: 'registry.example.org:5000/team/app:1.2', REGISTRY_ID: '5' }), log);
    expect(registryIdSent()).toEqual({ registryId: 5 });
    expect(sent('GET', '/api/registries')).toEqual([]);
    expect(messages).toHaveLength(3);
    expect(lines).toEqual([
      '1.2: Pulling from team/app',
      'a2abf6c4d29d: Pull complete',
      'Status: Downloaded newer image for registry.example.org:5000/team/app:1.2',
      'pulled registry.example.org:5000/team/app:1.2 on environment 1',
    ]);
  });

  it('fails on an error inside a 200 progress stream', async () => {
    proxy.substitute((e) => e.url.startsWith(pull), {
      contentType: 'application/json',
      body: '{"status":"Pulling from team/app","id":"1.2"}\n{"errorDetail":{"message":"unauthorized: authentication required"},"error":"unauthorized: authentication required"}\n',
    });
    await expect(pullPrivateImage(env({ PORTAINER_ENDPOINT_ID: '1', IMAGE: 'registry.example.org:5000/team/app:1.2', REGISTRY_ID: '2' }), log))
      .rejects.toThrow('pull of registry.example.org:5000/team/app:1.2 failed: unauthorized: authentication required');
  });

  it('says so when no registry matches the image', async () => {
    await expect(pullPrivateImage(env({ PORTAINER_ENDPOINT_ID: '1', IMAGE: 'ghcr.io/team/app:1.2' }), log)).rejects.toThrow(/no registry in Portainer has the URL ghcr.io/);
    expect(sent('POST', pull)).toEqual([]);
  });
});

describe('examples/stream-logs.ts', () => {
  it("writes a container's stdout and stderr apart, through Portainer", async () => {
    const frames = Buffer.concat([
      encodeDockerFrame('stdout', 'listening on :80\n'),
      encodeDockerFrame('stderr', 'warning: no TLS\n'),
      encodeDockerFrame('stdout', 'GET / 200\n'),
    ]);
    proxy.substitute((e) => /\/containers\/[^/]+\/logs/.test(e.url), { contentType: 'application/vnd.docker.multiplexed-stream', body: frames });
    const out: string[] = [];
    const err: string[] = [];
    const sink = (into: string[]) => new WritableStream<Uint8Array>({ write: (chunk) => void into.push(Buffer.from(chunk).toString()) });
    const counts = await streamLogs({ ...env({ PORTAINER_ENDPOINT_ID: '1', CONTAINER: 'web01', TAIL: '50' }) }, { stdout: sink(out), stderr: sink(err) });
    expect(out.join('')).toBe('listening on :80\nGET / 200\n');
    expect(err.join('')).toBe('warning: no TLS\n');
    expect(counts).toEqual({ stdout: 27, stderr: 16 });
    expect(sent('GET', '/api/endpoints/1/docker/containers/web01/json')).toHaveLength(1);
    const [logs] = sent('GET', '/api/endpoints/1/docker/containers/web01/logs');
    expect(new URL(logs!.url, 'http://x').searchParams.get('tail')).toBe('50');
    expect(new URL(logs!.url, 'http://x').searchParams.get('stderr')).toBe('true');
  });

  it('needs a container', async () => {
    await expect(streamLogs(env({}), { stdout: new WritableStream(), stderr: new WritableStream() })).rejects.toThrow(/Set CONTAINER/);
  });
});
