// Prints JSON-like values as TypeScript literals that fit a column budget: an object or array
// stays on one line when it fits, and is otherwise broken one entry per line. The docs' code
// samples are built from these, so that a sample fits its panel without scrolling sideways.

/** A piece of code to print as is (a `new Blob([...])`), not as a value. */
export const code = (text) => ({ [CODE]: text });
const CODE = Symbol('code');
/** A call (`await openAsBlob('…')`) whose arguments are values, broken one a line when too long. */
export const call = (callee, ...args) => ({ [CALL]: { callee, args } });
const CALL = Symbol('call');

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (name) => (IDENTIFIER.test(name) ? name : quote(name));

function quote(text) {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

/** A multi-line text as a template literal, its lines as they are (YAML, scripts, PEM). */
function template(text) {
  return `\`${text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
}

/**
 * A long one-line text cut at spaces into quoted pieces joined with `+`, each within the budget.
 * A text without spaces (an ID, a token, a URL) stays whole: cut, it would be harder to copy.
 */
function pieces(text, { indent, used, width }) {
  const words = text.split(/(?<= )/);
  const parts = [];
  let room = width - used - 4; // the quotes and ` +`
  let part = '';
  for (const word of words) {
    if (part && part.length + word.length > room) {
      parts.push(part);
      part = '';
      room = width - indent.length - 6;
    }
    part += word;
  }
  parts.push(part);
  return parts.map(quote).join(` +\n${indent}  `);
}

function oneLine(value) {
  if (value && typeof value === 'object' && CODE in value) return value[CODE];
  if (value && typeof value === 'object' && CALL in value) return `${value[CALL].callee}(${value[CALL].args.map(oneLine).join(', ')})`;
  if (typeof value === 'string') return value.includes('\n') ? template(value) : quote(value);
  if (Array.isArray(value)) return value.length ? `[${value.map(oneLine).join(', ')}]` : '[]';
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length ? `{ ${entries.map(([k, v]) => `${key(k)}: ${oneLine(v)}`).join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}

/**
 * `value` as a TypeScript expression that starts after `used` columns on a line indented by
 * `indent`, and ends, with what follows it on its last line (`tail`, e.g. `,`), within `width`.
 */
export function literal(value, { indent = '', used = indent.length, tail = '', width = 60 } = {}) {
  const flat = oneLine(value);
  if (!flat.includes('\n') && used + flat.length + tail.length <= width) return flat;
  if (value && typeof value === 'object' && CODE in value) return flat;
  const inner = `${indent}  `;
  if (value && typeof value === 'object' && CALL in value) {
    const { callee, args } = value[CALL];
    return `${callee}(\n${args.map((a) => `${inner}${literal(a, { indent: inner, tail: ',', width })},`).join('\n')}\n${indent})`;
  }
  if (typeof value === 'string') return value.includes('\n') ? template(value) : pieces(value, { indent, used, width });
  if (Array.isArray(value)) {
    const lines = value.map((v) => `${inner}${literal(v, { indent: inner, tail: ',', width })},`);
    return `[\n${lines.join('\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const lines = Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => {
      const head = `${inner}${key(k)}: `;
      return `${head}${literal(v, { indent: inner, used: head.length, tail: ',', width })},`;
    });
    return `{\n${lines.join('\n')}\n${indent}}`;
  }
  return flat;
}
