// What encoding/json makes of a Go type: kinds, field names from tags, embedded structs promoted by
// Go's rules (the shallowest name wins; at equal depth a tagged field wins, else the name is dropped),
// nil slices/maps/pointers as null. Struct types are collected by name into a table.
import { lookupNamed, rt, underlying } from './go-types.js';

const INTEGER = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'byte', 'rune']);
// Types from outside the module whose JSON form is known.
const EXTERNAL = {
  'time.Time': { kind: 'string', format: 'date-time' },
  'time.Duration': { kind: 'integer' },
  'encoding/json.RawMessage': { kind: 'any' },
  'github.com/segmentio/encoding/json.RawMessage': { kind: 'any' },
  'github.com/google/uuid.UUID': { kind: 'string', format: 'uuid' },
  'github.com/gofrs/uuid.UUID': { kind: 'string', format: 'uuid' },
};

/** Parses a struct tag's json key: {name, omitempty, skip, string}. */
export function jsonTag(tag) {
  const value = tagValue(tag, 'json');
  if (value === null) return { name: '', omitempty: false, skip: false };
  if (value === '-') return { name: '', omitempty: false, skip: true };
  const [name, ...opts] = value.split(',');
  return { name, omitempty: opts.includes('omitempty') || opts.includes('omitzero'), skip: false, string: opts.includes('string') };
}

/** The value of `key:"…"` in a Go struct tag, or null. */
export function tagValue(tag, key) {
  let i = 0;
  while (i < tag.length) {
    while (tag[i] === ' ') i++;
    let j = i;
    while (j < tag.length && tag[j] !== ':' && tag[j] !== ' ') j++;
    const k = tag.slice(i, j);
    if (tag[j] !== ':' || tag[j + 1] !== '"') return null;
    let v = '';
    let m = j + 2;
    while (m < tag.length && tag[m] !== '"') { if (tag[m] === '\\') m++; v += tag[m]; m++; }
    if (k === key) return v;
    i = m + 1;
  }
  return null;
}

const exported = (name) => name[0] >= 'A' && name[0] <= 'Z';

export class JsonShapes {
  constructor(program) {
    this.program = program;
    /** @type {Record<string, {go: string, fields: Record<string, object>}>} */
    this.types = {};
  }

  /** Canonical name of a named type declared in the tree. */
  static nameOf(named) {
    return `${named.pkg.dir}.${named.decl.name}`;
  }

  /** The JSON shape of an RType: {kind, nullable?, ref?, items?, values?, format?, fields? (inline)}. */
  shape(r, depth = 0) {
    if (!r || depth > 12) return { kind: 'unknown' };
    if (r.t.k === 'ptr') return { ...this.shape(rt(r.t.elem, r.file, r.pkg, r.subst), depth + 1), nullable: true };
    if (r.t.k === 'name') {
      const found = lookupNamed(this.program, r);
      if (!found) return { kind: 'unknown', go: r.t.name };
      if (found.param) return this.shape(found.param, depth + 1);
      if (found.builtin) return builtinShape(found.builtin);
      if (found.external) return EXTERNAL[found.external] ? { ...EXTERNAL[found.external] } : { kind: 'external', go: found.external };
      const { decl, pkg } = found;
      if (hasMethod(pkg, decl.name, 'MarshalJSON')) return { kind: 'custom', ref: JsonShapes.nameOf(found) };
      if (hasMethod(pkg, decl.name, 'MarshalText')) return { kind: 'string', ref: JsonShapes.nameOf(found) };
      const u = underlying(this.program, r);
      if (u?.t.k === 'struct') {
        const name = JsonShapes.nameOf(found);
        if (!this.types[name]) {
          this.types[name] = { fields: {} }; // placeholder first: types may refer to themselves
          const open = [];
          const fields = this.fields(r, depth + 1, open);
          // An embedded type from outside the tree adds fields the audit cannot list.
          this.types[name] = { fields, ...(open.length ? { embedsUnknown: open } : {}) };
        }
        return { kind: 'object', ref: name };
      }
      const inner = this.shape(u, depth + 1);
      // Keep the declared name of named scalars (enums) so facts can say which constants apply.
      return u?.t.k === 'name' ? { ...inner, ref: JsonShapes.nameOf(found) } : inner;
    }
    switch (r.t.k) {
      case 'slice': {
        const elem = rt(r.t.elem, r.file, r.pkg, r.subst);
        if (r.t.elem.k === 'name' && (r.t.elem.name === 'byte' || r.t.elem.name === 'uint8') && !r.t.elem.pkg) return { kind: 'string', format: 'byte', nullable: true };
        return { kind: 'array', nullable: true, items: this.shape(elem, depth + 1) };
      }
      case 'array':
        return { kind: 'array', items: this.shape(rt(r.t.elem, r.file, r.pkg, r.subst), depth + 1) };
      case 'map':
        return { kind: 'map', nullable: true, values: this.shape(rt(r.t.elem, r.file, r.pkg, r.subst), depth + 1) };
      case 'struct':
        return { kind: 'object', fields: this.fields(r, depth + 1) };
      case 'interface':
        return { kind: 'any' };
      default:
        return { kind: 'unknown' };
    }
  }

