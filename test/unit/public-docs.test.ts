// Every public export of the package's entries, and every option of createPortainerClient (and of
// the Node entry's), has a JSDoc comment: editors show it on hover, and it is the reference for
// what the README does not say. Read with TypeScript's own checker from the sources that compile
// to the shipped declarations.
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ENTRIES = ['src/index.ts', 'src/node.ts'];
const program = ts.createProgram(ENTRIES, { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, skipLibCheck: true });
const checker = program.getTypeChecker();

const documented = (symbol: ts.Symbol) => ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() !== '';
const resolved = (symbol: ts.Symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);

function exportsOf(entry: string): ts.Symbol[] {
  const file = program.getSourceFile(path.resolve(entry));
  if (!file) throw new Error(`${entry} is not in the program`);
  return checker.getExportsOfModule(checker.getSymbolAtLocation(file)!);
}

/** The options a function's first parameter takes, every member of a union included. */
function optionsOf(entry: string, name: string): ts.Symbol[] {
  const fn = exportsOf(entry).find((s) => s.name === name);
  if (!fn) throw new Error(`${entry} does not export ${name}`);
  const decl = resolved(fn).valueDeclaration!;
  const [signature] = checker.getTypeOfSymbolAtLocation(resolved(fn), decl).getCallSignatures();
  const type = checker.getTypeOfSymbolAtLocation(signature!.parameters[0]!, decl);
  const members = new Map<string, ts.Symbol>();
  const visit = (part: ts.Type): void => {
    if (part.isUnionOrIntersection()) part.types.forEach(visit);
    for (const property of checker.getApparentType(part).getProperties()) if (!members.has(property.name) || documented(property)) members.set(property.name, property);
  };
  visit(type);
  return [...members.values()];
}

describe('public documentation', () => {
  for (const entry of ENTRIES) {
    it(`documents every export of ${entry}`, () => {
      const exported = exportsOf(entry);
      expect(exported.length).toBeGreaterThan(20);
      expect(exported.filter((s) => !documented(resolved(s))).map((s) => s.name)).toEqual([]);
    });
  }

  it('documents every option of createPortainerClient, of both entries', () => {
    for (const entry of ENTRIES) {
      const options = optionsOf(entry, 'createPortainerClient');
      expect(options.map((o) => o.name)).toEqual(expect.arrayContaining(['url', 'apiKey', 'jwt', 'username', 'password', 'timeoutMs', 'retry', 'fetch', 'headers', 'portainerVersion']));
      expect(options.filter((o) => !documented(o)).map((o) => o.name)).toEqual([]);
    }
    expect(optionsOf('src/node.ts', 'createPortainerClient').map((o) => o.name)).toContain('tls');
  });
});
