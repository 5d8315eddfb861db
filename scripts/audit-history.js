// npm run audit:history -- 2.33=<tree> 2.34=<tree> … [--partial 2.44] [--repository owner/name] [--ref NAME]
// Audits one Portainer source tree per CE minor version (scripts/audit) and writes
// reference/portainer-source-history.json: the trees used, and for every fact that is not in all of
// them (a route, its access, a query parameter, a payload field or requirement, a response status
// or field; scripts/audit/version-keys.js) the versions that have it. test/unit/version-marks.test.ts
// holds the spec's x-portainer-since / x-portainer-removed-in marks against it.
import fs from 'node:fs';
import path from 'node:path';
import { auditTree } from './audit/facts.js';
import { factKeys } from './audit/version-keys.js';
import { at } from './lib/paths.js';
import { compareMinor, versionParts } from './lib/portainer-versions.js';

const args = process.argv.slice(2);
const take = (name) => {
  const out = [];
  for (let i = args.indexOf(name); i >= 0; i = args.indexOf(name)) {
    if (!args[i + 1] || args[i + 1].startsWith('--')) throw new Error(`${name} needs a value`);
    out.push(args.splice(i, 2)[1]);
  }
  return out;
};
const usage = 'usage: npm run audit:history -- <minor>=<Portainer source tree>… [--partial <minor> …] [--repository owner/name] [--ref NAME] [--out FILE]';

try {
  const partial = new Set(take('--partial'));
  const [repository] = take('--repository');
  const [ref] = take('--ref');
  const [out = at('reference', 'portainer-source-history.json')] = take('--out');
  const trees = args.map((a) => {
    const [version, dir] = a.split(/=(.*)/s);
    if (!dir || versionParts(version)?.[2] !== null) throw new Error(`${a}: expected <minor version>=<tree>, such as 2.39=~/src/portainer\n${usage}`);
    return { version, dir: path.resolve(dir) };
  }).sort((a, b) => compareMinor(a.version, b.version));
  if (trees.length < 2) throw new Error(usage);
  for (const v of partial) if (!trees.some((t) => t.version === v)) throw new Error(`--partial ${v}: no tree given for ${v}`);

  const audited = trees.map(({ version, dir }) => {
    const facts = auditTree(dir, { ...(repository ? { repository } : {}), ...(ref ? { ref } : {}) });
    const { commit, date, apiVersion } = facts.source;
    console.log(`${version}: APIVersion ${apiVersion}${commit ? ` at ${commit.slice(0, 12)} (${date})` : ''}, ${facts.summary.routes} routes`);
    return { tree: { version, repository: facts.source.repository, ref: facts.source.ref, commit, date, apiVersion, ...(partial.has(version) ? { partial: true } : {}) }, keys: factKeys(facts) };
  });
  const everywhere = (key) => audited.every((a) => a.keys.has(key));
  const all = [...new Set(audited.flatMap((a) => [...a.keys]))].sort();
  const keys = Object.fromEntries(all.filter((k) => !everywhere(k)).map((k) => [k, audited.filter((a) => a.keys.has(k)).map((a) => a.tree.version)]));
  const note = 'Written by npm run audit:history (scripts/audit-history.js): for each fact not in every tree, the versions whose tree has it. Key format in scripts/audit/version-keys.js.';
  // One tree and one fact a line, so that a new audit reads as a small diff.
  const lines = (entries) => entries.join(',\n');
  const text = `{\n "format": 1,\n "note": ${JSON.stringify(note)},\n "trees": [\n${lines(audited.map((a) => `  ${JSON.stringify(a.tree)}`))}\n ],\n`
    + ` "keys": {\n${lines(Object.entries(keys).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`))}\n }\n}\n`;
  fs.writeFileSync(out, text);
  console.log(`${Object.keys(keys).length} of ${all.length} facts differ between the trees; wrote ${path.relative(process.cwd(), out)}`);
} catch (error) {
  console.error(String(error.message ?? error));
  process.exitCode = 1;
}
