// npm run mock [-- --port 4010 --host 127.0.0.1]: a Prism mock of the whole Portainer API (Docker
// passthrough included) under /api, validating every request against the spec.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generatedDir, generatedFiles } from './lib/paths.js';
import { cannotListen } from './lib/ports.js';
import { startPrism } from './lib/prism.js';

const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' } } });
const host = values.host ?? process.env.MOCK_HOST ?? '127.0.0.1';
const port = Number(values.port ?? process.env.MOCK_PORT ?? 4010);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`mock: port must be a number from 1 to 65535 (got ${values.port ?? process.env.MOCK_PORT})`);
  process.exit(2);
}
const refused = await cannotListen(port, host);
if (refused) {
  const why = { 'in-use': 'is already in use', 'no-permission': 'needs privileges', 'no-address': 'is not an address of this machine' }[refused] ?? `cannot be used (${refused})`;
  console.error(`mock: port ${port} on ${host} ${why}; pick another with --port or MOCK_PORT`);
  process.exit(2);
}
const prism = await startPrism({ spec: path.join(generatedDir, generatedFiles.portainerBundle), port, host, prefix: '/api' });
console.log(`Portainer mock (Prism) on ${prism.url}/api; try: curl ${prism.url}/api/status`);
const stop = async () => { await prism.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
prism.child.once('exit', (code) => process.exit(code ?? 1));
