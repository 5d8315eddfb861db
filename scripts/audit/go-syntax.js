// Top-level declarations of one Go file (imports, types, functions, constants) and Go type
// expressions, parsed from go-tokens. Function bodies stay token ranges; go-statements reads them.
import { isId, isOp, matching, splitTopLevel, tokenize, isOpen } from './go-tokens.js';

/**
 * @typedef {{k: 'name', pkg?: string, name: string, args?: GoType[]} | {k: 'ptr'|'slice'|'chan', elem: GoType}
 *   | {k: 'array', elem: GoType} | {k: 'map', key: GoType, elem: GoType} | {k: 'struct', fields: GoField[]}
 *   | {k: 'interface', methods: GoMethodSig[], embeds: GoType[]} | {k: 'func', params: GoParam[], results: GoParam[]}
 *   | {k: 'ellipsis', elem: GoType}} GoType
 * @typedef {{name: string|null, type: GoType, tag: string}} GoField  name null = embedded
 * @typedef {{name: string|null, type: GoType}} GoParam
 * @typedef {{name: string, params: GoParam[], results: GoParam[]}} GoMethodSig
 */

/** Parses a type expression at tokens[i]; returns [type, next index]. */
export function parseType(tokens, i) {
  const tk = tokens[i];
  if (isOp(tk, '*')) { const [elem, j] = parseType(tokens, i + 1); return [{ k: 'ptr', elem }, j]; }
  if (isOp(tk, '...')) { const [elem, j] = parseType(tokens, i + 1); return [{ k: 'ellipsis', elem }, j]; }
  if (isOp(tk, '(')) { const close = matching(tokens, i); const [t] = parseType(tokens, i + 1); return [t, close + 1]; }
  if (isOp(tk, '[')) {
    if (isOp(tokens[i + 1], ']')) { const [elem, j] = parseType(tokens, i + 2); return [{ k: 'slice', elem }, j]; }
    const close = matching(tokens, i);
    const [elem, j] = parseType(tokens, close + 1);
    return [{ k: 'array', elem }, j];
  }
  if (isId(tk, 'map')) {
    const close = matching(tokens, i + 1);
    const [key] = parseType(tokens, i + 2);
    const [elem, j] = parseType(tokens, close + 1);
    return [{ k: 'map', key, elem }, j];
  }
  if (isId(tk, 'chan')) {
    let j = i + 1;
    if (isOp(tokens[j], '<-')) j++;
    const [elem, k] = parseType(tokens, j);
    return [{ k: 'chan', elem }, k];
  }
  if (isOp(tk, '<-') && isId(tokens[i + 1], 'chan')) { const [elem, k] = parseType(tokens, i + 2); return [{ k: 'chan', elem }, k]; }
  if (isId(tk, 'struct')) {
    const close = matching(tokens, i + 1);
    return [{ k: 'struct', fields: parseFields(tokens, i + 2, close) }, close + 1];
  }
  if (isId(tk, 'interface')) {
    const close = matching(tokens, i + 1);
    return [parseInterface(tokens, i + 2, close), close + 1];
  }
  if (isId(tk, 'func')) {
    const [sig, j] = parseSignature(tokens, i + 1);
    return [{ k: 'func', ...sig }, j];
  }
  if (tk?.t === 'id') {
    let name = tk.v;
    let pkg;
    let j = i + 1;
    if (isOp(tokens[j], '.') && tokens[j + 1]?.t === 'id') { pkg = name; name = tokens[j + 1].v; j += 2; }
    const type = pkg ? { k: 'name', pkg, name } : { k: 'name', name };
    if (isOp(tokens[j], '[') && !isOp(tokens[j + 1], ']')) {
      // Generic instantiation: Name[A, B]. (An index expression never reaches parseType.)
      const close = matching(tokens, j);
      type.args = splitTopLevel(tokens, j + 1, close).map(([s]) => parseType(tokens, s)[0]);
      j = close + 1;
    }
    return [type, j];
  }
  throw new Error(`cannot read a type at line ${tk?.line}: ${tk?.v}`);
}

