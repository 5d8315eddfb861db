// Query flags as the daemon reads them. Most routes read a flag with `httputils.BoolValue`, which
// takes any text (empty, `0`, `no`, `false` and `none`, in any case, are false; anything else is
// true); a few use Go's `strconv.ParseBool`, which knows twelve spellings and refuses the rest with
// 400. The description says which is which (`QueryFlag`, `StrictQueryFlag`). Here its schemas are
// held to moby's 20.10 router (the table below), to a validating Prism mock (every spelling the
// daemon takes passes, the ones it refuses do not), and, for the strict flags, to the daemon.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { startPrism } from '../../scripts/lib/prism.js';
import { createDockerEngineClient, type DockerEngineClient } from '../../src/index.js';
import { buildRequest, deref, expectedStatus, operations, type Doc, type Operation } from '../helpers/spec-requests.js';

const bundle = path.resolve('generated/docker.openapi.json');
const doc: Doc = JSON.parse(fs.readFileSync(bundle, 'utf8'));

/** Flags moby v20.10.24 reads with strconv.ParseBool (api/server/router/network/network_routes.go, swarm/cluster_routes.go). */
const PARSE_BOOL = [
  'GET /networks/{id} verbose',
  'POST /swarm/update rotateWorkerToken',
  'POST /swarm/update rotateManagerToken',
  'POST /swarm/update rotateManagerUnlockKey',
  'GET /services status',
  'GET /services/{id} insertDefaults',
];

/** What SDKs send, and what else the daemon's BoolValue takes. */
const ANY_TEXT = ['true', 'false', 'True', 'False', 'TRUE', '1', '0', 'yes', 'no', 'none', 'NONE', '', 'on', '2', 'anything'];
const PARSE_BOOL_ACCEPTS = ['1', 't', 'T', 'true', 'True', 'TRUE', '0', 'f', 'F', 'false', 'False', 'FALSE', ''];
const PARSE_BOOL_REFUSES = ['yes', 'no', 'on', '2', 'tRuE'];

interface Flag {
  op: Operation;
  name: string;
  strict: boolean;
  key: string;
}

const SCHEMA = /#\/components\/schemas\/(Strict)?QueryFlag$/;

function flags(): Flag[] {
  const out: Flag[] = [];
  for (const op of operations(doc)) {
    for (const raw of [...(op.item.parameters ?? []), ...(op.op.parameters ?? [])]) {
      const param = deref(doc, raw);
      const ref = param.in === 'query' ? SCHEMA.exec(param.schema?.$ref ?? '') : null;
      if (ref) out.push({ op, name: param.name, strict: Boolean(ref[1]), key: `${op.method.toUpperCase()} ${op.path} ${param.name}` });
    }
  }
  return out;
}

/** The operation called through a client, with the examples' parameters and `flag` set to `value`. */
async function call(client: DockerEngineClient, flag: Flag, value: string, prefer = false) {
  const request = buildRequest(doc, flag.op);
  const expected = expectedStatus(flag.op.op);
  const method = (client as unknown as Record<string, (p: string, i: object) => Promise<{ response: Response; error?: { message: string } }>>)[flag.op.method.toUpperCase()]!;
  return method(flag.op.path, {
    params: { ...request.params, query: { ...request.params.query, [flag.name]: value } },
    ...(request.body !== undefined ? { body: request.body } : {}),
    ...(prefer && expected.prefer ? { headers: { Prefer: `code=${expected.prefer}` } } : {}),
    parseAs: 'text',
  });
}

describe('the flag schemas', () => {
  it('give every boolean query parameter one of the two flag schemas', () => {
    const bare = operations(doc).flatMap((op) =>
      [...(op.item.parameters ?? []), ...(op.op.parameters ?? [])]
        .map((raw) => deref(doc, raw))
        .filter((p) => p.in === 'query' && deref(doc, p.schema)?.type === 'boolean')
        .map((p) => `${op.method.toUpperCase()} ${op.path} ${p.name}`),
    );
    expect(bare).toEqual([]);
    expect(flags().length).toBeGreaterThan(50);
  });

  it('use the strict schema exactly where the daemon parses with strconv.ParseBool', () => {
    expect(flags().filter((f) => f.strict).map((f) => f.key).sort()).toEqual([...PARSE_BOOL].sort());
  });
});

describe('a validating Prism mock of the description', () => {
  let prism: { url: string; stop(): Promise<void> };
  let mock: DockerEngineClient;

  beforeAll(async () => {
    prism = await startPrism({ spec: bundle, mode: 'mock' });
    mock = createDockerEngineClient({ url: prism.url, retry: { attempts: 1 } });
  });
  afterAll(async () => {
    await mock?.close();
    await prism?.stop();
  });

  /** Whether the mock refused the request: a 422, or the operation's own 400 with `sl-violations`. */
  const refused = async (flag: Flag, value: string) => {
    const { response } = await call(mock, flag, value, true);
    return response.status === 422 || /"severity":"Error"/.test(response.headers.get('sl-violations') ?? '');
  };

  it('takes `True`, as Python sends it, for every flag', async () => {
    const answers = await Promise.all(flags().map(async (flag) => [flag.key, await refused(flag, 'True')] as const));
    expect(answers.filter(([, no]) => no).map(([key]) => key)).toEqual([]);
  });

  it('takes any text for a flag the daemon reads with BoolValue', async () => {
    const all = flags().find((f) => f.key === 'GET /containers/json all')!;
    const wrong = (await Promise.all(ANY_TEXT.map(async (v) => ((await refused(all, v)) ? v : undefined)))).filter((v) => v !== undefined);
    expect(wrong).toEqual([]);
  });

  it('takes exactly the spellings strconv.ParseBool takes for a strict flag', async () => {
    const wrong: string[] = [];
    for (const flag of flags().filter((f) => f.strict)) {
      for (const value of PARSE_BOOL_ACCEPTS) if (await refused(flag, value)) wrong.push(`${flag.key}=${JSON.stringify(value)} refused`);
      for (const value of PARSE_BOOL_REFUSES) if (!(await refused(flag, value))) wrong.push(`${flag.key}=${JSON.stringify(value)} taken`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('the daemon', () => {
  const daemon = createDockerEngineClient({ url: inject('dockerUrl'), retry: { attempts: 1 } });
  afterAll(() => daemon.close());

  it('refuses (400) what a strict flag refuses, and takes what it takes', async () => {
    for (const flag of flags().filter((f) => f.strict)) {
      const refused = await call(daemon, flag, 'yes');
      expect([flag.key, refused.response.status, refused.error?.message]).toEqual([flag.key, 400, expect.stringMatching(/^invalid value for \w+: yes/)]);
      const taken = await call(daemon, flag, 'True');
      expect([flag.key, taken.response.status]).not.toEqual([flag.key, 400]);
    }
  });

  it('takes any text for other flags', async () => {
    const { data, response } = await daemon.GET('/containers/json', { params: { query: { all: 'anything', size: 'None' } } });
    expect(response.status).toBe(200);
    expect(Array.isArray(data)).toBe(true);
  });
});
