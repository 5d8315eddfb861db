// What a payload's Validate() method demands, read from its `if … { return err }` statements:
// fields that must be set (`len(p.Name) == 0`), formats (`!validate.IsUUID(p.Webhook)`), allowed values
// (`p.Role != 1 && p.Role != 2`), "at least one of" (`len(p.Users) == 0 && len(p.Teams) == 0`), and
// requirements that hold only under a condition (`if p.SourceID == 0 { if len(p.URL) == 0 {…} }`).
// Helpers given a payload field (`update.ValidateAutoUpdateSettings(p.AutoUpdate)`) are followed.
import { isId, isOp, splitTopLevel, text } from './go-tokens.js';
import { parseBlock } from './go-statements.js';
import { callsIn } from './go-calls.js';
import { constValue } from './go-consts.js';

const MAX_DEPTH = 3;

/**
 * @returns {{kind: 'required'|'format'|'pattern'|'enum'|'anyOf'|'requiredIf'|'constraint', fields: string[], format?: string,
 *   values?: string[], when?: string, optional?: boolean, text: string, at: string}[]}
 */
export function validateRules(program, pkg, method) {
  const out = [];
  const recv = method.recv?.name;
  if (!recv || !method.body) return out;
  readFunction(program, pkg, method, new Map([[recv, '']]), [], out, 0);
  // An enum that admits its zero value (`EdgeStackDeploymentCompose = iota`) does not make the field required.
  for (const found of out) {
    for (const r of found.rules) {
      if (!r.values || r.optional) continue;
      if (r.values.some((v) => { const c = constValue(program, found.pkg, found.file, v); return c === 0 || c === ''; })) r.optional = true;
    }
  }
  return dedupe(out);
}

function readFunction(program, pkg, fn, bound, guards, out, depth) {
  if (!fn.body || depth > MAX_DEPTH) return;
  const { tokens } = fn.file;
  readBlock(program, pkg, fn, parseBlock(tokens, fn.body[0], fn.body[1]), bound, guards, out, depth);
}

function readBlock(program, pkg, fn, stmts, bound, guardsIn, out, depth) {
  const { tokens } = fn.file;
  let guards = [...guardsIn];
  // `if p.Repo == "" { missing = append(missing, "repo") }` … `if len(missing) > 0 { return err }`
  const pending = new Map();
  for (const stmt of stmts) {
    followHelpers(program, pkg, fn, stmt, bound, guards, out, depth);
    const where = `${fn.file.file}:${tokens[stmt.range[0]].line}`;
    if (stmt.kind === 'switch') {
      const rule = switchEnum(tokens, stmt, bound, guards, where);
      if (rule) out.push({ ...rule, pkg, file: fn.file });
      continue;
    }
    if (stmt.kind !== 'if') continue;
    const cond = stmt.cond;
    const acc = accumulator(tokens, stmt);
    if (acc) {
      if (!pending.has(acc)) pending.set(acc, []);
      pending.get(acc).push({ cond, guards, where });
      continue;
    }
    const flushed = nonEmptyTest(tokens, cond);
    if (flushed && pending.has(flushed) && returnsError(tokens, stmt.then)) {
      for (const p of pending.get(flushed)) out.push({ ...classify(tokens, p.cond, bound, p.guards, p.where), pkg, file: fn.file });
      pending.delete(flushed);
      continue;
    }
    const fails = returnsError(tokens, stmt.then);
    if (fails) out.push({ ...classify(tokens, cond, bound, guards, where), pkg, file: fn.file });
    readBlock(program, pkg, fn, stmt.then, bound, [...guards, guard(tokens, cond, bound, false)].filter(Boolean), out, depth);
    if (stmt.else) readBlock(program, pkg, fn, stmt.else, bound, [...guards, guard(tokens, cond, bound, true)].filter(Boolean), out, depth);
    // `if x == nil { return nil }`: what follows holds only when the condition is false.
    if (!stmt.else && returnsNil(tokens, stmt.then)) guards = [...guards, guard(tokens, cond, bound, true)].filter(Boolean);
  }
}

