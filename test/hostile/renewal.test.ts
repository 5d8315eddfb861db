// Class 14: a 401 on any call (Docker proxy calls, streamed answers, binary and streamed uploads)
// triggers the single-flight renewal of a username/password session. A body that can be sent again
// is replayed with the new token; a one-shot stream is not sent twice, but the next call works.
import { afterEach, describe, expect, it } from 'vitest';
import { createPortainerClient, putContainerArchive } from '../../src/index.js';
import { fakeJwt, json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A Portainer that issues t1, t2, … and accepts only the newest; `revoke()` makes the next calls meet a 401. */
async function portainer() {
  const state = { logins: 0, current: '', bodies: [] as string[], revoke: () => void (state.current = 'revoked') };
  server = await scriptedServer(async (req, res, seen) => {
    if (seen.path === '/api/auth') {
      state.logins++;
      await new Promise((r) => setTimeout(r, 30));
      state.current = fakeJwt({ id: 1, n: state.logins });
      return json(res, 200, { jwt: state.current });
    }
    if (req.method === 'PUT' || req.method === 'POST') state.bodies.push(seen.body);
    if (req.headers.authorization !== `Bearer ${state.current}`) return json(res, 401, { message: 'Unauthorized' });
    if (seen.path.endsWith('/events')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.end('{"Action":"start"}\n');
    }
    return json(res, 200, seen.path.endsWith('/json') ? [] : {});
  });
  return state;
}

const login = () => createPortainerClient({ url: server!.url, username: 'admin', password: 'renewal-pw-0123', retry: { attempts: 1 } });
const calls = () => server!.seen.filter((s) => s.path !== '/api/auth');

describe('a 401 renews the session', () => {
  it('on a Docker proxy call, which is replayed', { timeout: 10_000 }, async () => {
    const state = await portainer();
    const client = login();
    await client.login();
    state.revoke();
    const { error } = await client.docker(1).GET('/containers/json');
    expect(error).toBeUndefined();
    expect(state.logins).toBe(2);
  });

  it('on a streamed answer, which is replayed', { timeout: 10_000 }, async () => {
    const state = await portainer();
    const client = login();
    await client.login();
    state.revoke();
    const { data, error } = await client.docker(1).GET('/events', { parseAs: 'stream' });
    expect(error).toBeUndefined();
    expect(await new Response(data as ReadableStream).text()).toBe('{"Action":"start"}\n');
    expect(state.logins).toBe(2);
  });

  it('on a binary upload from bytes, which is replayed whole', { timeout: 10_000 }, async () => {
    const state = await portainer();
    const client = login();
    await client.login();
    state.revoke();
    const tar = new TextEncoder().encode('x'.repeat(4096));
    await putContainerArchive(client.docker(1), 'web', '/tmp', tar);
    expect(state.logins).toBe(2);
    expect(state.bodies).toHaveLength(2);
    expect(state.bodies[1]).toBe(state.bodies[0]);
  });

  it('on a one-shot stream upload: not sent twice, and the next call has the new token', { timeout: 10_000 }, async () => {
    const state = await portainer();
    const client = login();
    await client.login();
    state.revoke();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('one-shot'));
        controller.close();
      },
    });
    const { error } = await client.docker(1).PUT('/containers/{id}/archive', { params: { path: { id: 'web' }, query: { path: '/tmp' } }, body: body as never, parseAs: 'text' });
    expect(error).toMatchObject({ status: 401 });
    expect(state.bodies).toEqual(['one-shot']);
    expect(state.logins).toBe(2); // renewed all the same
    expect((await client.GET('/endpoints')).error).toBeUndefined();
    expect(state.logins).toBe(2);
    expect(calls().at(-1)!.headers.authorization).toBe(`Bearer ${state.current}`);
  });

  it('a storm of 401s on every kind of call: one login', { timeout: 10_000 }, async () => {
    const state = await portainer();
    const client = login();
    await client.login();
    state.revoke();
    const docker = client.docker(1);
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => client.GET('/endpoints')),
      ...Array.from({ length: 10 }, () => docker.GET('/containers/json')),
      ...Array.from({ length: 5 }, () => docker.GET('/events', { parseAs: 'stream' })),
      ...Array.from({ length: 5 }, () => docker.POST('/containers/{id}/start', { params: { path: { id: 'web' } }, retry: true })),
    ]);
    for (const result of results) expect((result as { error?: unknown }).error).toBeUndefined();
    expect(state.logins).toBe(2);
  });
});

describe('no renewal where there is nothing to renew', () => {
  it('an API key meeting a 401 does not log in', { timeout: 10_000 }, async () => {
    await portainer();
    const client = createPortainerClient({ url: server!.url, apiKey: 'ptr_RenewalKey0123456789' });
    expect((await client.GET('/endpoints')).error).toMatchObject({ status: 401 });
    expect(server!.seen.filter((s) => s.path === '/api/auth')).toHaveLength(0);
  });
});
