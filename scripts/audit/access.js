// A route's access policy in the spec's vocabulary, from the bouncer wrappers around it (router
// middlewares and the handler expression) and from administrator checks in its own code.
import { parseBlock, walk } from './go-statements.js';
import { isId, isOp, matching } from './go-tokens.js';
import { FuncScope } from './go-types.js';
import { isAdminGate } from './admin-gates.js';

// The bouncer's methods (api/http/security/bouncer.go); EE adds PureAdminAccess and edge administrators.
export const BOUNCER_ACCESS = {
  PublicAccess: 'public',
  AuthenticatedAccess: 'authenticated',
  RestrictedAccess: 'restricted',
  TeamLeaderAccess: 'restricted',
  AdminAccess: 'administrator',
  PureAdminAccess: 'administrator',
};
export const ACCESS_RANK = { none: -1, public: 0, authenticated: 1, restricted: 2, administrator: 3 };

/** {access, bouncer: [...], gates: [...]} for one route. */
export function routeAccess(program, route, handlerGates) {
  const bouncer = [];
  const gates = [...handlerGates];
  let access = 'none';
  const raise = (a) => { if (ACCESS_RANK[a] > ACCESS_RANK[access]) access = a; };
  for (const w of route.wrappers) {
    if (BOUNCER_ACCESS[w.name]) { bouncer.push(w.name); raise(BOUNCER_ACCESS[w.name]); continue; }
    const gate = wrapperGate(program, w);
    if (gate) { gates.push(`${w.name}: ${gate}`); raise('administrator'); }
  }
  if (handlerGates.length) raise('administrator');
  return { access, bouncer, gates };
}

/** An administrator check inside a package-local middleware (`adminAccess(next)`), if any. */
function wrapperGate(program, w) {
  const pkg = program.package(w.pkg);
  if (!pkg) return null;
  const fn = w.via === null ? pkg.funcs.get(w.name) : [...pkg.methods.values()].map((m) => m.get(w.name)).find(Boolean);
  if (!fn?.body) return null;
  const scope = new FuncScope(program, pkg, fn);
  const { tokens } = scope;
  // Middlewares return http.HandlerFunc(func(w, r) {...}): look at the top level of each function literal.
  for (let i = fn.body[0]; i < fn.body[1]; i++) {
    if (!isId(tokens[i], 'func') || !isOp(tokens[i + 1], '(')) continue;
    let j = matching(tokens, i + 1) + 1;
    while (j < fn.body[1] && !isOp(tokens[j], '{')) j++;
    if (j >= fn.body[1]) continue;
    const close = matching(tokens, j);
    for (const stmt of parseBlock(tokens, j + 1, close)) {
      const gate = stmt.kind === 'if' ? isAdminGate(scope, stmt) : null;
      if (gate) return gate;
    }
    i = close;
  }
  // Or a plain top-level check.
  for (const [stmt, parents] of walk(parseBlock(tokens, fn.body[0], fn.body[1]))) {
    if (parents.length === 0 && stmt.kind === 'if') {
      const gate = isAdminGate(scope, stmt);
      if (gate) return gate;
    }
  }
  return null;
}