/** `if cond { xs = append(xs, …) }` → 'xs' (a list of problems reported later). */
function accumulator(tokens, stmt) {
  if (stmt.else || stmt.then.length !== 1 || stmt.then[0].kind !== 'simple') return null;
  const [s, e] = stmt.then[0].range;
  if (e - s < 5 || tokens[s].t !== 'id' || !isOp(tokens[s + 1], '=') || !isId(tokens[s + 2], 'append') || tokens[s + 4]?.v !== tokens[s].v) return null;
  return tokens[s].v;
}

/** `len(xs) > 0` / `len(xs) != 0` → 'xs'. */
function nonEmptyTest(tokens, [s, e]) {
  if (e - s !== 6 || !isId(tokens[s], 'len') || tokens[s + 2].t !== 'id') return null;
  const op = tokens[s + 4].v;
  return (op === '>' || op === '!=') && tokens[s + 5].v === '0' ? tokens[s + 2].v : null;
}

/** `switch p.Type { case A, B: default: return err }` → p.Type must be one of A, B. */
function switchEnum(tokens, stmt, bound, guards, at) {
  if (!stmt.tag) return null;
  const field = fieldRef(tokens, stmt.tag, bound);
  if (!field) return null;
  const fallback = stmt.clauses.find((c) => !c.values);
  if (!fallback || !returnsError(tokens, fallback.body)) return null;
  const values = stmt.clauses.filter((c) => c.values).flatMap((c) => c.values.map(([a, b]) => text(tokens, a, b)));
  const when = guards.length ? guards.map((g) => g.text).join(' && ') : undefined;
  const optional = values.includes('0') || values.includes('""');
  return { at, text: `switch ${text(tokens, stmt.tag[0], stmt.tag[1])}`, rules: [{ kind: when ? 'requiredIf' : 'enum', fields: [field], values, optional, ...(when ? { when } : {}), text: `one of ${values.join(', ')}` }] };
}

/** Calls that pass a payload field to a helper (`if err := check(p.X); err != nil`, `return f(p.X)`). */
function followHelpers(program, pkg, fn, stmt, bound, guards, out, depth) {
  const { tokens } = fn.file;
  const ranges = stmt.kind === 'if' ? [stmt.init, stmt.cond].filter(Boolean) : stmt.kind === 'return' || stmt.kind === 'simple' ? [stmt.range] : [];
  for (const [s, e] of ranges) {
    for (const call of callsIn(tokens, s, e)) {
      const target = resolveFunc(program, pkg, fn, call);
      if (!target) continue;
      const inner = new Map();
      target.fn.params.forEach((p, k) => {
        const field = fieldRef(tokens, call.args[k], bound);
        if (p.name && field !== null) inner.set(p.name, field ? `${field}.` : '');
      });
      if (inner.size) readFunction(program, target.pkg, target.fn, inner, guards, out, depth + 1);
    }
    // A package-local helper called bare: `validateX(p.Y)`.
    for (let i = s; i < e; i++) {
      if (tokens[i].t !== 'id' || !isOp(tokens[i + 1], '(') || isOp(tokens[i - 1], '.')) continue;
      const target = pkg.funcs.get(tokens[i].v);
      if (!target || !returnsErrorType(target)) continue;
      let close = i + 1;
      for (let depthB = 0; close < e; close++) { if (isOp(tokens[close], '(')) depthB++; if (isOp(tokens[close], ')') && --depthB === 0) break; }
      const args = splitTopLevel(tokens, i + 2, close);
      const inner = new Map();
      target.params.forEach((p, k) => {
        const field = fieldRef(tokens, args[k], bound);
        if (p.name && field !== null) inner.set(p.name, field ? `${field}.` : '');
      });
      if (inner.size) readFunction(program, pkg, target, inner, guards, out, depth + 1);
    }
  }
}

