// Compares the Portainer bundle with the facts read from Portainer's source: routes and verbs, access,
// request bodies (JSON fields, what Validate() requires, multipart parts), query parameters, response
// statuses and fields. Each difference has a stable key (`<kind> <METHOD> <path>[ <detail>]`) that the
// exceptions file can list with a reason.
import { MOUNT } from '../lib/mount-docker.js';
import { alternativeRequired, conditionallyRequired, deref, nonNull, objectView, typesOf } from './spec-schema.js';
import { norm } from './paths.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
// Facts kinds → the JSON Schema types that describe them.
const KIND_TYPES = { string: ['string'], integer: ['integer'], number: ['number', 'integer'], boolean: ['boolean'], array: ['array'], map: ['object'], object: ['object'] };
const MULTIPART_TYPES = { string: ['string'], integer: ['integer', 'number'], boolean: ['boolean'], file: ['string'], json: ['string'] };

/** @returns {{key: string, kind: string, message: string}[]} */
export function compareSpec(doc, facts) {
  const diffs = [];
  const add = (kind, method, path, detail, message) => diffs.push({ key: [kind, method, path, detail].filter(Boolean).join(' '), kind, message });
  const ops = specOperations(doc);
  const routes = facts.routes.filter((r) => !r.unreachable && !r.shadowedBy);
  const proxies = routes.filter((r) => r.prefix && r.method === '*' && !hasSpecPath(ops, r.path));
  const matched = new Set();

  for (const route of routes) {
    if (proxies.includes(route)) {
      // The Docker proxy is the Docker document, mounted under MOUNT by the bundle step.
      if (norm(route.path) === norm(MOUNT)) continue;
      add('route-missing', route.method, route.path, null, `${route.handler} serves everything under ${route.path} (${route.at}); no operation describes it`);
      continue;
    }
    // A variant of a route (`/upload/tls/ca`) may be described by its template (`/upload/tls/{certificate}`).
    let candidates = ops.filter((o) => norm(o.path) === norm(route.path));
    if (!candidates.length && route.registered) candidates = ops.filter((o) => norm(o.path) === norm(route.registered));
    const op = route.method === '*' ? candidates[0] : candidates.find((o) => o.method === route.method);
    if (!op) {
      const other = candidates.find((o) => described(o.op));
      if (other) {
        add('verb', route.method, route.path, null, `the source registers ${route.method} ${route.path} (${route.at}); the spec describes ${other.method} instead`);
      } else {
        add('route-missing', route.method, route.path, null, `registered at ${route.at} (${route.handler}), not described`);
      }
      continue;
    }
    for (const o of route.method === '*' ? candidates : [op]) matched.add(o);
    for (const o of route.method === '*' ? candidates : [op]) compareOperation(doc, facts, route, o, add);
  }

  for (const o of ops) {
    if (matched.has(o)) continue;
    if (proxies.some((p) => norm(o.path).startsWith(`${norm(p.path)}/`))) continue; // served by a pass-through
    const registered = routes.some((r) => [r.path, r.registered].some((p) => p && norm(p) === norm(o.path)) && (r.method === o.method || r.method === '*'));
    if (!described(o.op)) {
      if (registered) add('route-served-but-described-not-routed', o.method, o.path, null, 'described as not routed, but the source registers it');
      continue;
    }
    add('route-not-in-source', o.method, o.path, null, `described (${o.op.operationId}), but the source registers no ${o.method} ${o.path}`);
  }
  const seen = new Set();
  return diffs.filter((d) => !seen.has(d.key) && seen.add(d.key));
}

export function specOperations(doc) {
  const out = [];
  for (const [path, item0] of Object.entries(doc.paths ?? {})) {
    if (path === MOUNT || path.startsWith(`${MOUNT}/`)) continue;
    const item = deref(doc, item0);
    for (const m of METHODS) if (item[m]) out.push({ method: m.toUpperCase(), path, op: item[m], item });
  }
  return out;
}

const hasSpecPath = (ops, path) => ops.some((o) => norm(o.path) === norm(path));

/** An operation that documents a success (or a redirect): the others describe paths the server does not route. */
export function described(op) {
  return Object.keys(op.responses ?? {}).some((s) => s.startsWith('2') || s.startsWith('3') || s === '101');
}

