// The Portainer CE changelog, read from the version marks of the bundle: every operation, parameter
// and field added or removed, and every change (`x-portainer-changed`), with the release it came
// in, whether it breaks existing callers, and which operations it touches. Written as
// generated/portainer-changes.json by the bundle step, and shown in the docs' Versions section.
import { MOUNT } from './mount-docker.js';
import { METHODS } from './methods.js';
import { BACKPORTED, CHANGED, REMOVED, SINCE, compareMinor, describedVersions } from './portainer-versions.js';
import { deref } from '../audit/spec-schema.js';

const ACCESS_ORDER = ['public', 'authenticated', 'restricted', 'administrator'];
const KIND_ORDER = ['removed', 'changed', 'added'];
const WHAT_ORDER = ['operation', 'parameter', 'field'];
const SCHEMA_REF = '#/components/schemas/';
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The Portainer operations of a bundle (the mounted Docker API left out). */
function operations(doc) {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (path === MOUNT || path.startsWith(`${MOUNT}/`)) continue;
    for (const m of METHODS) if (item[m]) out.push({ key: `${m.toUpperCase()} ${path}`, op: item[m], item });
  }
  return out;
}

/** Names of the component schemas reachable from `node`, through other components too. */
function schemasUnder(doc, node, into = new Set()) {
  if (Array.isArray(node)) { node.forEach((n) => schemasUnder(doc, n, into)); return into; }
  if (!isObject(node)) return into;
  if (typeof node.$ref === 'string') {
    // A shared response, parameter or body is looked into; a schema is named and looked into once.
    const name = node.$ref.startsWith(SCHEMA_REF) ? node.$ref.slice(SCHEMA_REF.length) : null;
    if (name === null) schemasUnder(doc, deref(doc, node), into);
    else if (!into.has(name)) { into.add(name); schemasUnder(doc, doc.components?.schemas?.[name], into); }
  }
  for (const [k, v] of Object.entries(node)) if (k !== 'example' && k !== 'examples' && k !== '$ref') schemasUnder(doc, v, into);
  return into;
}

/** For each component schema, the operations that send it (request) and answer with it (response). */
function schemaUsage(doc, ops) {
  const usage = new Map();
  const use = (name, side, key) => {
    if (!usage.has(name)) usage.set(name, { request: new Set(), response: new Set() });
    usage.get(name)[side].add(key);
  };
  for (const { key, op, item } of ops) {
    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])];
    for (const name of schemasUnder(doc, [op.requestBody, params])) use(name, 'request', key);
    for (const name of schemasUnder(doc, op.responses)) use(name, 'response', key);
  }
  return usage;
}

/** Every property with marks under a schema, as [dotted name, property schema, the object holding it]. */
function* markedProperties(schema, prefix, seen = new Set()) {
  if (!isObject(schema) || seen.has(schema)) return;
  seen.add(schema);
  for (const [name, prop] of Object.entries(isObject(schema.properties) ? schema.properties : {})) {
    const dotted = prefix ? `${prefix}.${name}` : name;
    if (isObject(prop) && (SINCE in prop || REMOVED in prop || CHANGED in prop)) yield [dotted, prop, schema];
    yield* markedProperties(prop, dotted, seen);
  }
  for (const key of ['items', 'additionalProperties', 'then', 'else']) yield* markedProperties(schema[key], prefix, seen);
  for (const key of ['allOf', 'anyOf', 'oneOf']) for (const part of schema[key] ?? []) yield* markedProperties(part, prefix, seen);
}

/** Whether a change makes calls that worked before it fail (or read what is no longer there). */
function breakingChange(node, change, where) {
  if (typeof change.breaking === 'boolean') return change.breaking;
  const before = change.before ?? {};
  const verdicts = [];
  if ('x-portainer-access' in before) {
    verdicts.push(ACCESS_ORDER.indexOf(node['x-portainer-access']) > ACCESS_ORDER.indexOf(before['x-portainer-access']));
  }
  if (Array.isArray(before.required)) verdicts.push((node.required ?? []).some((r) => !before.required.includes(r)));
  if (typeof before.required === 'boolean') verdicts.push(node.required === true && !before.required);
  for (const key of ['anyOf', 'oneOf']) if (key in before) verdicts.push(key in node && !(key in before));
  const known = ['x-portainer-access', 'required', 'anyOf', 'oneOf'];
  if (!verdicts.length || Object.keys(before).some((k) => !known.includes(k))) {
    throw new Error(`${where}: say whether the change of ${change.in} breaks callers (breaking: true or false)`);
  }
  return verdicts.some(Boolean);
}

