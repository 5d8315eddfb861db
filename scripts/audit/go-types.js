// Types of Go expressions inside one function, as far as the source says without a compiler:
// locals from `:=`/`var`/parameters/range, fields and methods through embedding and pointers,
// interface methods (generic ones instantiated), calls, composite literals, conversions.
// Unknown stays null; callers fall back to other evidence.
import { isId, isOp, matching, splitTopLevel, isOpen } from './go-tokens.js';
import { parseSignature, parseType, parseParams } from './go-syntax.js';
import { simpleEnd } from './go-statements.js';

export const BUILTIN_TYPES = new Set([
  'bool', 'string', 'error', 'any', 'byte', 'rune', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16',
  'uint32', 'uint64', 'uintptr', 'float32', 'float64', 'complex64', 'complex128',
]);

/**
 * A type in context: the type expression, the file whose imports resolve its names, and the
 * instantiation of type parameters in scope.
 * @typedef {{t: import('./go-syntax.js').GoType, file: any, pkg: any, subst?: Map<string, RType>}} RType
 */

export const rt = (t, file, pkg, subst) => ({ t, file, pkg, subst });
const builtin = (name) => ({ t: { k: 'name', name }, file: null, pkg: null });

/** The declaration a named type refers to: {decl, pkg, args} | {builtin} | {external} | {param} | null. */
export function lookupNamed(program, r) {
  const { t } = r;
  if (t.k !== 'name') return null;
  if (!t.pkg) {
    if (r.subst?.has(t.name)) return { param: r.subst.get(t.name) };
    if (BUILTIN_TYPES.has(t.name)) return { builtin: t.name };
    const decl = r.pkg?.types.get(t.name);
    return decl ? { decl, pkg: r.pkg, args: t.args } : null;
  }
  const target = program.imported(r.file, t.pkg);
  if (!target) return null;
  if (target.external) return { external: `${target.external}.${t.name}` };
  const decl = target.types.get(t.name);
  return decl ? { decl, pkg: target, args: t.args } : null;
}

/** Instantiates a declaration's type parameters with the arguments written at the use site. */
function substFor(found, r) {
  if (!found.decl.typeParams?.length || !found.args) return undefined;
  const subst = new Map();
  found.decl.typeParams.forEach((name, i) => { if (found.args[i]) subst.set(name, rt(found.args[i], r.file, r.pkg, r.subst)); });
  return subst;
}

/** Follows named types (and type parameters) to the type expression underneath; keeps the last name. */
export function underlying(program, r, depth = 0) {
  if (!r || depth > 20) return null;
  if (r.t.k !== 'name') return { ...r, named: r.named ?? null };
  const found = lookupNamed(program, r);
  if (!found) return { ...r, named: { unknown: true, name: r.t.name } };
  if (found.param) return underlying(program, found.param, depth + 1);
  if (found.builtin || found.external) return { ...r, named: found };
  const next = rt(found.decl.type, found.decl.file, found.pkg, substFor(found, r));
  const u = underlying(program, next, depth + 1);
  return u && { ...u, named: u.named?.decl ? u.named : { decl: found.decl, pkg: found.pkg, r } };
}

/** Fields of a struct type, embedded ones promoted (shallower wins), as [name, RType, field, depth]. */
export function structFields(program, r, seen = new Set()) {
  const u = underlying(program, r);
  if (!u || u.t.k !== 'struct') return [];
  const out = [];
  for (const f of u.t.fields) {
    const ft = rt(f.type, u.file, u.pkg, u.subst);
    if (f.name) { out.push([f.name, ft, f, 0]); continue; }
    const base = f.type.k === 'ptr' ? f.type.elem : f.type;
    out.push([base.name, ft, f, 0]);
    const key = `${u.pkg?.dir}:${base.pkg ?? ''}.${base.name}`;
    if (seen.has(key)) continue;
    for (const [n, t, inner, d] of structFields(program, rt(base, u.file, u.pkg, u.subst), new Set([...seen, key]))) out.push([n, t, inner, d + 1]);
  }
  return out;
}

