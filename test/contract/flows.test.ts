// The foundation flows, each through the real client against a Prism mock that validates every
// request against the spec: a request that breaks the spec is refused (400) and fails the test.
import { describe, expect, inject, it } from 'vitest';
import { createPortainerClient, PortainerError, registryAuth } from '../../src/index.js';
import { tlsFiles } from '../helpers/pem.js';
import { recordingFetch } from '../helpers/recording-fetch.js';

const url = () => inject('prismUrl');
const API_KEY = 'ptr_contractTestKey0123456789abcdef';
const PASSWORD = 'correct-horse-battery-staple';

describe('1. admin init, login, JWT as Bearer', () => {
  it('initialises the admin, logs in through POST /auth once, and sends the JWT as Bearer', async () => {
    const wire = recordingFetch();
    const portainer = createPortainerClient({ url: url(), username: 'admin', password: PASSWORD, fetch: wire.fetch });

    const check = await portainer.GET('/users/admin/check');
    expect(check.error).toBeUndefined();
    expect(check.response.status).toBe(204);

    const init = await portainer.POST('/users/admin/init', { body: { Username: 'admin', Password: PASSWORD } });
    expect(init.error).toBeUndefined();
    expect(init.data?.Username).toBe('admin');
    expect(init.data?.Role).toBe(1);

    const first = await portainer.GET('/endpoints');
    const second = await portainer.GET('/stacks');
    expect(first.error).toBeUndefined();
    expect(second.error).toBeUndefined();

    const logins = wire.sent.filter((s) => new URL(s.url).pathname === '/api/auth');
    expect(logins).toHaveLength(1);
    expect(logins[0]!.method).toBe('POST');
    for (const path of ['/api/endpoints', '/api/stacks']) {
      const call = wire.sent.find((s) => new URL(s.url).pathname === path)!;
      expect(call.headers.get('authorization')).toMatch(/^Bearer eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(call.headers.get('x-api-key')).toBeNull();
    }
    // Public routes still work and carry the session's token harmlessly.
    expect(wire.sent.find((s) => s.url.endsWith('/api/users/admin/init'))).toBeDefined();
  });

  it('is refused by the mock when no credential is sent to a protected route', async () => {
    const anonymous = createPortainerClient({ url: url() });
    const { error } = await anonymous.GET('/endpoints');
    expect(error).toBeInstanceOf(PortainerError);
    expect(error?.status).toBe(401);
  });
});

describe('2. environments, created as multipart forms', () => {
  const portainer = () => createPortainerClient({ url: url(), apiKey: API_KEY });

  it('creates a local Docker environment', async () => {
    const wire = recordingFetch();
    const client = createPortainerClient({ url: url(), apiKey: API_KEY, fetch: wire.fetch });
    const { data, error } = await client.POST('/endpoints', { body: { Name: 'local', EndpointCreationType: 1 } });
    expect(error).toBeUndefined();
    expect(typeof data?.Id).toBe('number');
    expect(wire.sent[0]!.contentType).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('creates a remote Docker environment reached over TCP', async () => {
    const { data, error } = await portainer().POST('/endpoints', {
      body: { Name: 'remote', EndpointCreationType: 1, URL: 'tcp://10.0.7.10:2375', TagIds: '[1,4]', GroupID: 1 },
    });
    expect(error).toBeUndefined();
    expect(data?.Name).toBeTypeOf('string');
  });

  it('creates a TLS environment with three PEM files as file parts', async () => {
    const wire = recordingFetch();
    const parts: string[] = [];
    const client = createPortainerClient({
      url: url(),
      apiKey: API_KEY,
      fetch: async (request, init) => {
        const form = await request.clone().formData();
        for (const [name, value] of form) parts.push(`${name}=${value instanceof File ? `file:${value.name}` : value}`);
        return wire.fetch(request, init);
      },
    });
    const { error } = await client.POST('/endpoints', {
      body: {
        Name: 'tls-docker',
        EndpointCreationType: 1,
        URL: 'tcp://10.0.7.11:2376',
        TLS: true,
        TLSSkipVerify: false,
        TLSSkipClientVerify: false,
        TLSCACertFile: tlsFiles.ca,
        TLSCertFile: tlsFiles.cert,
        TLSKeyFile: tlsFiles.key,
      },
    });
    expect(error).toBeUndefined();
    expect(parts).toEqual(
      expect.arrayContaining(['TLS=true', 'TLSCACertFile=file:ca.pem', 'TLSCertFile=file:cert.pem', 'TLSKeyFile=file:key.pem', 'EndpointCreationType=1']),
    );
  });
});

describe('3. the Docker passthrough', () => {
  it('lists, creates, starts and deletes a container through /api/endpoints/{id}/docker', async () => {
    const wire = recordingFetch();
    const docker = createPortainerClient({ url: url(), apiKey: API_KEY, fetch: wire.fetch }).docker(1);

    const list = await docker.GET('/containers/json', { params: { query: { all: true } } });
    expect(list.error).toBeUndefined();
    expect(Array.isArray(list.data)).toBe(true);

    const created = await docker.POST('/containers/create', {
      params: { query: { name: 'web01' } },
      body: {
        Image: 'nginx:latest',
        ExposedPorts: { '80/tcp': {} },
        HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] } },
      },
    });
    expect(created.error).toBeUndefined();
    const id = created.data!.Id;
    expect(id).toMatch(/^[0-9a-f]{64}$/);

    const started = await docker.POST('/containers/{id}/start', { params: { path: { id } } });
    expect(started.error).toBeUndefined();
    expect(started.response.status).toBe(204);

    const removed = await docker.DELETE('/containers/{id}', { params: { path: { id }, query: { force: true } } });
    expect(removed.error).toBeUndefined();

    expect(wire.sent.map((s) => `${s.method} ${new URL(s.url).pathname}${new URL(s.url).search}`)).toEqual([
      'GET /api/endpoints/1/docker/containers/json?all=true',
      'POST /api/endpoints/1/docker/containers/create?name=web01',
      `POST /api/endpoints/1/docker/containers/${id}/start`,
      `DELETE /api/endpoints/1/docker/containers/${id}?force=true`,
    ]);
  });

  it("pulls an image with Portainer's registryId form of X-Registry-Auth", async () => {
    const wire = recordingFetch();
    const docker = createPortainerClient({ url: url(), apiKey: API_KEY, fetch: wire.fetch }).docker(1);
    const { error } = await docker.POST('/images/create', {
      params: { query: { fromImage: 'registry.example.org/team/app:1.2' }, header: { 'X-Registry-Auth': registryAuth({ registryId: 3 }) } },
    });
    expect(error).toBeUndefined();
    const header = wire.sent[0]!.headers.get('x-registry-auth')!;
    expect(JSON.parse(Buffer.from(header, 'base64').toString())).toEqual({ registryId: 3 });
  });
});

