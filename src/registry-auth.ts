// Values for the X-Registry-Auth header.
import { toBase64 } from './base64.js';
import { invalid } from './errors.js';

/**
 * Portainer's form: names a registry configured in Portainer (`GET /registries`), whose stored
 * credentials Portainer substitutes before forwarding to Docker. Portainer decodes it as standard
 * base64. `registryId: 0` means anonymous Docker Hub.
 */
export function registryAuth(auth: { registryId: number }): string;
/**
 * Docker's own form, for talking to a daemon directly: URL-safe base64 **with** padding, the only
 * form Docker 20.10 decodes (it silently ignores standard base64 with `+` or `/`, and unpadded
 * base64url, and then sends no credentials at all).
 */
export function registryAuth(auth: { username: string; password: string; serveraddress?: string } | { identitytoken: string; serveraddress?: string }): string;
export function registryAuth(auth: Record<string, unknown>): string {
  if (!auth || typeof auth !== 'object') invalid('registryAuth needs { registryId } or Docker credentials');
  if ('registryId' in auth) {
    const id = auth.registryId;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) invalid(`registryId must be a non-negative integer (got ${JSON.stringify(id)})`);
    return toBase64(JSON.stringify({ registryId: id }));
  }
  return toBase64(JSON.stringify(auth)).replaceAll('+', '-').replaceAll('/', '_');
}
