// The Spectral house rules, each shown to fire on a bad operation and stay quiet on a good one.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript rule functions
import accessPolicy from '../../spectral/functions/access-policy.js';
// @ts-expect-error plain JavaScript rule functions
import securityMatchesAccess from '../../spectral/functions/security-matches-access.js';
// @ts-expect-error plain JavaScript rule functions
import errorResponses from '../../spectral/functions/error-responses.js';
// @ts-expect-error plain JavaScript rule functions
import pascalCaseOperationId from '../../spectral/functions/pascal-case-operation-id.js';
// @ts-expect-error plain JavaScript rule functions
import jsonBodyExample from '../../spectral/functions/json-body-example.js';
// @ts-expect-error plain JavaScript rule functions
import totalCountExample from '../../spectral/functions/total-count-example.js';
// @ts-expect-error plain JavaScript rule functions
import portainerVersionMarks from '../../spectral/functions/portainer-version-marks.js';
import fs from 'node:fs';

const ctx = (rootSecurity: unknown = [{ jwt: [] }, { ApiKeyAuth: [] }]) => ({ path: ['paths', '/x', 'get'], document: { data: { security: rootSecurity } } });
const errorBody = { content: { 'application/json': { schema: { properties: { message: {}, details: {} } } } } };
type Finding = { message: string; path: unknown[] };
const messages = (results: Finding[]) => results.map((r) => r.message);

