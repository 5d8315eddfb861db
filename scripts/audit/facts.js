// The facts file: every route of a Portainer source tree with its access, request body (JSON fields and
// Validate() rules, or multipart parts), query parameters and responses, plus the JSON shape of every
// type they mention. Paths are relative to /api, with route variables written `{name}` (no regexps).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { GoProgram } from './go-program.js';
import { extractRoutes } from './routes.js';
import { analyzeHandler } from './handler-flow.js';
import { BOUNCER_ACCESS, routeAccess } from './access.js';
import { JsonShapes } from './json-shape.js';
import { selectMember } from './go-types.js';
import { validateRules } from './validate-rules.js';
import { annotations, annotatedSuccess } from './annotations.js';
import { norm } from './paths.js';

export const FACTS_FORMAT = 1;

/** Reads a Portainer tree; `source` names where it came from (repository, ref). */
export function auditTree(root, source = {}) {
  const program = new GoProgram(root);
  const apiVersion = readApiVersion(root);
  const { routes: raw } = extractRoutes(program);
  const shapes = new JsonShapes(program);
  const routes = [];
  for (const route of raw) routes.push(...routeFacts(program, shapes, route));
  const documented = annotations(program);
  const registered = new Set(routes.map((r) => `${r.method} ${norm(r.path)}`));
  const annotatedOnly = documented
    .filter((a) => !registered.has(`${a.method} ${norm(a.path)}`) && !routes.some((r) => r.prefix && r.method === '*' && (norm(a.path) === norm(r.path) || norm(a.path).startsWith(`${norm(r.path)}/`))))
    .map(({ method, path: p, func, at }) => ({ method, path: p, func, at }));
  return {
    format: FACTS_FORMAT,
    source: { ...gitInfo(root), ...source, apiVersion },
    summary: summarize(routes, shapes),
    routes,
    annotatedOnly,
    types: sortKeys(shapes.types),
  };
}

function routeFacts(program, shapes, route) {
  const pkg = program.package(route.target?.pkg ?? '');
  const fn = route.target && pkg ? (route.target.type ? pkg.method(route.target.type, route.target.name) : pkg.funcs.get(route.target.name)) : null;
  const variants = fn ? analyzeHandler(program, pkg, fn) : [{ bindings: {}, events: null }];
  // Middlewares of the handler's own package read query parameters too (`RegistryAccess` reads endpointId).
  for (const w of route.wrappers) {
    if (!pkg || w.pkg !== pkg.dir || BOUNCER_ACCESS[w.name]) continue;
    const mw = w.via === null ? pkg.funcs.get(w.name) : route.target?.type ? pkg.method(route.target.type, w.name) : null;
    if (!mw) continue;
    const reads = analyzeHandler(program, pkg, mw).flatMap((v) => v.events.query);
    for (const v of variants) v.events?.query.push(...reads.map((q) => ({ ...q, conditional: true })));
  }
  const apiPath = route.fullPath.startsWith('/api/') ? route.fullPath.slice(4) : route.fullPath;
  const docs = annotations(program);
  return variants.map(({ bindings, events }) => {
    const concrete = bindPath(apiPath, bindings);
    const access = routeAccess(program, route, events?.gates ?? []);
    const entry = {
      method: route.method ?? '*',
      path: concrete.path,
      ...(concrete.path !== apiPath ? { registered: apiPath } : {}),
      ...(concrete.enums ? { pathEnums: concrete.enums } : {}),
      ...(route.prefix ? { prefix: true } : {}),
      access: access.access,
      bouncer: access.bouncer,
      ...(access.gates.length ? { gates: access.gates } : {}),
      handler: route.target ? `${route.target.pkg}.${route.target.type ? `${route.target.type}.` : ''}${route.target.name}` : null,
      at: `${route.file}:${route.line}`,
      ...(route.reachable ? {} : { unreachable: true }),
      ...(route.shadowedBy ? { shadowedBy: route.shadowedBy } : {}),
      ...(route.redirect ? { redirect: true } : {}),
    };
    if (!events) return entry;
    const annotated = docs.find((d) => d.method === entry.method && norm(d.path) === norm(entry.path) && events.calls.includes(d.func));
    if (annotated) entry.annotation = annotated.at;
    const body = bodyFacts(program, shapes, events);
    if (body) entry.body = body;
    const query = mergeReads(events.query, shapes);
    if (query.length) entry.query = query;
    entry.responses = responseFacts(program, shapes, events, annotated);
    return entry;
  });
}

