import { describe, expect, it } from 'vitest';
import { registryAuth } from '../../src/index.js';

describe('registryAuth', () => {
  it("encodes Portainer's {registryId} form as standard base64 JSON", () => {
    const value = registryAuth({ registryId: 1 });
    expect(value).toBe('eyJyZWdpc3RyeUlkIjoxfQ==');
    expect(JSON.parse(Buffer.from(value, 'base64').toString())).toEqual({ registryId: 1 });
  });

  it("encodes Docker's own credentials as URL-safe base64 with padding, as Docker 20.10 decodes them", () => {
    // Chosen so that standard base64 would contain both '+' and '/', and padding is needed.
    const auth = { username: 'deploy', password: 'p?>>~', serveraddress: 'registry.example.org' };
    const standard = Buffer.from(JSON.stringify(auth)).toString('base64');
    expect(standard).toMatch(/[+/]/);
    expect(standard).toMatch(/=$/);
    const value = registryAuth(auth);
    expect(value).not.toMatch(/[+/]/);
    expect(value).toMatch(/=$/);
    expect(value).toBe(standard.replace(/\+/g, '-').replace(/\//g, '_'));
    expect(JSON.parse(Buffer.from(value, 'base64url').toString())).toEqual(auth);
  });

  it.each([-1, 1.5, Number.NaN])('refuses registryId %s', (registryId) => {
    expect(() => registryAuth({ registryId })).toThrow(/non-negative integer/);
  });
});
