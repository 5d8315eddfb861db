import { describe, expect, it } from 'vitest';
import { serializePath } from '../../src/path-params.js';

describe('path parameters', () => {
  it('encodes each value as a single segment', () => {
    expect(serializePath('/containers/{id}/json', { id: 'web01' })).toBe('/containers/web01/json');
    expect(serializePath('/containers/{id}/json', { id: 'x?admin=1' })).toBe('/containers/x%3Fadmin%3D1/json');
    expect(serializePath('/containers/{id}/json', { id: 'x#y' })).toBe('/containers/x%23y/json');
    expect(serializePath('/images/{name}/json', { name: 'library/nginx:1.27' })).toBe('/images/library%2Fnginx%3A1.27/json');
    expect(serializePath('/endpoints/{id}', { id: 7 })).toBe('/endpoints/7');
  });

  it.each(['..', '.', '../../users', 'a/../b', '%2e%2e', '%2E%2e/x', 'a\\..\\b'])('refuses %j, which could leave the route', (id) => {
    expect(() => serializePath('/containers/{id}/json', { id })).toThrow(/"\." or "\.\." segment/);
  });

  it('refuses numbers that are not whole, and values that leave an empty segment', () => {
    for (const id of [Number.NaN, Number.POSITIVE_INFINITY, 1.5, 2 ** 60]) expect(() => serializePath('/endpoints/{id}', { id })).toThrow(/whole number/);
    for (const id of ['/web', 'web/', 'a//b']) expect(() => serializePath('/containers/{id}/json', { id })).toThrow(/empty segment/);
  });

  it('drops the leading "/" of Docker names (the daemon reports /web), and only for Docker', () => {
    expect(serializePath('/containers/{id}/json', { id: '/web' }, true)).toBe('/containers/web/json');
    expect(serializePath('/containers/{id}/{alias}', { id: 'web', alias: '/web/db' }, true)).toBe('/containers/web/web%2Fdb');
  });

  it('refuses missing, empty and non-scalar values', () => {
    expect(() => serializePath('/containers/{id}', {})).toThrow(/missing/);
    expect(() => serializePath('/containers/{id}', { id: '' })).toThrow(/empty/);
    expect(() => serializePath('/containers/{id}', { id: { a: 1 } })).toThrow(/string or a number/);
  });
});
