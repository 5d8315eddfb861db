// The version check the client makes before sending a call (src/versions.ts), for each described
// version, held against the spec's marks; the reading of a server's reported version; and the path
// types per version (the functions at the end are never run: tsc checks them, in npm run typecheck
// and test/unit/pipeline.test.ts, and fails on an @ts-expect-error that is no longer an error).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PORTAINER_VERSIONS, parsePortainerVersion, unsupportedOperation, type PathsFor, type PortainerVersion } from '../../src/versions.js';
import type { TypedClient } from '../../src/typed-client.js';
// @ts-expect-error plain JavaScript pipeline modules
import { specForVersion } from '../../scripts/lib/version-filter.js';

const bundle = JSON.parse(fs.readFileSync('generated/portainer.openapi.json', 'utf8'));
const MOUNT = '/endpoints/{endpointId}/docker';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const operationsOf = (doc: { paths: Record<string, Record<string, unknown>> }) =>
  Object.entries(doc.paths).filter(([p]) => !p.startsWith(MOUNT)).flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => [m.toUpperCase(), p] as const));

describe('unsupportedOperation', () => {
  it('lists the versions the spec describes: the long-term 2.33, 2.39 and 2.45, and 2.44', () => {
    expect(PORTAINER_VERSIONS).toEqual(['2.33', '2.39', '2.44', '2.45']);
    expect(bundle.info['x-portainer-versions'].map((v: { version: string }) => v.version)).toEqual(PORTAINER_VERSIONS);
  });

  it('refuses exactly what each version lacks, as its view of the spec says', () => {
    const all = operationsOf(bundle);
    for (const version of PORTAINER_VERSIONS) {
      const served = new Set(operationsOf(specForVersion(bundle, version)).map(([m, p]) => `${m} ${p}`));
      const refused = all.filter(([m, p]) => unsupportedOperation(version, m, p) !== undefined).map(([m, p]) => `${m} ${p}`);
      expect(refused.sort()).toEqual(all.map(([m, p]) => `${m} ${p}`).filter((k) => !served.has(k)).sort());
    }
  });

  it('2.33: no GitOps, no registry ping; OpenAMT still there', () => {
    expect(unsupportedOperation('2.33', 'GET', '/gitops/sources')).toBe('GET /gitops/sources is not available in Portainer CE 2.33 (added in 2.42); described versions that have it: 2.44 and 2.45');
    expect(unsupportedOperation('2.33', 'post', '/registries/ping')).toBe('POST /registries/ping is not available in Portainer CE 2.33 (added in 2.36); described versions that have it: 2.39, 2.44 and 2.45');
    expect(unsupportedOperation('2.33', 'POST', '/open_amt/configure')).toBeUndefined();
    expect(unsupportedOperation('2.33', 'GET', '/endpoints')).toBeUndefined();
  });

  it('2.39: the registry ping and node drain, not the Kubernetes storage routes of 2.42', () => {
    expect(unsupportedOperation('2.39', 'POST', '/registries/ping')).toBeUndefined();
    expect(unsupportedOperation('2.39', 'POST', '/kubernetes/{id}/nodes/{name}/drain')).toBeUndefined();
    expect(unsupportedOperation('2.39', 'GET', '/kubernetes/{id}/storage_classes')).toMatch(/^GET \/kubernetes\/\{id\}\/storage_classes is not available in Portainer CE 2\.39 \(added in 2\.42\); described versions that have it: 2\.44 and 2\.45$/);
  });

  it('2.44 and 2.45: OpenAMT is gone, GitOps is there', () => {
    for (const version of ['2.44', '2.45'] as const) {
      expect(unsupportedOperation(version, 'POST', '/open_amt/configure')).toBe(`POST /open_amt/configure is not available in Portainer CE ${version} (removed in 2.42); described versions that have it: 2.33 and 2.39`);
      expect(unsupportedOperation(version, 'GET', '/gitops/workflows/{id}')).toBeUndefined();
    }
  });

  it('leaves alone what it does not know: Docker routes, paths outside the description', () => {
    expect(unsupportedOperation('2.33', 'GET', '/containers/json')).toBeUndefined();
    expect(unsupportedOperation('2.33', 'GET', '/no/such/route')).toBeUndefined();
  });
});

describe('parsePortainerVersion', () => {
  it.each([
    ['2.33.7', '2.33'], ['2.33.0-rc1', '2.33'], ['2.39.1', '2.39'], [' v2.39.2 ', '2.39'], ['2.44.0', '2.44'], ['2.45.0', '2.45'],
    ['2.46.1', '2.45'], ['3.0.0', '2.45'], // newer than the newest described line: taken as it
  ] as const)('reads %s as %s', (text, version) => {
    expect(parsePortainerVersion(text)).toBe(version);
  });

  it.each(['2.40.0', '2.43.1', '2.32.0', '2.27.9', '', 'latest', '2', '2.x', `2.39.${'9'.repeat(100)}`])('describes no version for %j', (text) => {
    expect(parsePortainerVersion(text)).toBeUndefined();
  });

  it('reads what every described version reports publicly: GET /system/status answers {Version}, no credential', () => {
    for (const version of PORTAINER_VERSIONS) {
      const op = specForVersion(bundle, version).paths['/system/status'].get;
      expect(op.security).toEqual([]);
      const schema = op.responses['200'].content['application/json'].schema;
      const resolved = schema.$ref ? bundle.components.schemas[schema.$ref.split('/').at(-1)] : schema;
      expect(Object.keys(resolved.properties)).toContain('Version');
    }
    // And in the source of each audited tree: a public route whose answer has Version.
    for (const file of fs.readdirSync('reference').filter((f) => /^portainer-source-2\.\d+\.\d+(-rc\d+)?\.json$/.test(f))) {
      const facts = JSON.parse(fs.readFileSync(`reference/${file}`, 'utf8'));
      const route = facts.routes.find((r: { method: string; path: string }) => r.method === 'GET' && r.path === '/system/status');
      expect(route.access, file).toBe('public');
      expect(Object.keys(facts.types[route.responses[0].shape.ref].fields), file).toContain('Version');
    }
  });
});

// Type level only: tsc checks these; they are never called.
export function typesPerVersion(v233: TypedClient<PathsFor<'2.33'>>, v239: TypedClient<PathsFor<'2.39'>>, v244: TypedClient<PathsFor<'2.44'>>, v245: TypedClient<PathsFor<'2.45'>>) {
  // @ts-expect-error GitOps sources came in 2.42
  void v239.GET('/gitops/sources');
  // @ts-expect-error and 2.33 has them no more than 2.39
  void v233.GET('/gitops/sources');
  void v244.GET('/gitops/sources');
  void v245.GET('/gitops/sources/{id}', { params: { path: { id: 3 } } });
  // @ts-expect-error OpenAMT was removed in 2.42
  void v244.POST('/open_amt/configure', { body: { Enabled: false } });
  void v239.POST('/open_amt/configure', { body: { Enabled: false } });
  // A path whose other methods stay: DELETE came in 2.43, GET in 2.42; 2.39 has neither.
  void v244.DELETE('/gitops/sources/{id}', { params: { path: { id: 3 } } });
  // @ts-expect-error
  void v239.DELETE('/gitops/sources/{id}', { params: { path: { id: 3 } } });
  // Routes every version has are untouched, types included.
  const list = v233.GET('/endpoints', { params: { query: { 'groupIds[]': [1, 2] } } });
  return list.then((r) => r.data?.[0]?.Name satisfies string | undefined);
}
export type EveryVersionIsDescribed = PathsFor<PortainerVersion>;