function resolveFunc(program, pkg, fn, call) {
  if (call.path.length !== 1) return null;
  const target = program.imported(fn.file, call.base);
  if (!target || target.external) return null;
  const f = target.funcs.get(call.name);
  return f && returnsErrorType(f) ? { pkg: target, fn: f } : null;
}

// Only helpers that report failure as an error are read as validation (`IsURL` returns a bool).
function returnsErrorType(fn) {
  const last = fn.results?.at(-1)?.type;
  return last?.k === 'name' && !last.pkg && last.name === 'error';
}

function returnsError(tokens, stmts) {
  return stmts.some((s) => s.kind === 'return' && !(s.expr[1] - s.expr[0] === 1 && isId(tokens[s.expr[0]], 'nil')) && s.expr[1] > s.expr[0]);
}

function returnsNil(tokens, stmts) {
  return stmts.length > 0 && stmts.every((s) => s.kind === 'return') && stmts.some((s) => s.expr[1] - s.expr[0] === 1 && isId(tokens[s.expr[0]], 'nil'));
}

/** `p.Name`, `*p.Name`, `p.Auto.Webhook` with p bound → its path; the bound name alone → ''; else null. */
function fieldRef(tokens, range, bound) {
  if (!range) return null;
  let [s, e] = range;
  if (isOp(tokens[s], '*') || isOp(tokens[s], '&')) s++;
  if (tokens[s]?.t !== 'id' || !bound.has(tokens[s].v)) return null;
  const names = [];
  let i = s + 1;
  while (i + 1 < e + 1 && isOp(tokens[i], '.') && tokens[i + 1]?.t === 'id') { names.push(tokens[i + 1].v); i += 2; }
  if (i !== e) return null;
  const prefix = bound.get(tokens[s].v);
  if (names.length) return prefix + names.join('.');
  return prefix.endsWith('.') ? prefix.slice(0, -1) : prefix;
}

/**
 * One atom of a condition: {field, test: 'empty'|'present'|'format'|'pattern'|'ne'|'other', value?, format?}.
 */
function atom(tokens, [s, e], bound) {
  [s, e] = unparen(tokens, [s, e]);
  const field = (r) => fieldRef(tokens, r, bound);
  // !p.Flag, !pkg.IsX(p.F), !pkg.Matches(p.F, re)
  if (isOp(tokens[s], '!')) {
    const f = field([s + 1, e]);
    if (f !== null) return { field: f, test: 'empty' };
    const call = [...callsIn(tokens, s + 1, e)][0];
    if (call && call.at === s + 1 && call.end === e && call.args.length >= 1) {
      const f1 = field(call.args[0]);
      if (f1 !== null) {
        if (call.name === 'Matches' && call.args[1]) return { field: f1, test: 'pattern', value: tokens[call.args[1][0]].v };
        if (call.name.startsWith('Is')) return { field: f1, test: 'format', format: call.name.slice(2).toLowerCase() };
      }
    }
    return { field: null, test: 'other' };
  }
  // govalidator.IsNull(p.F)
  const call = [...callsIn(tokens, s, e)][0];
  if (call && call.at === s && call.end === e && call.name === 'IsNull') {
    const f = field(call.args[0]);
    if (f !== null) return { field: f, test: 'empty' };
  }
  // len(p.F) <op> N
  let lhs = null;
  let opAt = -1;
  for (let i = s; i < e; i++) {
    if (tokens[i].t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(tokens[i].v)) { opAt = i; break; }
    if (isOp(tokens[i], '(')) i = matchingParen(tokens, i);
  }
  if (opAt < 0) {
    const f = field([s, e]);
    return f !== null ? { field: f, test: 'present' } : { field: null, test: 'other' };
  }
  const op = tokens[opAt].v;
  const rhs = text(tokens, opAt + 1, e);
  let isLen = false;
  if (isId(tokens[s], 'len') && isOp(tokens[s + 1], '(') && isOp(tokens[opAt - 1], ')')) { lhs = field([s + 2, opAt - 1]); isLen = true; }
  else lhs = field([s, opAt]);
  if (lhs === null) return { field: null, test: 'other' };
  // A comparison of two fields (`p.Cert != p.Key`) relates them; it says nothing of either alone.
  const other = fieldRef(tokens, [opAt + 1, e], bound);
  if (other !== null) return { field: null, test: 'relation', value: `${lhs} ${op} ${other}` };
  const zero = rhs === '0' || rhs === '""' || rhs === 'nil';
  if (op === '==' && zero) return { field: lhs, test: 'empty' };
  if (op === '!=' && zero) return { field: lhs, test: 'present' };
  if ((op === '<=' && rhs === '0') || (op === '<' && rhs === '1')) return { field: lhs, test: 'empty' };
  if ((op === '>' && rhs === '0') || (op === '>=' && rhs === '1')) return { field: lhs, test: 'present' };
  if (op === '!=' && !isLen) return { field: lhs, test: 'ne', value: rhs };
  return { field: lhs, test: 'other' };
}

