// Reading schemas of a bundled OpenAPI document the way the audit compares them: local $refs
// followed, allOf merged, the types a schema allows, and the conditional constructs it holds.

export function deref(doc, node, hops = 0) {
  let n = node;
  while (n && typeof n.$ref === 'string' && n.$ref.startsWith('#/') && hops++ < 50) {
    n = n.$ref.slice(2).split('/').reduce((o, k) => o?.[k.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
  }
  return n;
}

/** Properties and unconditional `required` of a schema, allOf merged (oneOf/anyOf branches add properties only). */
export function objectView(doc, schema, depth = 0) {
  const s = deref(doc, schema);
  const view = { properties: {}, required: new Set(), conditionals: [], described: false };
  if (!s || depth > 20) return view;
  if (s.properties) { Object.assign(view.properties, s.properties); view.described = true; }
  for (const r of s.required ?? []) view.required.add(r);
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) view.described = true;
  if (s.if || s.dependentRequired || s.dependentSchemas) view.conditionals.push(s);
  for (const part of s.allOf ?? []) merge(view, objectView(doc, part, depth + 1), true);
  for (const key of ['oneOf', 'anyOf']) {
    if (!s[key]) continue;
    view.conditionals.push({ [key]: s[key].map((b) => deref(doc, b)) });
    for (const part of s[key]) merge(view, objectView(doc, part, depth + 1), false);
  }
  return view;
}

function merge(into, from, withRequired) {
  for (const [k, v] of Object.entries(from.properties)) if (!(k in into.properties)) into.properties[k] = v;
  if (withRequired) for (const r of from.required) into.required.add(r);
  into.conditionals.push(...from.conditionals);
  into.described ||= from.described;
}

/** The JSON types a schema allows (null left out); empty when the schema does not say. */
export function typesOf(doc, schema, depth = 0) {
  const s = deref(doc, schema);
  const out = new Set();
  if (!s || depth > 20) return out;
  if (typeof s.type === 'string') out.add(s.type);
  if (Array.isArray(s.type)) for (const t of s.type) out.add(t);
  if (s.const !== undefined && !s.type) out.add(typeof s.const === 'number' ? (Number.isInteger(s.const) ? 'integer' : 'number') : typeof s.const);
  for (const key of ['anyOf', 'oneOf']) for (const b of s[key] ?? []) for (const t of typesOf(doc, b, depth + 1)) out.add(t);
  if (!out.size) for (const b of s.allOf ?? []) { for (const t of typesOf(doc, b, depth + 1)) out.add(t); if (out.size) break; }
  out.delete('null');
  return out;
}

/** The first non-null branch of `anyOf: [X, {type: 'null'}]`, else the schema itself (dereferenced). */
export function nonNull(doc, schema) {
  const s = deref(doc, schema);
  for (const key of ['anyOf', 'oneOf']) {
    const branches = (s?.[key] ?? []).map((b) => deref(doc, b)).filter((b) => !(b?.type === 'null'));
    if (s?.[key] && branches.length === 1) return nonNull(doc, branches[0]);
  }
  return s;
}

/** Fields a conditional construct of a view requires in some case (if/then, dependentRequired, oneOf/anyOf branches). */
export function conditionallyRequired(doc, view, depth = 0) {
  const out = new Set();
  const add = (s) => {
    if (!s || depth > 10) return;
    const inner = objectView(doc, s);
    for (const r of inner.required) out.add(r);
    for (const r of conditionallyRequired(doc, inner, depth + 1)) out.add(r);
  };
  for (const c of view.conditionals) {
    if (c.then) add(c.then);
    if (c.else) add(c.else);
    for (const list of Object.values(c.dependentRequired ?? {})) for (const r of list) out.add(r);
    for (const s of Object.values(c.dependentSchemas ?? {})) add(s);
    for (const b of [...(c.oneOf ?? []), ...(c.anyOf ?? [])]) add(b);
  }
  return out;
}

/** Fields named by the required lists of anyOf/oneOf branches ("at least one of"). */
export function alternativeRequired(doc, view) {
  const out = new Set();
  for (const c of view.conditionals) {
    for (const b of [...(c.oneOf ?? []), ...(c.anyOf ?? [])]) for (const r of deref(doc, b)?.required ?? []) out.add(r);
  }
  return out;
}