function parseFields(tokens, start, end) {
  const fields = [];
  for (const [s, e] of splitTopLevel(tokens, start, end, ';')) {
    if (s >= e) continue;
    let tag = '';
    let stop = e;
    if (tokens[e - 1].t === 'str') { tag = tokens[e - 1].v; stop = e - 1; }
    // Embedded: `T`, `*T`, `pkg.T`, `*pkg.T` (with nothing after the type).
    const [type, after] = parseType(tokens, s);
    if (after >= stop && (type.k === 'name' || (type.k === 'ptr' && type.elem.k === 'name'))) {
      fields.push({ name: null, type, tag });
      continue;
    }
    const names = [];
    let j = s;
    while (tokens[j].t === 'id') { names.push(tokens[j].v); j++; if (isOp(tokens[j], ',')) j++; else break; }
    const [ftype] = parseType(tokens, j);
    for (const name of names) fields.push({ name, type: ftype, tag });
  }
  return fields;
}

function parseInterface(tokens, start, end) {
  const methods = [];
  const embeds = [];
  for (const [s, e] of splitTopLevel(tokens, start, end, ';')) {
    if (s >= e) continue;
    if (tokens[s].t === 'id' && isOp(tokens[s + 1], '(')) {
      const [sig] = parseSignature(tokens, s + 1);
      methods.push({ name: tokens[s].v, ...sig });
    } else if (!isOp(tokens[s], '~') && !tokens.slice(s, e).some((t) => isOp(t, '|'))) {
      embeds.push(parseType(tokens, s)[0]);
    }
  }
  return { k: 'interface', methods, embeds };
}

const TYPE_KEYWORDS = new Set(['func', 'map', 'chan', 'struct', 'interface']);
// `a int`, `a []T`, `a [4]T` name a parameter; `pkg.T`, `T[int]`, `func()`, `map[K]V` are bare types.
function isParamName(tokens, s, e) {
  const tk = tokens[s];
  if (tk.t !== 'id' || TYPE_KEYWORDS.has(tk.v) || e - s < 2) return false;
  const next = tokens[s + 1];
  if (isOp(next, '.')) return false;
  if (isOp(next, '[')) return isOp(tokens[s + 2], ']') || tokens[s + 2]?.t === 'num';
  return true;
}

/** Parameter list `(a, b int, c string)` or `(int, error)`; returns [params, next]. */
export function parseParams(tokens, open) {
  const close = matching(tokens, open);
  const groups = splitTopLevel(tokens, open + 1, close);
  // Named lists have an identifier followed by a type in at least one group.
  const named = groups.some(([s, e]) => isParamName(tokens, s, e));
  const params = [];
  let pending = [];
  for (const [s, e] of groups) {
    if (!named) { params.push({ name: null, type: parseType(tokens, s)[0] }); continue; }
    if (e - s === 1) { pending.push(tokens[s].v); continue; }
    const [type] = parseType(tokens, s + 1);
    for (const name of [...pending, tokens[s].v]) params.push({ name, type });
    pending = [];
  }
  return [params, close + 1];
}

/** `(params) results` after `func` or a method name; returns [{params, results}, next]. */
export function parseSignature(tokens, i) {
  const [params, j] = parseParams(tokens, i);
  let results = [];
  let k = j;
  if (isOp(tokens[k], '(')) [results, k] = parseParams(tokens, k);
  else if (tokens[k] && !isOp(tokens[k], '{') && !isOp(tokens[k], ';') && !isOp(tokens[k], ',') && !isOp(tokens[k], ')') && !isOp(tokens[k], ']') && !isOp(tokens[k], '}') && !(tokens[k].t === 'str')) {
    const [type, next] = parseType(tokens, k);
    results = [{ name: null, type }];
    k = next;
  }
  return [{ params, results }, k];
}

function docBefore(comments, line) {
  // The comment block ending on the line just above a declaration.
  const lines = [];
  let want = line - 1;
  for (let c = comments.length - 1; c >= 0; c--) {
    const cm = comments[c];
    if (cm.end > want) continue;
    if (cm.end < want) break;
    lines.unshift(cm.text);
    want = cm.line - 1;
  }
  return lines;
}

/**
 * @returns {{pkg: string, imports: Record<string,string>, types: Map<string, {name, type: GoType, typeParams: string[], file, line}>,
 *   funcs: {name, recv: {name: string|null, type: string}|null, params, results, typeParams: string[], body: [number, number]|null, doc: string[], line: number}[],
 *   consts: {name, type: GoType|null, value: [number, number]|null, iota: number, line}[], tokens}}
 */
