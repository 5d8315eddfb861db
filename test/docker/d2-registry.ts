// A tiny in-memory registry (Docker Registry HTTP API v2, plus the v1 search and ping routes) on
// loopback, so the daemon can push, pull, log in, search and inspect distribution data without
// any network. It speaks HTTPS with a throwaway self-signed certificate (made with the openssl
// CLI): registries on 127.0.0.0/8 are "insecure" by default, so the daemon skips certificate
// checks, and the plugin puller (containerd's resolver) never falls back to plain HTTP. Only what
// Docker 20.10 and containerd's resolver use is implemented; everything is kept in memory.
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface FakeRegistryOptions {
  /** Require HTTP Basic credentials on every /v2/ route. */
  auth?: { username: string; password: string };
  /** Repositories the v1 search route reports, by name (without the registry host). */
  searchable?: { name: string; description: string; star_count?: number; is_official?: boolean; is_automated?: boolean }[];
}

export interface FakeRegistry {
  /** `localhost:PORT`, the host part of image names pushed here. */
  host: string;
  /** Requests seen, as `METHOD path`. */
  requests: string[];
  /** Manifests by `repo:tag`, as pushed. */
  manifests: Map<string, { mediaType: string; body: Buffer; digest: string }>;
  close(): Promise<void>;
}

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function jsonError(res: http.ServerResponse, status: number, code: string, message: string) {
  const body = JSON.stringify({ errors: [{ code, message, detail: null }] });
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** A key and certificate for `localhost`, valid for a day, made by the openssl CLI. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portainer-openapi-registry-'));
  try {
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
  } catch (error) {
    throw new Error(`the fake registry needs the openssl CLI to make its certificate: ${(error as Error).message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function startFakeRegistry(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const blobs = new Map<string, Buffer>();
  const uploads = new Map<string, Buffer[]>();
  const manifests = new Map<string, { mediaType: string; body: Buffer; digest: string }>();
  const byDigest = new Map<string, { mediaType: string; body: Buffer; digest: string }>();
  const requests: string[] = [];

  const server = https.createServer(selfSignedCertificate(), async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://registry');
      const method = req.method ?? 'GET';
      requests.push(`${method} ${url.pathname}`);
      const body = await readBody(req);

      if (url.pathname === '/v1/_ping') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end('{"standalone":true}');
      }
      if (url.pathname === '/v1/search') {
        const q = url.searchParams.get('q') ?? '';
        const results = (options.searchable ?? [])
          .filter((r) => r.name.includes(q))
          .map((r) => ({ star_count: 0, is_official: false, is_automated: false, ...r }));
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ num_results: results.length, query: q, results }));
      }
      if (!url.pathname.startsWith('/v2/')) return jsonError(res, 404, 'NOT_FOUND', 'not found');

      if (options.auth) {
        const expected = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
        if (req.headers.authorization !== expected) {
          res.setHeader('WWW-Authenticate', 'Basic realm="fake-registry"');
          res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
          return jsonError(res, 401, 'UNAUTHORIZED', 'authentication required');
        }
      }
      res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
      if (url.pathname === '/v2/') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 2 });
        return res.end('{}');
      }

      let m = /^\/v2\/(.+)\/blobs\/uploads\/?([^/]*)$/.exec(url.pathname);
      if (m) {
        const repo = m[1]!;
        let id = m[2] ?? '';
        if (method === 'POST' && !id) {
          const mount = url.searchParams.get('mount');
          if (mount && blobs.has(mount)) {
            res.writeHead(201, { Location: `/v2/${repo}/blobs/${mount}`, 'Docker-Content-Digest': mount, 'Content-Length': 0 });
            return res.end();
          }
          id = randomUUID();
          uploads.set(id, []);
          const digest = url.searchParams.get('digest');
          if (digest) {
            // monolithic upload in one POST
            blobs.set(digest, body);
            uploads.delete(id);
            res.writeHead(201, { Location: `/v2/${repo}/blobs/${digest}`, 'Docker-Content-Digest': digest, 'Content-Length': 0 });
            return res.end();
          }
          res.writeHead(202, { Location: `/v2/${repo}/blobs/uploads/${id}`, 'Docker-Upload-UUID': id, Range: '0-0', 'Content-Length': 0 });
          return res.end();
        }
        const parts = uploads.get(id);
        if (!parts) return jsonError(res, 404, 'BLOB_UPLOAD_UNKNOWN', 'upload unknown');
        if (body.length) parts.push(body);
        const size = parts.reduce((n, p) => n + p.length, 0);
        if (method === 'PATCH') {
          res.writeHead(202, { Location: `/v2/${repo}/blobs/uploads/${id}`, 'Docker-Upload-UUID': id, Range: `0-${Math.max(size - 1, 0)}`, 'Content-Length': 0 });
          return res.end();
        }
        if (method === 'PUT') {
          const data = Buffer.concat(parts);
          const digest = url.searchParams.get('digest') ?? '';
          if (sha256(data) !== digest) return jsonError(res, 400, 'DIGEST_INVALID', `digest mismatch: ${digest}`);
          blobs.set(digest, data);
          uploads.delete(id);
          res.writeHead(201, { Location: `/v2/${repo}/blobs/${digest}`, 'Docker-Content-Digest': digest, 'Content-Length': 0 });
          return res.end();
        }
        if (method === 'GET') {
          res.writeHead(204, { Location: `/v2/${repo}/blobs/uploads/${id}`, Range: `0-${Math.max(size - 1, 0)}`, 'Docker-Upload-UUID': id });
          return res.end();
        }
        if (method === 'DELETE') {
          uploads.delete(id);
          res.writeHead(204);
          return res.end();
        }
      }

      m = /^\/v2\/(.+)\/blobs\/(sha256:[a-f0-9]{64})$/.exec(url.pathname);
      if (m) {
        const data = blobs.get(m[2]!);
        if (!data) return jsonError(res, 404, 'BLOB_UNKNOWN', 'blob unknown to registry');
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': data.length, 'Docker-Content-Digest': m[2]! });
        return res.end(method === 'HEAD' ? undefined : data);
      }

      m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
      if (m) {
        const [repo, ref] = [m[1]!, m[2]!];
        if (method === 'PUT') {
          const mediaType = String(req.headers['content-type'] ?? 'application/vnd.docker.distribution.manifest.v2+json');
          const entry = { mediaType, body, digest: sha256(body) };
          byDigest.set(`${repo}@${entry.digest}`, entry);
          if (!ref.startsWith('sha256:')) manifests.set(`${repo}:${ref}`, entry);
          res.writeHead(201, { Location: `/v2/${repo}/manifests/${entry.digest}`, 'Docker-Content-Digest': entry.digest, 'Content-Length': 0 });
          return res.end();
        }
        const entry = ref.startsWith('sha256:') ? byDigest.get(`${repo}@${ref}`) : manifests.get(`${repo}:${ref}`);
        if (!entry) return jsonError(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown');
        res.writeHead(200, { 'Content-Type': entry.mediaType, 'Content-Length': entry.body.length, 'Docker-Content-Digest': entry.digest });
        return res.end(method === 'HEAD' ? undefined : entry.body);
      }
      return jsonError(res, 404, 'NOT_FOUND', 'not found');
    } catch (error) {
      if (!res.headersSent) jsonError(res, 500, 'UNKNOWN', String(error));
      else res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    host: `localhost:${port}`,
    requests,
    manifests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
