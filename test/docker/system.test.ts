// System routes through the validating Prism proxy, with the typed client.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDockerEngineClient } from '../../src/index.js';

const docker = createDockerEngineClient({ url: inject('dockerProxyUrl') });
afterAll(() => docker.close());

describe('system', () => {
  it('pings', async () => {
    const { data, error, response } = await docker.GET('/_ping', { parseAs: 'text' });
    expect(error).toBeUndefined();
    expect(data).toBe('OK');
    expect(response.headers.get('api-version')).toMatch(/^1\.\d+$/);
  });

  it('reports its version', async () => {
    const { data, error } = await docker.GET('/version');
    expect(error).toBeUndefined();
    expect(data?.ApiVersion).toMatch(/^1\.\d+$/);
    expect(data?.Components?.some((c) => c.Name === 'Engine')).toBe(true);
  });

  it('reports host information', async () => {
    const { data, error } = await docker.GET('/info');
    expect(error).toBeUndefined();
    expect(data?.Driver).toBe('vfs');
    expect(data?.Images).toBeGreaterThanOrEqual(1);
  });
});
