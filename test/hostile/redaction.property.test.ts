// Class 4, property-based: random secrets (the client's credential, a value of its `headers`
// option, a call's X-Registry-Auth), echoed by a hostile server in a random form (raw,
// JSON-escaped as JSON.stringify and as Go do, URL-encoded as encodeURIComponent and as Go's
// QueryEscape do) through a random kind of failure, never show in any form of the error:
// message, details, String(e), JSON.stringify(e), util.inspect(e), e.stack, nor any cause's.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortainerClient, PortainerError } from '../../src/index.js';
import { echoForms, errorForms, leaks, settle } from '../helpers/hostile.js';
import { json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

// No character of the `[redacted]` mark, and none of the punctuation of JSON or inspect output, so
// that a secret cannot be found where the error's own text happens to spell it.
const SAFE = 'bfghijklmnopqsuvwxyzBFGHIJKLMNOPQSUVWXYZ0123456789';
const PUNCTUATION = ' "\\&<>%+=/?!~*\'()#$@^|;-_.éü§';
const headerSecret = fc
  .string({ unit: fc.constantFrom(...SAFE, ...SAFE, ...PUNCTUATION), minLength: 8, maxLength: 24 })
  .filter((s) => s.trim() === s && !s.includes('  '));
const passwordSecret = fc
  .string({ unit: fc.constantFrom(...SAFE, ...PUNCTUATION, 'π', 'Ж', '😀'), minLength: 8, maxLength: 24 })
  .filter((s) => s.trim() === s && !s.includes('  '));

const KINDS = ['json', 'text', 'html', 'not-json', 'transport'] as const;
type Kind = (typeof KINDS)[number];

let scenario: { kind: Kind; form: number } = { kind: 'json', form: 0 };
let server: ScriptedServer;

/** What the server (or the caller's fetch) echoes: every secret it was sent, in the scenario's form. */
function echo(values: Array<string | undefined>): string {
  return values
    .filter((v): v is string => Boolean(v))
    .map((v) => {
      const forms = echoForms(v);
      return forms[scenario.form % forms.length];
    })
    .join(' | ');
}

beforeAll(async () => {
  server = await scriptedServer((req, res, seen) => {
    const password = seen.body.startsWith('{') ? (JSON.parse(seen.body) as { Password?: string }).Password : undefined;
    const text = echo([req.headers['x-api-key'] as string, req.headers.authorization?.replace(/^Bearer /, ''), req.headers['x-access-secret'] as string, req.headers['x-registry-auth'] as string, password]);
    if (scenario.kind === 'json') return json(res, 400, { message: `denied ${text}`, details: `got ${text}` });
    if (scenario.kind === 'html') {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      return void res.end(`<html><body><h1>Bad gateway</h1><p>${text}</p></body></html>`);
    }
    res.writeHead(scenario.kind === 'text' ? 500 : 200, { 'Content-Type': scenario.kind === 'text' ? 'text/plain' : 'application/json' });
    res.end(scenario.kind === 'text' ? `rejected: ${text}` : `{"x": ${text}`);
  });
});
afterAll(() => server.close());

/** A caller's fetch that fails with the request's secrets in its message and in a chain of causes. */
async function failingFetch(request: Request): Promise<Response> {
  const body = request.method === 'POST' && request.body ? await request.text() : '';
  const password = body.startsWith('{') ? (JSON.parse(body) as { Password?: string }).Password : undefined;
  const h = request.headers;
  const text = echo([h.get('x-api-key') ?? undefined, h.get('authorization')?.replace(/^Bearer /, ''), h.get('x-access-secret') ?? undefined, h.get('x-registry-auth') ?? undefined, password]);
  throw new TypeError(`fetch failed: ${text}`, { cause: new Error(`socket hang up near ${text}`, { cause: { code: 'ECONNRESET', message: text } }) });
}

describe('random secrets never show in an error', () => {
  it('in any form, through any kind of failure', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('apiKey', 'jwt', 'password'),
        headerSecret,
        passwordSecret,
        headerSecret,
        headerSecret,
        fc.constantFrom(...KINDS),
        fc.nat(4),
        async (auth, credential, password, proxy, registry, kind, form) => {
          fc.pre(!credential.startsWith('ptr_') && !/^Bearer\s/i.test(credential));
          scenario = { kind, form };
          const secret = auth === 'password' ? password : credential;
          const client = createPortainerClient({
            url: server.url,
            ...(auth === 'apiKey' ? { apiKey: credential } : auth === 'jwt' ? { jwt: credential } : { username: 'admin', password }),
            headers: { 'X-Access-Secret': proxy },
            retry: { attempts: 1 },
            ...(kind === 'transport' ? { fetch: failingFetch } : {}),
          } as never);
          const calls = [
            client.GET('/endpoints'),
            client.docker(1).POST('/images/create', { params: { query: { fromImage: 'x' }, header: { 'X-Registry-Auth': registry } } }),
          ];
          for (const outcome of await Promise.all(calls.map((call) => settle(call as Promise<{ error?: unknown }>)))) {
            const error = outcome.ok ? outcome.value.error : outcome.error;
            expect(error).toBeInstanceOf(PortainerError);
            expect(leaks(errorForms(error), [secret, proxy, registry].flatMap(echoForms))).toEqual([]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
