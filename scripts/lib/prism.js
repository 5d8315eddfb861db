// Starts Prism (mock or validating proxy) on a loopback port and stops it again. Prism is given a
// derived copy of the bundle: Prism 5.14 silently stops validating requests when `jsonSchemaDialect`
// is present, so the copy leaves it out; and Prism ignores the path of `servers`, so the Portainer
// mock's copy puts every path under /api, where clients expect it.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bin } from './paths.js';
import { freePort } from './ports.js';
import { stopProcess } from './processes.js';

/** The bundle as Prism should see it: paths under `prefix`, no jsonSchemaDialect. */
export function forPrism(doc, prefix = '') {
  const copy = structuredClone(doc);
  copy.paths = Object.fromEntries(Object.entries(doc.paths).map(([p, item]) => [`${prefix}${p}`, item]));
  delete copy.jsonSchemaDialect;
  if (prefix) delete copy.servers;
  return copy;
}

/**
 * @param {{ spec: string, mode?: 'mock'|'proxy', upstream?: string, port?: number, host?: string,
 *           prefix?: string, errors?: boolean, dynamic?: boolean, log?: (line: string) => void,
 *           detached?: boolean }} options
 * `detached` puts Prism in its own process group, so that a Ctrl-C in the terminal reaches only
 * the parent, which then stops Prism itself (no race between the two shutting down). `transform`
 * derives the document Prism serves from the bundle (one Portainer version's view of it).
 */
export async function startPrism({ spec, mode = 'mock', upstream, port, host = '127.0.0.1', prefix = '', errors = true, log, detached = false, transform = (doc) => doc }) {
  const listenPort = port ?? (await freePort(host));
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'portainer-openapi-prism-'));
  const specFile = path.join(scratch, path.basename(spec));
  await fs.writeFile(specFile, JSON.stringify(forPrism(transform(JSON.parse(await fs.readFile(spec, 'utf8'))), prefix)));
  const args = [mode, specFile, ...(mode === 'proxy' ? [upstream] : []), '-h', host, '-p', String(listenPort)];
  if (errors) args.push('--errors');
  const child = spawn(bin('prism'), args, { stdio: ['ignore', 'pipe', 'pipe'], detached });
  // Never leave Prism behind (in its own process group, a Ctrl-C does not reach it), whatever
  // ends this process, even while it is still starting.
  const orphanGuard = () => { if (child.exitCode === null) child.kill('SIGTERM'); };
  process.on('exit', orphanGuard);
  let output = '';
  const url = `http://${host}:${listenPort}`;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Prism did not start within 60 s:\n${output.slice(-2000)}`));
    }, 60_000);
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n')) if (line.trim()) log?.(line);
      if (/Prism is listening on/.test(output)) { clearTimeout(timer); resolve(); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`Prism exited with ${code} before listening:\n${output.slice(-2000)}`)); });
  });
  return {
    url,
    port: listenPort,
    child,
    output: () => output,
    async stop() {
      process.off('exit', orphanGuard);
      await stopProcess(child, 5000);
      await fs.rm(scratch, { recursive: true, force: true });
    },
  };
}
