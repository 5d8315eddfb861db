// The source audit tool itself, on test/fixtures/portainer-mini (a tiny tree shaped like Portainer's),
// on Go snippets, and the spec comparison on a small hand-made document.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript audit modules
import { auditTree } from '../../scripts/audit/facts.js';
// @ts-expect-error plain JavaScript audit modules
import { tokenize } from '../../scripts/audit/go-tokens.js';
// @ts-expect-error plain JavaScript audit modules
import { compareSpec } from '../../scripts/audit/compare-spec.js';
// @ts-expect-error plain JavaScript audit modules
import { readExceptions } from '../../scripts/audit/exceptions.js';

const tree = 'test/fixtures/portainer-mini';
type Route = { method: string; path: string; access: string; gates?: string[]; shadowedBy?: string; registered?: string; body?: any; query?: any[]; responses?: any[] };
const facts = auditTree(tree, { repository: 'example/portainer-mini', ref: 'main' });
const route = (method: string, p: string): Route => facts.routes.find((r: Route) => r.method === method && r.path === p);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'source-audit-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('Go lexer', () => {
  it('inserts semicolons where Go does and keeps strings whole', () => {
    const { tokens, comments } = tokenize('x := "a//b" // note\nreturn\n`raw\nline`');
    expect(tokens.map((t: { v: string }) => t.v)).toEqual(['x', ':=', 'a//b', ';', 'return', ';', 'raw\nline', ';']);
    expect(comments[0].text).toBe(' note');
  });

  it('reads escapes, runes, raw strings across lines and comments that span lines', () => {
    const { tokens } = tokenize('a := "q\\"x" + \'\\n\' /* one\ntwo */ b');
    expect(tokens.map((t: { t: string; v: string }) => `${t.t}:${t.v}`)).toEqual(['id:a', 'op::=', 'str:q"x', 'op:+', 'char:\\n', 'op:;', 'id:b', 'op:;']);
  });
});

describe('audit of a Portainer-shaped tree', () => {
  it('names the version and where the tree came from', () => {
    expect(facts.source).toMatchObject({ apiVersion: '9.9.9', repository: 'example/portainer-mini', ref: 'main' });
    expect(facts.summary.routes).toBe(facts.routes.length);
  });

  it('reads routes, verbs and access from bouncer wrappers, subrouter middlewares and mounted handlers', () => {
    expect(route('GET', '/widgets').access).toBe('restricted');
    expect(route('GET', '/widgets/{id}').access).toBe('authenticated');
    expect(route('DELETE', '/widgets/{id}/link').access).toBe('administrator');
    expect(route('GET', '/widgets/{id}/secret').access).toBe('administrator');
    // Mounted under an authenticated subrouter; the sub-handler registers the full path itself.
    expect(route('GET', '/gadgets/{gadgetId}/search').access).toBe('authenticated');
  });

  it('raises access for an administrator check inside the handler', () => {
    expect(route('PUT', '/widgets/{id}')).toMatchObject({ access: 'administrator', gates: ['IsAdmin'] });
  });

  it('marks a route that an earlier one always catches', () => {
    expect(route('GET', '/widgets/{name}').shadowedBy).toBe('GET /widgets/{id}');
  });

  it('splits a route by the switch on its route variable', () => {
    expect(route('POST', '/widgets/create/string').registered).toBe('/widgets/create/{method}');
    expect(route('POST', '/widgets/create/string').body.media).toBe('application/json');
    expect(route('POST', '/widgets/create/file').body.media).toBe('multipart/form-data');
  });

  it('reads what Validate() requires, with JSON names, zero-valued enums, conditions and helpers', () => {
    const rules = route('POST', '/widgets/create/string').body.rules;
    const by = (kind: string) => rules.filter((r: { kind: string }) => r.kind === kind).map((r: { fields: string[] }) => r.fields.join(','));
    expect(by('required')).toEqual(['Name']);
    // Kind must be Plain (0) or Fancy: 0 is allowed, so Kind is not required.
    expect(rules.find((r: { kind: string }) => r.kind === 'enum')).toMatchObject({ fields: ['Kind'], optional: true });
    expect(by('anyOf')).toEqual(['Users,Teams', 'AutoUpdate.Webhook,AutoUpdate.Interval']);
    // `URL` is decoded from "url": rules speak JSON names.
    expect(rules.find((r: { kind: string }) => r.kind === 'requiredIf')).toMatchObject({ fields: ['url'], when: 'payload.SourceID == 0' });
    expect(rules.find((r: { kind: string }) => r.kind === 'format')).toMatchObject({ fields: ['AutoUpdate.Webhook'], format: 'uuid', optional: true });
  });

  it('reads multipart parts, required unless optional or their error is dropped', () => {
    const parts = route('POST', '/widgets/create/file').body.parts.map((p: { name: string; read: string; required: boolean }) => [p.name, p.read, p.required]);
    expect(parts).toEqual([['Name', 'string', true], ['file', 'file', true], ['Count', 'integer', false]]);
  });

  it('reads query parameters, required when refused empty, from libhttp, r.URL.Query() and local helpers handed the name', () => {
    expect(route('GET', '/widgets').query).toEqual([expect.objectContaining({ name: 'limit', required: false }), expect.objectContaining({ name: 'ids[]', read: 'array' })]);
    const q = route('GET', '/gadgets/{gadgetId}/search').query!.map((x: { name: string; required: boolean }) => [x.name, x.required]);
    expect(q).toEqual([['name', true], ['tag', false]]);
  });

  it('types responses, with embedded fields shadowed by encoding/json\'s rules', () => {
    const inspect = route('GET', '/widgets/{id}').responses![0];
    expect(inspect.shape.ref).toBe('api/http/handler/widgets.widgetInspectResponse');
    const fields = facts.types[inspect.shape.ref].fields;
    expect(Object.keys(fields).sort()).toEqual(['Id', 'Labels', 'Name', 'Parts']); // Secret is `json:"-"`, internal unexported
    expect(fields.Parts.kind).toBe('array'); // the embedded map is shadowed
    expect(facts.types['api.Widget'].fields.Parts.kind).toBe('map');
    expect(route('PUT', '/widgets/{id}').responses).toEqual([expect.objectContaining({ status: 204 })]);
    // Written by a local helper that takes `any`: typed from what the handler hands it.
    expect(route('GET', '/widgets').responses).toEqual([expect.objectContaining({ status: 200, shape: expect.objectContaining({ kind: 'array', items: expect.objectContaining({ ref: 'api.Widget' }) }) })]);
  });

  it('is a command: npm run audit:source writes the facts file and compares', async () => {
    const out = path.join(scratch, 'facts.json');
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/audit-source.js', tree, '--out', out, '--repository', 'example/mini'], { timeout: 60_000 });
    expect(stdout).toMatch(/Portainer 9\.9\.9.*9 routes/);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).routes).toHaveLength(9);
    await expect(promisify(execFile)(process.execPath, ['scripts/audit-source.js', scratch], { timeout: 60_000 })).rejects.toThrow(/not a Portainer source tree/);
  });
});