function compareOperation(doc, facts, route, o, add) {
  const { op } = o;
  const method = o.method;
  const path = o.path;
  if (!described(op)) {
    add('route-served-but-described-not-routed', method, path, null, `the source registers it (${route.at}); the spec says it is not routed`);
    return;
  }
  if (route.redirect) return; // a deprecated path re-dispatched to another route, compared there
  const access = op['x-portainer-access'];
  if (route.access !== 'none' && access !== route.access) {
    add('access', method, path, null, `spec says ${access}; the source gives ${route.access} (${[...route.bouncer, ...(route.gates ?? [])].join(', ')}; ${route.at})`);
  }
  compareQuery(doc, route, o, add);
  compareBody(doc, facts, route, o, add);
  compareResponses(doc, facts, route, o, add);
}

function compareQuery(doc, route, { op, item, method, path }, add) {
  const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(doc, p)).filter((p) => p?.in === 'query');
  const byName = new Map(params.map((p) => [p.name, p]));
  // Array parameters are read as `name[]=a&name[]=b` as well as `name=a,b`.
  const names = (q) => (q.read === 'array' ? [q.name, `${q.name}[]`] : [q.name]);
  for (const q of route.query ?? []) {
    const p = names(q).map((n) => byName.get(n)).find(Boolean);
    if (!p) { add('query-missing', method, path, q.name, `the handler reads query parameter ${q.name} (${q.at}); not described`); continue; }
    if (q.required && !p.required) add('query-required-missing', method, path, q.name, `the handler refuses a request without ${q.name} (${q.at}); described as optional`);
    if (!q.required && p.required) add('query-required-extra', method, path, q.name, `described as required; the handler does without ${q.name} (${q.at})`);
  }
  const read = new Set((route.query ?? []).flatMap(names));
  for (const p of params) if (!read.has(p.name)) add('query-extra', method, path, p.name, `described, but the handler never reads query parameter ${p.name}`);
}

function compareBody(doc, facts, route, { op, method, path }, add) {
  const content = deref(doc, op.requestBody)?.content ?? {};
  const body = route.body;
  if (!body) {
    if (op.requestBody && (content['application/json'] || content['multipart/form-data'])) {
      add('body-extra', method, path, null, `a ${Object.keys(content).join('/')} body is described; the handler reads none`);
    }
    return;
  }
  const media = content[body.media];
  if (!media) {
    add('body-media', method, path, null, `the handler reads ${body.media}; the spec describes ${Object.keys(content).join(', ') || 'no body'}`);
    return;
  }
  const view = objectView(doc, media.schema);
  if (body.media === 'multipart/form-data') {
    for (const part of body.parts) {
      const prop = view.properties[part.name];
      if (!prop) { add('multipart-part-missing', method, path, part.name, `the handler reads part ${part.name} (${part.at}); not described`); continue; }
      if (part.required && !view.required.has(part.name)) add('multipart-required-missing', method, path, part.name, `the handler refuses a form without ${part.name} (${part.at}); described as optional`);
      if (!part.required && view.required.has(part.name)) add('multipart-required-extra', method, path, part.name, `described as required; the handler does without ${part.name} (${part.at})`);
      const types = typesOf(doc, prop);
      if (types.size && !MULTIPART_TYPES[part.read].some((t) => types.has(t))) {
        add('multipart-kind', method, path, part.name, `the handler reads ${part.name} as ${part.read}; described as ${[...types].join('|')}`);
      }
    }
    const read = new Set(body.parts.map((p) => p.name));
    for (const name of Object.keys(view.properties)) if (!read.has(name)) add('multipart-part-extra', method, path, name, `described, but the CE handler never reads part ${name}`);
    compareRules(doc, body.rules ?? [], view, method, path, add, new Set(body.parts.map((p) => p.name)));
    return;
  }
  const variants = body.oneOf ?? [body];
  const fieldSets = variants.map((v) => fieldsOf(facts, v));
  const all = new Map();
  for (const fields of fieldSets) for (const [k, v] of Object.entries(fields)) if (!all.has(k)) all.set(k, v);
  for (const [name, f] of all) {
    const prop = view.properties[name];
    if (!prop) { add('body-field-missing', method, path, name, `the payload has ${name} (${f.go ?? name}); not described`); continue; }
    compareKind(doc, f, prop, 'body-field-kind', method, path, name, add);
  }
  if (view.described || Object.keys(view.properties).length) {
    for (const name of Object.keys(view.properties)) if (!all.has(name)) add('body-field-extra', method, path, name, `described, but the payload has no ${name}`);
  } else if (all.size) {
    add('body-undescribed', method, path, null, `the payload has ${all.size} fields; the schema names none`);
  }
  // Required: what every payload variant's Validate() demands.
  const requiredSets = variants.map((v) => requiredOf(v.rules ?? []));
  const required = new Set([...requiredSets[0]].filter((f) => requiredSets.every((s) => s.has(f))));
  for (const name of required) if (!view.required.has(name)) add('body-required-missing', method, path, name, `Validate() refuses a payload without ${name}; described as optional`);
  for (const name of view.required) if (!required.has(name) && all.has(name)) add('body-required-extra', method, path, name, `described as required; Validate() accepts a payload without ${name}`);
  if (variants.length === 1) compareRules(doc, body.rules ?? [], view, method, path, add, new Set(all.keys()));
}

