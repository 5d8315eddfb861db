// Class 12: options are validated at construction (`invalid-option`, naming the option, quoting no
// secret): time limits and retry delays are integers in range, attempts 1..10, empty credentials
// are refused, the Node-only options point to portainer-openapi/node; and a malformed
// Retry-After is ignored: normal backoff applies.
import { afterEach, describe, expect, it } from 'vitest';
import { createDockerEngineClient, createPortainerClient } from '../../src/index.js';
import { json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';
import { errorForms } from '../helpers/hostile.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const URL_ = 'http://127.0.0.1:9';
const KEY = 'ptr_OptionsTestKey0123456789';

function refusal(make: () => unknown): unknown {
  try {
    make();
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectRefused(make: () => unknown, names: string | RegExp) {
  const error = refusal(make);
  expect(error, `${names} accepted`).toMatchObject({ code: 'invalid-option' });
  expect((error as Error).message).toMatch(names);
  return error;
}

describe('numbers', () => {
  const BAD = [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, '100', null];
  for (const value of BAD) {
    it(`timeoutMs ${String(value)}`, () => expectRefused(() => createPortainerClient({ url: URL_, apiKey: KEY, timeoutMs: value as number }), /timeoutMs/));
    it(`retry.baseDelayMs ${String(value)}`, () => expectRefused(() => createPortainerClient({ url: URL_, apiKey: KEY, retry: { baseDelayMs: value as number } }), /baseDelayMs/));
    it(`retry.maxDelayMs ${String(value)}`, () => expectRefused(() => createPortainerClient({ url: URL_, apiKey: KEY, retry: { maxDelayMs: value as number } }), /maxDelayMs/));
  }
  for (const value of [0, 11, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`retry.attempts ${value}`, () => expectRefused(() => createPortainerClient({ url: URL_, apiKey: KEY, retry: { attempts: value } }), /attempts/));
  }
  for (const value of [0, -5, 1.5, Number.NaN]) {
    it(`maxBodyBytes ${value}`, () => expectRefused(() => createDockerEngineClient({ url: URL_, maxBodyBytes: value }), /maxBodyBytes/));
  }
  it('the edges of the ranges are accepted', () => {
    createPortainerClient({ url: URL_, apiKey: KEY, timeoutMs: 0, retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 2_147_483_647 } });
    createPortainerClient({ url: URL_, apiKey: KEY, timeoutMs: 2_147_483_647, retry: { attempts: 10 } });
  });
});

describe('credentials and headers', () => {
  for (const auth of [{ apiKey: '' }, { jwt: '' }, { username: '', password: 'pw-01234567' }, { username: 'admin', password: '' }]) {
    it(`an empty credential: ${Object.keys(auth).join('+')}`, () => expectRefused(() => createPortainerClient({ url: URL_, ...(auth as { apiKey: string }) }), /apiKey|jwt|username|password/));
  }

  it('a header value that cannot be sent is named, not quoted', () => {
    const error = expectRefused(() => createPortainerClient({ url: URL_, apiKey: KEY, headers: { 'X-Access': 'opt-s3cret\u0000' } }), /X-Access/);
    for (const form of errorForms(error)) expect(form).not.toContain('s3cret');
  });

  it('headers given as a Headers object or as pairs are used or refused, never dropped in silence', { timeout: 5000 }, async () => {
    server = await scriptedServer((_req, res) => json(res, 200, []));
    for (const headers of [new Headers({ 'X-Access': 'a' }), [['X-Access', 'a']]]) {
      let client: ReturnType<typeof createPortainerClient> | undefined;
      const error = refusal(() => (client = createPortainerClient({ url: server!.url, apiKey: KEY, headers: headers as never })));
      if (error) expect(error).toMatchObject({ code: 'invalid-option' });
      else {
        await client!.GET('/endpoints');
        expect(server.seen.at(-1)!.headers['x-access']).toBe('a');
      }
    }
  });
});

describe('Node-only options on the main entry', () => {
  it('tls and socketPath are refused, naming portainer-openapi/node', () => {
    expectRefused(() => createPortainerClient({ url: URL_, apiKey: KEY, tls: { insecureSkipVerify: true } } as never), /portainer-openapi\/node/);
    expectRefused(() => createDockerEngineClient({ socketPath: '/var/run/docker.sock' } as never), /portainer-openapi\/node/);
  });
});

describe('Retry-After', () => {
  // Dates that Date.parse would take, but that are no IMF-fixdate; numbers that are not delay-seconds.
  const MALFORMED = ['12/31/2999', '3000-01-01T00:00:00Z', 'Fri Jan 01 2999', 'Sun, 06 Nov 2994 08:49:37', '99999999999999999999', '1e3', '3.5', '0x10', 'soon'];
  for (const value of MALFORMED) {
    it(`a malformed value (${JSON.stringify(value)}) is ignored: normal backoff`, { timeout: 10_000 }, async () => {
      server = await scriptedServer((_req, res, _seen, index) => (index === 0 ? json(res, 503, { message: 'busy' }, { 'Retry-After': value }) : json(res, 200, [])));
      const delays: number[] = [];
      const client = createPortainerClient({ url: server.url, apiKey: KEY, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 60_000, onRetry: (r) => void delays.push(r.delayMs) } });
      const { error } = await client.GET('/endpoints');
      expect(error).toBeUndefined();
      expect(delays).toHaveLength(1);
      expect(delays[0]).toBeLessThanOrEqual(5);
    });
  }

  it('a well-formed value is honoured (seconds, capped by maxDelayMs)', { timeout: 10_000 }, async () => {
    server = await scriptedServer((_req, res, _seen, index) => (index === 0 ? json(res, 503, { message: 'busy' }, { 'Retry-After': '1' }) : json(res, 200, [])));
    const delays: number[] = [];
    const client = createPortainerClient({ url: server.url, apiKey: KEY, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 300, onRetry: (r) => void delays.push(r.delayMs) } });
    await client.GET('/endpoints');
    expect(delays).toEqual([300]);
  });
});
