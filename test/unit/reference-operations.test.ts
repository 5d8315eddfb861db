// The operations of a published description, written as plain facts (npm run audit:references)
// and read back: the same operations, paths, IDs and parameters as reading the description itself.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript audit modules
import { operationsFromFacts, operationsOf, operationsToFacts, referenceDifferences } from '../../scripts/audit/reference-operations.js';

const doc = {
  openapi: '3.0.0',
  paths: {
    '/stacks/{id}/': {
      parameters: [{ name: 'endpointId', in: 'query' }],
      put: { operationId: 'StackUpdate', parameters: [{ $ref: '#/components/parameters/Key' }, { name: 'id', in: 'path' }] },
      delete: {},
    },
    '/endpoints/{endpointId}/docker/containers/json': { get: { operationId: 'ContainerList' } }, // our Docker mount: left out
  },
  components: { parameters: { Key: { name: 'X-API-Key', in: 'header' } } },
};

describe('reference operations as facts', () => {
  it('read back as read from the description', () => {
    const ops = operationsOf(doc);
    const facts = JSON.parse(JSON.stringify(operationsToFacts(ops)));
    expect(facts).toEqual({
      'DELETE /stacks/{}': { path: '/stacks/{id}/', params: ['query:endpointId'] },
      'PUT /stacks/{}': { path: '/stacks/{id}/', operationId: 'StackUpdate', params: ['header:x-api-key', 'query:endpointId'] },
    });
    const back = operationsFromFacts(facts);
    expect(referenceDifferences(back, ops)).toEqual([]);
    expect([...back.keys()].sort()).toEqual([...ops.keys()].sort());
  });
});
