// Values for the X-Registry-Auth header.

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
  if (!auth || typeof auth !== 'object') throw new TypeError('portainer-openapi: registryAuth needs { registryId } or Docker credentials');
  if ('registryId' in auth) {
    const id = auth.registryId;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) {
      throw new TypeError(`portainer-openapi: registryId must be a non-negative integer (got ${JSON.stringify(id)})`);
    }
    return Buffer.from(JSON.stringify({ registryId: id })).toString('base64');
  }
  return Buffer.from(JSON.stringify(auth)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}