/** Methods of an interface type, embedded interfaces included, as Map(name -> {sig, file, pkg, subst}). */
function interfaceMethods(program, u, depth = 0) {
  const out = new Map();
  if (depth > 10) return out;
  for (const m of u.t.methods) out.set(m.name, { sig: m, file: u.file, pkg: u.pkg, subst: u.subst });
  for (const e of u.t.embeds) {
    const found = lookupNamed(program, rt(e, u.file, u.pkg, u.subst));
    if (!found?.decl || found.decl.type.k !== 'interface') continue;
    const inner = rt(found.decl.type, found.decl.file, found.pkg, substFor(found, rt(e, u.file, u.pkg, u.subst)));
    for (const [k, v] of interfaceMethods(program, inner, depth + 1)) if (!out.has(k)) out.set(k, v);
  }
  return out;
}

const deref = (r) => (r && r.t.k === 'ptr' ? rt(r.t.elem, r.file, r.pkg, r.subst) : r);

/** The type of `x.name` where x has type r: a field's type, or a method as {method}. */
export function selectMember(program, r, name) {
  if (!r) return null;
  const base = deref(r);
  // Methods declared on the named type (or a promoted one through embedding).
  const named = base.t.k === 'name' ? lookupNamed(program, base) : null;
  if (named?.decl) {
    const m = named.pkg.method(named.decl.name, name);
    if (m) return { method: m, pkg: named.pkg, subst: substFor(named, base) };
  }
  const u = underlying(program, base);
  if (!u) return null;
  if (u.t.k === 'interface') {
    const m = interfaceMethods(program, u).get(name);
    return m ? { method: { ...m.sig, file: m.file }, pkg: m.pkg, subst: m.subst } : null;
  }
  if (u.t.k === 'struct') {
    const fields = structFields(program, base);
    const hit = fields.filter(([n]) => n === name).sort((a, b) => a[3] - b[3])[0];
    if (hit) return { field: hit[1] };
    for (const [, ft, f] of fields) {
      if (f.name) continue;
      const inner = selectMember(program, ft, name);
      if (inner?.method) return inner;
    }
  }
  return null;
}

/** Per-function typing context: the locals declared in its body and the expression evaluator. */
export class FuncScope {
  /** `argTypes`: types of the values handed to parameters declared `any`, by parameter name. */
  constructor(program, pkg, fn, argTypes = new Map()) {
    this.program = program;
    this.pkg = pkg;
    this.fn = fn;
    this.file = fn.file;
    this.tokens = fn.file.tokens;
    this.argTypes = argTypes;
    this.decls = this.#declarations();
  }