export function fieldsOf(facts, shape) {
  if (shape.ref) return facts.types[shape.ref]?.fields ?? {};
  return shape.fields ?? {};
}

/** Fields (top level) a payload must carry: required, non-optional formats, patterns and enums. */
export function requiredOf(rules) {
  const out = new Set();
  for (const r of rules) {
    if (r.when || r.optional) continue;
    if (!['required', 'format', 'pattern', 'enum'].includes(r.kind)) continue;
    for (const f of r.fields) if (!f.includes('.')) out.add(f);
  }
  return out;
}

/** uuid formats, "at least one of", and requirements under conditions, at the level their field lives. */
function compareRules(doc, rules, rootView, method, path, add, known) {
  const viewAt = (field) => {
    const parts = field.split('.');
    let view = rootView;
    for (const p of parts.slice(0, -1)) {
      const prop = view.properties[p];
      if (!prop) return null;
      view = objectView(doc, nonNull(doc, prop));
    }
    return { view, name: parts.at(-1) };
  };
  for (const r of rules) {
    if (r.kind === 'format' && r.format === 'uuid') {
      const at = viewAt(r.fields[0]);
      const prop = at && nonNull(doc, at.view.properties[at.name]);
      if (prop && !hasFormat(doc, prop, 'uuid')) add('body-format', method, path, r.fields[0], `Validate() accepts only a UUID in ${r.fields[0]} (${r.at}); described without format: uuid`);
      continue;
    }
    if (r.kind === 'anyOf') {
      if (!known.has(r.fields[0].split('.')[0])) continue;
      const at = viewAt(r.fields[0]);
      if (!at) continue;
      const alternatives = alternativeRequired(doc, at.view);
      const names = r.fields.map((f) => f.split('.').at(-1));
      if (!names.every((n) => alternatives.has(n))) add('body-rule', method, path, `anyOf(${r.fields.join(',')})`, `Validate() needs at least one of ${r.fields.join(', ')} (${r.at}); the schema says nothing of it (anyOf)`);
      continue;
    }
    if (r.kind === 'requiredIf') {
      if (!known.has(r.fields[0].split('.')[0])) continue;
      const at = viewAt(r.fields[0]);
      if (!at) continue;
      if (at.view.required.has(at.name)) continue;
      if (!conditionallyRequiresPath(doc, rootView, r.fields[0].split('.'))) add('body-rule', method, path, `requiredIf(${r.fields[0]})`, `Validate() needs ${r.fields[0]} when ${r.when} (${r.at}); the schema has no condition requiring it (if/then)`);
    }
  }
}

function compareKind(doc, fact, prop, kind, method, path, name, add) {
  const want = KIND_TYPES[fact.kind];
  if (!want) return;
  const types = typesOf(doc, prop);
  if (!types.size) return;
  if (!want.some((t) => types.has(t))) add(kind, method, path, name, `the source sends ${name} as ${fact.kind}${fact.go ? ` (${fact.go})` : ''}; described as ${[...types].join('|')}`);
}