/** Distributes conjunctions over parenthesised disjunctions: [[a], [(b || c)]] → [[a, b], [a, c]]. */
function expand(tokens, conjuncts) {
  let out = [[]];
  for (const c of conjuncts) {
    const inner = unparen(tokens, c);
    const alternatives = inner[0] !== c[0] ? splitTopLevel(tokens, inner[0], inner[1], '||') : [c];
    out = out.flatMap((prefix) => alternatives.map((a) => [...prefix, a]));
  }
  return out;
}

function unparen(tokens, [s, e]) {
  while (isOp(tokens[s], '(') && isOp(tokens[e - 1], ')') && matchingParen(tokens, s) === e - 1) { s++; e--; }
  return [s, e];
}

function matchingParen(tokens, i) {
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    if (isOp(tokens[j], '(')) depth++;
    else if (isOp(tokens[j], ')') && --depth === 0) return j;
  }
  return tokens.length;
}

const FAILING = new Set(['empty', 'format', 'pattern', 'ne']);

/** A condition that encloses later checks, as text and atoms (negated for else branches and early returns). */
function guard(tokens, range, bound, negate) {
  const t = text(tokens, range[0], range[1]);
  const parts = splitTopLevel(tokens, range[0], range[1], '&&').map((r) => atom(tokens, r, bound));
  // `x == nil` on the bound object itself only says the object is present: not a condition on its fields.
  const roots = new Set([...bound.values()].map((p) => (p.endsWith('.') ? p.slice(0, -1) : p)));
  if (parts.length === 1 && roots.has(parts[0].field)) return null;
  return { text: negate ? `!(${t})` : t, atoms: negate ? (parts.length === 1 ? [negateAtom(parts[0])] : [{ field: null, test: 'other' }]) : parts };
}

function classify(tokens, cond, bound, guards, at) {
  const condText = text(tokens, cond[0], cond[1]);
  const guardAtoms = guards.flatMap((g) => g.atoms);
  const guardTexts = guards.map((g) => g.text);
  const rules = [];
  for (const term of splitTopLevel(tokens, cond[0], cond[1], '||').map((r) => unparen(tokens, r))) {
    // `a && (b || c)` fails when `a && b` or `a && c` does: one rule for each.
    for (const conjuncts of expand(tokens, splitTopLevel(tokens, term[0], term[1], '&&'))) {
      const atoms = conjuncts.map((r) => atom(tokens, r, bound));
      rules.push(classifyTerm(atoms, guardAtoms, conjuncts.map((r) => text(tokens, r[0], r[1])).join(' && '), guardTexts));
    }
  }
  return { at, text: condText, rules };
}

function negateAtom(a) {
  if (a.test === 'empty') return { ...a, test: 'present' };
  if (a.test === 'present') return { ...a, test: 'empty' };
  return { ...a, test: 'other' };
}

