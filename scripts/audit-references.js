// npm run audit:references -- [<folder of the published descriptions>] [--out FILE]
// Reads the operations of Portainer's published CE descriptions (Swagger-converted OpenAPI 3.0, by
// default ../shared/reference/portainer-ce-*.json) the way scripts/audit/reference-operations.js
// reads them, and writes reference/portainer-reference-operations.json: for each file, its
// operations (`METHOD /path/{}`) with their query and header parameters. Facts only, no prose; the
// version-marks test reads this file, so a clone needs no copy of the descriptions.
import fs from 'node:fs';
import path from 'node:path';
import { operationsToFacts, operationsOf } from './audit/reference-operations.js';
import { at } from './lib/paths.js';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args.splice(outAt, 2)[1] : at('reference', 'portainer-reference-operations.json');
const dir = path.resolve(args[0] ?? path.join('..', 'shared', 'reference'));

try {
  if (!out) throw new Error('--out needs a file name');
  const files = fs.readdirSync(dir).filter((f) => /^portainer-ce-[\d.]+\.json$/.test(f)).sort();
  if (!files.length) throw new Error(`no portainer-ce-<version>.json in ${dir}`);
  const references = {};
  for (const file of files) {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    references[file] = { version: doc.info?.version ?? null, operations: operationsToFacts(operationsOf(doc)) };
  }
  fs.writeFileSync(out, `${JSON.stringify({ read: 'scripts/audit/reference-operations.js', references }, null, 1)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}: ${files.map((f) => `${f} (${Object.keys(references[f].operations).length} operations)`).join(', ')}`);
} catch (error) {
  console.error(`audit:references: ${error.message}`);
  process.exitCode = 1;
}
