// The Portainer description against the facts read from Portainer's own Go code (committed in
// reference/, written by `npm run audit:source`): every registered route described with its verb and
// access, payload fields and Validate() rules, multipart parts, query parameters and response fields.
// Every difference must be listed, with a reason, in reference/source-audit-exceptions.yaml.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript audit modules
import { compareSpec } from '../../scripts/audit/compare-spec.js';
// @ts-expect-error plain JavaScript audit modules
import { readExceptions } from '../../scripts/audit/exceptions.js';
// @ts-expect-error plain JavaScript pipeline modules
import { specForVersion } from '../../scripts/lib/version-filter.js';

type Diff = { key: string; kind: string; message: string };
type Shape = { kind: string; ref?: string; items?: Shape };
type Rule = { kind: string; fields: string[]; format?: string; optional?: boolean; when?: string };
type Route = {
  method: string; path: string; access: string; bouncer: string[]; gates?: string[]; handler: string | null;
  body?: { media: string; ref?: string; rules?: Rule[]; parts?: { name: string; required: boolean }[] };
  query?: { name: string; required: boolean }[];
  responses?: { status: number; shape?: Shape }[];
  unreachable?: boolean; shadowedBy?: string;
};
type Facts = { source: { repository?: string; ref?: string; commit?: string; date?: string; apiVersion: string }; routes: Route[]; types: Record<string, { fields: Record<string, Shape> }> };

const referenceDir = 'reference';
const factsFile = fs.readdirSync(referenceDir).filter((f) => /^portainer-source-[\d.]+\.json$/.test(f)).sort().at(-1)!;
const facts: Facts = JSON.parse(fs.readFileSync(path.join(referenceDir, factsFile), 'utf8'));
const bundle = JSON.parse(fs.readFileSync('generated/portainer.openapi.json', 'utf8'));
const exceptions: Map<string, string> = readExceptions(path.join(referenceDir, 'source-audit-exceptions.yaml'));
// The spec as 2.44 serves it: operations and fields only older versions have are left out.
const diffs: Diff[] = compareSpec(specForVersion(bundle, '2.44'), facts);

const route = (method: string, p: string) => {
  const r = facts.routes.find((x) => x.method === method && x.path === p);
  if (!r) throw new Error(`the facts have no ${method} ${p}`);
  return r;
};
const op = (method: string, p: string) => bundle.paths[p]?.[method.toLowerCase()];
const fieldsOf = (ref: string) => Object.keys(facts.types[ref]?.fields ?? {}).sort();

