// The client's portainerVersion option: a call the server's version lacks fails before anything is
// sent; 'detect' reads the version once from the public GET /api/system/status.
import { afterEach, describe, expect, it } from 'vitest';
import { createPortainerClient, PortainerError } from '../../src/index.js';
import { json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const KEY = 'ptr_versionKey0123456789';
/** A Portainer reporting `version`, answering every other call with an empty list. */
const portainer = async (version: string) =>
  (server = await scriptedServer((_req, res, seen) => (seen.path === '/api/system/status' ? json(res, 200, { Version: version, InstanceID: 'x' }) : json(res, 200, []))));

describe('portainerVersion', () => {
  it.each(['2.33', '2.39'] as const)('%s: refuses an operation it lacks before sending, naming the versions that have it', async (portainerVersion) => {
    await portainer('2.44.0');
    const client = createPortainerClient({ url: server!.url, apiKey: KEY, portainerVersion });
    // @ts-expect-error the types of an older version leave it out
    const failure = await client.GET('/gitops/sources').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PortainerError);
    expect(failure).toMatchObject({ code: 'unsupported-version', method: 'GET', path: '/api/gitops/sources' });
    expect((failure as Error).message).toContain('described versions that have it: 2.44 and 2.45');
    expect(server!.seen).toHaveLength(0);
    expect((await client.GET('/endpoints')).error).toBeUndefined(); // what every version has is sent
  });

  it.each([['2.44', 'POST', '/open_amt/configure']] as const)('%s: refuses what was removed', async (portainerVersion, method, path) => {
    await portainer('2.44.0');
    const client = createPortainerClient({ url: server!.url, apiKey: KEY, portainerVersion }) as unknown as Record<string, (p: string, i?: object) => Promise<unknown>>;
    await expect(client[method]!(path, { body: {} })).rejects.toMatchObject({ code: 'unsupported-version', message: expect.stringContaining('removed in 2.42') });
  });

  it("'detect' reads the server's version once, from the public status route, then checks every call", async () => {
    await portainer('2.39.2');
    const client = createPortainerClient({ url: server!.url, apiKey: KEY, portainerVersion: 'detect' });
    await expect(client.GET('/gitops/sources')).rejects.toMatchObject({ code: 'unsupported-version', message: expect.stringContaining('Portainer CE 2.39') });
    await expect(client.GET('/gitops/workflows')).rejects.toMatchObject({ code: 'unsupported-version' });
    expect((await client.GET('/endpoints')).error).toBeUndefined();
    expect(server!.seen.map((s) => s.path)).toEqual(['/api/system/status', '/api/endpoints']);
    expect(server!.seen[0]!.headers['x-api-key']).toBeUndefined(); // public: sent without the key
  });

  it("'detect' checks nothing on a version it does not describe", async () => {
    await portainer('2.41.0');
    const client = createPortainerClient({ url: server!.url, apiKey: KEY, portainerVersion: 'detect' });
    expect((await client.GET('/gitops/sources')).error).toBeUndefined();
    expect(server!.seen.map((s) => s.path)).toEqual(['/api/system/status', '/api/gitops/sources']);
  });

  it('refuses a version it does not describe, naming the ones it does', () => {
    expect(() => createPortainerClient({ url: 'http://h', apiKey: KEY, portainerVersion: '2.40' as never })).toThrow(
      expect.objectContaining({ code: 'invalid-option', message: expect.stringContaining("'2.33', '2.39', '2.44', '2.45' and 'detect'") }),
    );
  });
});
