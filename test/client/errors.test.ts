// Honest errors from real-world failures: Portainer's JSON, Docker's JSON, a reverse proxy's HTML,
// an empty body.
import { afterEach, describe, expect, it } from 'vitest';
import { createPortainerClient, PortainerError } from '../../src/index.js';
import { json, scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const KEY = 'ptr_key0123456789';

describe('errors', () => {
  it("carries Portainer's message and details, with the method and path", async () => {
    server = await scriptedServer((_req, res) => json(res, 404, { message: 'Unable to find an environment with the specified identifier inside the database', details: 'object not found inside the database' }));
    const { data, error, response } = await createPortainerClient({ url: server.url, apiKey: KEY }).GET('/endpoints/{id}', { params: { path: { id: 42 } } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toBeInstanceOf(PortainerError);
    expect(error).toMatchObject({ status: 404, details: 'object not found inside the database', method: 'GET', path: '/api/endpoints/42' });
    expect(String(error)).toBe(
      'PortainerError: GET /api/endpoints/42 failed (404): Unable to find an environment with the specified identifier inside the database (object not found inside the database)',
    );
  });

  it("carries Docker's message through the passthrough", async () => {
    server = await scriptedServer((_req, res) => json(res, 409, { message: 'Conflict. The container name "/web01" is already in use' }));
    const { error } = await createPortainerClient({ url: server.url, apiKey: KEY }).docker(1).POST('/containers/create', { body: { Image: 'nginx' } });
    expect(error).toMatchObject({ status: 409, message: 'Conflict. The container name "/web01" is already in use', details: undefined });
  });

  it("turns a reverse proxy's HTML 502 into the status text and a short excerpt", async () => {
    server = await scriptedServer((_req, res) => {
      res.writeHead(502, 'Bad Gateway', { 'Content-Type': 'text/html' });
      res.end('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.27.0</center></body></html>');
    });
    const { error } = await createPortainerClient({ url: server.url, apiKey: KEY, retry: { attempts: 1 } }).GET('/endpoints');
    expect(error).toMatchObject({ status: 502, message: 'Bad Gateway', details: 'text/html body: 502 Bad Gateway' });
  });

  it('reports an empty error body by its status', async () => {
    server = await scriptedServer((_req, res) => void res.writeHead(500, 'Internal Server Error').end());
    const { error } = await createPortainerClient({ url: server.url, apiKey: KEY }).GET('/endpoints');
    expect(error).toMatchObject({ status: 500, message: 'Internal Server Error', details: undefined });
  });
});
