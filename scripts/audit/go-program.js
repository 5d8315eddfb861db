// A Go source tree as packages loaded on demand: declarations by name, methods by receiver type,
// import paths resolved to directories of the same module. Packages outside the module are opaque.
import fs from 'node:fs';
import path from 'node:path';
import { parseFile } from './go-syntax.js';

export class GoProgram {
  /** @param {string} root the directory holding go.mod */
  constructor(root) {
    this.root = root;
    const gomod = fs.readFileSync(path.join(root, 'go.mod'), 'utf8');
    const line = gomod.split('\n').find((l) => l.startsWith('module '));
    if (!line) throw new Error(`${root}/go.mod names no module`);
    this.module = line.slice('module '.length).trim();
    /** @type {Map<string, GoPackage|null>} */
    this.packages = new Map();
  }

  /** Directory (relative to the root, `/`-separated) of an import path, or null outside the module. */
  dirOf(importPath) {
    if (importPath === this.module) return '.';
    if (!importPath.startsWith(this.module + '/')) return null;
    return importPath.slice(this.module.length + 1);
  }

  /** @returns {GoPackage|null} */
  package(dir) {
    if (this.packages.has(dir)) return this.packages.get(dir);
    const abs = path.join(this.root, dir);
    let entries;
    try { entries = fs.readdirSync(abs); } catch { this.packages.set(dir, null); return null; }
    const files = entries.filter((f) => f.endsWith('.go') && !f.endsWith('_test.go')).sort();
    const pkg = files.length ? new GoPackage(this, dir, files.map((f) => parseFile(fs.readFileSync(path.join(abs, f), 'utf8'), `${dir}/${f}`))) : null;
    this.packages.set(dir, pkg);
    return pkg;
  }

  /** The package an import alias of `file` names, or null (outside the module, unknown alias). */
  imported(file, alias) {
    const importPath = file.imports[alias];
    if (!importPath) return null;
    const dir = this.dirOf(importPath);
    return dir === null ? { external: importPath } : this.package(dir);
  }
}

export class GoPackage {
  constructor(program, dir, files) {
    this.program = program;
    this.dir = dir;
    this.files = files;
    this.name = files[0].pkg;
    this.types = new Map();
    this.funcs = new Map();
    this.methods = new Map(); // receiver type -> Map(name -> func)
    this.consts = new Map();
    this.vars = new Map();
    for (const file of files) {
      for (const [name, decl] of file.types) this.types.set(name, { ...decl, file: file });
      for (const fn of file.funcs) {
        const entry = { ...fn, file };
        if (fn.recv) {
          if (!this.methods.has(fn.recv.type)) this.methods.set(fn.recv.type, new Map());
          this.methods.get(fn.recv.type).set(fn.name, entry);
        } else this.funcs.set(fn.name, entry);
      }
      for (const c of file.consts) this.consts.set(c.name, { ...c, file });
      for (const v of file.vars) this.vars.set(v.name, { ...v, file });
    }
  }

  /** A canonical name for a type declared here: `api/http/handler/users.User`. */
  qualified(name) {
    return `${this.dir}.${name}`;
  }

  method(typeName, name) {
    return this.methods.get(typeName)?.get(name) ?? null;
  }
}
