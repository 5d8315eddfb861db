// Path parameters are data, never path: each value becomes exactly one encoded segment, and values
// that a server could still read as a relative step (`..`, `%2e%2e`, `a/../b`) are refused, since some
// servers decode `%2F` before routing.
import { PortainerError } from './errors.js';

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

export function serializePath(pathname: string, params: Record<string, unknown> | undefined): string {
  const refuse = (message: string): never => {
    throw new PortainerError({ method: '-', path: pathname, code: 'invalid-request', message });
  };
  return pathname.replace(PARAM, (_match, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) refuse(`Path parameter "${name}" is missing`);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') {
      refuse(`Path parameter "${name}" must be a string or a number, not ${typeof value}`);
    }
    if (typeof value === 'number' && Number.isFinite(value)) return String(value); // nothing to encode or check
    const text = String(value);
    if (text === '') refuse(`Path parameter "${name}" is empty`);
    // Only a value with a dot (or an escape that could be one) can hold a relative step.
    if ((text.includes('.') || text.includes('%')) && isDotSegment(text)) refuse(`Path parameter "${name}" contains a "." or ".." segment, which could leave the route ${pathname}`);
    return encodeURIComponent(text);
  });
}
