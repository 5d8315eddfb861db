// What a Portainer version serves, as flat keys that can be compared across versions and looked up
// in the spec: `route M P`, `access M P LEVEL`, `query M P NAME`, `body M P FIELD`, `required M P
// FIELD` (a payload Validate() refuses without it), `status M P CODE`, `response M P STATUS FIELD`
// (STATUS `200[]` for the items of a list). Paths are route templates with `{}` for variables.
// reference/portainer-source-history.json records which versions have the keys that change.
import { described, fieldsOf, requiredOf, specOperations } from './compare-spec.js';
import { deref, nonNull, objectView } from './spec-schema.js';
import { norm } from './paths.js';

/** The keys of one facts file (reference/portainer-source-*.json). */
export function factKeys(facts) {
  const keys = new Set();
  const routes = facts.routes.filter((r) => !r.unreachable && !r.shadowedBy && !r.redirect && !(r.prefix && r.method === '*'));
  for (const route of routes) {
    const at = `${route.method} ${norm(route.path)}`;
    keys.add(`route ${at}`);
    if (route.access !== 'none') keys.add(`access ${at} ${route.access}`);
    // A list read by libhttp takes the bracket spelling (`ids[]=1&ids[]=2`) in every version, the
    // plain one only since 2.44: the key names the spelling every version reads.
    for (const q of route.query ?? []) keys.add(`query ${at} ${q.read === 'array' && !q.name.endsWith('[]') ? `${q.name}[]` : q.name}`);
    const body = route.body;
    if (body?.media === 'multipart/form-data') {
      for (const part of body.parts) {
        keys.add(`body ${at} ${part.name}`);
        if (part.required) keys.add(`required ${at} ${part.name}`);
      }
    } else if (body) {
      const variants = body.oneOf ?? [body];
      for (const v of variants) for (const name of Object.keys(fieldsOf(facts, v))) keys.add(`body ${at} ${name}`);
      const sets = variants.map((v) => requiredOf(v.rules ?? []));
      for (const name of sets[0]) if (sets.every((s) => s.has(name))) keys.add(`required ${at} ${name}`);
    }
    const byStatus = new Map();
    for (const r of route.responses ?? []) {
      if (r.status === null) continue;
      keys.add(`status ${at} ${r.status}`);
      if (r.media && r.shape) byStatus.set(r.status, [...(byStatus.get(r.status) ?? []), r.shape]);
    }
    for (const [status, shapes] of byStatus) {
      for (const [where, fields] of responseFields(facts, shapes, String(status))) for (const f of fields) keys.add(`response ${at} ${where} ${f}`);
    }
  }
  return keys;
}

/** The top-level fields of a response (or of its list's items), as the source audit compares them. */
function responseFields(facts, shapes, where) {
  const first = shapes[0];
  if (first.kind === 'array') {
    const items = shapes.filter((s) => s.kind === 'array' && s.items).map((s) => s.items);
    return items.length ? responseFields(facts, items, `${where}[]`) : [];
  }
  if (first.kind !== 'object') return [];
  const names = new Set();
  for (const s of shapes.filter((x) => x.kind === 'object')) for (const name of Object.keys(fieldsOf(facts, s))) names.add(name);
  return [[where, names]];
}

/** Parses a key into its parts. */
export function parseKey(key) {
  const [kind, method, path, ...rest] = key.split(' ');
  return { kind, method, path, rest };
}

/**
 * The operations that serve `path`: those written with it, or, for a variant the spec describes by
 * its template (`/upload/tls/ca` by `/upload/tls/{certificate}`), the template's. `written` holds
 * every path the spec writes out (in any version), so that a path a version lacks (`/endpoints/summary`)
 * is not taken for a value of a template (`/endpoints/{id}`).
 */
function operationsAt(ops, method, path, written) {
  const parts = path.split('/');
  const matches = (p) => {
    const q = norm(p).split('/');
    return q.length === parts.length && q.every((s, i) => s === parts[i] || s === '{}');
  };
  const found = written.has(path) ? ops.filter((o) => norm(o.path) === path) : ops.filter((o) => matches(o.path));
  return method === '*' ? found : found.filter((o) => o.method === method);
}

/** The paths a document writes out, as route templates. */
export const writtenPaths = (doc) => new Set(Object.keys(doc.paths ?? {}).map(norm));

/**
 * Whether `doc` (a bundle, or a version's view of it) describes what `key` names. `written`: the
 * paths of the whole bundle when `doc` is a version's view of it.
 */
export function specHas(doc, key, { ops = specOperations(doc), written = writtenPaths(doc) } = {}) {
  const { kind, method, path, rest } = parseKey(key);
  const field = rest.join(' '); // JSON names may hold spaces (`"DNS Suffix"`)
  const candidates = operationsAt(ops, method, path, written).filter((o) => described(o.op));
  if (kind === 'route') return candidates.length > 0;
  return candidates.some(({ op, item }) => {
    switch (kind) {
      case 'access':
        return op['x-portainer-access'] === field;
      case 'query':
        return [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(doc, p)).some((p) => p?.in === 'query' && p.name === field);
      case 'body':
      case 'required': {
        const content = deref(doc, op.requestBody)?.content ?? {};
        const media = content['application/json'] ?? content['multipart/form-data'];
        if (!media) return false;
        const view = objectView(doc, media.schema);
        return kind === 'body' ? field in view.properties : view.required.has(field);
      }
      case 'status':
        return Boolean(op.responses?.[field]);
      case 'response': {
        const [where, ...name] = rest;
        let status = where;
        while (status.endsWith('[]')) status = status.slice(0, -2); // a few array levels at most
        const media = deref(doc, op.responses?.[status])?.content?.['application/json'];
        let schema = media && nonNull(doc, media.schema);
        for (let depth = (where.length - status.length) / 2; depth > 0 && schema; depth--) schema = nonNull(doc, schema.items);
        return Boolean(schema) && name.join(' ') in objectView(doc, schema).properties;
      }
      default:
        throw new Error(`unknown version key kind: ${key}`);
    }
  });
}

