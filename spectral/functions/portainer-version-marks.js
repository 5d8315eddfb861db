// Portainer CE version marks (x-portainer-since, x-portainer-removed-in, x-portainer-backported,
// x-portainer-changed) name known CE releases in order, and a removed operation or parameter says
// deprecated: true. The rules themselves are scripts/lib/portainer-versions.js, which the version
// filter, the changelog and the tests also use.
import { markProblems } from '../../scripts/lib/portainer-versions.js';

export default function portainerVersionMarks(node, _options, { path }) {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return [];
  return markProblems(node).map((message) => ({ message, path }));
}
