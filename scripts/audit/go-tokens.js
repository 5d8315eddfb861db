// A Go lexer: enough of the language spec to read Portainer's source as tokens, with Go's automatic
// semicolons, so the other audit modules can walk statements without regular expressions over text.
// One pass, character by character: linear in the size of the file whatever it holds.

const SEMI_AFTER_KEYWORD = new Set(['break', 'continue', 'fallthrough', 'return']);
const SEMI_AFTER_OP = new Set(['++', '--', ')', ']', '}']);
// Longest first, so that a greedy match picks `<<=` over `<<` over `<`.
const OPERATORS = [
  '<<=', '>>=', '&^=', '...', '&&', '||', '<-', '++', '--', '==', '!=', '<=', '>=', ':=', '+=', '-=', '*=', '/=',
  '%=', '&=', '|=', '^=', '<<', '>>', '&^', '~',
  '+', '-', '*', '/', '%', '&', '|', '^', '<', '>', '=', '!', '(', ')', '[', ']', '{', '}', ',', ';', '.', ':',
];

const isLetter = (c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c > '\u007f';
const isDigit = (c) => c >= '0' && c <= '9';
const ESCAPES = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };

/**
 * @param {string} src Go source text
 * @returns {{ tokens: {t: 'id'|'str'|'num'|'char'|'op', v: string, line: number}[], comments: {line: number, end: number, text: string}[] }}
 * Inserted semicolons are `{t: 'op', v: ';', auto: true}`.
 */
export function tokenize(src) {
  const tokens = [];
  const comments = [];
  let i = 0;
  let line = 1;
  const n = src.length;
  const push = (t, v) => tokens.push({ t, v, line });
  const needsSemi = () => {
    const last = tokens.at(-1);
    if (!last) return false;
    if (last.t === 'id') return true;
    if (last.t === 'str' || last.t === 'num' || last.t === 'char') return true;
    return last.t === 'op' && SEMI_AFTER_OP.has(last.v);
  };
  const newline = () => {
    if (needsSemi() || SEMI_AFTER_KEYWORD.has(tokens.at(-1)?.v)) tokens.push({ t: 'op', v: ';', line, auto: true });
    line++;
  };
  while (i < n) {
    const c = src[i];
    if (c === '\n') { newline(); i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '/' && src[i + 1] === '/') {
      let j = i + 2;
      while (j < n && src[j] !== '\n') j++;
      comments.push({ line, end: line, text: src.slice(i + 2, j) });
      i = j;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const start = line;
      let j = i + 2;
      let sawNewline = false;
      while (j < n && !(src[j] === '*' && src[j + 1] === '/')) { if (src[j] === '\n') { line++; sawNewline = true; } j++; }
      comments.push({ line: start, end: line, text: src.slice(i + 2, j) });
      i = j + 2;
      // A general comment spanning lines acts like a newline.
      if (sawNewline && (needsSemi() || SEMI_AFTER_KEYWORD.has(tokens.at(-1)?.v))) tokens.push({ t: 'op', v: ';', line, auto: true });
      continue;
    }
    if (isLetter(c)) {
      let j = i + 1;
      while (j < n && (isLetter(src[j]) || isDigit(src[j]))) j++;
      push('id', src.slice(i, j));
      i = j;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < n && (isLetter(src[j]) || isDigit(src[j]) || src[j] === '.' || ((src[j] === '+' || src[j] === '-') && /[eEpP]/.test(src[j - 1])))) j++;
      push('num', src.slice(i, j));
      i = j;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let out = '';
      while (j < n && src[j] !== '"' && src[j] !== '\n') {
        if (src[j] === '\\' && j + 1 < n) { out += ESCAPES[src[j + 1]] ?? src[j + 1]; j += 2; continue; }
        out += src[j++];
      }
      push('str', out);
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const startLine = line;
      let j = i + 1;
      while (j < n && src[j] !== '`') { if (src[j] === '\n') line++; j++; }
      tokens.push({ t: 'str', v: src.slice(i + 1, j), line: startLine, raw: true });
      i = j + 1;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      while (j < n && src[j] !== "'" && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      push('char', src.slice(i + 1, j));
      i = j + 1;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) throw new Error(`unexpected character ${JSON.stringify(c)} on line ${line}`);
    push('op', op);
    i += op.length;
  }
  if (needsSemi()) tokens.push({ t: 'op', v: ';', line, auto: true });
  return { tokens, comments };
}

/** Index of the bracket closing the one at `open` (`(`, `[` or `{`); throws when unbalanced. */
export function matching(tokens, open) {
  const pairs = { '(': ')', '[': ']', '{': '}' };
  const want = pairs[tokens[open]?.v];
  if (!want) throw new Error(`no opening bracket at token ${open}`);
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const tk = tokens[i];
    if (tk.t !== 'op') continue;
    if (tk.v === '(' || tk.v === '[' || tk.v === '{') depth++;
    else if (tk.v === ')' || tk.v === ']' || tk.v === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new Error(`unbalanced ${tokens[open].v} on line ${tokens[open].line}`);
}

/** Splits tokens[start, end) at top-level commas (outside brackets). */
export function splitTopLevel(tokens, start, end, sep = ',') {
  const parts = [];
  let depth = 0;
  let from = start;
  for (let i = start; i < end; i++) {
    const tk = tokens[i];
    if (tk.t === 'op') {
      if (tk.v === '(' || tk.v === '[' || tk.v === '{') depth++;
      else if (tk.v === ')' || tk.v === ']' || tk.v === '}') depth--;
      else if (depth === 0 && tk.v === sep) { parts.push([from, i]); from = i + 1; }
    }
  }
  if (from < end) parts.push([from, end]);
  return parts;
}

export const isOp = (tk, v) => tk?.t === 'op' && tk.v === v;
/** An opening bracket: `(`, `[` or `{`. */
export const isOpen = (tk) => tk?.t === 'op' && (tk.v === '(' || tk.v === '[' || tk.v === '{');
export const isId = (tk, v) => tk?.t === 'id' && (v === undefined || tk.v === v);
const NO_SPACE_BEFORE = new Set(['.', ',', ')', ']']);
const NO_SPACE_AFTER = new Set(['.', '(', '[']);
const UNARY = new Set(['!', '&', '*', '-', '+', '<-']);

/** The source-like text of tokens[start, end), for facts and messages. */
export function text(tokens, start, end) {
  let out = '';
  for (let i = start; i < end; i++) {
    const tk = tokens[i];
    if (tk.auto) continue;
    const v = tk.t === 'str' ? JSON.stringify(tk.v) : tk.t === 'char' ? `'${tk.v}'` : tk.v;
    const prev = tokens[i - 1];
    const unaryBefore = prev?.t === 'op' && UNARY.has(prev.v) && (i - 1 === start || (tokens[i - 2]?.t === 'op' && !NO_SPACE_BEFORE.has(tokens[i - 2].v) && tokens[i - 2].v !== '}'));
    const glued = i === start || NO_SPACE_BEFORE.has(v) || NO_SPACE_AFTER.has(prev?.v) || ((v === '(' || v === '[') && prev?.t === 'id') || unaryBefore;
    out += (glued ? '' : ' ') + v;
  }
  return out;
}
