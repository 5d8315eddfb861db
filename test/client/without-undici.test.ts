// A program bundled without its node_modules has no undici to load: the client must still work,
// with time limits from a signal per call, and say plainly what needs undici.
import { afterEach, describe, expect, it } from 'vitest';
import { Credentials } from '../../src/credentials.js';
import { resolveOptions, type PortainerClientOptions } from '../../src/options.js';
import { createTransport } from '../../src/transport.js';
import { json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function transportWithoutUndici(options: PortainerClientOptions) {
  const config = { ...resolveOptions(options), loadUndici: () => Promise.reject(new Error("Cannot find package 'undici'")) };
  let credentials!: Credentials;
  const transport = createTransport(config, () => credentials);
  credentials = new Credentials(config.auth, config.baseUrl, transport.raw);
  return { transport, config };
}

describe('without undici', () => {
  it('sends requests with the platform fetch', async () => {
    server = await scriptedServer((_req, res) => json(res, 200, [{ Id: 1 }]));
    const { transport, config } = transportWithoutUndici({ url: server.url, apiKey: 'ptr_key0123456789' });
    const response = await transport.send(new Request(`${config.baseUrl}/endpoints`), { replayable: true, streaming: false });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ Id: 1 }]);
    expect(server.seen[0]!.headers['x-api-key']).toBe('ptr_key0123456789');
  });

  it('still ends a call to a server that never answers with a timeout', async () => {
    server = await scriptedServer(() => new Promise<void>(() => {}));
    const { transport, config } = transportWithoutUndici({ url: server.url, apiKey: 'ptr_key0123456789', timeoutMs: 100, retry: { attempts: 1 } });
    await expect(transport.send(new Request(`${config.baseUrl}/endpoints`), { replayable: true, streaming: false })).rejects.toMatchObject({ code: 'timeout' });
  });

  it('refuses tls options with a message that says why', async () => {
    const { transport, config } = transportWithoutUndici({ url: 'https://127.0.0.1:9', apiKey: 'ptr_key0123456789', tls: { insecureSkipVerify: true } });
    await expect(transport.send(new Request(`${config.baseUrl}/endpoints`), { replayable: true, streaming: false })).rejects.toThrow(/need the undici package/);
  });
});