  /** Every place a name is declared in the body: [{name, at, type: () => RType|null}]. */
  #declarations() {
    const { tokens, fn } = this;
    const decls = [];
    const add = (name, at, type, value = null) => { if (name && name !== '_') decls.push({ name, at, type, value }); };
    const fixed = (r) => () => r;
    if (fn.recv?.name) add(fn.recv.name, -1, fixed(rt({ k: 'ptr', elem: { k: 'name', name: fn.recv.type } }, this.file, this.pkg)));
    for (const p of [...fn.params, ...fn.results]) add(p.name, -1, fixed(this.argTypes.get(p.name) ?? rt(p.type, this.file, this.pkg)));
    if (!fn.body) return decls;
    const [start, end] = fn.body;
    for (let i = start; i < end; i++) {
      const tk = tokens[i];
      if (isId(tk, 'func') && isOp(tokens[i + 1], '(')) {
        // A function literal's parameters are locals of the body that follows.
        const [params] = parseParams(tokens, i + 1);
        for (const p of params) add(p.name, i, fixed(rt(p.type, this.file, this.pkg)));
        continue;
      }
      if (isId(tk, 'var') && tokens[i + 1]?.t === 'id') {
        const names = [];
        let j = i + 1;
        while (tokens[j]?.t === 'id') { names.push(tokens[j].v); j++; if (isOp(tokens[j], ',')) j++; else break; }
        if (!isOp(tokens[j], '=')) {
          const [type] = parseType(tokens, j);
          for (const n of names) add(n, i, fixed(rt(type, this.file, this.pkg)));
        } else {
          const valueEnd = simpleEnd(tokens, j + 1, end);
          names.forEach((n, k) => add(n, i, () => this.multiType(j + 1, valueEnd, k, names.length), [j + 1, valueEnd]));
        }
        continue;
      }
      if (isOp(tk, ':=')) {
        const names = [];
        let j = i - 1;
        while (tokens[j]?.t === 'id') { names.unshift(tokens[j].v); if (isOp(tokens[j - 1], ',')) j -= 2; else break; }
        if (isId(tokens[i + 1], 'range')) {
          const rEnd = rangeEnd(tokens, i + 2, end);
          names.forEach((n, k) => add(n, i, () => this.rangeType(i + 2, rEnd, k)));
        } else {
          const valueEnd = simpleEnd(tokens, i + 1, end);
          names.forEach((n, k) => add(n, i, () => this.multiType(i + 1, valueEnd, k, names.length), [i + 1, valueEnd]));
        }
      }
    }
    return decls;
  }

  /** The declaration of local `name` nearest before token `at`, or null. */
  declaration(name, at) {
    let best = null;
    for (const d of this.decls) if (d.name === name && d.at < at && (!best || d.at > best.at)) best = d;
    return best;
  }

  /** The type of local `name` as seen from token `at` (the nearest declaration before it). */
  local(name, at) {
    const best = this.declaration(name, at);
    if (!best) return undefined;
    if (best.resolving) return null;
    best.resolving = true;
    try { return best.type(); } finally { best.resolving = false; }
  }

  /** Type of the k-th value of `a, b := <values>` (one call with several results, or a list). */
  multiType(s, e, k, count) {
    const parts = splitTopLevel(this.tokens, s, e);
    if (parts.length === count) return this.type(parts[k][0], parts[k][1]);
    if (count === 2 && k === 1) return null; // v, ok := m[x] / x.(T) / <-ch: the flag
    return this.type(s, e, k);
  }

  rangeType(s, e, k) {
    const over = underlying(this.program, this.type(s, e));
    if (!over) return null;
    if (over.t.k === 'map') return rt(k === 0 ? over.t.key : over.t.elem, over.file, over.pkg, over.subst);
    if (over.t.k === 'slice' || over.t.k === 'array') return k === 0 ? builtin('int') : rt(over.t.elem, over.file, over.pkg, over.subst);
    return null;
  }

  /** What an identifier names at token i: a local, a package member, an import, or a type. */
  ident(i) {
    const name = this.tokens[i].v;
    const local = this.local(name, i);
    if (local !== undefined) return { value: local };
    const c = this.pkg.consts.get(name);
    if (c) return { value: c.type ? rt(c.type, c.file, this.pkg) : (c.value ? new FuncScope(this.program, this.pkg, { file: c.file, params: [], results: [], body: null }).type(c.value[0], c.value[1]) : null) };
    const v = this.pkg.vars.get(name);
    if (v) return { value: v.type ? rt(v.type, v.file, this.pkg) : null };
    const f = this.pkg.funcs.get(name);
    if (f) return { func: f, pkg: this.pkg };
    if (this.pkg.types.has(name) || BUILTIN_TYPES.has(name)) return { type: rt({ k: 'name', name }, this.file, this.pkg) };
    if (this.file.imports[name]) return { import: name };
    return null;
  }

  /** The type of the expression tokens[s, e), or of its `index`-th result for a call. */
  type(s, e, index = 0) {
    try {
      return this.#expr(s, e, index);
    } catch {
      return null;
    }
  }

  #expr(s, e, index) {
    const { tokens, program } = this;
    if (s >= e) return null;
    // A binary expression: comparisons and logic are bool; arithmetic keeps its left operand's type.
    const bin = topLevelBinary(tokens, s, e);
    if (bin) {
      if (['==', '!=', '<', '<=', '>', '>=', '&&', '||'].includes(tokens[bin].v)) return builtin('bool');
      return this.#expr(s, bin, 0);
    }
    const tk = tokens[s];
    if (isOp(tk, '&')) { const inner = this.#expr(s + 1, e, 0); return inner && rt({ k: 'ptr', elem: inner.t }, inner.file, inner.pkg, inner.subst); }
    if (isOp(tk, '*')) return deref(this.#expr(s + 1, e, 0));
    if (isOp(tk, '!')) return builtin('bool');
    if (isOp(tk, '-') || isOp(tk, '+')) return this.#expr(s + 1, e, 0);
    if (isOp(tk, '<-')) return null;
    let cur; // {value: RType} | {func, pkg} | {type: RType} | {import} | {method...}
    let i;
    if (tk.t === 'str') { cur = { value: builtin('string') }; i = s + 1; }
    else if (tk.t === 'num') { cur = { value: builtin(/[.eE]/.test(tk.v) && !tk.v.startsWith('0x') ? 'float64' : 'int') }; i = s + 1; }
    else if (tk.t === 'char') { cur = { value: builtin('rune') }; i = s + 1; }
    else if (isOp(tk, '(')) { const close = matching(tokens, s); cur = { value: this.#expr(s + 1, close, 0) }; i = close + 1; }
    else if (isOp(tk, '[') || isId(tk, 'map') || isId(tk, 'struct') || (isId(tk, 'func') && isOp(tokens[s + 1], '('))) {
      if (isId(tk, 'func')) {
        const [sig, k] = parseSignature(tokens, s + 1);
        if (isOp(tokens[k], '{')) return rt({ k: 'func', ...sig }, this.file, this.pkg);
      }
      const [type, k] = parseType(tokens, s);
      cur = { type: rt(type, this.file, this.pkg) };
      i = k;
    } else if (tk.t === 'id') {
      if (['make', 'new', 'append', 'len', 'cap'].includes(tk.v) && isOp(tokens[s + 1], '(') && this.local(tk.v, s) === undefined) {
        const close = matching(tokens, s + 1);
        const args = splitTopLevel(tokens, s + 2, close);
        let v = null;
        if (tk.v === 'len' || tk.v === 'cap') v = builtin('int');
        else if (tk.v === 'append') v = this.#expr(args[0][0], args[0][1], 0);
        else {
          const [type] = parseType(tokens, args[0][0]);
          v = tk.v === 'new' ? rt({ k: 'ptr', elem: type }, this.file, this.pkg) : rt(type, this.file, this.pkg);
        }
        cur = { value: v };
        i = close + 1;
      } else {
        cur = this.ident(s);
        i = s + 1;
      }
    } else return null;
    return this.#suffixes(cur, i, e, index);
  }

  #suffixes(cur, i, e, index) {
    const { tokens, program } = this;
    while (cur && i < e) {
      const tk = tokens[i];
      if (isOp(tk, '.') && isOp(tokens[i + 1], '(')) {
        // Type assertion x.(T)
        const close = matching(tokens, i + 1);
        const [type] = parseType(tokens, i + 2);
        cur = { value: rt(type, this.file, this.pkg) };
        i = close + 1;
        continue;
      }
      if (isOp(tk, '.')) {
        const name = tokens[i + 1].v;
        if (cur.import) {
          const target = program.imported(this.file, cur.import);
          if (!target || target.external) return null;
          if (target.types.has(name) && !isOp(tokens[i + 2], '(')) cur = { type: rt({ k: 'name', pkg: cur.import, name }, this.file, this.pkg) };
          else if (target.types.has(name)) cur = { type: rt({ k: 'name', pkg: cur.import, name }, this.file, this.pkg) };
          else if (target.funcs.has(name)) cur = { func: target.funcs.get(name), pkg: target };
          else if (target.vars.has(name)) { const v = target.vars.get(name); cur = { value: v.type ? rt(v.type, v.file, target) : null }; }
          else if (target.consts.has(name)) { const c = target.consts.get(name); cur = { value: c.type ? rt(c.type, c.file, target) : builtin('int') }; }
          else return null;
        } else if (cur.value) {
          const m = selectMember(program, cur.value, name);
          if (!m) return null;
          cur = m.field ? { value: m.field } : m;
        } else return null;
        i += 2;
        continue;
      }
      if (isOp(tk, '(')) {
        const close = matching(tokens, i);
        if (cur.type) {
          // Conversion T(x)
          cur = { value: cur.type };
        } else if (cur.func || cur.method) {
          const fn = cur.func ?? cur.method;
          const subst = cur.subst ?? inferTypeArgs(this, fn, cur.pkg, i, close);
          const res = fn.results?.[close + 1 >= e ? index : 0];
          cur = { value: res ? rt(res.type, fn.file, cur.pkg, subst) : null };
        } else if (cur.value) {
          const u = underlying(program, cur.value);
          if (u?.t.k !== 'func') return null;
          const res = u.t.results[close + 1 >= e ? index : 0];
          cur = { value: res ? rt(res.type, u.file, u.pkg, u.subst) : null };
        } else return null;
        i = close + 1;
        continue;
      }
      if (isOp(tk, '[')) {
        const close = matching(tokens, i);
        if (cur.func) { cur = { ...cur, subst: explicitTypeArgs(this, cur.func, i, close) }; i = close + 1; continue; }
        if (cur.type) {
          cur = { type: rt({ ...cur.type.t, args: splitTopLevel(tokens, i + 1, close).map(([a]) => parseType(tokens, a)[0]) }, cur.type.file, cur.type.pkg) };
          i = close + 1;
          continue;
        }
        const u = underlying(program, cur.value);
        if (!u) return null;
        const isSlice = splitTopLevel(tokens, i + 1, close, ':').length > 1 || tokens.slice(i + 1, close).some((t) => isOp(t, ':'));
        if (isSlice) { i = close + 1; continue; }
        if (u.t.k === 'map' || u.t.k === 'slice' || u.t.k === 'array') cur = { value: rt(u.t.elem, u.file, u.pkg, u.subst) };
        else if (u.named?.builtin === 'string') cur = { value: builtin('byte') };
        else return null;
        i = close + 1;
        continue;
      }
      if (isOp(tk, '{') && cur.type) {
        cur = { value: cur.type };
        i = matching(tokens, i) + 1;
        continue;
      }
      return null;
    }
    if (!cur) return null;
    if (cur.value !== undefined) return cur.value;
    if (cur.type) return cur.type;
    return null;
  }
}

/** `f[T](...)`: explicit type arguments (and parameters their constraints pin to *T). */
function explicitTypeArgs(scope, fn, open, close) {
  if (!fn.typeParams?.length) return undefined;
  const subst = new Map();
  splitTopLevel(scope.tokens, open + 1, close).forEach(([a], k) => {
    if (fn.typeParams[k]) subst.set(fn.typeParams[k], rt(parseType(scope.tokens, a)[0], scope.file, scope.pkg));
  });
  return pinned(fn, subst);
}

function pinned(fn, subst) {
  for (const name of fn.typeParams) {
    const c = fn.constraints?.[name];
    if (subst.has(name) || c?.k !== 'interface') continue;
    const ptr = c.embeds.find((t) => t.k === 'ptr' && t.elem.k === 'name' && subst.has(t.elem.name));
    if (ptr) { const base = subst.get(ptr.elem.name); subst.set(name, rt({ k: 'ptr', elem: base.t }, base.file, base.pkg, base.subst)); }
  }
  return subst;
}

/** Type arguments of a generic call inferred from arguments whose parameter type is a bare type parameter or []T. */
function inferTypeArgs(scope, fn, pkg, open, close) {
  if (!fn.typeParams?.length) return undefined;
  const subst = new Map();
  const args = splitTopLevel(scope.tokens, open + 1, close);
  fn.params.forEach((p, k) => {
    if (!args[k]) return;
    const at = scope.type(args[k][0], args[k][1]);
    if (!at) return;
    if (p.type.k === 'name' && !p.type.pkg && fn.typeParams.includes(p.type.name)) subst.set(p.type.name, at);
    if (p.type.k === 'slice' && p.type.elem.k === 'name' && fn.typeParams.includes(p.type.elem.name) && at.t.k === 'slice') {
      subst.set(p.type.elem.name, rt(at.t.elem, at.file, at.pkg, at.subst));
    }
  });
  return subst;
}

const BINARY = new Set(['||', '&&', '==', '!=', '<', '<=', '>', '>=', '+', '-', '|', '^', '*', '/', '%', '<<', '>>', '&', '&^']);
/** Index of the loosest top-level binary operator in tokens[s, e), or null. */
function topLevelBinary(tokens, s, e) {
  const prec = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3, '+': 4, '-': 4, '|': 4, '^': 4, '*': 5, '/': 5, '%': 5, '<<': 5, '>>': 5, '&': 5, '&^': 5 };
  let best = null;
  for (let i = s; i < e; i++) {
    const tk = tokens[i];
    if (isOpen(tk)) { i = matching(tokens, i); continue; }
    if (isId(tk, 'func') && isOp(tokens[i + 1], '(')) continue;
    if (tk.t !== 'op' || !BINARY.has(tk.v) || i === s) continue;
    // A unary operator follows another operator (or an opening bracket): `a * -b`, `x == &y`.
    const prev = tokens[i - 1];
    if (prev.t === 'op' && !isOp(prev, ')') && !isOp(prev, ']') && !isOp(prev, '}')) continue;
    if (!best || prec[tk.v] <= prec[tokens[best].v]) best = i;
  }
  return best;
}

function rangeEnd(tokens, i, end) {
  // `for k, v := range expr {`: the expression stops at the block.
  let j = i;
  while (j < end && !isOp(tokens[j], '{')) {
    if (isOp(tokens[j], '(') || isOp(tokens[j], '[')) j = matching(tokens, j) + 1;
    else j++;
  }
  return j;
}