function compareResponses(doc, facts, route, { op, method, path }, add) {
  // One comparison per status; several writes of one status (branches of the handler) pool their fields.
  const byStatus = new Map();
  for (const r of route.responses ?? []) {
    if (r.status === null) continue;
    if (!byStatus.has(r.status)) byStatus.set(r.status, []);
    byStatus.get(r.status).push(r);
  }
  for (const [status, list] of byStatus) {
    const resp = deref(doc, op.responses?.[String(status)]);
    const first = list[0];
    if (!resp) { add('response-status', method, path, String(status), `the handler answers ${status} (${first.at}); not described`); continue; }
    const typed = list.filter((r) => r.media && r.shape);
    if (!typed.length) continue;
    const media = resp.content?.[first.media];
    if (!media) { add('response-media', method, path, String(status), `the handler sends ${first.media} (${first.at}); described as ${Object.keys(resp.content ?? {}).join(', ') || 'no body'}`); continue; }
    compareShape(doc, facts, typed.map((r) => r.shape), media.schema, method, path, `${status}`, add, first);
  }
}

function compareShape(doc, facts, shapes, schema, method, path, where, add, r) {
  const s = nonNull(doc, schema);
  const types = typesOf(doc, s);
  const shape = shapes[0];
  const want = KIND_TYPES[shape.kind];
  if (want && types.size && !want.some((t) => types.has(t))) {
    add('response-kind', method, path, where, `the handler sends ${shape.kind} (${r.at}); described as ${[...types].join('|')}`);
    return;
  }
  if (shape.kind === 'array') {
    const items = shapes.filter((x) => x.kind === 'array' && x.items).map((x) => x.items);
    if (s?.items && items.length) compareShape(doc, facts, items, s.items, method, path, `${where}[]`, add, r);
    return;
  }
  if (shape.kind !== 'object') return;
  const objects = shapes.filter((x) => x.kind === 'object');
  const fields = {};
  let open = false;
  for (const o of objects) {
    Object.assign(fields, { ...fieldsOf(facts, o), ...fields });
    if (o.ref && facts.types[o.ref]?.embedsUnknown) open = true;
  }
  const view = objectView(doc, s);
  const name = objects.map((o) => o.ref ?? 'an object').join(' or ');
  if (!view.described) {
    if (Object.keys(fields).length) add('response-undescribed', method, path, where, `the handler sends ${name} with ${Object.keys(fields).length} fields (${r.at}); the schema names none`);
    return;
  }
  for (const [field, f] of Object.entries(fields)) {
    const prop = view.properties[field];
    if (!prop) { add('response-field-missing', method, path, `${where} ${field}`, `the handler sends ${field} (${name}.${f.go ?? field}${f.omitempty ? ', omitted when empty' : ''}); not described`); continue; }
    compareKind(doc, f, prop, 'response-field-kind', method, path, `${where} ${field}`, add);
  }
  if (open) return; // fields of an embedded type from outside the tree are not known
  for (const field of Object.keys(view.properties)) if (!(field in fields)) add('response-field-extra', method, path, `${where} ${field}`, `described, but ${name} has no ${field}`);
}

/** A schema that says `format` itself or in one of its allOf/anyOf/oneOf branches. */
function hasFormat(doc, schema, format, depth = 0) {
  const s = deref(doc, schema);
  if (!s || depth > 10) return false;
  if (s.format === format) return true;
  return ['allOf', 'anyOf', 'oneOf'].some((k) => (s[k] ?? []).some((b) => hasFormat(doc, b, format, depth + 1)));
}

/** Some conditional construct, at the field's level or above it, requires the field (`Ecr.Region`). */
function conditionallyRequiresPath(doc, rootView, segments) {
  let view = rootView;
  for (let i = 0; i < segments.length; i++) {
    const rest = segments.slice(i);
    if (conditionallyRequired(doc, view).has(rest[0]) && rest.length === 1) return true;
    for (const c of view.conditionals) {
      const branches = [c.then, c.else, ...Object.values(c.dependentSchemas ?? {}), ...(c.oneOf ?? []), ...(c.anyOf ?? [])];
      if (branches.some((b) => b && requiresPath(doc, b, rest))) return true;
    }
    const prop = view.properties[segments[i]];
    if (!prop || i === segments.length - 1) return false;
    view = objectView(doc, nonNull(doc, prop));
  }
  return false;
}

function requiresPath(doc, schema, segments, depth = 0) {
  if (depth > 10) return false;
  const view = objectView(doc, schema);
  if (segments.length === 1) return view.required.has(segments[0]) || conditionallyRequired(doc, view).has(segments[0]);
  const prop = view.properties[segments[0]];
  return Boolean(prop) && requiresPath(doc, nonNull(doc, prop), segments.slice(1), depth + 1);
}
