// What one route's Go handler does with a request, following calls into the same package: JSON
// payloads decoded, multipart parts and query parameters read (and whether they may be left out),
// responses written (status and Go type), administrator checks made before any work. A `switch` on a
// route variable (`/stacks/create/{type}/{method}`) splits the route into one variant per case.
import { isId, isOp, matching, splitTopLevel } from './go-tokens.js';
import { parseBlock } from './go-statements.js';
import { callsIn, evalString } from './go-calls.js';
import { FuncScope, selectMember } from './go-types.js';
import { isAdminGate } from './admin-gates.js';

const MULTIPART = {
  RetrieveMultiPartFormValue: { read: 'string', optionalArg: 2 },
  RetrieveNumericMultiPartFormValue: { read: 'integer', optionalArg: 2 },
  RetrieveBooleanMultiPartFormValue: { read: 'boolean', optionalArg: 2 },
  RetrieveMultiPartFormJSONValue: { read: 'json', optionalArg: 3 },
  RetrieveMultiPartFormFile: { read: 'file', optionalArg: null },
};
const QUERY = {
  RetrieveQueryParameter: { read: 'string', optionalArg: 2 },
  RetrieveNumericQueryParameter: { read: 'integer', optionalArg: 2 },
  RetrieveBooleanQueryParameter: { read: 'boolean', optionalArg: 2 },
  RetrieveJSONQueryParameter: { read: 'json', optionalArg: 3 },
  RetrieveArrayQueryParameter: { read: 'array', optionalArg: null, optional: true },
  RetrieveNumberArrayQueryParameter: { read: 'array', optionalArg: null, optional: true },
};
const MAX_DEPTH = 7;

/**
 * @returns {{bindings: Record<string,string>, events: FlowEvents}[]} one entry per variant (one when the route does not split)
 * @typedef {{json: {type: any, at: string}[], validates: {type: any}[], multipart: object[], query: object[], responses: object[],
 *   gates: string[], calls: string[]}} FlowEvents
 */
export function analyzeHandler(program, pkg, fn) {
  const flow = new Flow(program);
  const root = { bindings: {}, events: emptyEvents() };
  const variants = [];
  flow.function(pkg, fn, new Map(), root, variants, 0, new Set(), true);
  return variants.length ? variants : [root];
}

const emptyEvents = () => ({ json: [], validates: [], multipart: [], query: [], responses: [], gates: [], calls: [] });

class Flow {
  constructor(program) {
    this.program = program;
  }

  /**
   * Walks a function body. `routeVars` maps local names to route variables; `ctx` collects events;
   * a variant switch pushes copies of ctx into `variants`.
   */
  function(pkg, fn, routeVars, ctx, variants, depth, stack, top, guard = 0, { strings = new Map(), argTypes } = {}) {
    if (!fn?.body || depth > MAX_DEPTH || stack.has(fn)) return false;
    const scope = new FuncScope(this.program, pkg, fn, argTypes);
    const inner = new Set(stack).add(fn);
    ctx.events.calls.push(`${pkg.dir}.${fn.recv ? `${fn.recv.type}.` : ''}${fn.name}`);
    const stmts = parseBlock(scope.tokens, fn.body[0], fn.body[1]);
    const requests = new Set(fn.params.filter((p) => p.name && isRequestType(p.type)).map((p) => p.name));
    return this.block(stmts, { pkg, fn, scope, routeVars: new Map(routeVars), stack: inner, depth, requests, queryVars: new Set(), strings }, ctx, variants, guard, top);
  }

