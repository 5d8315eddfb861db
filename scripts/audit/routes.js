// Portainer's routes as its Go code registers them: the top-level dispatch in
// api/http/handler/handler.go (prefix tests, StripPrefix), the constructors wired in api/http/server.go,
// and inside each handler package the gorilla/mux routers, subrouters, middlewares (`Use`),
// `Handle(...).Methods(...)`, `PathPrefix(...).Handler(...)` and mounted sub-handlers.
import { isId, isOp, splitTopLevel } from './go-tokens.js';
import { parseBlock, walk } from './go-statements.js';
import { evalMethod, evalString, readChain, unwrapHandler } from './go-calls.js';

const HANDLER_DIR = 'api/http/handler';
const SERVER_DIR = 'api/http';

/**
 * @returns {{routes: RawRoute[], dispatch: DispatchEntry[]}}
 * @typedef {{method: string|null, path: string, prefix: boolean, wrappers: {name: string, via: string|null, pkg: string}[],
 *   target: {pkg: string, type: string, name: string}|null, redirect?: boolean, file: string, line: number, field: string, order: number}} RawRoute
 */
export function extractRoutes(program) {
  const handlerPkg = program.package(HANDLER_DIR);
  if (!handlerPkg) throw new Error(`${HANDLER_DIR} not found: is this a Portainer source tree?`);
  const dispatch = readDispatch(handlerPkg);
  const ctors = readWiring(program, handlerPkg);
  const routes = [];
  const seen = new Set();
  for (const entry of dispatch) {
    const field = entry.field;
    if (seen.has(field)) continue;
    seen.add(field);
    const ctor = ctors.get(field);
    if (!ctor) continue;
    const interp = new Interpreter(program, field, routes);
    interp.construct(ctor.pkg, ctor.func, new Map(), null);
  }
  for (const route of routes) {
    const full = (dispatch.find((d) => d.field === route.field)?.strip ?? '') + route.path;
    route.fullPath = full;
    // A prefix route is reached by the paths below it.
    const probe = route.prefix ? `${full}/x1` : full;
    const first = dispatch.find((d) => d.conds.every((c) => test(c, probe)));
    route.reachable = Boolean(first && first.field === route.field);
  }
  markShadowed(routes);
  return { routes, dispatch };
}

function test(cond, path) {
  if (cond.fn === 'HasPrefix') return path.startsWith(cond.value);
  if (cond.fn === 'Contains') return path.includes(cond.value);
  return false;
}

/** The switch in Handler.ServeHTTP: ordered {conds, field, strip}. */
function readDispatch(pkg) {
  const fn = pkg.method('Handler', 'ServeHTTP');
  if (!fn) throw new Error(`${pkg.dir}: Handler.ServeHTTP not found`);
  const { tokens } = fn.file;
  const out = [];
  const visit = (stmts, outer) => {
    for (const stmt of stmts) {
      if (stmt.kind !== 'switch') continue;
      for (const clause of stmt.clauses) {
        const conds = [...outer];
        for (const v of clause.values ?? []) conds.push(...readConds(tokens, v));
        const action = clause.body.find((s) => s.kind === 'simple');
        const nested = clause.body.filter((s) => s.kind === 'switch');
        if (nested.length) visit(nested, conds);
        if (action) {
          const a = readAction(tokens, action.range);
          if (a) out.push({ conds, ...a });
        }
      }
    }
  };
  visit(parseBlock(tokens, fn.body[0], fn.body[1]), []);
  return out;
}

function readConds(tokens, [s, e]) {
  const conds = [];
  for (const [a, b] of splitTopLevel(tokens, s, e, '&&')) {
    const chain = readChain(tokens, a, b);
    const last = chain?.parts.at(-1);
    if (chain?.parts[0].name !== 'strings' || !last?.calls.length) continue;
    const args = last.calls[0];
    const value = evalString(tokens, args[1]);
    if (value !== null) conds.push({ fn: last.name, value });
  }
  return conds;
}

