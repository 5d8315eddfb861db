// Hostile path parameters through the Docker passthrough: no value can leave its route or add a
// query string. Values that could be read as a relative step are refused before sending.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortainerClient, PortainerError } from '../../src/index.js';
import { json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await scriptedServer((_req, res) => json(res, 200, { Id: 'x' }));
});
afterAll(() => server.close());

const docker = () => createPortainerClient({ url: server.url, apiKey: 'ptr_key0123456789' }).docker(1);

describe('hostile ids', () => {
  it.each(['..', '.', '../../users', 'a/../b', '%2e%2e', '%2E%2E/..', '..%2f..%2fusers'])('refuses %j before sending', async (id) => {
    const before = server.seen.length;
    const failure = await docker().GET('/containers/{id}/json', { params: { path: { id } } }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PortainerError);
    expect(failure).toMatchObject({ code: 'invalid-request', method: 'GET', path: '/api/endpoints/1/docker/containers/{id}/json' });
    expect(server.seen.length).toBe(before);
  });

  it.each([
    ['x?admin=1', 'x%3Fadmin%3D1'],
    ['x#y', 'x%23y'],
    ['a/b', 'a%2Fb'],
    ['web 01', 'web%2001'],
    ['%2F', '%252F'],
  ])('keeps %j inside one path segment, with no query', async (id, encoded) => {
    await docker().GET('/containers/{id}/json', { params: { path: { id } } });
    const seen = server.seen.at(-1)!;
    expect(seen.url).toBe(`/api/endpoints/1/docker/containers/${encoded}/json`);
    expect(seen.url).not.toContain('?');
  });

  it('refuses a malformed url at construction', () => {
    expect(() => createPortainerClient({ url: 'javascript:alert(1)' })).toThrow(/http or https/);
    expect(() => createPortainerClient({ url: '//no-scheme' })).toThrow(/not an absolute URL/);
  });

  it('refuses an environment id that is not a positive integer', () => {
    const client = createPortainerClient({ url: server.url, apiKey: 'ptr_key0123456789' });
    for (const id of [0, -1, 1.5, Number.NaN, '1/../2' as unknown as number]) expect(() => client.docker(id)).toThrow(/positive integer/);
  });
});