export function parseFile(src, file) {
  const { tokens, comments } = tokenize(src);
  const out = { file, pkg: '', imports: {}, types: new Map(), funcs: [], consts: [], vars: [], tokens };
  let i = 0;
  const skipSemis = () => { while (isOp(tokens[i], ';')) i++; };
  const eachSpec = (fn) => {
    // `kw spec` or `kw ( spec; spec; )`
    if (isOp(tokens[i], '(')) {
      const close = matching(tokens, i);
      const specs = splitTopLevel(tokens, i + 1, close, ';');
      specs.forEach(([s, e], index) => { if (s < e) fn(s, e, index); });
      i = close + 1;
    } else {
      let e = i;
      let depth = 0;
      while (e < tokens.length && !(depth === 0 && isOp(tokens[e], ';'))) {
        if (isOpen(tokens[e])) depth++;
        else if (isOp(tokens[e], ')') || isOp(tokens[e], ']') || isOp(tokens[e], '}')) depth--;
        e++;
      }
      fn(i, e, 0);
      i = e;
    }
  };
  while (i < tokens.length) {
    skipSemis();
    const tk = tokens[i];
    if (!tk) break;
    if (isId(tk, 'package')) { out.pkg = tokens[i + 1].v; i += 2; continue; }
    if (isId(tk, 'import')) {
      i++;
      eachSpec((s, e) => {
        const pathTok = tokens[e - 1];
        const alias = e - s > 1 ? tokens[s].v : pathTok.v.split('/').pop();
        out.imports[alias] = pathTok.v;
      });
      continue;
    }
    if (isId(tk, 'type')) {
      i++;
      eachSpec((s) => {
        const name = tokens[s].v;
        let j = s + 1;
        let typeParams = [];
        if (isOp(tokens[j], '[') && tokens[j + 1]?.t === 'id' && (tokens[j + 2]?.t === 'id' || isOp(tokens[j + 2], ',') || isOp(tokens[j + 2], '*'))) {
          const close = matching(tokens, j);
          typeParams = splitTopLevel(tokens, j + 1, close).map(([a]) => tokens[a].v);
          j = close + 1;
        }
        if (isOp(tokens[j], '=')) j++; // alias declaration
        const [type] = parseType(tokens, j);
        out.types.set(name, { name, type, typeParams, file, line: tokens[s].line, alias: isOp(tokens[j - 1], '=') });
      });
      continue;
    }
    if (isId(tk, 'const') || isId(tk, 'var')) {
      const kind = tk.v;
      i++;
      let lastType = null;
      let lastValue = null;
      eachSpec((s, e, index) => {
        let j = s;
        const names = [];
        while (tokens[j]?.t === 'id') { names.push(tokens[j].v); j++; if (isOp(tokens[j], ',')) j++; else break; }
        let type = null;
        if (j < e && !isOp(tokens[j], '=')) [type, j] = parseType(tokens, j);
        let value = null;
        if (isOp(tokens[j], '=')) value = [j + 1, e];
        if (kind === 'const') {
          // In a const block, a spec without a value repeats the previous one (iota moves on).
          if (!value) { value = lastValue; type = type ?? lastType; } else { lastValue = value; lastType = type; }
          for (const name of names) out.consts.push({ name, type, value, iota: index, line: tokens[s].line });
        } else {
          for (const name of names) out.vars.push({ name, type, value, line: tokens[s].line });
        }
      });
      continue;
    }
    if (isId(tk, 'func')) {
      const line = tk.line;
      i++;
      let recv = null;
      if (isOp(tokens[i], '(')) {
        const [params, j] = parseParams(tokens, i);
        const rt = params[0].type;
        const base = rt.k === 'ptr' ? rt.elem : rt;
        recv = { name: params[0].name, type: base.name };
        i = j;
      }
      const name = tokens[i].v;
      i++;
      let typeParams = [];
      let constraints = {};
      if (isOp(tokens[i], '[')) {
        const close = matching(tokens, i);
        const groups = splitTopLevel(tokens, i + 1, close);
        typeParams = groups.map(([a]) => tokens[a].v);
        // `PT interface{ *T; Validate(...) error }`: a constraint that pins a parameter to *T.
        for (const [a, b] of groups) if (b - a > 1) { try { constraints[tokens[a].v] = parseType(tokens, a + 1)[0]; } catch { /* ~int | ~string */ } }
        i = close + 1;
      }
      const [sig, j] = parseSignature(tokens, i);
      i = j;
      let body = null;
      if (isOp(tokens[i], '{')) {
        const close = matching(tokens, i);
        body = [i + 1, close];
        i = close + 1;
      }
      out.funcs.push({ name, recv, typeParams, constraints, ...sig, body, doc: docBefore(comments, line), line, file });
      continue;
    }
    throw new Error(`${file}: unexpected ${tk.v} at line ${tk.line}`);
  }
  return out;
}
