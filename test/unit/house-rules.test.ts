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
});
