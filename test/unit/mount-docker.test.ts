import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module of the pipeline
import { mountDocker } from '../../scripts/lib/mount-docker.js';
import fs from 'node:fs';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'];
type Bundle = { paths: Record<string, Record<string, { 'x-portainer-access'?: string; responses: object }>> };
const readBundle = (name: string): Bundle => JSON.parse(fs.readFileSync(`generated/${name}`, 'utf8'));
const portainer = { openapi: '3.1.0', info: {}, paths: { '/status': {} }, components: { responses: { Unauthorized: {}, Forbidden: {} }, schemas: { Error: {} } } };
const docker = {
  openapi: '3.1.0',
  tags: [{ name: 'Containers', description: 'c' }],
  'x-tagGroups': [{ name: 'Docker Engine', tags: ['Containers'] }],
  paths: {
    '/containers/{id}/json': {
      get: { tags: ['Containers'], security: [], responses: { '200': { $ref: '#/components/responses/Ok' }, '404': { description: 'x' } } },
    },
  },
  components: { responses: { Ok: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } }, schemas: { Error: { type: 'object' } } },
};

describe('mountDocker', () => {
  const out = mountDocker(portainer, docker);
  const op = out.paths['/endpoints/{endpointId}/docker/containers/{id}/json'].get;

  it('mounts every path under /endpoints/{endpointId}/docker with the environment parameter', () => {
    expect(Object.keys(out.paths)).toEqual(['/status', '/endpoints/{endpointId}/docker/containers/{id}/json']);
    expect(out.paths['/endpoints/{endpointId}/docker/containers/{id}/json'].parameters[0]).toEqual({ $ref: '#/components/parameters/DockerProxyEndpointId' });
    expect(out.components.parameters.DockerProxyEndpointId).toMatchObject({ name: 'endpointId', in: 'path', required: true });
  });

  it("applies Portainer's restricted policy: root security, 401 and 403", () => {
    expect(op.security).toBeUndefined();
    expect(op['x-portainer-access']).toBe('restricted');
    expect(op.responses['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });
    expect(op.responses['403']).toEqual({ $ref: '#/components/responses/Forbidden' });
  });

  it('renames Docker components so they cannot collide with Portainer ones', () => {
    expect(out.components.schemas.Error).toEqual({});
    expect(out.components.schemas.DockerError).toEqual({ type: 'object' });
    expect(op.responses['200']).toEqual({ $ref: '#/components/responses/DockerOk' });
    expect(out.components.responses.DockerOk.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/DockerError' });
  });

  it('groups the Docker tags under their own tag group', () => {
    expect(op.tags).toEqual(['Docker Containers']);
    expect(out.tags).toContainEqual({ name: 'Docker Containers', description: 'c', 'x-displayName': 'Containers' });
    expect(out['x-tagGroups']).toContainEqual({ name: 'Docker Engine (through Portainer)', tags: ['Docker Containers'] });
  });

  it('refuses a Docker $ref to something the Docker document lacks', () => {
    const broken = structuredClone(docker);
    broken.paths['/containers/{id}/json'].get.responses['200'] = { $ref: '#/components/responses/Missing' };
    expect(() => mountDocker(portainer, broken)).toThrow(/refers to #\/components\/responses\/Missing/);
  });

  it('leaves the inputs untouched', () => {
    expect(docker.paths['/containers/{id}/json'].get.security).toEqual([]);
  });
});

describe('the committed bundles', () => {
  it('describe every Docker operation under the mount point, restricted or administrator', () => {
    const portainerBundle = readBundle('portainer.openapi.json');
    const dockerBundle = readBundle('docker.openapi.json');
    const dockerOps = Object.entries(dockerBundle.paths).flatMap(([p, item]) => METHODS.filter((m) => m in item).map((m) => `${m} ${p}`));
    expect(dockerOps.length).toBeGreaterThan(0);
    for (const key of dockerOps) {
      const [method, path] = key.split(' ') as [string, string];
      const mounted = portainerBundle.paths[`/endpoints/{endpointId}/docker${path}`]?.[method];
      expect(mounted, key).toBeDefined();
      expect(['restricted', 'administrator']).toContain(mounted!['x-portainer-access']);
      expect(Object.keys(mounted!.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
  });
});
