// Path parameters are data, never path: each value becomes exactly one encoded segment, and values
// that a server could still read as a relative step (`..`, `%2e%2e`, `a/../b`) are refused, since some
// servers decode `%2F` before routing. Docker and Portainer route the decoded path and answer a
// redirect for an empty segment, so a value may not start or end with `/` or hold `//`; for Docker
// names (the daemon reports container names as `/web`) a leading `/` is dropped instead.
import { invalid } from './errors.js';

const PARAM = /\{([^{}]+)\}/g;

function isDotSegment(value: string): boolean {
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // a malformed escape is encoded as is below
  }
  return [value, decoded].some((v) => v.split(/[/\\]/).some((segment) => segment === '.' || segment === '..'));
}

export function serializePath(pathname: string, params: Record<string, unknown> | undefined, dockerNames = false): string {
  if (!pathname.includes('{')) return pathname;
  return pathname.replace(PARAM, (_match, name: string) => {
    const value = params?.[name];
    const refuse = (why: string): never => invalid(`path parameter "${name}" ${why}`, 'invalid-request');
    if (value === undefined || value === null) refuse('is missing');
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) refuse(`must be a whole number (got ${value})`);
      return String(value); // nothing to encode or check
    }
    if (typeof value !== 'string' && typeof value !== 'bigint') refuse(`must be a string or a number, not ${typeof value}`);
    let text = String(value);
    if (dockerNames && text.startsWith('/')) {
      let start = 0;
      while (text[start] === '/') start++;
      text = text.slice(start);
    }
    if (text === '') refuse('is empty');
    if (text.startsWith('/') || text.endsWith('/') || text.includes('//')) refuse('has an empty segment (a "/" at either end, or "//"): the server would redirect');
    // Only a value with a dot (or an escape that could be one) can hold a relative step.
    if ((text.includes('.') || text.includes('%')) && isDotSegment(text)) refuse(`contains a "." or ".." segment, which could leave the route ${pathname}`);
    try {
      return encodeURIComponent(text);
    } catch { return refuse('is not valid Unicode text (a lone surrogate)'); }
  });
}

// Query strings as Portainer and Docker read them: arrays as repeated keys (`t=a&t=b`, which both
// parse), everything else as text; keys and values encoded; undefined and null left out.
export function serializeQuery(query: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(typeof item === 'object' ? JSON.stringify(item) : String(item))}`);
    }
  }
  return pairs.join('&');
}