describe('4. API keys', () => {
  it('lists stacks with X-API-Key and no Authorization header', async () => {
    const wire = recordingFetch();
    const { data, error } = await createPortainerClient({ url: url(), apiKey: API_KEY, fetch: wire.fetch }).GET('/stacks');
    expect(error).toBeUndefined();
    expect(data?.[0]?.Name).toBeTypeOf('string');
    expect(wire.sent[0]!.headers.get('x-api-key')).toBe(API_KEY);
    expect(wire.sent[0]!.headers.get('authorization')).toBeNull();
  });
});

describe('5. access denied', () => {
  it('surfaces a 403 on /settings as a typed PortainerError with message and details', async () => {
    const portainer = createPortainerClient({ url: url(), apiKey: API_KEY });
    const { data, error } = await portainer.GET('/settings', { headers: { Prefer: 'code=403' } });
    expect(data).toBeUndefined();
    expect(error).toBeInstanceOf(PortainerError);
    expect(error).toMatchObject({ status: 403, message: 'Access denied', details: 'Unauthorized', method: 'GET', path: '/api/settings' });
  });
});

describe('6. a request that breaks the spec', () => {
  it('is refused by the mock and reported by the client, naming the missing field', async () => {
    const portainer = createPortainerClient({ url: url(), apiKey: API_KEY });
    // @ts-expect-error Name is required; the point is to send a request the spec forbids
    const { error } = await portainer.POST('/endpoints', { body: { EndpointCreationType: 1 } });
    expect(error).toBeInstanceOf(PortainerError);
    expect(error?.status).toBe(400); // Prism's refusal, worded by the mock's front server
    expect(error?.details).toMatch(/required property 'Name'/);
  });
});