  /** Returns true when a variant switch consumed the rest of the flow. */
  block(stmts, f, ctx, variants, guardIn, top) {
    let guard = guardIn;
    for (const [index, stmt] of stmts.entries()) {
      f.checked = emptinessChecks(f.scope.tokens, stmts.slice(index + 1, index + 4));
      // After `if cond { return <success> }` the rest of the block runs only when cond is false.
      if (index > 0 && earlySuccess(f.scope.tokens, stmts[index - 1])) guard++;
      if (stmt.kind === 'switch' && stmt.tag && this.switchesOnRouteVar(f, stmt)) {
        const name = f.routeVars.get(f.scope.tokens[stmt.tag[0]].v);
        for (const clause of stmt.clauses) {
          if (!clause.values) continue;
          for (const v of clause.values) {
            const value = evalString(f.scope.tokens, v);
            if (value === null) continue;
            const branch = { bindings: { ...ctx.bindings, [name]: value }, events: cloneEvents(ctx.events) };
            const nested = [];
            this.block(clause.body, f, branch, nested, guard, top);
            if (nested.length) variants.push(...nested);
            else variants.push(branch);
          }
        }
        return true;
      }
      if (stmt.kind === 'if') {
        if (top && guard === 0) {
          const gate = isAdminGate(f.scope, stmt);
          if (gate) ctx.events.gates.push(gate);
        }
        if (stmt.init) this.expr(stmt.init, f, ctx, variants, guard, top);
        this.expr(stmt.cond, f, ctx, variants, guard, top);
        if (this.block(stmt.then, f, ctx, variants, guard + 1, top)) return true;
        if (stmt.else && this.block(stmt.else, f, ctx, variants, guard + 1, top)) return true;
        continue;
      }
      if (stmt.kind === 'switch') {
        if (stmt.init) this.expr(stmt.init, f, ctx, variants, guard, top);
        if (stmt.tag) this.expr(stmt.tag, f, ctx, variants, guard, top);
        for (const c of stmt.clauses) if (this.block(c.body, f, ctx, variants, guard + 1, top)) return true;
        continue;
      }
      if (stmt.kind === 'for') {
        this.expr(stmt.header, f, ctx, variants, guard + 1, top);
        if (this.block(stmt.body, f, ctx, variants, guard + 1, top)) return true;
        continue;
      }
      if (stmt.kind === 'block') {
        if (this.block(stmt.body, f, ctx, variants, guard, top)) return true;
        continue;
      }
      if (this.expr(stmt.range, f, ctx, variants, guard, top)) return true;
    }
    return false;
  }

  switchesOnRouteVar(f, stmt) {
    const [s, e] = stmt.tag;
    return e - s === 1 && f.routeVars.has(f.scope.tokens[s].v);
  }

