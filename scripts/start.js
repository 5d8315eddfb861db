// npm start [-- --docs-port 8080 --mock-port 4010 --host 127.0.0.1]: the main job for a newcomer.
// Builds what is missing, then serves the docs and a Prism mock of the whole Portainer API on
// localhost, prints both URLs and a one-line client example, and stops cleanly on Ctrl-C.
// The banner it prints is quoted in README.md (Quick start); test/docs/start.test.ts compares them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { at, bin, docsFile, generatedDir, generatedFiles, root } from './lib/paths.js';
import { cannotListen } from './lib/ports.js';
import { startPrism } from './lib/prism.js';

/** Stops with a message and no stack trace. */
function fail(message, code = 1) {
  console.error(`start: ${message}`);
  process.exit(code);
}

let values;
try {
  ({ values } = parseArgs({
    options: { 'docs-port': { type: 'string' }, 'mock-port': { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (error) {
  fail(`${error.message}\nUsage: npm start [-- --docs-port 8080 --mock-port 4010 --host 127.0.0.1]`, 2);
}
if (values.help) {
  console.log('Usage: npm start [-- --docs-port 8080 --mock-port 4010 --host 127.0.0.1]\n(or DOCS_PORT, MOCK_PORT and HOST in the environment)');
  process.exit(0);
}
const host = values.host ?? process.env.HOST ?? '127.0.0.1';
const ports = {
  docs: { port: Number(values['docs-port'] ?? process.env.DOCS_PORT ?? 8080), flag: '--docs-port', env: 'DOCS_PORT' },
  mock: { port: Number(values['mock-port'] ?? process.env.MOCK_PORT ?? 4010), flag: '--mock-port', env: 'MOCK_PORT' },
};
for (const [name, { port, flag }] of Object.entries(ports)) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`the ${name} port (${flag}) must be a number from 1 to 65535`, 2);
}
if (ports.docs.port === ports.mock.port) fail('the docs and the mock need two different ports', 2);
if (!fs.existsSync(bin('prism')) || !fs.existsSync(bin('redocly'))) fail('the dependencies are not installed: run `npm ci` first', 2);

// Where a browser or client on this machine reaches a server listening on `host`.
const reachable = ['0.0.0.0', '::', ''].includes(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
const docsUrl = `http://${reachable}:${ports.docs.port}/`;
const mockUrl = `http://${reachable}:${ports.mock.port}`;

// --- Build what is missing or stale --------------------------------------------------------------
const bundle = path.join(generatedDir, generatedFiles.portainerBundle);
const newest = (...inputs) => Math.max(0, ...inputs.filter((i) => fs.existsSync(i)).map((input) => {
  const stat = fs.statSync(input);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(input, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile()).reduce((t, e) => Math.max(t, fs.statSync(path.join(e.parentPath ?? e.path, e.name)).mtimeMs), 0);
}));
const stale = (file, ...inputs) => !fs.existsSync(file) || newest(...inputs) > fs.statSync(file).mtimeMs;

function npm(script) {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
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
  if (stale(docsFile, generatedDir, at('redocly.yaml'), at('scripts', 'docs'))) {
    console.log('start: building the docs…');
    await npm('docs');
  }
  if (stale(at('dist', 'src', 'index.js'), at('src'), generatedDir)) {
    console.log('start: compiling the client…');
    await npm('compile');
  }
} catch (error) {
  fail(`${error.message}; fix the findings above and run npm start again`);
}

// --- Ports ---------------------------------------------------------------------------------------
function portProblem(name, reason) {
  const { port, flag, env } = ports[name];
  const where = `port ${port} on ${host} (for the ${name})`;
  if (reason === 'in-use') return `${where} is already in use; stop what is using it, or choose another port with ${flag} or ${env}`;
  if (reason === 'no-permission') return `${where} needs privileges; choose a port above 1023 with ${flag} or ${env}`;
  if (reason === 'no-address') return `${host} is not an address of this machine; use --host 127.0.0.1`;
  return `cannot listen on ${where}: ${reason}`;
}
for (const name of ['docs', 'mock']) {
  const reason = await cannotListen(ports[name].port, host);
  if (reason) fail(portProblem(name, reason), 2);
}

// --- Serve ---------------------------------------------------------------------------------------
const page = fs.readFileSync(docsFile);
const docs = http.createServer((req, res) => {
  if (req.url === '/' || req.url === '/index.html') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': page.length });
    res.end(page);
  } else {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found: the docs are a single page at /\n');
  }
});
try {
  await new Promise((resolve, reject) => docs.once('error', reject).listen(ports.docs.port, host, resolve));
} catch (error) {
  fail(portProblem('docs', { EADDRINUSE: 'in-use', EACCES: 'no-permission', EADDRNOTAVAIL: 'no-address' }[error.code] ?? error.message), 2);
}

let prism;
let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  if (!prism) return; // still starting: stopped as soon as the mock is up (below)
  console.log(`\nstart: ${signal === 'SIGINT' ? 'Ctrl-C; ' : ''}stopping the docs server and the mock…`);
  docs.closeAllConnections();
  await Promise.all([new Promise((resolve) => docs.close(resolve)), prism.stop()]);
  console.log('start: stopped');
  process.exit(0);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGHUP', () => stop('SIGHUP'));

try {
  // Its own process group: Ctrl-C reaches this script only, which then stops Prism.
  prism = await startPrism({ spec: bundle, port: ports.mock.port, host, prefix: '/api', detached: true });
} catch (error) {
  docs.close();
  fail(`the mock did not start: ${error.message.split('\n')[0]}`);
}
// Never leave the mock behind, whatever ends this process.
process.on('exit', () => { if (prism.child.exitCode === null) prism.child.kill('SIGTERM'); });
if (stopping) {
  stopping = false;
  await stop('SIGINT');
}
prism.child.once('exit', (code, signal) => {
  if (stopping) return;
  console.error(`start: the mock stopped unexpectedly (${signal ?? `exit ${code}`}):\n${prism.output().slice(-1000)}`);
  docs.close();
  process.exit(1);
});

console.log(banner({ docsUrl, mockUrl }));

/** What `npm start` prints once both servers listen (README.md quotes it for the default ports). */
function banner({ docsUrl, mockUrl }) {
  const example = `import { createPortainerClient } from 'portainer-openapi'; `
    + `const portainer = createPortainerClient({ url: '${mockUrl}', apiKey: 'ptr_example' }); `
    + `const { data } = await portainer.GET('/endpoints'); console.log(data.map((e) => e.Name));`;
  return `
portainer-openapi is running.

  Docs:  ${docsUrl}
  Mock:  ${mockUrl}/api   (the whole Portainer API, Docker passthrough included; Prism checks every request)

Try the client against the mock (from this folder, in another terminal):

  node --input-type=module -e "${example}"

Press Ctrl-C to stop.`;
}