describe('comparison with a description', () => {
  const ok = { description: 'ok', content: { 'application/json': { schema: {} } } };
  const doc = {
    paths: {
      '/widgets/{id}': {
        get: { 'x-portainer-access': 'authenticated', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { Id: { type: 'integer' }, Name: { type: 'string' }, Parts: { type: 'object' }, Labels: { type: 'array' }, Color: { type: 'string' } } } } } } } },
        put: { 'x-portainer-access': 'authenticated', responses: { '204': { description: 'ok' } } },
      },
      '/widgets/{id}/link': { put: { 'x-portainer-access': 'administrator', responses: { '204': { description: 'ok' } } } },
      '/widgets/create/string': {
        post: {
          'x-portainer-access': 'administrator',
          requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['Name', 'Kind'], properties: { Name: {}, Kind: {}, Users: {}, Teams: {}, SourceID: {}, url: {}, AutoUpdate: { type: 'object', properties: { Webhook: { type: 'string' }, Interval: {} } } } } } } },
          responses: { '200': ok },
        },
      },
      '/gadgets/{gadgetId}/search': { get: { 'x-portainer-access': 'authenticated', parameters: [{ name: 'name', in: 'query' }, { name: 'token', in: 'query' }], responses: { '200': ok } } },
    },
  };
  const keys: string[] = compareSpec(doc, facts).map((d: { key: string }) => d.key);

  it('finds wrong verbs, access, required fields, missing rules, formats, queries and response fields', () => {
    expect(keys).toEqual(expect.arrayContaining([
      'verb DELETE /widgets/{id}/link',
      'access PUT /widgets/{id}',
      'body-required-extra POST /widgets/create/string Kind',
      'body-rule POST /widgets/create/string anyOf(Users,Teams)',
      'body-rule POST /widgets/create/string requiredIf(url)',
      'body-format POST /widgets/create/string AutoUpdate.Webhook',
      'query-required-missing GET /gadgets/{gadgetId}/search name',
      'query-missing GET /gadgets/{gadgetId}/search tag',
      'query-extra GET /gadgets/{gadgetId}/search token',
      'response-field-kind GET /widgets/{id} 200 Parts',
      'response-field-extra GET /widgets/{id} 200 Color',
      'route-missing POST /widgets/create/file',
      'route-not-in-source PUT /widgets/{id}/link',
    ]));
    expect(keys).not.toContain('route-missing GET /widgets/{name}'); // shadowed: never served
  });

  it('accepts a description that says what the code does', () => {
    const good = structuredClone(doc) as any;
    const create = good.paths['/widgets/create/string'].post.requestBody.content['application/json'].schema;
    create.required = ['Name'];
    create.anyOf = [{ required: ['Users'] }, { required: ['Teams'] }];
    create.if = { properties: { SourceID: { const: 0 } } };
    create.then = { required: ['url'] };
    create.properties.AutoUpdate = { type: 'object', properties: { Webhook: { type: 'string', format: 'uuid' }, Interval: {} }, anyOf: [{ required: ['Webhook'] }, { required: ['Interval'] }] };
    good.paths['/widgets/create/string'].post.responses['200'].content['application/json'].schema = { type: 'object', properties: { Id: {}, Name: {}, Parts: {}, Labels: {} } };
    const got: string[] = compareSpec(good, facts).map((d: { key: string }) => d.key);
    expect(got.filter((k) => k.includes('/widgets/create/string'))).toEqual([]);
  });

  it('reads exceptions as key and one-line reason, and refuses entries without a reason', () => {
    const file = path.join(scratch, 'exceptions.yaml');
    fs.writeFileSync(file, '- key: access PUT /widgets/{id}\n  reason: checked in the handler\n');
    expect([...readExceptions(file).entries()]).toEqual([['access PUT /widgets/{id}', 'checked in the handler']]);
    fs.writeFileSync(file, '- key: access PUT /widgets/{id}\n');
    expect(() => readExceptions(file)).toThrow(/has no reason/);
  });
});
