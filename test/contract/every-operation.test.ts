// Every operation of generated/portainer.openapi.json (Docker passthrough included), called through
// the real client against the Prism mock with a request built from the spec's own examples: the
// mock must accept it, and the response must validate against the operation's schema. No operation
// can be described in a way the client cannot call.
import fs from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { createPortainerClient, type PortainerClient } from '../../src/index.js';
import { buildRequest, credentialFor, expectedStatus, operations, parseAsFor, responseValidator, type Doc } from '../helpers/spec-requests.js';

const doc: Doc = JSON.parse(fs.readFileSync('generated/portainer.openapi.json', 'utf8'));
const all = operations(doc);
const validate = responseValidator(doc);
const MOUNT = '/endpoints/{endpointId}/docker';
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6MSwiZXhwIjo0MTAyNDQ0ODAwfQ.c2lnbmF0dXJl';

let clients: Record<'none' | 'apiKey' | 'jwt', PortainerClient> | undefined;
const client = (kind: 'none' | 'apiKey' | 'jwt') => {
  const url = inject('prismUrl');
  clients ??= {
    none: createPortainerClient({ url, retry: { attempts: 1 } }),
    apiKey: createPortainerClient({ url, apiKey: 'ptr_everyOperationTestKey012345', retry: { attempts: 1 } }),
    jwt: createPortainerClient({ url, jwt: JWT, retry: { attempts: 1 } }),
  };
  return clients[kind];
};

describe(`every operation (${all.length})`, () => {
  it('covers the whole document', () => {
    expect(all.length).toBeGreaterThan(0);
  });

  it.each(all.map((op) => [op.id, op] as const))('%s', async (_id, operation) => {
    const request = buildRequest(doc, operation);
    expect(request.missing, 'examples the request needs').toEqual([]);
    // Docker routes are called as users call them: through portainer.docker(endpointId).
    const portainer = client(credentialFor(doc, operation.op));
    const docker = operation.path.startsWith(MOUNT);
    const target = (docker ? portainer.docker(Number(request.params.path.endpointId)) : portainer) as unknown as Record<string, (p: string, i: object) => Promise<any>>;
    const call = target[operation.method.toUpperCase()]!;
    if (docker) delete request.params.path.endpointId;
    const expected = expectedStatus(operation.op);
    const { data, error, response } = await call(docker ? operation.path.slice(MOUNT.length) : operation.path, {
      params: request.params,
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(expected.prefer ? { headers: { Prefer: `code=${expected.prefer}` } } : {}),
      parseAs: parseAsFor(doc, operation.op),
    });
    if (/^[23]/.test(expected.code)) {
      expect(error, `${response.status} ${error?.message}: ${error?.details}`).toBeUndefined();
      expect(validate(operation, response.status, response.headers.get('content-type'), data)).toEqual([]);
    } else {
      // Operations with no success to show (WebSocket upgrades, unrouted reference paths): the mock
      // must still accept the request (no 422) and answer with the documented status.
      expect(response.status, `${error?.message}: ${error?.details}`).toBe(Number(expected.code));
    }
  });
});
