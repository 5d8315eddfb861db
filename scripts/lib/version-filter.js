// The bundle as one Portainer CE version serves it: operations, parameters and fields that version
// lacks (by their marks, scripts/lib/portainer-versions.js) are taken out, and what changed after it
// is put back as it was (`x-portainer-changed` entries' `before`). Used by the per-version mock and
// by the tests that hold the marks against each version's source and reference.
import { CHANGED, compareMinor, presentIn } from './portainer-versions.js';
import { METHODS } from './methods.js';
import { deref } from '../audit/spec-schema.js';

// Keys whose values are data (examples, defaults), not parts of the description.
const DATA = new Set(['example', 'examples', 'default', 'enum', 'const', 'x-codeSamples', CHANGED]);

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** RFC 7386 merge patch of `patch` onto `target`, in place; returns the result. */
export function mergePatch(target, patch) {
  if (!isObject(patch)) return structuredClone(patch);
  const out = isObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** Puts back, on every node changed after `version`, what it held in `version` (newest change first). */
function undoLaterChanges(node, version) {
  if (Array.isArray(node)) return node.forEach((item) => undoLaterChanges(item, version));
  if (!isObject(node)) return;
  const later = (node[CHANGED] ?? []).filter((c) => compareMinor(c.in, version) > 0).sort((a, b) => compareMinor(b.in, a.in));
  for (const change of later) mergePatch(node, change.before);
  for (const [key, value] of Object.entries(node)) if (!DATA.has(key)) undoLaterChanges(value, version);
}

/** Takes out, everywhere under `node`, the parameters and properties `version` lacks. */
function dropAbsent(doc, node, version) {
  if (Array.isArray(node)) return node.forEach((item) => dropAbsent(doc, item, version));
  if (!isObject(node)) return;
  if (Array.isArray(node.parameters)) node.parameters = node.parameters.filter((p) => presentIn(deref(doc, p), version));
  if (isObject(node.properties)) {
    const gone = Object.keys(node.properties).filter((name) => !presentIn(node.properties[name], version));
    for (const name of gone) delete node.properties[name];
    if (gone.length && Array.isArray(node.required)) node.required = node.required.filter((r) => !gone.includes(r));
  }
  for (const [key, value] of Object.entries(node)) if (!DATA.has(key)) dropAbsent(doc, value, version);
}

/** A copy of `bundle` (any Portainer bundle, Docker mounted or not) as CE `version` ("2.39") serves it. */
export function specForVersion(bundle, version) {
  const doc = structuredClone(bundle);
  undoLaterChanges(doc, version);
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) if (item[method] && !presentIn(item[method], version)) delete item[method];
    if (!METHODS.some((m) => item[m])) delete doc.paths[p];
  }
  dropAbsent(doc, doc, version);
  doc.info = { ...doc.info, 'x-portainer-served-version': version };
  return doc;
}