  /** The JSON fields of a struct type, by encoding/json's rules. */
  fields(r, depth = 0, open = []) {
    const candidates = [];
    this.#collect(r, 0, candidates, new Set(), open);
    const byName = new Map();
    for (const c of candidates) {
      if (!byName.has(c.name)) byName.set(c.name, []);
      byName.get(c.name).push(c);
    }
    const out = {};
    for (const [name, list] of byName) {
      const min = Math.min(...list.map((c) => c.depth));
      const top = list.filter((c) => c.depth === min);
      const tagged = top.filter((c) => c.tagged);
      const winner = top.length === 1 ? top[0] : tagged.length === 1 ? tagged[0] : null;
      if (!winner) continue;
      const shape = this.shape(winner.type, depth + 1);
      out[name] = { ...shape, go: winner.goName, ...(winner.omitempty ? { omitempty: true } : {}), ...(winner.stringOpt ? { kind: 'string' } : {}) };
    }
    return out;
  }

  #collect(r, level, out, seen, open) {
    const u = underlying(this.program, r.t.k === 'ptr' ? rt(r.t.elem, r.file, r.pkg, r.subst) : r);
    if (!u || u.t.k !== 'struct') return;
    for (const f of u.t.fields) {
      const tag = jsonTag(f.tag);
      if (tag.skip) continue;
      const ft = rt(f.type, u.file, u.pkg, u.subst);
      if (f.name === null) {
        const base = f.type.k === 'ptr' ? f.type.elem : f.type;
        const bu = underlying(this.program, rt(base, u.file, u.pkg, u.subst));
        if (!tag.name && bu?.t.k === 'struct') {
          const key = `${u.pkg?.dir}|${base.pkg ?? ''}.${base.name}`;
          if (!seen.has(key)) this.#collect(ft, level + 1, out, new Set([...seen, key]), open);
          continue;
        }
        if (!tag.name && bu?.named?.external) { open.push(bu.named.external); continue; }
        if (!tag.name && !exported(base.name)) continue;
        out.push({ name: tag.name || base.name, goName: base.name, type: ft, depth: level, tagged: Boolean(tag.name), omitempty: tag.omitempty, stringOpt: tag.string });
        continue;
      }
      if (!exported(f.name)) continue;
      out.push({ name: tag.name || f.name, goName: f.name, type: ft, depth: level, tagged: Boolean(tag.name), omitempty: tag.omitempty, stringOpt: tag.string });
    }
  }
}

function builtinShape(name) {
  if (name === 'string') return { kind: 'string' };
  if (name === 'bool') return { kind: 'boolean' };
  if (INTEGER.has(name)) return { kind: 'integer' };
  if (name === 'float32' || name === 'float64') return { kind: 'number' };
  return { kind: 'any' };
}

function hasMethod(pkg, typeName, method) {
  return Boolean(pkg.method(typeName, method));
}
