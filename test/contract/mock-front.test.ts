// The mock's front server (scripts/lib/mock-front.js), through the real client: it refuses
// credentials as Portainer does (api/http/security/bouncer.go, api/http/csrf/csrf.go), turns
// Prism's refusals into Portainer's {message, details} naming the field and the rule broken (not
// the spec's canned example), answers unknown routes as Portainer's router does, is bounded (body
// size, the wait for Prism) and passes streams through as they come. `npm run mock` prints a URL
// that answers.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPortainerClient, PortainerError } from '../../src/index.js';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { createMockFront } from '../../scripts/lib/mock-front.js';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { freePort } from '../../scripts/lib/ports.js';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { stopProcess } from '../../scripts/lib/processes.js';

const url = () => inject('prismUrl');
const API_KEY = 'ptr_mockFrontTestKey0123456789';
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6MSwiZXhwIjo0MTAyNDQ0ODAwfQ.c2lnbmF0dXJl';
const BOTH = 'api key and auth header are not allowed at the same time';

describe('credentials, refused as Portainer refuses them', () => {
  it('answers 401 "Invalid JWT token" to an API key sent as a bearer token', async () => {
    const portainer = createPortainerClient({ url: url(), retry: { attempts: 1 } });
    const { error } = await portainer.GET('/endpoints', { headers: { Authorization: `Bearer ${API_KEY}` } });
    expect(error).toBeInstanceOf(PortainerError);
    expect(error).toMatchObject({ status: 401, message: 'Invalid JWT token', details: 'Unauthorized' });
  });

  it('answers 403 to both credentials at once, on any route, public ones included', async () => {
    const portainer = createPortainerClient({ url: url(), apiKey: API_KEY, retry: { attempts: 1 } });
    for (const path of ['/endpoints', '/status'] as const) {
      const { error } = await portainer.GET(path, { headers: { Authorization: `Bearer ${JWT}` } });
      expect(error, path).toMatchObject({ status: 403, message: BOTH, details: 'Api key and auth header are not allowed at the same time' });
    }
  });

  it('answers 401 "A valid authorization token is missing" without a credential', async () => {
    const portainer = createPortainerClient({ url: url(), retry: { attempts: 1 } });
    const { error } = await portainer.GET('/endpoints');
    expect(error).toMatchObject({ status: 401, message: 'A valid authorization token is missing', details: 'Unauthorized' });
  });

  it('lets a JWT and an API key through, each on its own', async () => {
    for (const credentials of [{ apiKey: API_KEY }, { jwt: JWT }]) {
      const portainer = createPortainerClient({ url: url(), ...credentials, retry: { attempts: 1 } });
      const { data, error } = await portainer.GET('/endpoints');
      expect(error).toBeUndefined();
      expect(Array.isArray(data)).toBe(true);
    }
  });

  it('refuses an API key on a route that reads only a JWT, in the handler\'s words', async () => {
    const portainer = createPortainerClient({ url: url(), apiKey: API_KEY, retry: { attempts: 1 } });
    const { error } = await portainer.POST('/users/{id}/tokens', { params: { path: { id: 1 } }, body: { description: 'ci', password: 'secret-password' } });
    expect(error).toMatchObject({ status: 401, message: 'Auth not supported', details: 'Authentication required' });
  });
});

