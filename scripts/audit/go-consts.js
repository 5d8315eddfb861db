// Values of Go constants written as names (`portainer.EdgeStackDeploymentCompose`): literals, iota and
// iota arithmetic, other constants. Enough to tell whether a Validate() enum admits the zero value.
import { isId, isOp } from './go-tokens.js';

/** The value (number or string) of a constant named in `file`, or undefined when it cannot be worked out. */
export function constValue(program, pkg, file, name, depth = 0) {
  if (depth > 10) return undefined;
  const trimmed = name.trim();
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed);
  if (trimmed.startsWith('"') && trimmed.endsWith('"')) return JSON.parse(trimmed);
  const dot = trimmed.indexOf('.');
  let target = pkg;
  let local = trimmed;
  if (dot > 0) {
    target = program.imported(file, trimmed.slice(0, dot));
    local = trimmed.slice(dot + 1);
  }
  const c = target && !target.external ? target.consts.get(local) : null;
  if (!c?.value) return undefined;
  return evaluate(program, target, c.file, c.file.tokens, c.value[0], c.value[1], c.iota, depth);
}

function evaluate(program, pkg, file, tokens, s, e, iota, depth) {
  // Conversions `T(x)` evaluate to x.
  if (e - s >= 4 && tokens[s].t === 'id' && isOp(tokens[s + 1], '(') && isOp(tokens[e - 1], ')')) return evaluate(program, pkg, file, tokens, s + 2, e - 1, iota, depth);
  if (e - s === 1) {
    const tk = tokens[s];
    if (tk.t === 'num' && /^\d+$/.test(tk.v)) return Number(tk.v);
    if (tk.t === 'str') return tk.v;
    if (isId(tk, 'iota')) return iota;
    if (tk.t === 'id') return constValue(program, pkg, file, tk.v, depth + 1);
  }
  if (e - s === 3 && tokens[s + 1].t === 'op' && ['+', '-', '*', '<<'].includes(tokens[s + 1].v)) {
    const a = evaluate(program, pkg, file, tokens, s, s + 1, iota, depth);
    const b = evaluate(program, pkg, file, tokens, s + 2, e, iota, depth);
    if (typeof a !== 'number' || typeof b !== 'number') return undefined;
    return { '+': a + b, '-': a - b, '*': a * b, '<<': a * 2 ** b }[tokens[s + 1].v];
  }
  if (e - s === 3 && isOp(tokens[s + 1], '.') && tokens[s].t === 'id') return constValue(program, pkg, file, `${tokens[s].v}.${tokens[s + 2].v}`, depth + 1);
  return undefined;
}
