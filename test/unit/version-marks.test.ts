// The version marks (x-portainer-since, x-portainer-removed-in, x-portainer-backported,
// x-portainer-changed) against what each Portainer CE version serves: the spec as a version serves
// it (scripts/lib/version-filter.js) is held against the facts of that version's source tree
// (reference/portainer-source-*.json, and the history of twelve trees in
// reference/portainer-source-history.json) and against that version's published reference
// (its operations as reference/portainer-reference-operations.json holds them, written by
// npm run audit:references from the published descriptions). Every difference must be listed, with a reason, in
// reference/version-exceptions.yaml (history and references) or reference/source-audit-exceptions.yaml
// (source audits, with the versions they concern).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript pipeline modules
import { specForVersion } from '../../scripts/lib/version-filter.js';
// @ts-expect-error plain JavaScript pipeline modules
import { CE_VERSIONS, REMOVED, SINCE, describedVersions, markProblems, presentIn } from '../../scripts/lib/portainer-versions.js';
// @ts-expect-error plain JavaScript audit modules
import { specHas, writtenPaths } from '../../scripts/audit/version-keys.js';
// @ts-expect-error plain JavaScript audit modules
import { compareSpec, specOperations } from '../../scripts/audit/compare-spec.js';
// @ts-expect-error plain JavaScript audit modules
import { operationsFromFacts, operationsOf, referenceDifferences } from '../../scripts/audit/reference-operations.js';
// @ts-expect-error plain JavaScript audit modules
import { readExceptions } from '../../scripts/audit/exceptions.js';

type Json = Record<string, any>;
type Tree = { version: string; commit: string; apiVersion: string; partial?: boolean };
type History = { trees: Tree[]; keys: Record<string, string[]> };

const read = (file: string): Json => JSON.parse(fs.readFileSync(file, 'utf8'));
const bundle = read('generated/portainer.openapi.json');
const history = read('reference/portainer-source-history.json') as History;
const versionExceptions: Map<string, string> = readExceptions('reference/version-exceptions.yaml');
const sourceExceptionsFile = 'reference/source-audit-exceptions.yaml';
const written = writtenPaths(bundle);
const views = new Map<string, Json>();
const view = (version: string) => {
  if (!views.has(version)) views.set(version, specForVersion(bundle, version));
  return views.get(version)!;
};

/** The facts file of a described version's tree, and the reference of a release of it. */
const SOURCES = [
  { version: '2.33', facts: 'portainer-source-2.33.0-rc1.json', reference: 'portainer-ce-2.33.7.json' },
  { version: '2.39', facts: 'portainer-source-2.39.0.json', reference: 'portainer-ce-2.39.0.json' },
];
const NEWEST_REFERENCE = { version: '2.44', reference: 'portainer-ce-2.44.0.json' };
const references = read('reference/portainer-reference-operations.json').references as Record<string, { operations: Json }>;
const referenceOps = (file: string) => {
  if (!references[file]) throw new Error(`reference/portainer-reference-operations.json has no ${file}: run npm run audit:references`);
  return operationsFromFacts(references[file].operations);
};

/** Every object in the document with marks, and where it is. */
function marked(node: unknown, where: string[] = [], out: { where: string; node: Json }[] = []) {
  if (Array.isArray(node)) node.forEach((n, i) => marked(n, [...where, String(i)], out));
  else if (node && typeof node === 'object') {
    const n = node as Json;
    if ([SINCE, REMOVED, 'x-portainer-backported', 'x-portainer-changed'].some((k) => k in n)) out.push({ where: where.join('/'), node: n });
    for (const [k, v] of Object.entries(n)) if (k !== 'example' && k !== 'examples') marked(v, [...where, k], out);
  }
  return out;
}

