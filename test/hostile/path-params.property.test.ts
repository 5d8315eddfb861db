// Class 17, property-based: any string or number as a path parameter is either refused before
// sending (`invalid-request`, nothing sent) or arrives as exactly one encoded segment that the
// server decodes back to the value (for Docker clients, less the leading `/` of daemon names).
// Plain values (no dot, slash, backslash or percent sign) are never refused.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerEngineClient, createPortainerClient, PortainerError } from '../../src/index.js';
import { json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';
import { settle } from '../helpers/hostile.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await scriptedServer((_req, res) => json(res, 200, {}));
});
afterAll(() => server.close());

// Characters that matter to URL parsers and routers, mixed with ordinary and non-ASCII text.
const TRICKY = ['/', '\\', '.', '..', '%', '%2e', '%2F', '%00', '?', '#', '&', '=', ';', ':', '@', '+', ' ', '\t', '\n', '\u0000', 'é', '日', '😀', '\uD800', '~', '*', "'", '"', '<', '>', '[', ']', '{', '}'];
const valueArb = fc.oneof(
  fc.string({ unit: fc.oneof(fc.constantFrom(...TRICKY), fc.constantFrom('a', 'b', 'Z', '0', '9', '-', '_')), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 53, Number.MAX_SAFE_INTEGER)),
);

const plain = (v: string) => v !== '' && !/[./\\%]/.test(v) && !/[\uD800-\uDFFF]/.test(v);

/** The segments of the path the server received after `prefix`, before `suffix`. */
function between(path: string, prefix: string, suffix: string): string[] | undefined {
  if (!path.startsWith(prefix) || !path.endsWith(suffix)) return undefined;
  return path.slice(prefix.length, path.length - suffix.length).split('/');
}

async function check(value: unknown, call: () => Promise<unknown>, prefix: string, suffix: string, expected: (v: string) => string) {
  const before = server.seen.length;
  const outcome = await settle(call());
  const error = outcome.ok ? (outcome.value as { error?: unknown }).error : outcome.error;
  if (error !== undefined) {
    expect(error).toBeInstanceOf(PortainerError);
    expect(error).toMatchObject({ code: 'invalid-request' });
    expect(server.seen.length).toBe(before);
    if (typeof value === 'string') expect(plain(expected(value)), `refused a plain value ${JSON.stringify(value)}`).toBe(false);
    if (typeof value === 'number') expect(Number.isSafeInteger(value), `refused ${value}`).toBe(false);
    return;
  }
  expect(server.seen.length).toBe(before + 1);
  const segments = between(server.seen.at(-1)!.path, prefix, suffix);
  expect(segments, server.seen.at(-1)!.path).toHaveLength(1);
  const decoded = decodeURIComponent(segments![0]!);
  expect(decoded).toBe(typeof value === 'number' ? String(value) : expected(String(value)));
  if (typeof value === 'number') expect(Number.isSafeInteger(value)).toBe(true);
}

describe('path parameters', () => {
  it('Portainer: refused, or one segment that decodes to the value', { timeout: 60_000 }, async () => {
    const client = createPortainerClient({ url: server.url, apiKey: 'ptr_PropertyKey0123456789', retry: { attempts: 1 } });
    await fc.assert(
      fc.asyncProperty(valueArb, (value) => check(value, () => client.GET('/endpoints/{id}', { params: { path: { id: value as number } } }), '/api/endpoints/', '', (v) => v)),
      { numRuns: 400 },
    );
  });

  it('Docker: the same, a leading / dropped', { timeout: 60_000 }, async () => {
    const docker = createDockerEngineClient({ url: server.url, retry: { attempts: 1 } });
    await fc.assert(
      fc.asyncProperty(valueArb, (value) =>
        check(value, () => docker.GET('/containers/{id}/json', { params: { path: { id: value as string } } }), '/containers/', '/json', (v) => v.replace(/^\/+/, '')),
      ),
      { numRuns: 400 },
    );
  });

  it('through Portainer to Docker: the same', { timeout: 60_000 }, async () => {
    const docker = createPortainerClient({ url: server.url, apiKey: 'ptr_PropertyKey0123456789', retry: { attempts: 1 } }).docker(2);
    await fc.assert(
      fc.asyncProperty(valueArb, (value) =>
        check(value, () => docker.GET('/containers/{id}/json', { params: { path: { id: value as string } } }), '/api/endpoints/2/docker/containers/', '/json', (v) => v.replace(/^\/+/, '')),
      ),
      { numRuns: 300 },
    );
  });
});