function readAction(tokens, [s, e]) {
  const chain = readChain(tokens, s, e);
  if (!chain) return null;
  const names = chain.parts.map((p) => p.name);
  if (names[0] === 'http' && names[1] === 'StripPrefix') {
    const [prefixArg, handlerArg] = chain.parts[1].calls[0];
    const h = readChain(tokens, handlerArg[0], handlerArg[1]);
    return { field: h.parts.at(-1).name, strip: evalString(tokens, prefixArg) ?? '' };
  }
  if (names.at(-1) === 'ServeHTTP' && names.length === 3) return { field: names[1], strip: '' };
  return null;
}

/** Handler field → constructor {pkg, func, args}, from `x := pkg.NewHandler(...)` and `Field: x` in api/http. */
function readWiring(program, handlerPkg) {
  const server = program.package(SERVER_DIR);
  const out = new Map();
  for (const file of server?.files ?? []) {
    const { tokens } = file;
    const calls = new Map();
    for (let i = 0; i + 4 < tokens.length; i++) {
      // `x := pkg.Ctor(` or `var x = pkg.Ctor(`
      if (tokens[i].t !== 'id' || !(isOp(tokens[i + 1], ':=') || isOp(tokens[i + 1], '='))) continue;
      const chain = readChain(tokens, i + 2);
      if (!chain || chain.parts.length !== 2 || !chain.parts[1].calls.length) continue;
      const target = program.imported(file, chain.parts[0].name);
      if (!target || target.external) continue;
      const fn = target.funcs.get(chain.parts[1].name);
      if (fn) calls.set(tokens[i].v, { pkg: target, func: fn });
    }
    for (let i = 0; i + 2 < tokens.length; i++) {
      if (tokens[i].t === 'id' && isOp(tokens[i + 1], ':') && tokens[i + 2]?.t === 'id' && calls.has(tokens[i + 2].v)) {
        out.set(tokens[i].v, calls.get(tokens[i + 2].v));
      }
    }
  }
  return out;
}

class Interpreter {
  constructor(program, field, routes) {
    this.program = program;
    this.field = field;
    this.routes = routes;
  }

  /** Runs a constructor: its root router hangs under `mount` (a router of the handler mounting it). */
  construct(pkg, fn, env, mount) {
    const root = { parent: mount, prefix: '', middlewares: [], mountPrefix: mount ? fullPrefix(mount) : '' };
    const type = resultTypeName(fn) ?? 'Handler';
    this.run(pkg, fn, env, new Map(), root, type);
  }

  run(pkg, fn, env, outerVars, root, type, depth = 0) {
    if (depth > 5 || !fn.body) return;
    const { tokens } = fn.file;
    const vars = new Map(outerVars);
    if (fn.recv?.name) vars.set(fn.recv.name, { router: root });
    for (const [stmt] of walk(parseBlock(tokens, fn.body[0], fn.body[1]))) {
      if (stmt.kind !== 'simple' && stmt.kind !== 'return') continue;
      const [s, e] = stmt.range;
      if (stmt.kind === 'return') continue;
      let lhs = null;
      let rhs = [s, e];
      for (let i = s; i < e; i++) {
        if (isOp(tokens[i], ':=') || (isOp(tokens[i], '=') && i === s + 1)) { lhs = tokens[s].v; rhs = [i + 1, e]; break; }
        if (isOp(tokens[i], '(') || isOp(tokens[i], '{')) break;
      }
      if (isId(tokens[s], 'var') && isOp(tokens[s + 2], '=')) { lhs = tokens[s + 1].v; rhs = [s + 3, e]; }
      const value = this.evaluate(pkg, fn, env, vars, root, type, rhs, depth);
      if (lhs && value) vars.set(lhs, value);
    }
  }