describe('version marks', () => {
  it('are sound: known CE versions, since before removed-in, removed operations and parameters deprecated', () => {
    const all = marked(bundle);
    expect(all.length).toBeGreaterThan(100);
    const problems = all.flatMap(({ where, node }) => markProblems(node).map((p: string) => `${where}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('refuse what is not a version, and mark a removed operation as deprecated', () => {
    expect(markProblems({ [SINCE]: 2.4 })).toHaveLength(1);
    expect(markProblems({ [SINCE]: '2.7' })).toHaveLength(1); // no CE 2.7
    expect(markProblems({ [SINCE]: '2.42', [REMOVED]: '2.40' })).toEqual([expect.stringMatching(/must come before/)]);
    expect(markProblems({ operationId: 'X', [REMOVED]: '2.42' })).toEqual([expect.stringMatching(/deprecated/)]);
    expect(markProblems({ operationId: 'X', [REMOVED]: '2.42', deprecated: true })).toEqual([]);
    expect(markProblems({ [REMOVED]: '2.41', 'x-portainer-backported': ['2.39.2', '2.42.1'] })).toEqual([expect.stringMatching(/2\.42\.1 is not older/)]);
    expect(CE_VERSIONS).toContain('2.45');
  });

  it('take a node out of the versions it is not in, and put back what changed after a version', () => {
    const doc = {
      paths: {
        '/a': { get: { [SINCE]: '2.42', responses: {} }, post: { [REMOVED]: '2.42', deprecated: true, responses: {} } },
      },
      components: {
        schemas: {
          S: {
            required: ['old', 'kept'],
            properties: { old: { [REMOVED]: '2.40' }, kept: {}, renamed: { type: 'string', 'x-portainer-changed': [{ in: '2.44', before: { type: 'integer' }, note: 'was a number before 2.44' }] } },
          },
        },
      },
    };
    const at233 = specForVersion(doc, '2.33');
    expect(Object.keys(at233.paths['/a'])).toEqual(['post']);
    expect(at233.components.schemas.S.properties.renamed.type).toBe('integer');
    const at244 = specForVersion(doc, '2.44');
    expect(Object.keys(at244.paths['/a'])).toEqual(['get']);
    expect(at244.components.schemas.S.required).toEqual(['kept']);
    expect(at244.components.schemas.S.properties.renamed.type).toBe('string');
    expect(presentIn({ [REMOVED]: '2.41', 'x-portainer-backported': ['2.33.8', '2.39.2'] }, '2.39')).toBe(false);
    expect(presentIn({ [REMOVED]: '2.41', 'x-portainer-backported': ['2.33.8', '2.39.2'] }, '2.40')).toBe(true);
  });

  it('follow the source history: each tree from 2.33 to 2.43 has exactly what its version\'s marks say', () => {
    expect(history.trees.map((t) => t.version)).toEqual(expect.arrayContaining(['2.33', '2.39', '2.43']));
    const wrong: string[] = [];
    for (const tree of history.trees.filter((t) => !t.partial)) {
      const doc = view(tree.version);
      const ops = specOperations(doc);
      for (const [key, versions] of Object.entries(history.keys)) {
        if (versionExceptions.has(`history ${key}`)) continue;
        const source = versions.includes(tree.version);
        if (specHas(doc, key, { ops, written }) !== source) wrong.push(`${key} @ ${tree.version}: the source ${source ? 'has' : 'lacks'} it, the marks say the opposite`);
      }
    }
    expect(wrong).toEqual([]);
  });

  for (const { version, facts } of SOURCES) {
    it(`agree with the source audit of ${version} (${facts})`, () => {
      const f = read(path.join('reference', facts));
      expect(f.source.commit).toMatch(/^[0-9a-f]{40}$/);
      const exceptions: Map<string, string> = readExceptions(sourceExceptionsFile, version);
      const diffs: { key: string; message: string }[] = compareSpec(view(version), f);
      expect(diffs.filter((d) => !exceptions.has(d.key)).map((d) => `${d.key}: ${d.message}`)).toEqual([]);
      const keys = new Set(diffs.map((d) => d.key));
      expect([...exceptions.keys()].filter((k) => !keys.has(k))).toEqual([]);
    });
  }

  it('agree with each version\'s reference: what it lists and we do not (or the reverse) is marked, or explained', () => {
    const newest = referenceDifferences(operationsOf(view(NEWEST_REFERENCE.version)), referenceOps(NEWEST_REFERENCE.reference));
    const baseline = new Set(newest);
    const open: string[] = [];
    const found = new Set<string>();
    for (const { version, reference } of SOURCES) {
      for (const d of referenceDifferences(operationsOf(view(version)), referenceOps(reference))) {
        // The same difference with the newest reference is the description's, not the version's.
        if (baseline.has(d)) continue;
        const key = `reference ${version} ${d}`;
        found.add(key);
        if (!versionExceptions.has(key)) open.push(key);
      }
    }
    expect(open).toEqual([]);
    const stale = [...versionExceptions.keys()].filter((k) => k.startsWith('reference ') && !found.has(k));
    expect(stale).toEqual([]);
  });

  it('list no history exception that the history no longer needs', () => {
    const needed = [...versionExceptions.keys()].filter((k) => k.startsWith('history ')).filter((k) => {
      const key = k.slice('history '.length);
      const versions = history.keys[key];
      if (!versions) return false;
      return history.trees.filter((t) => !t.partial).some((t) => specHas(view(t.version), key, { written }) !== versions.includes(t.version));
    });
    const all = [...versionExceptions.keys()].filter((k) => k.startsWith('history '));
    expect(all.filter((k) => !needed.includes(k))).toEqual([]);
  });

  it('describe what older versions had: removed operations stay, deprecated, marked with the release that removed them', () => {
    const removed = specOperations(bundle).filter((o: { op: Json }) => o.op[REMOVED]);
    expect(removed.length).toBeGreaterThan(0);
    for (const { op } of removed) expect(op.deprecated).toBe(true);
    for (const version of describedVersions(bundle)) expect(Object.keys(view(version).paths).length).toBeGreaterThan(200);
  });
});
