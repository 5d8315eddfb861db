// The main entry runs wherever fetch runs: bundled for a browser, it pulls in no Node.js built-in
// and no Buffer; what needs Node (tls, socketPath) is refused there by name, and works from the
// Node entry.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { createDockerEngineClient as universalDocker } from '../../src/index.js';
import { createDockerEngineClient } from '../../src/node.js';

describe('the main entry', () => {
  it('bundles for a browser with no Node.js built-in, Buffer or process', async () => {
    const result = await build({ entryPoints: ['src/index.ts'], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', metafile: true });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((file) => file.startsWith('node:') || file.includes('node_modules/undici'))).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\bBuffer\.|\bprocess\.(?:env|versions)/);
  });

  it('refuses socketPath by name; the Node entry connects through it', async () => {
    expect(() => universalDocker({ socketPath: '/var/run/docker.sock' } as never)).toThrow(/portainer-openapi\/node/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entries-'));
    const socketPath = path.join(dir, 'docker.sock');
    const unix = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ApiVersion":"1.41"}'));
    await new Promise<void>((resolve) => unix.listen(socketPath, resolve));
    try {
      const daemon = createDockerEngineClient({ socketPath });
      const { data } = await daemon.GET('/version');
      expect(data?.ApiVersion).toBe('1.41');
      await daemon.close();
    } finally {
      await new Promise((resolve) => unix.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