describe('source audit: the spec agrees with Portainer\'s Go code', () => {
  it('uses facts that name the source tree and commit they come from', () => {
    expect(facts.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(facts.source.repository).toMatch(/^[\w.-]+\/[\w.-]+$/);
    expect(facts.source.apiVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(factsFile).toBe(`portainer-source-${facts.source.apiVersion}.json`);
    expect(facts.routes.length).toBeGreaterThan(250);
  });

  it('leaves no difference unexplained', () => {
    const open = diffs.filter((d) => !exceptions.has(d.key)).map((d) => `${d.key}: ${d.message}`);
    expect(open).toEqual([]);
  });

  it('lists no exception that no longer matches a difference', () => {
    const keys = new Set(diffs.map((d) => d.key));
    expect([...exceptions.keys()].filter((k) => !keys.has(k))).toEqual([]);
  });

  it('describes every routed verb: the association is DELETE, and the reference\'s PUT is marked as answered 405', () => {
    expect(route('DELETE', '/endpoints/{id}/association').access).toBe('administrator');
    expect(facts.routes.some((r) => r.method === 'PUT' && r.path === '/endpoints/{id}/association')).toBe(false);
    expect(op('DELETE', '/endpoints/{id}/association')['x-portainer-access']).toBe('administrator');
    expect(Object.keys(op('PUT', '/endpoints/{id}/association').responses)).toEqual(['405']);
  });

  it('describes the routes the reference leaves out (agent versions, container recreate)', () => {
    expect(route('GET', '/endpoints/agent_versions').access).toBe('restricted');
    expect(op('GET', '/endpoints/agent_versions')['x-portainer-access']).toBe('restricted');
    expect(route('POST', '/docker/{id}/containers/{containerId}/recreate').handler).toMatch(/recreate$/);
    expect(op('POST', '/docker/{environmentId}/containers/{containerId}/recreate').operationId).toBe('DockerContainerRecreate');
  });

  it('gives the CE access: environment updates and webhook changes are for administrators', () => {
    for (const [m, p] of [['PUT', '/endpoints/{id}'], ['PUT', '/endpoints/{id}/settings']] as const) {
      expect(route(m, p).bouncer).toEqual(['AdminAccess']);
      expect(op(m, p)['x-portainer-access']).toBe('administrator');
    }
    // Registered as authenticated, refused in the handler to non-administrators.
    for (const [m, p] of [['POST', '/webhooks'], ['PUT', '/webhooks/{id}'], ['DELETE', '/webhooks/{id}'], ['PUT', '/endpoints/{id}/registries/{registryId}']] as const) {
      expect(route(m, p).gates).toContain('IsAdmin');
      expect(op(m, p)['x-portainer-access']).toBe('administrator');
    }
  });

  it('describes reduced and reshaped answers: the user list, edge job inspect', () => {
    const users = route('GET', '/users').responses![0]!.shape!;
    expect(fieldsOf(users.items!.ref!)).toEqual(['Id', 'Role', 'Username']);
    expect(Object.keys(bundle.components.schemas.UserSummary.properties).sort()).toEqual(['Id', 'Role', 'Username']);
    const inspect = route('GET', '/edge_jobs/{id}').responses![0]!.shape!;
    expect(facts.types[inspect.ref!]!.fields.Endpoints!.kind).toBe('array');
  });

  it('expresses Validate() rules: requirements under conditions and "at least one of"', () => {
    const rules = (m: string, p: string) => route(m, p).body!.rules!;
    expect(rules('POST', '/custom_templates/create/string')).toContainEqual(expect.objectContaining({ kind: 'requiredIf', fields: ['Platform'] }));
    expect(rules('POST', '/resource_controls')).toContainEqual(expect.objectContaining({ kind: 'anyOf', fields: ['Users', 'Teams', 'Public', 'AdministratorsOnly'] }));
    expect(rules('POST', '/stacks/create/standalone/repository')).toContainEqual(expect.objectContaining({ kind: 'format', fields: ['AutoUpdate.Webhook'], format: 'uuid' }));
    expect(bundle.components.schemas.CustomTemplatePlatformRule.then.required).toEqual(['Platform']);
    expect(bundle.components.schemas.ResourceControlGrantRule.anyOf).toHaveLength(4);
    expect(JSON.stringify(bundle.components.schemas.AutoUpdateSettingsInput.properties.Webhook)).toContain('"format":"uuid"');
  });

  it('describes the multipart parts the CE handlers read, not the EE leftovers', () => {
    const parts = route('POST', '/edge_stacks/create/file').body!.parts!.map((p) => p.name);
    expect(parts).not.toContain('PrePullImage');
    const described = op('POST', '/edge_stacks/create/file').requestBody.content['multipart/form-data'].schema.properties;
    expect(Object.keys(described)).not.toContain('PrePullImage');
    expect(Object.keys(described).sort()).toEqual([...parts].sort());
  });

  it('takes the WebSocket JWT from headers only: no route reads a token query parameter (older servers\' is marked removed)', () => {
    const at244 = specForVersion(bundle, '2.44');
    for (const p of ['/websocket/exec', '/websocket/attach', '/websocket/pod', '/websocket/kubernetes-shell']) {
      expect(route('*', p).query!.map((q) => q.name)).not.toContain('token');
      const names = (at244.paths[p].get.parameters ?? []).map((prm: { name: string }) => prm.name);
      expect(names).not.toContain('token');
    }
    expect(bundle.components.parameters.WebsocketJwtQuery).toMatchObject({ name: 'token', deprecated: true, 'x-portainer-removed-in': '2.41' });
  });
});