  /** Evaluates an expression statement or right-hand side; returns a binding for `x := …` or null. */
  evaluate(pkg, fn, env, vars, root, type, [s, e], depth) {
    const { tokens } = fn.file;
    // &Handler{...} / Handler{...}: the handler's own router.
    const lit = isOp(tokens[s], '&') ? s + 1 : s;
    if (isId(tokens[lit], type) && isOp(tokens[lit + 1], '{')) return { router: root };
    const chain = readChain(tokens, s, e);
    if (!chain) return null;
    const [head, ...rest] = chain.parts;
    const bound = vars.get(head.name);
    // A package-local function returning the handler (`h := newHandler(bouncer)`).
    if (!rest.length && head.calls.length && pkg.funcs.get(head.name) && resultTypeName(pkg.funcs.get(head.name)) === type) return { router: root };
    // Another package's constructor: a sub-handler, mounted later.
    if (!bound && rest.length === 1 && head.calls.length === 0 && rest[0].calls.length) {
      const target = this.program.imported(fn.file, head.name);
      const ctor = target && !target.external ? target.funcs.get(rest[0].name) : null;
      if (ctor && resultTypeName(ctor)) return { handler: { pkg: target, func: ctor, args: rest[0].calls[0], env, file: fn.file, vars } };
      return null;
    }
    if (!bound?.router) return null;
    let router = bound.router;
    for (let k = 0; k < rest.length; k++) {
      const part = rest[k];
      const args = part.calls[0];
      switch (part.name) {
        case 'NewRoute':
          router = { parent: router, prefix: '', middlewares: [] };
          break;
        case 'PathPrefix': {
          const p = evalString(tokens, args[0], env) ?? '';
          const next = rest[k + 1];
          if (next?.name === 'Handler' || next?.name === 'HandlerFunc') {
            const methods = rest[k + 2]?.name === 'Methods' ? rest[k + 2].calls[0] : null;
            this.handlerAt(pkg, fn, env, vars, { parent: router, prefix: p, middlewares: [] }, type, next.calls[0][0], methods, true, depth);
            return null;
          }
          router = { parent: router, prefix: p, middlewares: [] };
          break;
        }
        case 'Subrouter':
          break;
        case 'Use':
          for (const a of args) router.middlewares.push(this.wrapperName(pkg, tokens, a));
          return null;
        case 'Handle':
        case 'HandleFunc': {
          const p = evalString(tokens, args[0], env) ?? '';
          const methods = rest[k + 1]?.name === 'Methods' ? rest[k + 1].calls[0] : null;
          this.handlerAt(pkg, fn, env, vars, { parent: router, prefix: p, middlewares: [] }, type, args[1], methods, false, depth);
          return null;
        }
        default: {
          // A method of the handler that registers routes itself (`h.initRouter(bouncer)`).
          const m = pkg.method(type, part.name);
          if (m && router === root && k === 0) {
            const inner = new Map();
            m.params.forEach((p, i) => { if (p.name && args?.[i]) { const v = evalString(tokens, args[i], env); if (v !== null) inner.set(p.name, v); } });
            this.run(pkg, m, inner, new Map(), root, type, depth + 1);
          }
          return null;
        }
      }
    }
    return { router };
  }

  /** A route (or a mounted sub-handler) at `leaf`, whose prefix is the registered path. */
  handlerAt(pkg, fn, env, vars, leaf, type, exprRange, methodArgs, isPrefix, depth) {
    const { tokens } = fn.file;
    const methods = methodArgs ? methodArgs.map((a) => evalMethod(tokens, a)) : [null];
    // Mounting another handler: `PathPrefix("/x").Handler(subHandler)`.
    const chain = readChain(tokens, exprRange[0], exprRange[1]);
    if (isPrefix && chain && chain.end === exprRange[1]) {
      const sub = chain.parts.length === 1 && !chain.parts[0].calls.length ? vars.get(chain.parts[0].name)?.handler : null;
      if (sub) {
        const inner = new Map();
        sub.func.params.forEach((p, i) => {
          if (!p.name || !sub.args[i]) return;
          const v = evalString(sub.file.tokens, sub.args[i], sub.env);
          if (v !== null) inner.set(p.name, v);
        });
        const mount = { ...leaf, mount: true };
        const root = { parent: mount, prefix: '', middlewares: [], mountPrefix: fullPrefix(mount) };
        this.run(sub.pkg, sub.func, inner, new Map(), root, resultTypeName(sub.func) ?? 'Handler', depth + 1);
        return;
      }
    }
    const unwrapped = unwrapHandler(tokens, exprRange);
    const chainWrappers = [];
    for (let r = leaf; r; r = r.parent) chainWrappers.unshift(...r.middlewares);
    const wrappers = [...chainWrappers, ...unwrapped.wrappers.map((w) => this.wrapperRecord(pkg, w))];
    let target = null;
    if (unwrapped.target?.recv && vars.get(unwrapped.target.recv)?.router) target = { pkg: pkg.dir, type, name: unwrapped.target.name };
    else if (unwrapped.target?.func) target = { pkg: pkg.dir, type: null, name: unwrapped.target.func };
    for (const method of methods) {
      this.routes.push({
        method, path: fullPrefix(leaf), prefix: isPrefix, wrappers, target, redirect: Boolean(unwrapped.redirect),
        file: fn.file.file, line: tokens[exprRange[0]].line, field: this.field, order: this.routes.length,
        mountPrefix: rootOf(leaf).mountPrefix ?? '',
      });
    }
  }

