import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { errorFromResponse, PortainerError } from '../../src/errors.js';

const where = { method: 'GET', path: '/api/endpoints/1' };
const respond = (status: number, headers: Record<string, string> = {}, statusText = '') => new Response(null, { status, statusText, headers });

describe('errors from responses', () => {
  it("reads Portainer's {message, details}", () => {
    const error = errorFromResponse(respond(404), JSON.stringify({ message: 'Unable to find an environment', details: 'object not found' }), where, []);
    expect(error).toBeInstanceOf(PortainerError);
    expect(error).toMatchObject({ status: 404, message: 'Unable to find an environment', details: 'object not found', method: 'GET', path: '/api/endpoints/1' });
  });

  it("reads Docker's {message}", () => {
    expect(errorFromResponse(respond(409), JSON.stringify({ message: 'Conflict. The container name is in use' }), where, []).details).toBeUndefined();
  });

  it('reports an HTML error page by status text and its title', () => {
    const html = `<html><head><style>p{}</style><TITLE>502 Bad\n Gateway</TITLE></head><body><h1>502 Bad Gateway</h1><p>nginx</p>${'x'.repeat(5000)}</body></html>`;
    const error = errorFromResponse(respond(502, { 'content-type': 'text/html' }, 'Bad Gateway'), html, where, []);
    expect(error).toMatchObject({ message: 'Bad Gateway', details: 'text/html body: 502 Bad Gateway' });
    const untitled = errorFromResponse(respond(502, { 'content-type': 'text/html' }, 'Bad Gateway'), '<p>no title</p>', where, []);
    expect(untitled).toMatchObject({ message: 'Bad Gateway', details: undefined });
  });

  it('shows any other body as a short excerpt after the status text', () => {
    const body = JSON.stringify({ title: 'Invalid request', detail: 'x'.repeat(400) });
    const error = errorFromResponse(respond(422, { 'content-type': 'application/problem+json' }, 'Unprocessable Entity'), body, where, []);
    expect(error).toMatchObject({ code: 'http', status: 422, message: 'Unprocessable Entity' });
    expect(error.details).toMatch(/^application\/problem\+json body: \{"title":"Invalid request","detail":"x+…$/);
  });

  it('keeps secrets out of every form of the error', () => {
    const key = 'ptr_s3cretKeyValue1234567890';
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.c2lnbmF0dXJlMTIz';
    const body = `<p>upstream saw X-API-Key: ${key} and Authorization: Bearer ${jwt} password=hunter2hunter2</p>`;
    const error = errorFromResponse(respond(502, { 'content-type': 'text/html' }, 'Bad Gateway'), body, where, [key, 'hunter2hunter2']);
    for (const form of [error.message, error.details ?? '', String(error), JSON.stringify(error), inspect(error), error.stack ?? '']) {
      expect(form).not.toContain(key);
      expect(form).not.toContain(jwt);
      expect(form).not.toContain('hunter2hunter2');
    }
  });
});
