// Class 4: redaction without gaps. An invalid header value is refused without being quoted;
// X-Registry-Auth values and the values of the `headers` option are secrets; a server that echoes
// a secret JSON-escaped (as Go escapes it too), URL-encoded, or a short one, still shows none of
// it; stream errors carrying credential-shaped text show none either.
import { afterEach, describe, expect, it } from 'vitest';
import { createPortainerClient, demultiplexDockerStream, encodeDockerFrame, followProgress, ndjson, PortainerError, registryAuth } from '../../src/index.js';
import { drain, echoForms, errorForms, leaks, settle, streamOf } from '../helpers/hostile.js';
import { fakeJwt, json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const KEY = 'ptr_RedactionTestKey0123456789abcdef';
const encoder = new TextEncoder();

/** The error of a call, whether the call resolved `{ error }` or rejected. */
async function failureOf(call: Promise<{ error?: unknown }>): Promise<unknown> {
  const outcome = await settle(call);
  const error = outcome.ok ? outcome.value.error : outcome.error;
  expect(error).toBeInstanceOf(PortainerError);
  return error;
}

function expectNoLeak(error: unknown, secrets: string[]) {
  expect(leaks(errorForms(error), secrets.flatMap(echoForms))).toEqual([]);
}

/** A proxy that echoes what `pick` takes from each request, in every form, in a text/plain 500. */
async function echoing(pick: (headers: Record<string, string | string[] | undefined>, body: string) => string[], status = 500, type = 'text/plain') {
  server = await scriptedServer((req, res, seen) => {
    const values = pick(req.headers, seen.body).filter(Boolean);
    res.writeHead(status, { 'Content-Type': type });
    res.end(`rejected: ${values.flatMap(echoForms).join(' ; ')}`);
  });
  return server;
}

describe('invalid header values are named, never quoted', () => {
  const BAD = ['s3cret-line\nInjected: 1', 'nul-\u0000-s3cret', 'non-latin-s3cret-€'];
  for (const value of BAD) {
    it(`per call, on JSON and binary routes: ${JSON.stringify(value.slice(0, 12))}…`, { timeout: 10_000 }, async () => {
      const client = createPortainerClient({ url: 'http://127.0.0.1:9', apiKey: KEY, retry: { attempts: 1 } });
      const docker = client.docker(1);
      for (const call of [
        client.GET('/endpoints', { headers: { 'X-Trace': value } }),
        docker.POST('/images/create', { params: { query: { fromImage: 'x' }, header: { 'X-Registry-Auth': value } }, parseAs: 'stream' }),
        docker.PUT('/containers/{id}/archive', { params: { path: { id: 'c' }, query: { path: '/' } }, headers: [['X-Trace', value]], body: new Uint8Array(1024) as never }),
      ]) {
        const error = await failureOf(call);
        expect(error).toMatchObject({ code: 'invalid-request' });
        expect((error as Error).message).toMatch(/X-Trace|X-Registry-Auth/);
        for (const form of errorForms(error)) expect(form).not.toContain('s3cret');
      }
    });
  }

  it('in the headers option', () => {
    const thrown = (() => {
      try {
        createPortainerClient({ url: 'http://127.0.0.1:9', apiKey: KEY, headers: { 'CF-Access-Client-Secret': 'opt-s3cret\r\nX: y' } });
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toMatchObject({ code: 'invalid-option' });
    expect((thrown as Error).message).toContain('CF-Access-Client-Secret');
    for (const form of errorForms(thrown)) expect(form).not.toContain('s3cret');
  });
});

describe('secrets beyond the credentials', () => {
  it('X-Registry-Auth values (Portainer and Docker forms) are secrets of their call', { timeout: 10_000 }, async () => {
    await echoing((h) => [String(h['x-registry-auth'] ?? '')]);
    const client = createPortainerClient({ url: server!.url, apiKey: KEY, retry: { attempts: 1 } });
    for (const auth of [registryAuth({ registryId: 2 }), registryAuth({ username: 'deploy', password: 'hunter2-registry' })]) {
      const error = await failureOf(client.docker(1).POST('/images/create', { params: { query: { fromImage: 'x' }, header: { 'X-Registry-Auth': auth } } }));
      expectNoLeak(error, [auth]);
    }
  });

  it('per-call X-API-Key, Authorization and Cookie values are secrets of their call', { timeout: 10_000 }, async () => {
    await echoing((h) => [String(h['x-api-key'] ?? ''), String(h.authorization ?? ''), String(h.cookie ?? '')]);
    const client = createPortainerClient({ url: server!.url, retry: { attempts: 1 } });
    const secrets = ['per-call-key-0123456', 'Bearer per-call-token-98765', 'session=per-call-cookie-4567'];
    const error = await failureOf(client.GET('/endpoints', { headers: [['X-API-Key', secrets[0]!], ['Authorization', secrets[1]!], ['Cookie', secrets[2]!]] }));
    expectNoLeak(error, secrets);
  });

  it('the values of the headers option are secrets', { timeout: 10_000 }, async () => {
    const proxy = 'proxy-client-secret-0123';
    await echoing((h) => [String(h['cf-access-client-secret'] ?? '')]);
    const client = createPortainerClient({ url: server!.url, apiKey: KEY, headers: { 'CF-Access-Client-Secret': proxy }, retry: { attempts: 1 } });
    expectNoLeak(await failureOf(client.GET('/endpoints')), [proxy]);
  });
});

describe('escaped, encoded and short forms', () => {
  it('a password echoed JSON-escaped (also as Go escapes it) and URL-encoded', { timeout: 10_000 }, async () => {
    const password = 'pa"ss\\w<o>r&d with spaces/+=!*';
    await echoing((_h, body) => [JSON.parse(body || '{}').Password ?? ''], 401);
    const client = createPortainerClient({ url: server!.url, username: 'admin', password, retry: { attempts: 1 } });
    expectNoLeak(await failureOf(client.GET('/endpoints')), [password]);
    expectNoLeak(await settle(client.login()).then((o) => (o.ok ? undefined : o.error)), [password]);
  });

  it('short secrets: a 2-character password', { timeout: 10_000 }, async () => {
    const password = 'π9';
    await echoing((_h, body) => [JSON.parse(body || '{}').Password ?? ''], 401);
    const client = createPortainerClient({ url: server!.url, username: 'admin', password, retry: { attempts: 1 } });
    expectNoLeak(await failureOf(client.GET('/endpoints')), [password]);
  });

  it('short secrets: a 3-character value of the headers option', { timeout: 10_000 }, async () => {
    const header = 'Q§7';
    await echoing((h) => [String(h['x-proxy-secret'] ?? '')]);
    const client = createPortainerClient({ url: server!.url, apiKey: KEY, headers: { 'X-Proxy-Secret': header }, retry: { attempts: 1 } });
    expectNoLeak(await failureOf(client.GET('/endpoints')), [header]);
  });

  it('the values of the headers option are secrets in a refused login too', { timeout: 10_000 }, async () => {
    const header = 'proxy-secret-at-login-0123';
    await echoing((h) => [String(h['x-proxy-secret'] ?? '')], 401);
    const client = createPortainerClient({ url: server!.url, username: 'admin', password: 'login-pw-0123456', headers: { 'X-Proxy-Secret': header }, retry: { attempts: 1 } });
    expectNoLeak(await failureOf(client.GET('/endpoints')), [header]);
    expectNoLeak(await settle(client.login()).then((o) => (o.ok ? undefined : o.error)), [header]);
  });

  it('a JSON error whose message and details quote the key', { timeout: 10_000 }, async () => {
    server = await scriptedServer((req, res) => json(res, 403, { message: `key ${req.headers['x-api-key']} refused`, details: JSON.stringify({ key: req.headers['x-api-key'] }) }));
    const client = createPortainerClient({ url: server.url, apiKey: KEY, retry: { attempts: 1 } });
    expectNoLeak(await failureOf(client.GET('/endpoints')), [KEY]);
  });

  it('a 2xx body that is not JSON and starts with the key: not even a piece of it', { timeout: 10_000 }, async () => {
    server = await scriptedServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(`${req.headers['x-api-key']} and more`);
    });
    const client = createPortainerClient({ url: server.url, apiKey: KEY, retry: { attempts: 1 } });
    const error = await failureOf(client.GET('/endpoints'));
    expect(error).toMatchObject({ code: 'unreadable-body' });
    for (const form of errorForms(error)) expect(form).not.toContain(KEY.slice(0, 10));
  });

  it("a caller's fetch failing with the key in its message and causes", { timeout: 10_000 }, async () => {
    const client = createPortainerClient({
      url: 'http://127.0.0.1:9',
      apiKey: KEY,
      retry: { attempts: 1 },
      fetch: async (request: Request) => {
        const key = request.headers.get('x-api-key')!;
        throw new TypeError(`fetch failed for ${key}`, { cause: new Error(`proxy said ${encodeURIComponent(key)}`, { cause: { code: 'ECONNRESET', message: JSON.stringify({ key }) } }) });
      },
    });
    expectNoLeak(await failureOf(client.GET('/endpoints')), [KEY]);
  });
});

describe('stream errors quoting credential-shaped text', () => {
  const jwt = fakeJwt({ id: 3, username: 'ci' });
  const shapes = [KEY, jwt, 'dXNlcjpodW50ZXIyLXJlZ2lzdHJ5'];

  it('a line of an NDJSON stream that is not JSON', { timeout: 10_000 }, async () => {
    const body = encoder.encode(`{"ok":1}\nX-API-Key: ${KEY}\n`);
    const { error } = await drain(ndjson(streamOf([body])));
    expect(error).toBeInstanceOf(PortainerError);
    expectNoLeak(error, [KEY]);
  });

  it('a progress line reporting an error with a token in it', { timeout: 10_000 }, async () => {
    const line = JSON.stringify({ errorDetail: { message: `unauthorized: Authorization: Bearer ${jwt} Basic ${shapes[2]}` }, error: 'unauthorized' });
    const failure = await settle(followProgress(streamOf([encoder.encode(`${line}\n`)])));
    expect(failure.ok).toBe(false);
    expectNoLeak((failure as { error: unknown }).error, [jwt, shapes[2]!]);
  });

  it('a type-3 frame of the daemon quoting a key', { timeout: 10_000 }, async () => {
    const stream = streamOf([encodeDockerFrame('stdout', 'ok\n'), encodeDockerFrame('error' as never, `Error grabbing logs: api key ${KEY} rejected`)]);
    const { error } = await drain(demultiplexDockerStream(stream));
    expect(error).toBeInstanceOf(PortainerError);
    expectNoLeak(error, [KEY]);
  });
});
