// The swag annotations above handler functions (`@router /path [verb]`, `@success 200 {object} T`).
// Portainer's published reference is generated from them; the audit keeps them apart from what the
// code does: annotated routes nobody registers, and a response type when the code's is not readable.
import fs from 'node:fs';
import path from 'node:path';
import { rt } from './go-types.js';

const HANDLER_DIR = 'api/http/handler';
const cache = new WeakMap();

/** Every `@router` annotation under api/http/handler: [{method, path, func, at}]. */
export function annotations(program) {
  if (cache.has(program)) return cache.get(program);
  const out = [];
  for (const dir of packageDirs(program.root, HANDLER_DIR)) {
    const pkg = program.package(dir);
    if (!pkg) continue;
    for (const file of pkg.files) {
      for (const fn of file.funcs) {
        for (const line of fn.doc) {
          const words = line.trim().split(/\s+/);
          if (words[0] !== '@router' || words.length < 3) continue;
          const verb = words[2].replace('[', '').replace(']', '').toUpperCase();
          out.push({ method: verb, path: words[1], func: `${dir}.${fn.recv ? `${fn.recv.type}.` : ''}${fn.name}`, at: `${file.file}:${fn.line}`, dir, doc: fn.doc, file });
        }
      }
    }
  }
  cache.set(program, out);
  return out;
}

/** The shape of `@success <status> {object|array} <Type>` on an annotated function, or null. */
export function annotatedSuccess(program, shapes, annotated, status) {
  for (const line of annotated.doc) {
    const words = line.trim().split(/\s+/);
    if (words[0] !== '@success' || Number(words[1]) !== status || !words[2]?.startsWith('{')) continue;
    const container = words[2].slice(1, -1);
    const name = words[3];
    if (!name) return null;
    const dot = name.indexOf('.');
    const t = dot < 0 ? { k: 'name', name } : { k: 'name', pkg: name.slice(0, dot), name: name.slice(dot + 1) };
    const r = rt(container === 'array' ? { k: 'slice', elem: t } : t, annotated.file, program.package(annotated.dir));
    return shapes.shape(r);
  }
  return null;
}

function packageDirs(root, dir) {
  const out = [dir];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...packageDirs(root, `${dir}/${e.name}`));
  }
  return out;
}