describe("Prism's refusals, in Portainer's words", () => {
  const portainer = () => createPortainerClient({ url: url(), apiKey: API_KEY, retry: { attempts: 1 } });

  it('names every field and rule a body breaks, not the canned example', async () => {
    // @ts-expect-error a body the spec forbids: Username must be a string, Role is required
    const { error } = await portainer().POST('/users', { body: { Username: 5, Password: 'x' } });
    expect(error).toMatchObject({ status: 400, message: 'Invalid request payload' });
    expect(error!.details).toContain("must have required property 'Role' [required]");
    expect(error!.details).toContain('property Username must be string [type]');
    // The spec's own 400 example, which Prism would serve, says something else entirely.
    expect(error!.details).not.toMatch(/Password does not meet/);
  });

  it('names the query parameter and the rule', async () => {
    // @ts-expect-error limit must be an integer
    const { error } = await portainer().GET('/endpoints', { params: { query: { limit: 'many' } } });
    expect(error).toMatchObject({ status: 400, message: 'Invalid query parameter: limit' });
    expect(error!.details).toMatch(/limit must be integer \[type\]/);
  });

  it("answers a Docker route's bad request in Docker's shape, naming the parameter", async () => {
    const docker = portainer().docker(1);
    // @ts-expect-error `limit` is an integer (flags such as `all` take any text, as the daemon reads them)
    const { error } = await docker.GET('/containers/json', { params: { query: { limit: 'many' } } });
    expect(error).toMatchObject({ status: 400 });
    expect(error!.message).toMatch(/query parameter limit must be integer \[type\]/);
    const raw = await fetch(`${url()}/api/endpoints/1/docker/containers/json?limit=many`, { headers: { 'X-API-Key': API_KEY } });
    expect(Object.keys(await raw.json())).toEqual(['message']);
  });

  it("answers an unknown route with the router's plain-text 404", async () => {
    const response = await fetch(`${url()}/api/no-such-route`, { headers: { 'X-API-Key': API_KEY } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('404 page not found\n');
  });
});

describe('bounds and streams (a front before a scripted upstream)', () => {
  const doc = JSON.parse(fs.readFileSync('generated/portainer.openapi.json', 'utf8'));
  let upstream: http.Server;
  let front: { server: http.Server };
  let base: string;
  let upstreamCalls = 0;
  let release: (() => void) | undefined;

  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      upstreamCalls += 1;
      if (req.url?.startsWith('/api/status')) {
        req.resume();
        return; // never answers
      }
      // A log stream: the first frame now, the rest once the test has seen the first.
      res.writeHead(200, { 'Content-Type': 'application/vnd.docker.raw-stream' });
      res.write('first line\n');
      release = () => res.end('second line\n');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const limits = { bodyBytes: 1024, refusalBytes: 4096, headersMs: 2000, requestMs: 5000, upstreamMs: 500 };
    front = createMockFront({ doc, upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, limits });
    await new Promise<void>((resolve) => front.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(front.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    release?.();
    front?.server.closeAllConnections();
    upstream?.closeAllConnections();
    await Promise.all([new Promise((r) => front?.server.close(r)), new Promise((r) => upstream?.close(r))]);
  });

  it('refuses a body over the limit with 413, before anything reaches the upstream', async () => {
    const before = upstreamCalls;
    const response = await fetch(`${base}/api/users`, {
      method: 'POST',
      headers: { 'X-API-Key': API_KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify({ Username: 'x'.repeat(4096) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request body too large', details: 'The mock accepts at most 1024 bytes' });
    expect(upstreamCalls).toBe(before);
  });

  it('cuts off a streamed body that grows past the limit', async () => {
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new Uint8Array(512));
        controller.close();
      },
    });
    const response = await fetch(`${base}/api/endpoints/1/docker/images/load`, {
      method: 'POST', headers: { 'X-API-Key': API_KEY, 'Content-Type': 'application/x-tar' }, body: chunks, duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('answers 502, naming the wait, when the mock server behind it does not answer', async () => {
    const portainer = createPortainerClient({ url: base, retry: { attempts: 1 } });
    const started = Date.now();
    const { error } = await portainer.GET('/status');
    expect(error).toMatchObject({ status: 502, message: 'The mock server (Prism) did not answer' });
    expect(error!.details).toMatch(/within 500 ms/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('passes a stream through as it comes, not once it has ended', async () => {
    const docker = createPortainerClient({ url: base, apiKey: API_KEY, retry: { attempts: 1 } }).docker(1);
    const { data, error } = await docker.GET('/containers/{id}/logs', { params: { path: { id: 'web01' }, query: { stdout: true } }, parseAs: 'stream' });
    expect(error).toBeUndefined();
    const reader = data!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('first line\n'); // the upstream has not ended yet
    release!();
    const rest = await reader.read();
    expect(new TextDecoder().decode(rest.value)).toBe('second line\n');
    expect((await reader.read()).done).toBe(true);
  });
});

describe('npm run mock', () => {
  it('prints a URL that answers', async () => {
    const port = await freePort();
    const child = spawn('npm', ['run', 'mock', '--', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (c) => { output += c; });
    child.stderr!.on('data', (c) => { output += c; });
    try {
      const deadline = Date.now() + 90_000;
      while (!/try: curl (\S+)/.test(output)) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm run mock did not come up:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const printed = /try: curl (\S+)/.exec(output)![1]!;
      expect(printed).toBe(`http://127.0.0.1:${port}/api/status`);
      const response = await fetch(printed);
      expect(response.status).toBe(200);
      expect(await response.json()).toHaveProperty('Version');
    } finally {
      await stopProcess(child, 10_000);
    }
  }, 120_000);
});
