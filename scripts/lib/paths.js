// Where the pipeline reads and writes; every script takes its paths from here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const at = (...parts) => path.join(root, ...parts);

export const sources = {
  portainer: at('openapi', 'portainer.yaml'),
  docker: at('openapi', 'docker', 'docker.yaml'),
};
export const generatedDir = at('generated');
export const generatedFiles = {
  portainerBundle: 'portainer.openapi.json',
  dockerBundle: 'docker.openapi.json',
  portainerTypes: 'portainer.ts',
  dockerTypes: 'docker.ts',
  portainerMedia: 'portainer.media.ts',
  dockerMedia: 'docker.media.ts',
  /** The Portainer changelog, from the version marks (scripts/lib/portainer-changes.js). */
  portainerChanges: 'portainer-changes.json',
  /** The client's table of which versions have which operations (scripts/lib/version-table.js). */
  portainerVersions: 'portainer.versions.ts',
  /** What the rest was built from (scripts/lib/stamps.js). */
  stamp: 'build-inputs.json',
};
export const distDir = at('dist');
export const docsFile = at('dist', 'docs', 'index.html');
export const bin = (name) => at('node_modules', '.bin', name);
