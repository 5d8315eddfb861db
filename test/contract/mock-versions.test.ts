// The mock of one Portainer CE version (`npm run mock -- --portainer-version 2.39`, startMock's
// portainerVersion): it serves what that version has, and answers its other routes with the
// router's plain 404 as the real server does, the requests it accepts still checked against the
// spec.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortainerClient } from '../../src/index.js';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { startMock } from '../../scripts/lib/mock-front.js';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { freePort } from '../../scripts/lib/ports.js';
import { cleanUp, npm, outputOf } from '../docs/npm-run.js';

const spec = path.resolve('generated/portainer.openapi.json');
const API_KEY = 'ptr_mockVersionsTestKey0123456789';
const headers = { 'X-API-Key': API_KEY };
let mock239: { url: string; stop(): Promise<void> };

beforeAll(async () => {
  mock239 = await startMock({ spec, portainerVersion: '2.39' });
}, 120_000);
afterAll(async () => {
  await mock239?.stop();
});

describe('a mock of Portainer CE 2.39', () => {
  it('answers 404 page not found, as 2.39 does, for routes that came later', async () => {
    for (const route of ['/api/gitops/sources', '/api/users/1/effective-access', '/api/kubernetes/1/storage_classes']) {
      const response = await fetch(`${mock239.url}${route}`, { headers });
      expect(response.status, route).toBe(404);
      expect(await response.text(), route).toBe('404 page not found\n');
    }
    // Where an older route catches the new path, the older route answers, as on a 2.39 server:
    // /endpoints/summary is /endpoints/{id} with an id that is not a number.
    expect((await fetch(`${mock239.url}/api/endpoints/summary`, { headers })).status).toBe(400);
  });

  it('serves what 2.39 has: environments, the registry ping of 2.36, OpenAMT (removed in 2.42)', async () => {
    const portainer = createPortainerClient({ url: mock239.url, apiKey: API_KEY, retry: { attempts: 1 } });
    const environments = await portainer.GET('/endpoints', { params: { query: { 'groupIds[]': [1, 2] } } });
    expect(environments.error).toBeUndefined();
    const ping = await portainer.POST('/registries/ping', { body: { Type: 1, URL: 'registry.example.org', Username: 'ci', Password: 'secret' } });
    expect(ping.error).toBeUndefined();
    const amt = await fetch(`${mock239.url}/api/open_amt/configure`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: '{"Enabled": false}' });
    expect(amt.status).toBe(204);
  });

  it('checks requests against 2.39: a GitOps source field the version lacks is not offered, RepositoryURL is required', async () => {
    const response = await fetch(`${mock239.url}/api/stacks/create/standalone/repository?endpointId=1`, {
      method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ Name: 'web', SourceID: 3 }),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/RepositoryURL/);
  });
});

describe('npm run mock -- --portainer-version', () => {
  it('serves one version and says so; refuses a version the spec does not describe', async () => {
    const port = await freePort();
    const run = npm(process.cwd(), ['run', 'mock', '--', '--port', String(port), '--portainer-version', '2.44']);
    try {
      expect(await outputOf(run, /try: curl \S+/, 90_000)).toMatch(/Portainer CE 2\.44 only/);
      const base = `http://127.0.0.1:${port}`;
      const amt = await fetch(`${base}/api/open_amt/configure`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: '{"Enabled": false}' });
      expect(amt.status).toBe(404); // removed in 2.42
      expect((await fetch(`${base}/api/gitops/sources`, { headers })).status).toBe(200);
    } finally {
      await cleanUp(run);
    }
    const refused = npm(process.cwd(), ['run', 'mock', '--', '--portainer-version', '2.40']);
    try {
      expect(await refused.done).toMatchObject({ code: 2 });
      expect(refused.output()).toMatch(/no Portainer CE version "2\.40" is described; pick one of 2\.33, 2\.39, 2\.44, 2\.45/);
    } finally {
      await cleanUp(refused);
    }
  }, 150_000);
});
