// Class 5: error bodies are read as a bounded prefix before any parsing, and nothing that looks at
// them is super-linear. A server that answers 500 with an endless body, or with megabytes shaped
// to make backtracking expressions explode, gets an error back in milliseconds; a success body
// over maxBodyBytes ends in `body-too-large`.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createPortainerClient, PortainerError } from '../../src/index.js';
import { inWorker } from '../helpers/bounded.js';
import { eventually } from '../helpers/raw-server.js';
import { scriptedServer, type ScriptedServer } from '../helpers/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  abandoned = 0;
  await server?.close();
  server = undefined;
});

const KEY = 'ptr_ErrorBodyKey0123456789';
const MiB = 1024 * 1024;

let abandoned = 0; // answers the client stopped reading (their connection closed under the server)

/** Writes `piece` again and again, honouring back-pressure, until the client goes away. */
function endless(res: ServerResponse, piece: string) {
  const block = piece.repeat(Math.ceil(65536 / piece.length));
  const pump = () => {
    while (!res.destroyed && res.write(block));
    if (!res.destroyed) res.once('drain', pump);
  };
  res.on('close', () => {
    res.removeAllListeners('drain');
    abandoned++;
  });
  pump();
}

// Bodies shaped against naive expressions: tags without ends, unclosed script and style, names
// followed by endless blanks, credential prefixes followed by endless token characters.
const HOSTILE_BODIES: Record<string, { type: string; body: string }> = {
  'unclosed <a': { type: 'text/html', body: '<a'.repeat(2 * MiB) },
  'tags without text': { type: 'text/html', body: '<b>'.repeat(MiB) },
  'unclosed <script': { type: 'text/html', body: `<html><script>${'x<'.repeat(2 * MiB)}` },
  'unclosed <style': { type: 'text/html', body: `<style>${'<style'.repeat(MiB)}` },
  'password= then blanks': { type: 'text/plain', body: `password${' '.repeat(4 * MiB)}` },
  'Bearer then blanks': { type: 'text/plain', body: `Bearer${'\t '.repeat(2 * MiB)}!` },
  'many password names': { type: 'text/plain', body: 'password '.repeat(MiB / 2) },
  'token prefixes': { type: 'text/plain', body: 'eyJ.'.repeat(MiB) },
  'ptr_ prefixes': { type: 'text/plain', body: 'ptr_'.repeat(MiB) },
  'nested JSON': { type: 'application/json', body: '{"message":'.repeat(MiB / 4) },
  'deep arrays': { type: 'application/json', body: '['.repeat(4 * MiB) },
  'whitespace': { type: 'text/html', body: `<p>${' \n'.repeat(2 * MiB)}</p>` },
};

describe('error bodies are read as a bounded prefix', () => {
  it('a 500 whose body never ends resolves, and the rest of the body is not read', { timeout: 10_000 }, async () => {
    server = await scriptedServer((_req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/html' });
      endless(res, '<p>still going</p>');
    });
    const client = createPortainerClient({ url: server.url, apiKey: KEY, timeoutMs: 60_000, retry: { attempts: 1 } });
    const { error } = await client.GET('/endpoints');
    expect(error).toBeInstanceOf(PortainerError);
    expect(error).toMatchObject({ code: 'http', status: 500 });
    expect(await eventually(() => abandoned === 1, 5000)).toBe(true);
  });

  it('a 502 from a proxy with an endless body, on a Docker call', { timeout: 10_000 }, async () => {
    server = await scriptedServer((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'application/json' });
      endless(res, '{"message":"x');
    });
    const client = createPortainerClient({ url: server.url, apiKey: KEY, timeoutMs: 60_000, retry: { attempts: 1 } });
    const { error } = await client.docker(1).GET('/containers/json');
    expect(error).toMatchObject({ code: 'http', status: 502 });
  });
});

describe('hostile error bodies take linear time', () => {
  const work = new URL('./work/call.ts', import.meta.url);
  for (const [name, { type, body }] of Object.entries(HOSTILE_BODIES)) {
    it(name, { timeout: 15_000 }, async () => {
      server = await scriptedServer((_req, res) => {
        res.writeHead(500, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
      });
      // In a worker with a hard bound: a backtracking expression would block the thread it runs on.
      const outcome = await inWorker<{ error?: { code?: string; status?: number }; shown?: number }>(work, 'getError', [server.url], 8000);
      expect(outcome.error).toMatchObject({ status: 500 });
      expect(outcome.shown).toBeLessThan(2000);
    });
  }
});

describe('an error body that breaks off', () => {
  it('is still an HTTP answer: the call resolves its status, whatever part of the body came', { timeout: 10_000 }, async () => {
    server = await scriptedServer((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'application/json', 'Content-Length': 400 });
      res.write('{"message":"No such container: web"');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const client = createPortainerClient({ url: server.url, apiKey: KEY, retry: { attempts: 2, baseDelayMs: 1 } });
    const outcome = await client.docker(1).GET('/containers/{id}/json', { params: { path: { id: 'web' } } }).then((r) => r, (e: unknown) => ({ rejected: e }));
    expect(outcome).not.toHaveProperty('rejected');
    expect((outcome as { error?: unknown }).error).toMatchObject({ code: 'http', status: 404 });
  });
});

describe('success bodies are bounded too', () => {
  it('a body over maxBodyBytes ends in body-too-large, without reading the rest', { timeout: 10_000 }, async () => {
    server = await scriptedServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      endless(res, '[1,');
    });
    const client = createPortainerClient({ url: server.url, apiKey: KEY, maxBodyBytes: MiB, timeoutMs: 60_000 });
    await expect(client.GET('/endpoints')).rejects.toMatchObject({ code: 'body-too-large', path: '/api/endpoints' });
    expect(server.seen).toHaveLength(1); // not retried: a bigger body will not come smaller next time
    expect(await eventually(() => abandoned === 1, 5000)).toBe(true);
  });
});
