// Administrator checks written inside a handler or a middleware: `if !securityContext.IsAdmin { return
// httperror.Forbidden(...) }`, `isAdmin, err := security.IsAdmin(r); if !isAdmin {...}`, and the same
// with http.StatusUnauthorized/StatusForbidden written by httperror.WriteError.
import { isId, isOp } from './go-tokens.js';
import { callsIn } from './go-calls.js';

// Names whose truth means "the caller is an administrator" (EE adds edge administrators).
const ADMIN_TESTS = new Set(['IsAdmin', 'IsAdminRole', 'IsAdminOrEdgeAdmin', 'IsAdminOrEdgeAdminContext', 'userIsAdmin']);
const REFUSALS = new Set(['Forbidden', 'Unauthorized']);
const REFUSAL_STATUS = new Set(['StatusForbidden', 'StatusUnauthorized']);

/** If `stmt` (an if statement) refuses every non-administrator, the name of the test it uses; else null. */
export function isAdminGate(scope, stmt) {
  if (stmt.kind !== 'if' || stmt.else) return null;
  const test = adminTest(scope, stmt.cond);
  if (!test) return null;
  return refuses(scope.tokens, stmt.then) ? test : null;
}

/** `!x.IsAdmin`, `!security.IsAdmin(r)`, `!isAdmin` (a local set from such a test), `role != portainer.AdministratorRole`. */
function adminTest(scope, [s, e]) {
  const { tokens } = scope;
  if (e - s === 4 && isOp(tokens[s + 1], '!=') && isId(tokens[e - 1], 'AdministratorRole')) return 'AdministratorRole';
  if (!isOp(tokens[s], '!')) return null;
  // The rest must be one operand: a name, a selector chain, or a call.
  let i = s + 1;
  let last = null;
  while (i < e) {
    const tk = tokens[i];
    if (tk.t === 'id') { last = tk.v; i++; }
    else if (isOp(tk, '.')) i++;
    else if (isOp(tk, '(')) { let depth = 0; for (; i < e; i++) { if (isOp(tokens[i], '(')) depth++; if (isOp(tokens[i], ')') && --depth === 0) break; } i++; if (i !== e) return null; }
    else return null;
  }
  if (ADMIN_TESTS.has(last)) return last;
  if (e - s === 2) {
    const decl = scope.declaration(tokens[s + 1].v, s);
    if (decl?.value) {
      for (let j = decl.value[0]; j < decl.value[1]; j++) if (tokens[j].t === 'id' && ADMIN_TESTS.has(tokens[j].v)) return tokens[j].v;
    }
  }
  return null;
}

/** The block refuses: returns httperror.Forbidden/Unauthorized, or writes a 401/403 then returns. */
function refuses(tokens, stmts) {
  for (const st of stmts) {
    // Only what the block itself does: a refusal nested in a further condition is not a gate.
    if (st.kind !== 'return' && st.kind !== 'simple') continue;
    const [s, e] = st.range;
    for (const call of callsIn(tokens, s, e)) {
      if (call.base === 'httperror' && REFUSALS.has(call.name)) return true;
      if (call.base === 'httperror' && (call.name === 'WriteError' || call.name === 'NewError')) {
        const status = call.args[call.name === 'WriteError' ? 1 : 0];
        if (status && REFUSAL_STATUS.has(tokens[status[1] - 1]?.v)) return true;
      }
    }
  }
  return false;
}