/** Substitutes route variables a variant fixed; records the values a `{name:a|b}` pattern allows. */
function bindPath(apiPath, bindings) {
  let enums = null;
  const segments = apiPath.split('/').map((seg) => {
    if (!seg.startsWith('{')) return seg;
    const colon = seg.indexOf(':');
    const name = colon < 0 ? seg.slice(1, -1) : seg.slice(1, colon);
    if (bindings[name] !== undefined) return bindings[name];
    if (colon >= 0) {
      const re = seg.slice(colon + 1, -1);
      const inner = re.startsWith('(?:') && re.endsWith(')') ? re.slice(3, -1) : re;
      enums = { ...enums, [name]: inner.split('|') };
    }
    return `{${name}}`;
  });
  return { path: segments.join('/'), enums };
}

function bodyFacts(program, shapes, events) {
  const json = events.json.filter((j) => j.type);
  if (json.length) {
    const variants = json.map((j) => {
      const shape = shapes.shape(j.type);
      const validateOn = selectMember(program, j.type, 'Validate');
      const rules = (validateOn?.method ? validateRules(program, validateOn.pkg, validateOn.method) : [])
        .map((r) => ({ ...r, fields: r.fields.map((f) => jsonPath(shapes, shape.ref, f)) }));
      return { ...shape, nullable: undefined, rules, at: j.at };
    });
    return { media: 'application/json', ...(variants.length === 1 ? variants[0] : { oneOf: variants }) };
  }
  if (events.multipart.length) {
    const rules = [];
    for (const v of events.validates) {
      const m = selectMember(program, v.type, 'Validate');
      if (m?.method) rules.push(...validateRules(program, m.pkg, m.method));
    }
    return { media: 'multipart/form-data', parts: mergeReads(events.multipart, shapes), ...(rules.length ? { rules } : {}) };
  }
  return null;
}

/** `AutoUpdate.Webhook` (Go field names, as Validate() writes them) → the JSON names the payload is decoded from. */
function jsonPath(shapes, ref, goPath) {
  const out = [];
  let cur = ref;
  for (const seg of goPath.split('.')) {
    const fields = cur ? shapes.types[cur]?.fields ?? {} : {};
    const hit = Object.entries(fields).find(([, f]) => f.go === seg);
    out.push(hit ? hit[0] : seg);
    cur = hit ? hit[1].ref ?? null : null;
  }
  return out.join('.');
}

/** One entry per name: required when some unconditional read may not be left out. */
function mergeReads(reads, shapes) {
  const byName = new Map();
  for (const r of reads) {
    const prev = byName.get(r.name);
    const required = !r.optional && !r.conditional;
    const entry = prev ?? { name: r.name, read: r.read, required: false, at: r.at };
    entry.required ||= required;
    if (!r.optional && r.conditional) entry.conditionallyRequired = true;
    if (r.target && !entry.json) entry.json = shapes.shape(r.target);
    byName.set(r.name, entry);
  }
  for (const e of byName.values()) if (e.required) delete e.conditionallyRequired;
  return [...byName.values()];
}

function responseFacts(program, shapes, events, annotated) {
  const out = [];
  const seen = new Set();
  for (const r of events.responses) {
    const shape = r.type ? shapes.shape(r.type) : null;
    const entry = { status: r.status, ...(r.media ? { media: r.media } : {}), ...(shape ? { shape } : {}), at: r.at, from: 'code' };
    if (r.media && (!shape || shape.kind === 'unknown') && annotated) {
      const fallback = annotatedSuccess(program, shapes, annotated, r.status);
      if (fallback) Object.assign(entry, { shape: fallback, from: 'annotation' });
    }
    const key = JSON.stringify([entry.status, entry.media, entry.shape]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
  }
  return out;
}


function readApiVersion(root) {
  const src = fs.readFileSync(path.join(root, 'api', 'portainer.go'), 'utf8');
  const at = src.indexOf('APIVersion = "');
  if (at < 0) throw new Error(`${root}/api/portainer.go has no APIVersion`);
  const start = at + 'APIVersion = "'.length;
  return src.slice(start, src.indexOf('"', start));
}

function gitInfo(root) {
  try {
    const out = execFileSync('git', ['-C', root, 'log', '-1', '--format=%H %cI'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const [commit, date] = out.split(' ');
    return { commit, date };
  } catch {
    return {};
  }
}

function summarize(routes, shapes) {
  const count = (f) => routes.filter(f).length;
  return {
    routes: routes.length,
    payloadStructs: new Set(routes.flatMap((r) => (r.body?.ref ? [r.body.ref] : (r.body?.oneOf ?? []).map((b) => b.ref)))).size,
    multipartRoutes: count((r) => r.body?.media === 'multipart/form-data'),
    responseTypes: new Set(routes.flatMap((r) => (r.responses ?? []).map((x) => x.shape?.ref ?? x.shape?.items?.ref).filter(Boolean))).size,
    types: Object.keys(shapes.types).length,
  };
}

function sortKeys(o) {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}
