// What npm start and npm run dev share: their options (ports, host), messages about ports, running
// an npm script, and the banner naming the URLs.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { root } from './paths.js';

const USAGE = (name) => `Usage: npm ${name === 'start' ? 'start' : `run ${name}`} [-- --docs-port 8080 --mock-port 4010 --host 127.0.0.1]\n(or DOCS_PORT, MOCK_PORT and HOST in the environment)`;

/** The ports and host from the arguments and environment; `fail(message, code)` on bad ones. */
export function serveOptions(name, args, fail) {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { 'docs-port': { type: 'string' }, 'mock-port': { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    fail(`${error.message}\n${USAGE(name)}`, 2);
  }
  if (values.help) {
    console.log(USAGE(name));
    process.exit(0);
  }
  const host = values.host ?? process.env.HOST ?? '127.0.0.1';
  const ports = {
    docs: { port: Number(values['docs-port'] ?? process.env.DOCS_PORT ?? 8080), flag: '--docs-port', env: 'DOCS_PORT' },
    mock: { port: Number(values['mock-port'] ?? process.env.MOCK_PORT ?? 4010), flag: '--mock-port', env: 'MOCK_PORT' },
  };
  for (const [which, { port, flag }] of Object.entries(ports)) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`the ${which} port (${flag}) must be a number from 1 to 65535`, 2);
  }
  if (ports.docs.port === ports.mock.port) fail('the docs and the mock need two different ports', 2);
  // Where a browser or client on this machine reaches a server listening on `host`.
  const reachable = ['0.0.0.0', '::', ''].includes(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return { host, ports, docsUrl: `http://${reachable}:${ports.docs.port}/`, mockUrl: `http://${reachable}:${ports.mock.port}` };
}

export function portProblem({ host, ports }, name, reason) {
  const { port, flag, env } = ports[name];
  const where = `port ${port} on ${host} (for the ${name})`;
  if (reason === 'in-use') return `${where} is already in use; stop what is using it, or choose another port with ${flag} or ${env}`;
  if (reason === 'no-permission') return `${where} needs privileges; choose a port above 1023 with ${flag} or ${env}`;
  if (reason === 'no-address') return `${host} is not an address of this machine; use --host 127.0.0.1`;
  return `cannot listen on ${where}: ${reason}`;
}

/** Runs `npm run <script>` in the project, its output shown; rejects if it fails or `signal` aborts it. */
export function npmRun(script, signal) {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit', signal });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run ${script} failed (exit ${code})`))));
  });
}

/** What npm start (and npm run dev) print once both servers listen (README.md quotes it). */
export function bannerFor({ docsUrl, mockUrl }, { title = 'portainer-openapi is running.', stopHint }) {
  const example = `import { createPortainerClient } from 'portainer-openapi'; `
    + `const portainer = createPortainerClient({ url: '${mockUrl}', apiKey: 'ptr_example' }); `
    + `const { data } = await portainer.GET('/endpoints'); console.log(data.map((e) => e.Name));`;
  return `
${title}

  Docs:  ${docsUrl}
  Mock:  ${mockUrl}/api/status   (a mock Portainer: the whole API under /api, Docker passthrough included; every request is checked against the spec)

Try the client against the mock (from this folder, in another terminal):

  node --input-type=module -e "${example}"

${stopHint}`;
}
