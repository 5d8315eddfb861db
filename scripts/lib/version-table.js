// The runtime table of Portainer versions for the client (generated/portainer.versions.ts): the
// described versions, and for each operation that not all of them have, which do (with the release
// that added or removed it); and, for the types, per version, the operations it lacks by path.
import { MOUNT } from './mount-docker.js';
import { METHODS } from './methods.js';
import { BACKPORTED, REMOVED, SINCE, describedVersions, presentIn } from './portainer-versions.js';

/** {versions, operations: {'METHOD /path': {versions, since?, removedIn?}}, missing: {version: {path: [method]}}}. */
export function versionTable(bundle) {
  const versions = describedVersions(bundle);
  const operations = {};
  const missing = Object.fromEntries(versions.map((v) => [v, {}]));
  for (const [path, item] of Object.entries(bundle.paths ?? {})) {
    if (path === MOUNT || path.startsWith(`${MOUNT}/`)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const have = versions.filter((v) => presentIn(op, v));
      if (have.length === versions.length) continue;
      operations[`${method.toUpperCase()} ${path}`] = {
        versions: have,
        ...(op[SINCE] ? { since: op[SINCE] } : {}),
        ...(op[REMOVED] ? { removedIn: op[REMOVED] } : {}),
        ...(op[BACKPORTED] ? { backported: op[BACKPORTED] } : {}),
      };
      for (const v of versions.filter((x) => !have.includes(x))) (missing[v][path] ??= []).push(method);
    }
  }
  return { versions, operations, missing };
}

const literal = (v) => JSON.stringify(v);

/** The TypeScript module: runtime data, and a type of the operations each version lacks. */
export function versionsModule(bundle, header) {
  const { versions, operations, missing } = versionTable(bundle);
  const entries = Object.entries(operations).sort(([a], [b]) => a.localeCompare(b));
  const ops = entries.map(([key, info]) => `  ${literal(key)}: { ${Object.entries(info).map(([k, v]) => `${k}: ${literal(v)}`).join(', ')} },`);
  const lacking = versions.map((v) => {
    const paths = Object.entries(missing[v]).sort(([a], [b]) => a.localeCompare(b));
    const body = paths.map(([p, methods]) => `    ${literal(p)}: ${methods.map(literal).join(' | ')};`).join('\n');
    return `  ${literal(v)}: {${body ? `\n${body}\n  ` : ''}};`;
  });
  return `${header}
/** The Portainer CE versions described, oldest first: each a minor line at its newest patch release. */
export const portainerVersions = ${literal(versions)} as const;

/** A described Portainer CE version. */
export type PortainerVersion = (typeof portainerVersions)[number];

/** How one operation that not every described version has fares across releases. */
export interface OperationVersions {
  /** The described versions that have it. */
  readonly versions: readonly PortainerVersion[];
  /** The release that added it. */
  readonly since?: string;
  /** The release that removed it. */
  readonly removedIn?: string;
  /** Patch releases of older lines that got the same change. */
  readonly backported?: readonly string[];
}

/** Every operation (\`METHOD /path\` as written in the spec) that some described version lacks. */
export const operationVersions: Readonly<Record<string, OperationVersions>> = {
${ops.join('\n')}
};

/** For each described version, the operations it lacks: path → methods (lower case, as in \`paths\`). */
export interface MissingOperations {
${lacking.join('\n')}
}
`;
}
