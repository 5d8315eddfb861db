// Which Portainer CE versions have which operations, for a client told (or finding out) the version
// of its server: a check made before a call is sent, and path types per version. The data is
// generated from the spec's version marks (generated/portainer.versions.ts).
import type { paths } from '../generated/portainer.js';
import { PortainerError } from './errors.js';
import { operationVersions, portainerVersions, type MissingOperations, type PortainerVersion } from '../generated/portainer.versions.js';

export type { PortainerVersion } from '../generated/portainer.versions.js';

/** The described versions, oldest first. */
export const PORTAINER_VERSIONS: readonly PortainerVersion[] = portainerVersions;

const isPortainerVersion = (text: string): text is PortainerVersion => (portainerVersions as readonly string[]).includes(text);

/** "2.44 and 2.45", "2.39, 2.44 and 2.45". */
const listed = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/**
 * Why `version` cannot serve `method pathTemplate` (the template as written in the spec,
 * `/gitops/sources/{id}`), or undefined when it can (operations every version has, and paths the
 * description does not know, are never refused here).
 */
export function unsupportedOperation(version: PortainerVersion, method: string, pathTemplate: string): string | undefined {
  const operation = `${method.toUpperCase()} ${pathTemplate}`;
  const info = operationVersions[operation];
  if (!info || info.versions.includes(version)) return undefined;
  const when = info.removedIn ? ` (removed in ${info.removedIn})` : info.since ? ` (added in ${info.since})` : '';
  const others = info.versions.length ? `; described versions that have it: ${listed(info.versions)}` : '; no described version has it';
  return `${operation} is not available in Portainer CE ${version}${when}${others}`;
}

const REPORTED = /^v?(\d{1,4})\.(\d{1,4})(?:\.\d{1,6})?(?:[-+][0-9A-Za-z.-]{0,64})?$/;

/**
 * The described version a server runs, from the version it reports (`Version` of the public
 * `GET /api/system/status`, such as `2.39.1` or `2.33.0-rc1`): a release of a described line is that
 * line, one newer than the newest described line is taken as it, and anything else (a release
 * between described lines, an older one, text that is not a version) gives undefined.
 */
export function parsePortainerVersion(text: string): PortainerVersion | undefined {
  const match = REPORTED.exec(text.trim());
  if (!match) return undefined;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const line = `${major}.${minor}`;
  if (isPortainerVersion(line)) return line;
  const newest = portainerVersions[portainerVersions.length - 1]!;
  const [newestMajor, newestMinor] = newest.split('.').map(Number) as [number, number];
  return major > newestMajor || (major === newestMajor && minor > newestMinor) ? newest : undefined;
}

type Missing<V extends PortainerVersion> = MissingOperations[V];

/**
 * The Portainer paths as version `V` serves them: every operation `V` lacks becomes `?: never`, so
 * that `TypedClient<PathsFor<'2.39'>>` refuses `GET('/gitops/sources')` at compile time. Paths
 * keep their keys; only the methods differ.
 */
export type PathsFor<V extends PortainerVersion, P extends Record<string, any> = paths> = {
  [K in keyof P]: K extends keyof Missing<V> ? Omit<P[K], Missing<V>[K] & string> & { [M in Missing<V>[K] & string]?: never } : P[K];
};

/**
 * What the client checks before each Portainer call, for its `portainerVersion` option: a version,
 * or `'detect'` (the server's own, read once from the public `GET /api/system/status` by `status`;
 * a failed reading is tried again on the next call, a version not described means no checks).
 */
export function versionCheck(option: unknown, status: () => Promise<string | undefined>): ((method: string, path: string) => Promise<string | undefined>) | undefined {
  if (option === undefined) return undefined;
  if (option !== 'detect' && !isPortainerVersion(String(option))) {
    throw new PortainerError({ code: 'invalid-option', message: `\`portainerVersion\` must be ${listed([...portainerVersions, "'detect'"].map((v) => (v === "'detect'" ? v : `'${v}'`)))}` });
  }
  let detected: Promise<PortainerVersion | undefined> | undefined = option === 'detect' ? undefined : Promise.resolve(option as PortainerVersion);
  return async (method, path) => {
    detected ??= status().then((text) => (text === undefined ? undefined : parsePortainerVersion(text)));
    const version = await detected.catch((error: unknown) => {
      detected = undefined; // not read this time (the server unreachable, say): tried again next call
      throw error;
    });
    return version && unsupportedOperation(version, method, path);
  };
}
