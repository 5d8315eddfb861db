// POST /build/cancel, a route API 1.41 daemons serve that the reference leaves out. Its 200 is an
// empty body labelled application/json, which Prism cannot carry (it fails to parse it): the
// call goes through the real-client front (./sdk-front.ts), which sends it to the daemon and
// checks the exchange against the description itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerEngineClient, type DockerEngineClient } from '../../src/index.js';
import type { Front } from './sdk-front.js';
import { frontForTier } from './sdk-helpers.js';

let front: Front;
let docker: DockerEngineClient;

beforeAll(async () => {
  front = await frontForTier();
  docker = createDockerEngineClient({ url: front.url, retry: { attempts: 1 } });
});
afterAll(async () => {
  await docker?.close();
  await front?.close();
});

describe('POST /build/cancel', () => {
  it('answers an empty 200 for an ID no build has', async () => {
    const { error, response } = await docker.POST('/build/cancel', { params: { query: { id: 'no-such-build' } }, parseAs: 'text' });
    expect(error).toBeUndefined();
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/json']);
  });

  it('answers 500 without an ID, which the description requires', async () => {
    const response = await fetch(`${front.url}/build/cancel`, { method: 'POST', signal: AbortSignal.timeout(10_000) });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'build ID not provided' });
    expect(front.violations()).toEqual([expect.stringMatching(/^POST \/build\/cancel: request .*required property 'query:id'/)]);
  });
});