describe('house rules', () => {
  it('access policy: present and one of the four', () => {
    expect(accessPolicy({}, {}, ctx())).toHaveLength(1);
    expect(messages(accessPolicy({ 'x-portainer-access': 'admin' }, {}, ctx()))[0]).toMatch(/"admin"/);
    expect(accessPolicy({ 'x-portainer-access': 'administrator' }, {}, ctx())).toEqual([]);
  });

  it('security agrees with the access policy', () => {
    expect(messages(securityMatchesAccess({ 'x-portainer-access': 'public' }, {}, ctx()))[0]).toMatch(/security: \[\]/);
    expect(securityMatchesAccess({ 'x-portainer-access': 'public', security: [] }, {}, ctx())).toEqual([]);
    expect(securityMatchesAccess({ 'x-portainer-access': 'restricted' }, {}, ctx())).toEqual([]);
    expect(messages(securityMatchesAccess({ 'x-portainer-access': 'restricted', security: [] }, {}, ctx()))[0]).toMatch(/needs security/);
    const both = securityMatchesAccess({ 'x-portainer-access': 'authenticated', security: [{ jwt: [], ApiKeyAuth: [] }] }, {}, ctx());
    expect(messages(both)[0]).toMatch(/jwt AND ApiKeyAuth/);
    expect(both[0].path).toEqual(['paths', '/x', 'get', 'security', 0]);
  });

  it('401 on non-public operations, 403 on administrator ones, with {message, details}', () => {
    expect(errorResponses({ 'x-portainer-access': 'public', responses: {} }, {}, ctx())).toEqual([]);
    expect(messages(errorResponses({ 'x-portainer-access': 'restricted', responses: {} }, {}, ctx()))).toEqual(['A restricted operation must document a 401 response.']);
    expect(messages(errorResponses({ 'x-portainer-access': 'administrator', responses: { '401': errorBody } }, {}, ctx()))).toEqual(['An administrator operation must document a 403 response.']);
    expect(messages(errorResponses({ 'x-portainer-access': 'administrator', responses: { '401': errorBody, '403': { description: 'x' } } }, {}, ctx()))[0]).toMatch(/\{message, details\}/);
    expect(errorResponses({ 'x-portainer-access': 'administrator', responses: { '401': errorBody, '403': errorBody } }, {}, ctx())).toEqual([]);
    const byRef = (ref: string) => ({ content: { 'application/json': { schema: { $ref: ref } } } });
    expect(errorResponses({ 'x-portainer-access': 'restricted', responses: { '401': byRef('../schemas/Error.yaml') } }, {}, ctx())).toEqual([]);
    expect(errorResponses({ 'x-portainer-access': 'restricted', responses: { '401': byRef('../schemas/Other.yaml') } }, {}, ctx())).toHaveLength(1);
  });

  it('operationIds are PascalCase', () => {
    expect(pascalCaseOperationId({ operationId: 'EndpointList' }, {}, ctx())).toEqual([]);
    expect(pascalCaseOperationId({ operationId: 'UserGetAPIKeys' }, {}, ctx())).toEqual([]);
    expect(pascalCaseOperationId({ operationId: 'endpointList' }, {}, ctx())).toHaveLength(1);
    expect(pascalCaseOperationId({ operationId: 'Endpoint_List' }, {}, ctx())).toHaveLength(1);
    expect(pascalCaseOperationId({}, {}, ctx())).toHaveLength(1);
  });

  it('every JSON body has an example', () => {
    expect(jsonBodyExample({ 'application/json': { schema: {} } }, {}, ctx())).toHaveLength(1);
    expect(jsonBodyExample({ 'application/json': { schema: {}, example: {} } }, {}, ctx())).toEqual([]);
    expect(jsonBodyExample({ 'application/problem+json': { schema: {}, examples: { a: {} } } }, {}, ctx())).toEqual([]);
    expect(jsonBodyExample({ 'text/plain': { schema: {} } }, {}, ctx())).toEqual([]);
  });

  it('an X-Total-Count example agrees with the example body', () => {
    const list = (count: unknown, body: unknown) => ({ headers: { 'X-Total-Count': { schema: { type: 'integer' }, example: count } }, content: { 'application/json': { schema: {}, example: body } } });
    expect(totalCountExample(list(2, [{}, {}]), {}, ctx())).toEqual([]);
    const wrong = totalCountExample(list(3, [{}, {}]), {}, ctx());
    expect(messages(wrong)).toEqual(['X-Total-Count example says 3 but the application/json example holds 2 item(s).']);
    expect(wrong[0].path).toEqual(['paths', '/x', 'get', 'headers', 'X-Total-Count']);
    // Named examples: by name, or one header example for all of them.
    const named = { headers: { 'x-total-count': { examples: { a: { value: 1 }, b: { value: 5 } } } }, content: { 'application/json': { examples: { a: { value: [1] }, b: { value: [1, 2] } } } } };
    expect(messages(totalCountExample(named, {}, ctx()))).toEqual(['x-total-count example says 5 but the application/json example "b" holds 2 item(s).']);
    // Nothing to compare: no header example, or a body that is not a list.
    expect(totalCountExample({ headers: { 'X-Total-Count': { schema: {} } }, content: { 'application/json': { example: [1] } } }, {}, ctx())).toEqual([]);
    expect(totalCountExample(list(1, { items: [] }), {}, ctx())).toEqual([]);
  });

  it('version marks: known CE versions in order, removed operations deprecated, changes with a note and a before', () => {
    const at = ctx();
    expect(portainerVersionMarks({ 'x-portainer-since': '2.42' }, {}, at)).toEqual([]);
    expect(messages(portainerVersionMarks({ 'x-portainer-since': '2.46' }, {}, at))[0]).toMatch(/CE minor version/);
    expect(messages(portainerVersionMarks({ 'x-portainer-since': '2.40', 'x-portainer-removed-in': '2.39' }, {}, at))[0]).toMatch(/before x-portainer-removed-in/);
    expect(messages(portainerVersionMarks({ operationId: 'X', 'x-portainer-removed-in': '2.42' }, {}, at))[0]).toMatch(/deprecated: true/);
    expect(messages(portainerVersionMarks({ 'x-portainer-changed': [{ in: '2.44', before: {} }] }, {}, at))[0]).toMatch(/note/);
    expect(messages(portainerVersionMarks({ 'x-portainer-changed': [{ in: '2.44', note: 'was required before 2.44' }] }, {}, at))[0]).toMatch(/before/);
    expect(portainerVersionMarks({ 'x-portainer-removed-in': '2.41', 'x-portainer-backported': ['2.33.8', '2.39.2'] }, {}, at)).toEqual([]);
    expect(portainerVersionMarks({ 'x-portainer-changed': [{ in: '2.44', note: 'was required before 2.44', before: { required: ['a'] } }] }, {}, at)).toEqual([]);
    expect(portainerVersionMarks({ 'x-portainer-since': '2.42' }, {}, at)[0]?.path).toBeUndefined();
    expect(portainerVersionMarks({ 'x-portainer-since': 2.42 }, {}, at)[0].path).toEqual(at.path);
  });

  it("the bundle's X-Total-Count examples agree with their bodies", () => {
    const bundle = JSON.parse(fs.readFileSync('generated/portainer.openapi.json', 'utf8'));
    const resolve = (node: any): any => (node?.$ref ? node.$ref.slice(2).split('/').reduce((o: any, k: string) => o?.[k], bundle) : node);
    let checked = 0;
    for (const [p, item] of Object.entries<any>(bundle.paths)) {
      for (const [m, op] of Object.entries<any>(item)) {
        for (const [status, response] of Object.entries<any>(op?.responses ?? {})) {
          const r = resolve(response);
          if (!r?.headers?.['X-Total-Count']) continue;
          const content = Object.fromEntries(Object.entries<any>(r.content ?? {}).map(([k, v]) => [k, { ...v, examples: Object.fromEntries(Object.entries<any>(v.examples ?? {}).map(([n, e]) => [n, resolve(e)])) }]));
          checked++;
          expect(totalCountExample({ ...r, content }, {}, { path: ['paths', p, m, 'responses', status] })).toEqual([]);
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });
});
