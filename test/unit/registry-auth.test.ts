import { describe, expect, it } from 'vitest';
import { registryAuth } from '../../src/index.js';

describe('registryAuth', () => {
  it("encodes Portainer's {registryId} form as standard base64 JSON", () => {
    const value = registryAuth({ registryId: 1 });
    expect(value).toBe('eyJyZWdpc3RyeUlkIjoxfQ==');
    expect(JSON.parse(Buffer.from(value, 'base64').toString())).toEqual({ registryId: 1 });
  });

  it("encodes Docker's own credentials as base64url", () => {
    const value = registryAuth({ username: 'deploy', password: 'p?>>', serveraddress: 'registry.example.org' });
    expect(value).not.toMatch(/[+/=]/);
    expect(JSON.parse(Buffer.from(value, 'base64url').toString())).toEqual({ username: 'deploy', password: 'p?>>', serveraddress: 'registry.example.org' });
  });

  it.each([-1, 1.5, Number.NaN])('refuses registryId %s', (registryId) => {
    expect(() => registryAuth({ registryId })).toThrow(/non-negative integer/);
  });
});
