// npm start [-- --docs-port 8080 --mock-port 4010 --host 127.0.0.1]: the main job for a newcomer.
// Builds what is missing, then serves the docs and a Prism mock of the whole Portainer API on
// localhost, prints both URLs and a client example, and stops cleanly on Ctrl-C.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { at, docsFile, generatedDir, generatedFiles, root } from './lib/paths.js';
import { portInUse, startPrism } from './lib/prism.js';

const { values } = parseArgs({
  options: { 'docs-port': { type: 'string' }, 'mock-port': { type: 'string' }, host: { type: 'string' } },
});
const host = values.host ?? process.env.HOST ?? '127.0.0.1';
const docsPort = Number(values['docs-port'] ?? process.env.DOCS_PORT ?? 8080);
const mockPort = Number(values['mock-port'] ?? process.env.MOCK_PORT ?? 4010);
for (const [name, port] of [['docs', docsPort], ['mock', mockPort]]) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`start: the ${name} port must be a number from 1 to 65535`);
    process.exit(2);
  }
}
if (docsPort === mockPort) {
  console.error('start: the docs and the mock need two different ports');
  process.exit(2);
}

const bundle = path.join(generatedDir, generatedFiles.portainerBundle);
const newest = (dir) => fs.readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile()).reduce((t, e) => Math.max(t, fs.statSync(path.join(e.parentPath ?? e.path, e.name)).mtimeMs), 0);
const stale = (file, ...inputs) => !fs.existsSync(file) || inputs.some((i) => newest(i) > fs.statSync(file).mtimeMs);

function npm(script) {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run ${script} failed (exit ${code})`))));
  });
}

try {
  if (stale(bundle, at('openapi'))) {
    console.log('start: the spec changed since the last build; building (lint, bundle, types)…');
    await npm('lint');
    await npm('bundle');
    await npm('generate');
  }
  if (stale(docsFile, generatedDir)) {
    console.log('start: building the docs…');
    await npm('docs');
  }
  if (stale(at('dist', 'src', 'index.js'), at('src'), generatedDir)) {
    console.log('start: compiling the client…');
    await npm('compile');
  }
} catch (error) {
  console.error(`start: ${error.message}; fix the findings above and run npm start again`);
  process.exit(1);
}

for (const [name, port, flag] of [['docs', docsPort, '--docs-port'], ['mock', mockPort, '--mock-port']]) {
  if (await portInUse(port, host)) {
    console.error(`start: port ${port} on ${host} (${name}) is already in use; choose another with ${flag} or ${name === 'docs' ? 'DOCS_PORT' : 'MOCK_PORT'}`);
    process.exit(2);
  }
}

const page = fs.readFileSync(docsFile);
const docs = http.createServer((req, res) => {
  if (req.url === '/' || req.url === '/index.html') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': page.length });
    res.end(page);
  } else {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Not found: the docs are a single page at /\n');
  }
});
await new Promise((resolve, reject) => docs.once('error', reject).listen(docsPort, host, resolve));
let prism;
try {
  prism = await startPrism({ spec: bundle, port: mockPort, host, prefix: '/api' });
} catch (error) {
  console.error(`start: the mock did not start: ${error.message}`);
  docs.close();
  process.exit(1);
}

console.log(`
Docs:  http://${host}:${docsPort}/
Mock:  ${prism.url}/api   (Prism: every request is checked against the spec)

Try the client against the mock:
  node --input-type=module -e "import { createPortainerClient } from 'portainer-openapi'; const p = createPortainerClient({ url: '${prism.url}', apiKey: 'ptr_example' }); console.log((await p.GET('/endpoints')).data?.map((e) => e.Name));"

Press Ctrl-C to stop.`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nstart: stopping the docs server and the mock…');
  docs.close();
  await prism.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
prism.child.once('exit', () => { if (!stopping) { console.error('start: the mock stopped unexpectedly'); docs.close(); process.exit(1); } });
