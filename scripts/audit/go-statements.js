// The statement tree of a Go function body (if/else, switch cases, for, return, simple statements),
// built from token ranges. Expressions stay ranges of tokens; callers read what they need from them.
import { isId, isOp, matching, isOpen } from './go-tokens.js';
import { parseSignature } from './go-syntax.js';

/**
 * @typedef {[number, number]} Range
 * @typedef {{kind: 'if', range: Range, init: Range|null, cond: Range, then: Stmt[], else: Stmt[]|null}
 *   | {kind: 'switch', range: Range, init: Range|null, tag: Range|null, clauses: {values: Range[]|null, body: Stmt[], range: Range}[]}
 *   | {kind: 'for', range: Range, header: Range, body: Stmt[]}
 *   | {kind: 'block', range: Range, body: Stmt[]}
 *   | {kind: 'return', range: Range, expr: Range}
 *   | {kind: 'simple', range: Range}} Stmt
 */

/** Where the block of an if/for/switch header starting at `i` opens. */
function blockStart(tokens, i, end) {
  let j = i;
  while (j < end) {
    const tk = tokens[j];
    if (isOp(tk, '(') || isOp(tk, '[')) { j = matching(tokens, j) + 1; continue; }
    if (isId(tk, 'func') && isOp(tokens[j + 1], '(')) {
      const [, k] = parseSignature(tokens, j + 1);
      j = isOp(tokens[k], '{') ? matching(tokens, k) + 1 : k;
      continue;
    }
    if (isOp(tk, '{')) {
      // A composite literal of a slice/map/array type (`[]T{…}`, `map[K]V{…}`) may sit in a header.
      let b = j - 1;
      while (b > i && (tokens[b].t === 'id' || isOp(tokens[b], '.') || isOp(tokens[b], '*'))) b--;
      if (b < j - 1 && isOp(tokens[b], ']')) { j = matching(tokens, j) + 1; continue; }
      return j;
    }
    j++;
  }
  throw new Error(`no block after the header on line ${tokens[i]?.line}`);
}

/** The end (exclusive) of a simple statement starting at `i`: the next `;` outside brackets. */
export function simpleEnd(tokens, i, end) {
  let j = i;
  while (j < end && !isOp(tokens[j], ';')) {
    if (isOpen(tokens[j])) j = matching(tokens, j) + 1;
    else j++;
  }
  return j;
}

/** Splits a header `init; cond` at its top-level semicolon. */
function splitHeader(tokens, s, e) {
  for (let j = s; j < e; j++) {
    if (isOpen(tokens[j])) { j = matching(tokens, j); continue; }
    if (isOp(tokens[j], ';')) return [[s, j], [j + 1, e]];
  }
  return [null, [s, e]];
}

function parseIf(tokens, i, end) {
  const open = blockStart(tokens, i + 1, end);
  const [init, cond] = splitHeader(tokens, i + 1, open);
  const close = matching(tokens, open);
  const stmt = { kind: 'if', range: [i, close + 1], init, cond, then: parseBlock(tokens, open + 1, close), else: null };
  let j = close + 1;
  if (isId(tokens[j], 'else')) {
    if (isId(tokens[j + 1], 'if')) {
      const nested = parseIf(tokens, j + 1, end);
      stmt.else = [nested];
      j = nested.range[1];
    } else {
      const eclose = matching(tokens, j + 1);
      stmt.else = parseBlock(tokens, j + 2, eclose);
      j = eclose + 1;
    }
  }
  stmt.range = [i, j];
  return stmt;
}

function parseSwitch(tokens, i, end) {
  const open = blockStart(tokens, i + 1, end);
  const [init, tag] = splitHeader(tokens, i + 1, open);
  const close = matching(tokens, open);
  const clauses = [];
  let j = open + 1;
  while (j < close) {
    const tk = tokens[j];
    if (isOp(tk, ';')) { j++; continue; }
    if (!isId(tk, 'case') && !isId(tk, 'default')) throw new Error(`unexpected ${tk.v} in a switch on line ${tk.line}`);
    let colon = j + 1;
    while (!isOp(tokens[colon], ':')) {
      if (isOpen(tokens[colon])) colon = matching(tokens, colon);
      colon++;
    }
    const values = isId(tk, 'default') ? null : splitValues(tokens, j + 1, colon);
    let bodyEnd = colon + 1;
    while (bodyEnd < close && !(isId(tokens[bodyEnd], 'case') || isId(tokens[bodyEnd], 'default'))) {
      if (isOpen(tokens[bodyEnd])) bodyEnd = matching(tokens, bodyEnd);
      bodyEnd++;
    }
    clauses.push({ values, body: parseBlock(tokens, colon + 1, bodyEnd), range: [j, bodyEnd] });
    j = bodyEnd;
  }
  return { kind: 'switch', range: [i, close + 1], init, tag: tag[0] < tag[1] ? tag : null, clauses };
}

function splitValues(tokens, s, e) {
  const out = [];
  let from = s;
  for (let j = s; j < e; j++) {
    if (isOpen(tokens[j])) { j = matching(tokens, j); continue; }
    if (isOp(tokens[j], ',')) { out.push([from, j]); from = j + 1; }
  }
  out.push([from, e]);
  return out;
}

/** @returns {Stmt[]} the statements of tokens[start, end) */
export function parseBlock(tokens, start, end) {
  const stmts = [];
  let i = start;
  while (i < end) {
    const tk = tokens[i];
    if (isOp(tk, ';')) { i++; continue; }
    let stmt;
    if (isId(tk, 'if')) stmt = parseIf(tokens, i, end);
    else if (isId(tk, 'switch') || isId(tk, 'select')) stmt = parseSwitch(tokens, i, end);
    else if (isId(tk, 'for')) {
      const open = blockStart(tokens, i + 1, end);
      const close = matching(tokens, open);
      stmt = { kind: 'for', range: [i, close + 1], header: [i + 1, open], body: parseBlock(tokens, open + 1, close) };
    } else if (isOp(tk, '{')) {
      const close = matching(tokens, i);
      stmt = { kind: 'block', range: [i, close + 1], body: parseBlock(tokens, i + 1, close) };
    } else if (isId(tk, 'return')) {
      const e = simpleEnd(tokens, i + 1, end);
      stmt = { kind: 'return', range: [i, e], expr: [i + 1, e] };
    } else {
      stmt = { kind: 'simple', range: [i, simpleEnd(tokens, i, end)] };
    }
    stmts.push(stmt);
    i = stmt.range[1];
  }
  return stmts;
}

/** Every statement of a tree, depth first, with the chain of enclosing statements. */
export function* walk(stmts, parents = []) {
  for (const stmt of stmts) {
    yield [stmt, parents];
    const inner = [...parents, stmt];
    if (stmt.kind === 'if') { yield* walk(stmt.then, inner); if (stmt.else) yield* walk(stmt.else, inner); }
    else if (stmt.kind === 'switch') for (const c of stmt.clauses) yield* walk(c.body, inner);
    else if (stmt.kind === 'for' || stmt.kind === 'block') yield* walk(stmt.body, inner);
  }
}