  /** Reads the calls in one statement or expression. Returns true if a callee split into variants. */
  expr([s, e], f, ctx, variants, guard, top) {
    const { tokens } = f.scope;
    const ev = ctx.events;
    const at = (i) => `${f.fn.file.file}:${tokens[i].line}`;
    for (const read of rawQueryReads(tokens, s, e, f)) {
      const names = assignedNames(tokens, read.i, s);
      ev.query.push({ name: read.name, read: read.read, optional: !f.checked.has(names[0]), conditional: guard > 0, at: at(read.i) });
    }
    for (const call of callsIn(tokens, s, e)) {
      const { base, name, args } = call;
      if (base === 'request' && call.path.length === 1) {
        if (name === 'RetrieveRouteVariableValue' || name === 'RetrieveNumericRouteVariableValue') {
          const v = evalString(tokens, args[1]);
          const lhs = assignedNames(tokens, call.at, s)[0];
          if (v !== null && lhs) f.routeVars.set(lhs, v);
          continue;
        }
        if (name === 'DecodeAndValidateJSONPayload' || name === 'GetPayload') {
          const t = name === 'GetPayload' ? genericArg(f.scope, call) : f.scope.type(args[1][0], args[1][1]);
          ev.json.push({ type: t, at: at(call.at) });
          if (this.validate(t, f, ctx, variants, guard)) return true;
          continue;
        }
        const mp = MULTIPART[name];
        const q = QUERY[name];
        const spec = mp ?? q;
        if (spec) {
          const field = evalString(tokens, args[1]);
          if (field === null) continue;
          const flag = spec.optionalArg === null ? null : tokens[args[spec.optionalArg]?.[0]]?.v;
          const names = assignedNames(tokens, call.at, s);
          // A read whose error is dropped (`x, _ :=`) does without the value, whatever its flag says;
          // a value tested for emptiness right after (`if x == "" { return … }`) is required.
          const dropped = names.length > 0 && names.at(-1) === '_';
          const optional = f.checked.has(names[0]) ? false : (spec.optional ?? (flag === 'true')) || dropped;
          const read = { name: field, read: spec.read, optional, conditional: guard > 0, at: at(call.at) };
          if (name === 'RetrieveMultiPartFormJSONValue' || name === 'RetrieveJSONQueryParameter') {
            const target = f.scope.type(args[2][0], args[2][1]);
            if (target) read.target = target;
          }
          (mp ? ev.multipart : ev.query).push(read);
          continue;
        }
        continue;
      }
      if (base === 'response' && call.path.length === 1) {
        this.response(name, args, f, ev, at(call.at));
        continue;
      }
      if (name === 'Validate' && call.path.length === 1) {
        const t = f.scope.type(call.at, call.at + 1);
        if (t) ev.validates.push({ type: t, at: at(call.at) });
        if (this.validate(t, f, ctx, variants, guard)) return true;
        continue;
      }
      // Helpers of other packages that are handed the request (`filters.ExtractListModifiersQueryParams(r)`).
      if (call.path.length === 1 && args.some(([a, b]) => b - a === 1 && f.requests.has(tokens[a].v))) {
        const target = this.program.imported(f.fn.file, base);
        const helper = target && !target.external ? target.funcs.get(name) : null;
        if (helper) { this.function(target, helper, new Map(), ctx, variants, f.depth + 1, f.stack, false, guard); continue; }
      }
      // Same-package calls: a method on the receiver, or a package function.
      const callee = this.callee(f, call);
      if (callee) {
        const routeVars = new Map();
        callee.params.forEach((p, k) => {
          const a = args[k];
          if (p.name && a && a[1] - a[0] === 1 && f.routeVars.has(tokens[a[0]].v)) routeVars.set(p.name, f.routeVars.get(tokens[a[0]].v));
        });
        if (this.function(f.pkg, callee, routeVars, ctx, variants, f.depth + 1, f.stack, top && guard === 0, guard)) return true;
      }
    }
    // Bare calls of package functions: `createX(...)`, generic ones too (`getArray[T](r, "ids")`).
    for (let i = s; i < e; i++) {
      if (tokens[i].t !== 'id' || isOp(tokens[i - 1], '.')) continue;
      const open = isOp(tokens[i + 1], '[') ? matching(tokens, i + 1) + 1 : i + 1;
      if (!isOp(tokens[open], '(')) continue;
      const fn = f.pkg.funcs.get(tokens[i].v);
      if (!fn || f.scope.local(tokens[i].v, i) !== undefined) continue;
      const close = matching(tokens, open);
      const args = splitTopLevel(tokens, open + 1, close);
      const routeVars = new Map();
      // Text handed to the helper (a query parameter's name), for the reads it makes with it; the
      // type of a value handed to an `any` parameter (`txResponse(w, tag, err)` writes a Tag).
      const strings = new Map();
      const argTypes = new Map();
      fn.params.forEach((p, k) => {
        const a = args[k];
        if (!p.name || !a) return;
        if (a[1] - a[0] === 1 && f.routeVars.has(tokens[a[0]].v)) routeVars.set(p.name, f.routeVars.get(tokens[a[0]].v));
        const text = evalString(tokens, a, f.strings);
        if (text !== null) strings.set(p.name, text);
        const type = isAny(p.type) ? f.scope.type(a[0], a[1]) : null;
        if (type) argTypes.set(p.name, type);
      });
      if (this.function(f.pkg, fn, routeVars, ctx, variants, f.depth + 1, f.stack, top && guard === 0, guard, { strings, argTypes })) return true;
    }
    return false;
  }

