// Reading call shapes out of token ranges: selector chains with calls (`h.PathPrefix("/x").Subrouter()`),
// string arguments, and the handler wrappers around an HTTP handler expression.
import { isId, isOp, matching, splitTopLevel } from './go-tokens.js';

/**
 * `a.b(args).c.d(args)(args)` as {parts: [{name, args: Range[]|null, calls: Range[][]}], end}: each
 * selector name with the argument lists of the calls right after it. Null when tokens[s] is not an identifier.
 */
export function readChain(tokens, s, e = tokens.length) {
  if (tokens[s]?.t !== 'id') return null;
  const parts = [{ name: tokens[s].v, calls: [] }];
  let i = s + 1;
  while (i < e) {
    if (isOp(tokens[i], '.') && tokens[i + 1]?.t === 'id') { parts.push({ name: tokens[i + 1].v, calls: [] }); i += 2; continue; }
    if (isOp(tokens[i], '(')) {
      const close = matching(tokens, i);
      parts.at(-1).calls.push(splitTopLevel(tokens, i + 1, close));
      i = close + 1;
      continue;
    }
    if (isOp(tokens[i], '[')) { i = matching(tokens, i) + 1; continue; } // generic instantiation, index
    break;
  }
  return { parts, end: i };
}

/** A string-valued expression: literals, `+`, and names bound in `env`. Null when unknown. */
export function evalString(tokens, [s, e], env = new Map()) {
  let out = '';
  for (const [a, b] of splitTopLevel(tokens, s, e, '+')) {
    if (b - a === 1 && tokens[a].t === 'str') { out += tokens[a].v; continue; }
    if (b - a === 1 && tokens[a].t === 'id' && typeof env.get(tokens[a].v) === 'string') { out += env.get(tokens[a].v); continue; }
    return null;
  }
  return out;
}

/** `http.MethodGet` / `"GET"` → `GET`. */
export function evalMethod(tokens, [s, e]) {
  if (e - s === 1 && tokens[s].t === 'str') return tokens[s].v.toUpperCase();
  if (e - s === 3 && isId(tokens[s], 'http') && tokens[s + 2].v.startsWith('Method')) return tokens[s + 2].v.slice('Method'.length).toUpperCase();
  return null;
}

/**
 * Unwraps an http.Handler expression such as `bouncer.AdminAccess(bouncer.EdgeComputeOperation(httperror.LoggerHandler(h.x)))`
 * into {wrappers: [{name, via, range}], target: {recv, name}|{func}|null, redirect: boolean}.
 * `via` is the selector base (`bouncer`, `middlewares`) or null for a package-local function.
 */
export function unwrapHandler(tokens, [s, e]) {
  const wrappers = [];
  let range = [s, e];
  for (let guard = 0; guard < 20; guard++) {
    const chain = readChain(tokens, range[0], range[1]);
    if (!chain || chain.end !== range[1]) return { wrappers, target: null };
    const last = chain.parts.at(-1);
    const base = chain.parts.length > 1 ? chain.parts[0].name : null;
    if (!last.calls.length) {
      // h.method or a function name: the handler itself.
      if (chain.parts.length === 2) return { wrappers, target: { recv: chain.parts[0].name, name: last.name } };
      if (chain.parts.length === 1) return { wrappers, target: { func: last.name } };
      return { wrappers, target: null };
    }
    // http.HandlerFunc(h.x) is a conversion, not a wrapper.
    const name = last.name;
    if (!(base === 'http' && name === 'HandlerFunc')) wrappers.push({ name, via: base, range: [range[0], chain.end] });
    const args = last.calls.at(-1);
    if (!args.length) return { wrappers, target: null };
    if (name === 'Deprecated') return { wrappers, target: null, redirect: true };
    range = args.at(-1);
  }
  return { wrappers, target: null };
}

/** Every call `pkgOrVar.Name(...)` in tokens[s, e): [{base, name, args, at}], nested calls included. */
export function* callsIn(tokens, s, e) {
  for (let i = s; i < e; i++) {
    if (tokens[i].t !== 'id' || !isOp(tokens[i + 1], '.') || tokens[i + 2]?.t !== 'id') continue;
    if (i > s && isOp(tokens[i - 1], '.')) continue;
    let j = i + 2;
    const names = [tokens[i].v, tokens[j].v];
    while (isOp(tokens[j + 1], '.') && tokens[j + 2]?.t === 'id') { j += 2; names.push(tokens[j].v); }
    // Type arguments of a generic call: `request.GetPayload[T](r)`.
    let open = j + 1;
    if (isOp(tokens[open], '[')) open = matching(tokens, open) + 1;
    if (!isOp(tokens[open], '(')) continue;
    const close = matching(tokens, open);
    yield { base: names[0], path: names.slice(1), name: names.at(-1), args: splitTopLevel(tokens, open + 1, close), at: i, end: close + 1 };
  }
}
