// Class 17: whatever can be refused before sending is refused as `invalid-request`, naming the
// parameter, with nothing sent and nothing retried: NaN, Infinity and fractional ids, relative
// steps, empty segments, bodies that cannot be serialised. `error.path` is the real URL path, also
// with a caller's fetch; a refusal names the base path and the route template.
import { afterEach, describe, expect, it } from 'vitest';
import { createDockerEngineClient, createPortainerClient, PortainerError } from '../../src/index.js';
import { json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';
import { settle } from '../helpers/hostile.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const KEY = 'ptr_RefusalKey0123456789';

async function refused(call: () => Promise<unknown>, parameter: RegExp | string) {
  const outcome = await settle(call());
  const error = outcome.ok ? (outcome.value as { error?: unknown }).error : outcome.error;
  expect(error, 'not refused').toBeInstanceOf(PortainerError);
  expect(error).toMatchObject({ code: 'invalid-request' });
  const shown = `${(error as PortainerError).message} ${(error as PortainerError).details ?? ''}`;
  expect(shown).toMatch(parameter);
  return error as PortainerError;
}

describe('path parameters', () => {
  const BAD: Array<[string, unknown]> = [
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['1.5', 1.5],
    ['2^53', 2 ** 53],
    ['..', '..'],
    ['.', '.'],
    ['a/../b', 'a/../b'],
    ['%2e%2e', '%2e%2e'],
    ['.%2E', '.%2E'],
    ['..\\x', '..\\x'],
    ['a leading /', '/x'],
    ['a trailing /', 'x/'],
    ['//', 'a//b'],
    ['empty', ''],
    ['missing', undefined],
    ['an object', { id: 1 }],
    ['a boolean', true],
    ['a lone surrogate', 'web\uD800'],
  ];
  for (const [name, value] of BAD) {
    it(`${name}: refused, naming the parameter, nothing sent`, { timeout: 5000 }, async () => {
      server = await scriptedServer((_req, res) => json(res, 200, {}));
      const retried: unknown[] = [];
      const client = createPortainerClient({ url: server.url, apiKey: KEY, retry: { onRetry: (r) => void retried.push(r) } });
      const error = await refused(() => client.GET('/endpoints/{id}', { params: { path: { id: value as number } } }), /\bid\b/);
      expect(error).toMatchObject({ method: 'GET', path: '/api/endpoints/{id}' });
      expect(server.seen).toHaveLength(0);
      expect(retried).toEqual([]);
    });
  }

  it('Docker names: a leading / is dropped (the daemon reports /web), nothing else', { timeout: 5000 }, async () => {
    server = await scriptedServer((_req, res) => json(res, 200, {}));
    const docker = createDockerEngineClient({ url: server.url });
    for (const name of ['/web', '//web', 'web']) await docker.GET('/containers/{id}/json', { params: { path: { id: name } } });
    expect(server.seen.map((s) => s.path)).toEqual(['/containers/web/json', '/containers/web/json', '/containers/web/json']);
    await refused(() => docker.GET('/containers/{id}/json', { params: { path: { id: '/' } } }), /\bid\b/);
    await refused(() => docker.GET('/containers/{id}/json', { params: { path: { id: '/web/' } } }), /\bid\b/);
  });
});

describe('bodies and other inputs', () => {
  const cyclic: Record<string, unknown> = { name: 'x' };
  cyclic.self = cyclic;
  const CASES: Record<string, [(c: ReturnType<typeof createPortainerClient>) => Promise<unknown>, RegExp]> = {
    'a BigInt in a JSON body': [(c) => c.POST('/tags', { body: { Name: 10n } as never }), /body|BigInt/i],
    'a cyclic JSON body': [(c) => c.POST('/tags', { body: cyclic as never }), /body|circular|cyclic/i],
    'a binary body that is not bytes': [(c) => c.docker(1).PUT('/containers/{id}/archive', { params: { path: { id: 'c' }, query: { path: '/' } }, body: 42 as never }), /body|binary/i],
    'a header name that is not one': [(c) => c.GET('/endpoints', { headers: { 'Bad Name': 'x' } }), /Bad Name|header/],
    'an unknown parseAs': [(c) => c.GET('/endpoints', { parseAs: 'xml' as never }), /parseAs/],
    'a bodySerializer that throws': [(c) => c.POST('/tags', { body: { Name: 'x' }, bodySerializer: () => { throw new Error('cannot'); } }), /body|serial|cannot/i],
  };
  for (const [name, [call, names]] of Object.entries(CASES)) {
    it(`${name}: invalid-request, nothing sent`, { timeout: 5000 }, async () => {
      server = await scriptedServer((_req, res) => json(res, 200, {}));
      const client = createPortainerClient({ url: server.url, apiKey: KEY });
      const error = await refused(() => call(client), names);
      expect(error.code).not.toBe('unreadable-body');
      expect(server.seen).toHaveLength(0);
    });
  }
});

describe('error.path', () => {
  it("is the real path with a caller's fetch (answered, and failed)", { timeout: 5000 }, async () => {
    const answering = createPortainerClient({ url: 'http://portainer.invalid/sub', apiKey: KEY, retry: { attempts: 1 }, fetch: async () => new Response('{"message":"nope"}', { status: 404 }) });
    expect((await answering.GET('/endpoints/{id}', { params: { path: { id: 42 } } })).error).toMatchObject({ status: 404, method: 'GET', path: '/sub/api/endpoints/42' });
    expect((await answering.docker(3).GET('/containers/{id}/json', { params: { path: { id: 'web' } } })).error).toMatchObject({ path: '/sub/api/endpoints/3/docker/containers/web/json' });
    const failing = createPortainerClient({ url: 'http://portainer.invalid/sub', apiKey: KEY, retry: { attempts: 1 }, fetch: async () => { throw new TypeError('fetch failed'); } });
    await expect(failing.GET('/endpoints/{id}', { params: { path: { id: 7 } } })).rejects.toMatchObject({ method: 'GET', path: '/sub/api/endpoints/7' });
  });
});