  /** Walks a payload's Validate method: multipart payloads read their parts there. */
  validate(type, f, ctx, variants, guard) {
    if (!type) return false;
    const m = selectMember(this.program, type, 'Validate');
    if (!m?.method?.body) return false;
    return this.function(m.pkg, m.method, new Map(), ctx, variants, f.depth + 1, f.stack, false, guard);
  }

  callee(f, call) {
    if (call.path.length !== 1) return null;
    const recv = f.fn.recv;
    const baseType = f.scope.local(call.base, call.at);
    if (recv && call.base === recv.name) return f.pkg.method(recv.type, call.name);
    // A handler held in a local (`h := handler`) or a package-level helper type's method.
    const t = baseType && (baseType.t.k === 'ptr' ? baseType.t.elem : baseType.t);
    if (t?.k === 'name' && !t.pkg && f.pkg.types.has(t.name)) return f.pkg.method(t.name, call.name);
    return null;
  }

  response(name, args, f, ev, at) {
    const typeOf = (a) => (a ? f.scope.type(a[0], a[1]) : null);
    switch (name) {
      case 'JSON':
        ev.responses.push({ status: 200, media: 'application/json', type: typeOf(args[1]), at });
        break;
      case 'YAML':
        ev.responses.push({ status: 200, media: 'text/yaml', type: typeOf(args[1]), at }); // libhttp's YAML() label
        break;
      case 'JSONWithStatus': {
        const status = statusOf(f.scope.tokens, args[2]);
        ev.responses.push({ status, media: 'application/json', type: typeOf(args[1]), at });
        break;
      }
      case 'TxResponse':
        ev.responses.push({ status: 200, media: 'application/json', type: typeOf(args[1]), at });
        break;
      case 'Empty':
      case 'TxEmptyResponse':
        ev.responses.push({ status: 204, at });
        break;
      default:
        break;
    }
  }
}

function cloneEvents(ev) {
  return Object.fromEntries(Object.entries(ev).map(([k, v]) => [k, [...v]]));
}

/** `x, err := call(...)` → ['x', 'err'] when the call is the whole right-hand side of the assignment; else []. */
function assignedNames(tokens, callAt, stmtStart) {
  const op = tokens[callAt - 1];
  if (!isOp(op, ':=') && !isOp(op, '=')) return [];
  const names = [];
  let j = callAt - 2;
  while (j >= stmtStart && tokens[j]?.t === 'id') {
    names.unshift(tokens[j].v);
    if (isOp(tokens[j - 1], ',')) j -= 2;
    else break;
  }
  return names;
}

/** Names that one of `stmts` tests for emptiness and refuses: `if x == "" { return … }`, `len(x) == 0`, `x == 0`. */
function emptinessChecks(tokens, stmts) {
  const out = new Set();
  for (const st of stmts) {
    if (st.kind !== 'if' || !st.then.some((t) => t.kind === 'return' && refusal(tokens, t.expr))) continue;
    for (const [a, b] of splitTopLevel(tokens, st.cond[0], st.cond[1], '||')) {
      if (b - a === 3 && tokens[a].t === 'id' && isOp(tokens[a + 1], '==') && ['""', '0', 'nil'].includes(tokens[a + 2].t === 'str' ? '""' : tokens[a + 2].v)) out.add(tokens[a].v);
      if (b - a === 6 && isId(tokens[a], 'len') && tokens[a + 2].t === 'id' && isOp(tokens[a + 4], '==') && tokens[a + 5].v === '0') out.add(tokens[a + 2].v);
    }
  }
  return out;
}

/** `if … { return <not an error> }` without else: an early way out that makes what follows conditional. */
function earlySuccess(tokens, stmt) {
  if (stmt.kind !== 'if' || stmt.else) return false;
  const last = stmt.then.at(-1);
  if (last?.kind !== 'return') return false;
  for (let i = last.expr[0]; i < last.expr[1]; i++) {
    const tk = tokens[i];
    // httperror.X, httperrors.New…, errors.New, fmt.Errorf, err, ErrX: an error, not an early success.
    if (tk.t === 'id' && (tk.v === 'fmt' || tk.v.toLowerCase().includes('err'))) return false;
  }
  return true;
}