  wrapperName(pkg, tokens, [s, e]) {
    const chain = readChain(tokens, s, e);
    if (!chain) return { name: '?', via: null, pkg: pkg.dir };
    const named = chain.parts.findLast((p) => p.calls.length) ?? chain.parts.at(-1);
    return { name: named.name, via: chain.parts.length > 1 ? chain.parts[0].name : null, pkg: pkg.dir };
  }

  wrapperRecord(pkg, w) {
    return { name: w.name, via: w.via, pkg: pkg.dir };
  }
}

/** The path template of a (sub)router or route: mux appends each part to its parent's template with trailing slashes trimmed. */
function fullPrefix(router) {
  const parts = [];
  for (let r = router; r; r = r.parent) {
    parts.unshift(r.prefix);
    if (r.mountPrefix !== undefined && r.parent) break; // a mounted handler's root sees full paths
  }
  let out = '';
  for (const p of parts) if (p) out = trimSlashes(out) + p;
  return out;
}

function trimSlashes(s) {
  let end = s.length;
  while (end > 0 && s[end - 1] === '/') end--;
  return s.slice(0, end);
}

function rootOf(router) {
  let r = router;
  while (r.parent && r.mountPrefix === undefined) r = r.parent;
  return r;
}

function resultTypeName(fn) {
  const t = fn.results?.[0]?.type;
  const base = t?.k === 'ptr' ? t.elem : t;
  return base?.k === 'name' && !base.pkg && /Handler$/.test(base.name) ? base.name : null;
}

/** gorilla/mux tries routes in registration order: a route an earlier one always catches is dead. */
function markShadowed(routes) {
  for (const route of routes) {
    const sample = route.path.split('/').map(sampleSegment).join('/');
    for (const earlier of routes) {
      if (earlier === route) break;
      if (earlier.field !== route.field) continue;
      if (earlier.method && route.method && earlier.method !== route.method) continue;
      if (!earlier.method && route.method === null) continue;
      if (matches(earlier, sample)) { route.shadowedBy = `${earlier.method ?? '*'} ${earlier.path}`; break; }
    }
  }
}

// A concrete value for a template segment: `{id}` → `x1`, `{certificate:(?:ca|cert|key)}` → `ca`.
function sampleSegment(seg) {
  if (!seg.startsWith('{')) return seg;
  const colon = seg.indexOf(':');
  return colon < 0 ? 'x1' : firstAlternative(seg.slice(colon + 1, -1));
}

function firstAlternative(re) {
  // `(?:ca|cert|key)` → `ca`; `chart|values|readme` → `chart`.
  const inner = re.startsWith('(?:') && re.endsWith(')') ? re.slice(3, -1) : re;
  return inner.split('|')[0];
}

/** Does a mux path template (segments, {var}, {var:a|b}) match a concrete path? */
export function matches(route, path) {
  const want = route.path.split('/');
  const got = path.split('/');
  if (route.prefix ? got.length < want.length : got.length !== want.length) return false;
  return want.every((seg, i) => {
    if (route.prefix && i === want.length - 1 && seg && !seg.startsWith('{')) return got[i].startsWith(seg);
    if (!seg.startsWith('{')) return seg === got[i];
    const colon = seg.indexOf(':');
    if (colon < 0) return got[i] !== '';
    const alts = firstAlternativeList(seg.slice(colon + 1, -1));
    return alts ? alts.includes(got[i]) : got[i] !== '';
  });
}

function firstAlternativeList(re) {
  const inner = re.startsWith('(?:') && re.endsWith(')') ? re.slice(3, -1) : re;
  // Only plain alternations of words are read; any other pattern matches any segment.
  for (const ch of inner) if (!(ch === '|' || ch === '_' || ch === '-' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) return null;
  return inner.split('|');
}
