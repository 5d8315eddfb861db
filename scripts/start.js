// npm start [-- --docs-port 8080 --mock-port 4010 --host 127.0.0.1]: the main job for a newcomer.
// Builds what is not current (decided by content: scripts/lib/stamps.js), then serves the docs and
// a mock of the whole Portainer API on localhost, prints both URLs and a one-line client example,
// and stops both servers on Ctrl-C, SIGTERM or SIGHUP, or when npm itself goes away.
// The banner it prints is quoted in README.md (Quick start); test/docs/start.test.ts compares them.
// package.json runs it with `exec`, so that no shell stands between npm and this script: npm
// passes on the SIGTERM or SIGINT it gets, and dies at once without waiting for its script.
import fs from 'node:fs';
import path from 'node:path';
import { createDocsServer } from './lib/docs-server.js';
import { startMock } from './lib/mock-front.js';
import { at, bin, docsFile, generatedDir, generatedFiles } from './lib/paths.js';
import { cannotListen } from './lib/ports.js';
import { onStopSignal } from './lib/processes.js';
import { bannerFor, npmRun, portProblem, serveOptions } from './lib/serve.js';
import { CLIENT_INPUTS, DOCS_INPUTS, generatedStale, outputStamp } from './lib/stamps.js';

/** Stops with a message and no stack trace. */
function fail(message, code = 1) {
  console.error(`start: ${message}`);
  process.exit(code);
}

const options = serveOptions('start', process.argv.slice(2), fail);
if (!fs.existsSync(bin('prism')) || !fs.existsSync(bin('redocly'))) fail('the dependencies are not installed: run `npm ci` first', 2);

// --- Ports, first: a busy one is said at once, not after a build -----------------------------------
for (const name of ['docs', 'mock']) {
  const reason = await cannotListen(options.ports[name].port, options.host);
  if (reason) fail(portProblem(options, name, reason), 2);
}

// A stop signal while building ends the build step under way; once serving, stops both servers.
const building = new AbortController();
let docs;
let mock;
let stopping;
async function stop(signal) {
  stopping ??= signal;
  const why = { SIGINT: 'Ctrl-C; ', SIGTERM: 'SIGTERM; ', SIGHUP: 'SIGHUP; ', 'parent-exit': 'npm went away; ' }[signal] ?? '';
  if (!docs) {
    building.abort();
    console.log(`\nstart: ${why}stopped while building`);
    process.exit(1);
  }
  if (!mock) return; // still starting: stopped as soon as the mock is up (below)
  console.log(`\nstart: ${why}stopping the docs server and the mock…`);
  await Promise.all([docs.close(), mock.stop()]);
  console.log('start: stopped');
  process.exit(0);
}
onStopSignal(stop);

// --- Build what is not current -------------------------------------------------------------------
const bundle = path.join(generatedDir, generatedFiles.portainerBundle);
const docsStamp = outputStamp(path.dirname(docsFile), DOCS_INPUTS);
const clientStamp = outputStamp(at('dist', 'src'), CLIENT_INPUTS);
const npm = (script) => npmRun(script, building.signal);
try {
  const stale = generatedStale();
  if (stale) {
    console.log(`start: generated/ is not current (${stale}); building (lint, bundle, types)…`);
    await npm('lint');
    await npm('bundle');
    await npm('generate');
  }
  if (!fs.existsSync(docsFile) || !docsStamp.current()) {
    console.log('start: building the docs…');
    await npm('docs');
  }
  if (!fs.existsSync(at('dist', 'src', 'index.js')) || !clientStamp.current()) {
    console.log('start: compiling the client…');
    const inputs = clientStamp.digest();
    await npm('compile');
    clientStamp.record(inputs);
  }
} catch (error) {
  fail(`${error.message}; fix the findings above and run npm start again`);
}

// --- Serve ---------------------------------------------------------------------------------------
const server = createDocsServer({ file: docsFile });
try {
  await server.listen(options.ports.docs.port, options.host);
} catch (error) {
  fail(portProblem(options, 'docs', { EADDRINUSE: 'in-use', EACCES: 'no-permission', EADDRNOTAVAIL: 'no-address' }[error.code] ?? error.message), 2);
}
docs = server;

try {
  // Prism in its own process group: a Ctrl-C reaches this script only, which then stops Prism.
  mock = await startMock({ spec: bundle, port: options.ports.mock.port, host: options.host, detached: true });
} catch (error) {
  await docs.close();
  fail(`the mock did not start: ${error.message.split('\n')[0]}`);
}
if (stopping) await stop(stopping);
mock.prism().child.once('exit', (code, signal) => {
  if (stopping) return;
  console.error(`start: the mock stopped unexpectedly (${signal ?? `exit ${code}`}):\n${mock.prism().output().slice(-1000)}`);
  docs.close();
  process.exit(1);
});

console.log(bannerFor(options, { stopHint: 'Press Ctrl-C to stop.' }));