function classifyTerm(atoms, guardAtoms, termText, guardTexts) {
  const when = guardTexts.length ? guardTexts.join(' && ') : undefined;
  const base = { text: termText, ...(when ? { when } : {}) };
  const failing = atoms.filter((a) => a.field !== null && a.field !== '' && FAILING.has(a.test));
  const fieldsOf = (list) => [...new Set(list.map((a) => a.field))];
  const failFields = fieldsOf(failing);
  const others = [...atoms.filter((a) => !failing.includes(a)), ...guardAtoms];
  const unguarded = guardAtoms.length === 0;
  // All atoms fail on one field, nothing else involved.
  if (failFields.length === 1 && others.length === 0) {
    const f = failFields[0];
    const ne = failing.filter((a) => a.test === 'ne');
    if (ne.length === failing.length) {
      const values = ne.map((a) => a.value);
      return { kind: 'enum', fields: [f], values, optional: values.includes('0') || values.includes('""'), ...base };
    }
    const fmt = failing.find((a) => a.test === 'format' || a.test === 'pattern');
    if (fmt?.test === 'format') return { kind: 'format', fields: [f], format: fmt.format, ...base };
    if (fmt?.test === 'pattern') return { kind: 'pattern', fields: [f], value: fmt.value, ...base };
    return { kind: 'required', fields: [f], ...base };
  }
  // "Set if present" checks: the only other atoms test that same field's presence.
  if (failFields.length === 1 && others.every((a) => a.field === failFields[0] && a.test === 'present')) {
    const fmt = failing.find((a) => a.test === 'format' || a.test === 'pattern');
    if (fmt) return { kind: fmt.test, fields: failFields, ...(fmt.format ? { format: fmt.format } : { value: fmt.value }), optional: true, ...base };
    if (failing.every((a) => a.test === 'ne')) return { kind: 'enum', fields: failFields, values: failing.map((a) => a.value), optional: true, ...base };
    return { kind: 'constraint', fields: failFields, ...base };
  }
  // `p.Type != K && p.Platform != A && p.Platform != B`: the field tested against several values is the
  // requirement, the other comparisons say when it applies.
  if (failFields.length >= 2 && failing.length === atoms.length && failing.every((a) => a.test === 'ne')) {
    const counts = failFields.map((f) => failing.filter((a) => a.field === f).length);
    const most = Math.max(...counts);
    if (counts.filter((c) => c === most).length === 1) {
      const f = failFields[counts.indexOf(most)];
      const cond = [...failing.filter((a) => a.field !== f).map(atomText), ...(when ? [when] : [])].join(' && ');
      return { kind: 'requiredIf', fields: [f], values: failing.filter((a) => a.field === f).map((a) => a.value), when: cond, text: termText };
    }
  }
  // At least one of several fields.
  if (unguarded && failFields.length >= 2 && atoms.every((a) => a.test === 'empty' && a.field)) {
    return { kind: 'anyOf', fields: failFields, ...base };
  }
  // A requirement on one field that applies only when other fields say so.
  if (failFields.length === 1 && others.some((a) => a.field !== failFields[0])) {
    const cond = [...atoms.filter((a) => !failing.includes(a)).map(atomText), ...(when ? [when] : [])].join(' && ');
    return { kind: 'requiredIf', fields: failFields, when: cond, text: termText };
  }
  return { kind: 'constraint', fields: fieldsOf(atoms.filter((a) => a.field)), ...base };
}

function atomText(a) {
  if (a.test === 'empty') return `${a.field} is empty`;
  if (a.test === 'present') return `${a.field} is set`;
  if (a.test === 'ne') return `${a.field} != ${a.value}`;
  if (a.test === 'relation') return a.value;
  return a.field ? `${a.field} (${a.test})` : '…';
}

function dedupe(found) {
  const out = [];
  const seen = new Set();
  for (const f of found) {
    for (const r of f.rules) {
      const key = JSON.stringify([r.kind, r.fields, r.when ?? '', r.format ?? '', r.values ?? []]);
      if (seen.has(key)) continue;
      seen.add(key);
      if (r.kind === 'constraint' && !r.fields.length) continue; // nothing a schema could say
      out.push({ ...r, at: f.at });
    }
  }
  return out;
}
