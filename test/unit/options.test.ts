import { describe, expect, it } from 'vitest';
import { resolveAuth, resolveUrl } from '../../src/options.js';
import { createPortainerClient } from '../../src/index.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln';

describe('createPortainerClient options', () => {
  it('adds /api to the base URL once, whatever the trailing slash', () => {
    expect(resolveUrl('https://p.example.org:9443', true)).toBe('https://p.example.org:9443/api');
    expect(resolveUrl('https://p.example.org:9443/', true)).toBe('https://p.example.org:9443/api');
    expect(resolveUrl('https://p.example.org:9443/api/', true)).toBe('https://p.example.org:9443/api');
    expect(resolveUrl('http://h/portainer', true)).toBe('http://h/portainer/api');
  });

  it.each([
    [{ url: 'portainer:9443' }, /http or https/],
    [{ url: 'not a url' }, /not an absolute URL/],
    [{ url: 'https://admin:secret@p.example.org' }, /must not hold credentials/],
    [{ url: 'https://p.example.org/?x=1' }, /query string/],
    [{}, /`url` is required/],
  ])('refuses a malformed url %j', (options, message) => {
    expect(() => createPortainerClient(options as never)).toThrow(message);
  });

  it('refuses an API key given as jwt, and a JWT given as apiKey, naming the right option', () => {
    expect(() => createPortainerClient({ url: 'http://h', jwt: 'ptr_abcdef0123456789' })).toThrow(/pass it as `apiKey`/);
    expect(() => createPortainerClient({ url: 'http://h', apiKey: JWT })).toThrow(/pass it as `jwt`/);
    expect(() => createPortainerClient({ url: 'http://h', apiKey: 'Bearer ptr_abcdef0123' })).toThrow(/without "Bearer "/);
  });

  it('wants exactly one way to authenticate', () => {
    expect(() => createPortainerClient({ url: 'http://h', apiKey: 'ptr_x1234567', jwt: JWT } as never)).toThrow(/exactly one way/);
    expect(() => createPortainerClient({ url: 'http://h', username: 'admin' } as never)).toThrow(/without `password`/);
    expect(() => createPortainerClient({ url: 'http://h', password: 'pw' } as never)).toThrow(/without `username`/);
    expect(resolveAuth({})).toEqual({ kind: 'none' });
  });

  it('never puts a secret in a construction error', () => {
    try {
      createPortainerClient({ url: 'http://h', jwt: 'ptr_verySecretKeyValue123' });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('verySecretKeyValue');
    }
  });
});