/** A return that reports an error: something other than nils, and not a response written by response.*. */
function refusal(tokens, [s, e]) {
  let nonNil = false;
  for (let i = s; i < e; i++) {
    if (isId(tokens[i], 'response')) return false;
    if (!isId(tokens[i], 'nil') && !isOp(tokens[i], ',')) nonNil = true;
  }
  return nonNil;
}

function genericArg(scope, call) {
  // request.GetPayload[T](r): the bracket follows the name.
  const { tokens } = scope;
  let i = call.at;
  while (i < call.end && !isOp(tokens[i], '[')) i++;
  if (i >= call.end) return null;
  const close = matching(tokens, i);
  const [a] = splitTopLevel(tokens, i + 1, close)[0];
  return scope.type(a, close);
}

function statusOf(tokens, arg) {
  if (!arg) return null;
  const [s, e] = arg;
  if (e - s === 1 && tokens[s].t === 'num') return Number(tokens[s].v);
  if (e - s === 3 && isId(tokens[s], 'http')) return HTTP_STATUS[tokens[s + 2].v] ?? null;
  return null;
}

const HTTP_STATUS = { StatusOK: 200, StatusCreated: 201, StatusAccepted: 202, StatusNoContent: 204, StatusNotModified: 304 };

const isAny = (t) => (t.k === 'name' && !t.pkg && t.name === 'any') || (t.k === 'interface' && !t.methods.length && !t.embeds.length);

function isRequestType(t) {
  return t?.k === 'ptr' && t.elem.k === 'name' && t.elem.pkg === 'http' && t.elem.name === 'Request';
}

/**
 * Query reads that bypass libhttp/request: `r.FormValue("x")`, `r.Form["x"]`, `r.URL.Query().Get("x")`,
 * and `q := r.URL.Query()` then `q.Get("x")` / `q["x"]`. Records `q` in f.queryVars as it goes.
 */
function* rawQueryReads(tokens, s, e, f) {
  const str = (i) => (tokens[i]?.t === 'str' ? tokens[i].v : null);
  for (let i = s; i < e; i++) {
    const tk = tokens[i];
    if (tk.t !== 'id' || isOp(tokens[i - 1], '.')) continue;
    if (f.requests.has(tk.v) && isOp(tokens[i + 1], '.')) {
      const member = tokens[i + 2]?.v;
      if (member === 'FormValue' && isOp(tokens[i + 3], '(') && str(i + 4) !== null) yield { name: str(i + 4), read: 'string', i };
      if (member === 'Form' && isOp(tokens[i + 3], '[')) {
        // `r.Form["x"]`, or `r.Form[name + "[]"]` in a helper handed the name.
        const name = evalString(tokens, [i + 4, matching(tokens, i + 3)], f.strings);
        if (name !== null) yield { name, read: 'array', i };
      }
      if (member === 'URL' && isId(tokens[i + 4], 'Query') && isOp(tokens[i + 5], '(') && isOp(tokens[i + 6], ')')) {
        const after = i + 7;
        if (isOp(tokens[after], '.') && isId(tokens[after + 1], 'Get') && str(after + 3) !== null) yield { name: str(after + 3), read: 'string', i };
        else if (isOp(tokens[after], '[') && str(after + 1) !== null) yield { name: str(after + 1), read: 'array', i };
        else if (isOp(tokens[i - 1], ':=') && tokens[i - 2]?.t === 'id') f.queryVars.add(tokens[i - 2].v);
      }
      continue;
    }
    if (f.queryVars.has(tk.v)) {
      if (isOp(tokens[i + 1], '.') && ['Get', 'Has'].includes(tokens[i + 2]?.v) && str(i + 4) !== null) yield { name: str(i + 4), read: 'string', i };
      if (isOp(tokens[i + 1], '[') && str(i + 2) !== null) yield { name: str(i + 2), read: 'array', i };
    }
  }
}