/** The change entries of one node: its own since/removed marks and its changes. */
function entriesOf(node, base, { requiredInRequest = false } = {}) {
  const out = [];
  const backported = node[BACKPORTED];
  if (node[SINCE]) out.push({ ...base, version: node[SINCE], kind: 'added', breaking: requiredInRequest, ...(backported && !node[REMOVED] ? { backported } : {}) });
  if (node[REMOVED]) out.push({ ...base, version: node[REMOVED], kind: 'removed', breaking: true, ...(backported ? { backported } : {}) });
  for (const change of node[CHANGED] ?? []) {
    out.push({ ...base, version: change.in, kind: 'changed', breaking: breakingChange(node, change, base.label), note: change.note });
  }
  return out;
}

/** The changelog of `bundle`: {versions, changes}, breaking changes first within each version. */
export function portainerChanges(bundle) {
  const ops = operations(bundle);
  const usage = schemaUsage(bundle, ops);
  const changes = [];

  for (const { key, op, item } of ops) {
    const base = { what: 'operation', operation: key, operationId: op.operationId, summary: op.summary, label: `\`${key}\`` };
    changes.push(...entriesOf(op, base));
    const seen = new Set();
    for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
      const prm = deref(bundle, raw);
      if (!prm || seen.has(prm)) continue;
      seen.add(prm);
      const pbase = { what: 'parameter', operation: key, parameter: `${prm.in} ${prm.name}`, label: `\`${key}\` ${prm.in} parameter \`${prm.name}\`` };
      changes.push(...entriesOf(prm, pbase, { requiredInRequest: prm.required === true }));
    }
    // Fields of schemas written out in the operation itself.
    const inline = [
      ...Object.values(deref(bundle, op.requestBody)?.content ?? {}).map((m) => ['request', m.schema]),
      ...Object.values(op.responses ?? {}).flatMap((r) => Object.values(deref(bundle, r)?.content ?? {}).map((m) => ['response', m.schema])),
    ];
    for (const [side, schema] of inline) {
      for (const [name, prop, holder] of markedProperties(schema, '')) {
        const fbase = { what: 'field', field: name, in: [side], operations: [key], label: `\`${key}\` ${side} field \`${name}\`` };
        changes.push(...entriesOf(prop, fbase, { requiredInRequest: side === 'request' && (holder.required ?? []).includes(name.split('.').at(-1)) }));
      }
    }
  }

  for (const [schemaName, schema] of Object.entries(bundle.components?.schemas ?? {})) {
    const used = usage.get(schemaName);
    if (!used) continue; // the mounted Docker API's, or unused
    const sides = ['request', 'response'].filter((s) => used[s].size);
    const opsUsing = [...new Set([...used.request, ...used.response])].sort();
    changes.push(...entriesOf(schema, { what: 'field', field: schemaName, in: sides, operations: opsUsing, label: `\`${schemaName}\`` }));
    for (const [name, prop, holder] of markedProperties(schema, schemaName)) {
      const inRequest = used.request.size > 0 && (holder.required ?? []).includes(name.split('.').at(-1));
      changes.push(...entriesOf(prop, { what: 'field', field: name, in: sides, operations: opsUsing, label: `\`${name}\`` }, { requiredInRequest: inRequest }));
    }
  }

  const rank = (c) => [compareMinor(c.version, '2.0'), c.breaking ? 0 : 1, KIND_ORDER.indexOf(c.kind), WHAT_ORDER.indexOf(c.what)];
  changes.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return a.label.localeCompare(b.label);
  });
  describedVersions(bundle); // refuses a description that lists none
  const versions = bundle.info['x-portainer-versions'].map(({ version, longTerm, basis }) => ({ version, longTerm, basis: basis.trim() }));
  return { versions, changes: changes.map(({ label, ...c }) => c) };
}

/** The generated file: the changelog with a note on where it comes from. */
export const changesFile = (bundle) => ({
  note: 'Generated by npm run bundle (scripts/lib/portainer-changes.js) from the version marks of generated/portainer.openapi.json. Do not edit: change openapi/ and run npm run build.',
  ...portainerChanges(bundle),
});
