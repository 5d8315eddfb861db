// Reads a JWT's claims without checking its signature: the client only needs to know when to log
// in again; the server is the one that verifies tokens.
import { fromBase64 } from './base64.js';

export const JWT_SHAPE = /^eyJ[\w-]+\.[\w-]+\.[\w-]*$/;

export function jwtClaims(token: string): { exp?: number; iat?: number } {
  try {
    const claims = JSON.parse(fromBase64(token.split('.')[1] ?? '')) as Record<string, unknown>;
    const number = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
    return { exp: number(claims.exp), iat: number(claims.iat) };
  } catch { return {}; }
}
