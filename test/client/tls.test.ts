// TLS on a self-signed Portainer (port 9443 style): refused by default, accepted with the CA or an
// explicit opt-out of verification, and only for the client that asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortainerClient as createUniversalClient } from '../../src/index.js';
import { createPortainerClient } from '../../src/node.js';
import { json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';
import { selfSignedCertificate } from '../helpers/self-signed.js';

let server: ScriptedServer;
let cert: string;
beforeAll(async () => {
  const pair = selfSignedCertificate();
  cert = pair.cert;
  server = await scriptedServer((_req, res) => json(res, 200, [{ Id: 1, Name: 'local' }]), pair);
});
afterAll(() => server.close());

const KEY = 'ptr_key0123456789';

describe('TLS', () => {
  it('refuses an untrusted certificate with code tls', async () => {
    const client = createPortainerClient({ url: server.url, apiKey: KEY, retry: { attempts: 1 } });
    await expect(client.GET('/endpoints')).rejects.toMatchObject({ code: 'tls', method: 'GET', path: '/api/endpoints' });
  });

  it('trusts a certificate signed by the CA given in tls.ca (PEM string or Buffer)', async () => {
    for (const ca of [cert, Buffer.from(cert)]) {
      const { data, error } = await createPortainerClient({ url: server.url, apiKey: KEY, tls: { ca } }).GET('/endpoints');
      expect(error).toBeUndefined();
      expect(data).toEqual([{ Id: 1, Name: 'local' }]);
    }
  });

  it('is an option of the Node entry: the universal entry names it instead of ignoring it', () => {
    expect(() => createUniversalClient({ url: server.url, apiKey: KEY, tls: { ca: cert } } as never)).toThrow(
      expect.objectContaining({ code: 'invalid-option', message: expect.stringContaining("from 'portainer-openapi/node'") }),
    );
  });

  it('skips verification only when asked, and only for that client', async () => {
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    const insecure = createPortainerClient({ url: server.url, apiKey: KEY, tls: { insecureSkipVerify: true } });
    expect((await insecure.GET('/endpoints')).error).toBeUndefined();
    // Nothing process-wide changed: other clients and plain fetch still verify.
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBe(before);
    await expect(createPortainerClient({ url: server.url, apiKey: KEY, retry: { attempts: 1 } }).GET('/endpoints')).rejects.toMatchObject({ code: 'tls' });
    await expect(fetch(`${server.url}/api/endpoints`)).rejects.toThrow();
    await insecure.close();
  });
});
