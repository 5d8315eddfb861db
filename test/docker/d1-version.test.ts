// API version negotiation against the real daemon: GET /version through the validating proxy picks
// the version; the versioned client (paths under /v1.41) talks to the daemon directly, as the proxy
// serves the unprefixed paths of the spec only.
import { describe, expect, inject, it } from 'vitest';
import { createDockerEngineClient, negotiateDockerApiVersion, NEWEST_DOCKER_API_VERSION, compareDockerApiVersions, withNegotiatedDockerApiVersion } from '../../src/index.js';

describe('API version negotiation', () => {
  it('reads the daemon version through the proxy and keeps the lower one', async () => {
    const proxy = createDockerEngineClient({ url: inject('dockerProxyUrl') });
    try {
      const { data } = await proxy.GET('/version');
      const picked = await negotiateDockerApiVersion(proxy);
      expect(compareDockerApiVersions(picked, NEWEST_DOCKER_API_VERSION)).toBeLessThanOrEqual(0);
      expect(picked).toBe(compareDockerApiVersions(data!.ApiVersion!, NEWEST_DOCKER_API_VERSION) < 0 ? data!.ApiVersion : NEWEST_DOCKER_API_VERSION);
    } finally {
      await proxy.close();
    }
  });

  it('makes a client that sends the negotiated version prefix', async () => {
    const seen: string[] = [];
    const client = await withNegotiatedDockerApiVersion((o) =>
      createDockerEngineClient({
        url: inject('dockerUrl'),
        fetch: (request, init) => {
          seen.push(new URL(request.url).pathname);
          return fetch(request, init);
        },
        ...o,
      }),
    );
    try {
      expect(client.apiVersion).toMatch(/^1\.\d+$/);
      const { data, error } = await client.GET('/_ping', { parseAs: 'text' });
      expect(error).toBeUndefined();
      expect(data).toBe('OK');
      expect(seen).toEqual(['/version', `/v${client.apiVersion}/_ping`]);
    } finally {
      await client.close();
    }
  });
});
