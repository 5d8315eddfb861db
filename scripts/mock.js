// npm run mock [-- --port 4010 --host 127.0.0.1 --portainer-version 2.39]: a mock Portainer, the
// whole API (Docker passthrough included) under /api: Prism validates every request against the
// spec and answers from its examples, behind a front server that refuses credentials and bad
// requests as Portainer does (scripts/lib/mock-front.js). With --portainer-version, only what that
// CE version has is served.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startMock } from './lib/mock-front.js';
import { generatedDir, generatedFiles } from './lib/paths.js';
import { cannotListen, whyCannotListen } from './lib/ports.js';
import { onStopSignal } from './lib/processes.js';
import { undescribedVersion } from './lib/portainer-versions.js';

const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' }, 'portainer-version': { type: 'string' } } });
const spec = path.join(generatedDir, generatedFiles.portainerBundle);
const portainerVersion = values['portainer-version'] ?? process.env.MOCK_PORTAINER_VERSION;
const problem = portainerVersion === undefined ? null : undescribedVersion(JSON.parse(fs.readFileSync(spec, 'utf8')), portainerVersion);
if (problem) {
  console.error(`mock: --portainer-version: ${problem}`);
  process.exit(2);
}
const host = values.host ?? process.env.MOCK_HOST ?? '127.0.0.1';
const port = Number(values.port ?? process.env.MOCK_PORT ?? 4010);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`mock: port must be a number from 1 to 65535 (got ${values.port ?? process.env.MOCK_PORT})`);
  process.exit(2);
}
const refused = await cannotListen(port, host);
if (refused) {
  console.error(`mock: port ${port} on ${host} ${whyCannotListen(refused)}; pick another with --port or MOCK_PORT`);
  process.exit(2);
}
const mock = await startMock({ spec, port, host, detached: true, portainerVersion });
const serves = portainerVersion === undefined ? 'every described version' : `Portainer CE ${portainerVersion} only`;
console.log(`Portainer mock on ${mock.url} (the API under /api, ${serves}); try: curl ${mock.url}/api/status`);
let stopping = false;
onStopSignal(async () => {
  stopping = true;
  await mock.stop();
  process.exit(0);
});
mock.prism().child.once('exit', (code, signal) => {
  if (stopping) return;
  console.error(`mock: Prism stopped unexpectedly (${signal ?? `exit ${code}`})`);
  process.exit(1);
});
