// Operations and their query and header parameters, read the same way from a reference description
// (Swagger-converted OpenAPI 3.0, ../shared/reference/) and from our bundle (Docker routes left
// out), so that the operations a version has can be compared with that version's reference.
import { MOUNT } from '../lib/mount-docker.js';
import { METHODS } from '../lib/methods.js';
import { deref } from './spec-schema.js';
import { norm } from './paths.js';

const withoutTrailingSlash = (p) => {
  let end = p.length;
  while (end > 1 && p[end - 1] === '/') end--;
  return p.slice(0, end);
};

/** Map of `METHOD /path/{}` → {path, operationId, params: Set of `in:name`} (header names lower-cased). */
export function operationsOf(doc) {
  const out = new Map();
  for (const [p, item0] of Object.entries(doc.paths ?? {})) {
    if (p === MOUNT || p.startsWith(`${MOUNT}/`)) continue;
    const item = deref(doc, item0) ?? {};
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const params = new Set();
      for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const prm = deref(doc, raw);
        if (prm?.in !== 'query' && prm?.in !== 'header') continue;
        params.add(`${prm.in}:${prm.in === 'header' ? prm.name.toLowerCase() : prm.name}`);
      }
      out.set(`${m.toUpperCase()} ${withoutTrailingSlash(norm(p))}`, { path: p, operationId: op.operationId, params });
    }
  }
  return out;
}

/** The operations as plain JSON (params sorted), for reference/portainer-reference-operations.json. */
export function operationsToFacts(ops) {
  const out = {};
  for (const [key, { path, operationId, params }] of [...ops].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out[key] = { path, ...(operationId ? { operationId } : {}), params: [...params].sort() };
  }
  return out;
}

/** The operations of a reference as operationsOf gives them, from the facts operationsToFacts wrote. */
export function operationsFromFacts(facts) {
  return new Map(Object.entries(facts).map(([key, { path, operationId, params }]) => [key, { path, operationId, params: new Set(params) }]));
}

/**
 * Differences between our operations and a reference's, as keys: `operation-missing KEY` (the
 * reference has it, we do not), `operation-extra KEY`, `parameter-missing KEY in:name`, `parameter-extra KEY in:name`.
 */
export function referenceDifferences(ours, reference) {
  const out = [];
  for (const [key, ref] of reference) {
    const op = ours.get(key);
    if (!op) { out.push(`operation-missing ${key}`); continue; }
    for (const p of ref.params) if (!op.params.has(p)) out.push(`parameter-missing ${key} ${p}`);
    for (const p of op.params) if (!ref.params.has(p)) out.push(`parameter-extra ${key} ${p}`);
  }
  for (const key of ours.keys()) if (!reference.has(key)) out.push(`operation-extra ${key}`);
  return out;
}
