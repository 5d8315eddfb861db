// No token, key, password or credential header value in any form of any error: message,
// String(error), JSON.stringify(error), util.inspect(error), stack.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createPortainerClient, PortainerError, registryAuth } from '../../src/index.js';
import { fakeJwt, json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const KEY = 'ptr_SuperSecretApiKeyValue0123456789';
const PASSWORD = 'P4ssw0rd-very-secret';
const JWT = fakeJwt({ id: 7, username: 'ci' });
const REGISTRY = registryAuth({ username: 'deploy', password: 'registry-secret-pw' });

function forms(error: unknown): string[] {
  const e = error as PortainerError;
  return [e.message, e.details ?? '', String(e), JSON.stringify(e), inspect(e), inspect(e, { depth: 10, showHidden: true }), e.stack ?? ''];
}

function expectNoSecrets(error: unknown) {
  expect(error).toBeInstanceOf(PortainerError);
  for (const form of forms(error)) {
    // Not even a telling piece of one: the first 12 characters after any well-known prefix.
    for (const secret of [KEY, PASSWORD, JWT, REGISTRY, 'registry-secret-pw']) {
      expect(form).not.toContain(secret);
      expect(form).not.toContain(secret.replace(/^(ptr_|eyJ)/, '').slice(0, 12));
    }
  }
}

/** A hostile proxy that echoes every request header back in its error page. */
const echo = (status: number, html: boolean) => async () =>
  (server = await scriptedServer((_req, res, seen) => {
    const dump = Object.entries(seen.headers).map(([k, v]) => `${k}: ${v}`).join('\n');
    if (html) {
      res.writeHead(status, { 'Content-Type': 'text/html' });
      // Secrets right at the start, and one straddling the 200-character excerpt limit.
      const pad = 'x'.repeat(190);
      res.end(`<html><body><h1>${status}</h1><pre>${seen.headers['x-api-key'] ?? ''} ${pad} ${seen.headers['x-api-key'] ?? ''}\n${dump}\n${seen.body}</pre></body></html>`);
    } else json(res, status, { message: `failed for ${dump}`, details: seen.body });
  }));

describe('secrets in errors', () => {
  it.each([
    ['an HTML page echoing the headers', echo(502, true)],
    ['a JSON error echoing the headers', echo(400, false)],
  ])('API key and registry credentials: %s', async (_name, start) => {
    await start();
    const docker = createPortainerClient({ url: server!.url, apiKey: KEY, retry: { attempts: 1 } }).docker(1);
    const { error } = await docker.POST('/images/create', { params: { query: { fromImage: 'a' }, header: { 'X-Registry-Auth': REGISTRY } } });
    expectNoSecrets(error);
  });

  it('JWT: an error echoing the Authorization header', async () => {
    await echo(403, false)();
    const { error } = await createPortainerClient({ url: server!.url, jwt: JWT }).GET('/settings');
    expectNoSecrets(error);
  });

  it('password: a login refusal echoing the body', async () => {
    await echo(422, false)();
    const { error } = await createPortainerClient({ url: server!.url, username: 'admin', password: PASSWORD }).GET('/endpoints');
    expectNoSecrets(error);
  });

  it('transport failures', async () => {
    server = await scriptedServer((req) => void req.socket.destroy());
    const failure = await createPortainerClient({ url: server.url, apiKey: KEY, retry: { attempts: 1 } }).GET('/endpoints').catch((e: unknown) => e);
    expectNoSecrets(failure);
  });

  it('construction errors', () => {
    for (const options of [{ url: 'http://h', jwt: KEY }, { url: 'http://h', apiKey: JWT }, { url: `http://user:${PASSWORD}@h` }]) {
      try {
        createPortainerClient(options as never);
        expect.unreachable();
      } catch (error) {
        for (const form of [String(error), inspect(error)]) for (const secret of [KEY, JWT, PASSWORD]) expect(form).not.toContain(secret);
      }
    }
  });
});
