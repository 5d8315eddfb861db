// npm run audit:source -- <Portainer source tree> [--out FILE] [--repository owner/name] [--ref NAME] [--compare [--as 2.39]]
// Reads Portainer's Go code (routes, access, payloads, multipart parts, responses) into a facts file,
// by default reference/portainer-source-<APIVersion>.json. The spec is compared with the committed
// facts by test/unit/source-audit.test.ts; `--compare` prints the same differences here, with the
// spec as CE `--as` (default 2.44) serves it (test/unit/version-marks.test.ts does so for 2.33, 2.39).
import fs from 'node:fs';
import path from 'node:path';
import { auditTree } from './audit/facts.js';
import { at } from './lib/paths.js';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a value`);
  args.splice(i, 2);
  return value;
};
const usage = 'usage: npm run audit:source -- <path to a Portainer source tree> [--out FILE] [--repository owner/name] [--ref NAME] [--compare [--as 2.39]]';

try {
  const out = option('--out');
  const repository = option('--repository');
  const ref = option('--ref');
  const as = option('--as') ?? '2.44';
  const compare = args.includes('--compare');
  const positional = args.filter((a) => a !== '--compare');
  if (positional.length !== 1) throw new Error(usage);
  const root = path.resolve(positional[0]);
  if (!fs.existsSync(path.join(root, 'go.mod')) || !fs.existsSync(path.join(root, 'api', 'http', 'handler'))) {
    throw new Error(`${root} is not a Portainer source tree (no go.mod and api/http/handler there)`);
  }
  const facts = auditTree(root, { ...(repository ? { repository } : {}), ...(ref ? { ref } : {}) });
  const file = out ? path.resolve(out) : at('reference', `portainer-source-${facts.source.apiVersion}.json`);
  fs.writeFileSync(file, JSON.stringify(facts, null, 1) + '\n');
  const s = facts.summary;
  console.log(`Portainer ${facts.source.apiVersion}${facts.source.commit ? ` (${facts.source.commit.slice(0, 12)})` : ''}: ${s.routes} routes, ${s.payloadStructs} payload structs, ${s.multipartRoutes} multipart routes, ${s.responseTypes} response types, ${s.types} types; ${facts.annotatedOnly.length} annotated routes not registered`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
  if (compare) {
    const { compareSpec } = await import('./audit/compare-spec.js');
    const { readExceptions } = await import('./audit/exceptions.js');
    const { specForVersion } = await import('./lib/version-filter.js');
    const bundle = JSON.parse(fs.readFileSync(at('generated', 'portainer.openapi.json'), 'utf8'));
    const diffs = compareSpec(specForVersion(bundle, as), facts);
    const exceptions = readExceptions(at('reference', 'source-audit-exceptions.yaml'), as);
    const open = diffs.filter((d) => !exceptions.has(d.key));
    for (const d of open) console.log(`${d.key}\n    ${d.message}`);
    console.log(`${diffs.length} differences, ${diffs.length - open.length} listed as exceptions, ${open.length} unexplained`);
  }
} catch (error) {
  console.error(String(error.message ?? error));
  process.exitCode = 1;
}
