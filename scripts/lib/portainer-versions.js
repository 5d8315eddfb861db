// Portainer CE versions and the marks that say which of them have an operation, parameter or field:
// `x-portainer-since: '2.NN'` (the first minor release that has it), `x-portainer-removed-in:
// '2.NN'` (the first that no longer has it), `x-portainer-backported: ['2.33.8']` (patch releases of
// older lines that got the same change), and `x-portainer-changed: [{in, before, note}]` (how the
// thing was before a release: `before` is a JSON merge patch of the node). A described version is a
// minor line at its newest patch release: 2.33 means the newest 2.33.x.

/** Every CE minor release (tags of portainer/portainer to 2.23, version bumps of its develop branch after). */
export const CE_VERSIONS = Object.freeze([
  '2.0', '2.1', '2.5', '2.6', '2.9', '2.11',
  ...Array.from({ length: 45 - 13 + 1 }, (_, i) => `2.${13 + i}`),
]);

/** Why `version` cannot be served from `doc` (it is not one of the versions described), or null. */
export function undescribedVersion(doc, version) {
  const known = describedVersions(doc);
  return known.includes(version) ? null : `no Portainer CE version ${JSON.stringify(version)} is described; pick one of ${known.join(', ')}`;
}

/** The versions a description covers, as its root lists them (`info.x-portainer-versions`). */
export function describedVersions(doc) {
  const list = doc.info?.['x-portainer-versions'];
  if (!Array.isArray(list) || !list.length) throw new Error('the description lists no versions (info.x-portainer-versions)');
  return list.map((v) => v.version);
}

export const SINCE = 'x-portainer-since';
export const REMOVED = 'x-portainer-removed-in';
export const BACKPORTED = 'x-portainer-backported';
export const CHANGED = 'x-portainer-changed';

const VERSION = /^(\d+)\.(\d+)(?:\.(\d+))?$/;

/** [major, minor, patch] of `2.39` or `2.39.2`; null for anything else. */
export function versionParts(text) {
  const m = typeof text === 'string' ? VERSION.exec(text) : null;
  return m ? [Number(m[1]), Number(m[2]), m[3] === undefined ? null : Number(m[3])] : null;
}

/** Orders minor lines (`2.39` < `2.40`); patch numbers are not compared. */
export function compareMinor(a, b) {
  const x = versionParts(a);
  const y = versionParts(b);
  return x[0] - y[0] || x[1] - y[1];
}

const minorOf = (text) => versionParts(text).slice(0, 2).join('.');
const isCeMinor = (text) => versionParts(text)?.[2] === null && CE_VERSIONS.includes(text);

/**
 * Whether the newest patch release of minor line `version` has `node`, by its marks. A change
 * backported to a patch release of `version`'s line counts for that line.
 */
export function presentIn(node, version) {
  const since = node?.[SINCE];
  const removed = node?.[REMOVED];
  const backported = (node?.[BACKPORTED] ?? []).map(minorOf);
  const inLine = backported.includes(version);
  if (since !== undefined && compareMinor(version, since) < 0 && !(inLine && removed === undefined)) return false;
  if (removed !== undefined && (compareMinor(version, removed) >= 0 || inLine)) return false;
  return true;
}

/** Problems with the marks on one node (empty when they are sound), each a sentence. */
export function markProblems(node) {
  const problems = [];
  const since = node[SINCE];
  const removed = node[REMOVED];
  for (const [key, value] of [[SINCE, since], [REMOVED, removed]]) {
    if (value === undefined) continue;
    if (!isCeMinor(value)) problems.push(`${key} must be a Portainer CE minor version written as a string ("2.39"), not ${JSON.stringify(value)}.`);
  }
  if (isCeMinor(since) && isCeMinor(removed) && compareMinor(since, removed) >= 0) {
    problems.push(`${SINCE} (${since}) must come before ${REMOVED} (${removed}).`);
  }
  const operationOrParameter = typeof node.operationId === 'string' || (typeof node.name === 'string' && typeof node.in === 'string');
  if (removed !== undefined && operationOrParameter && node.deprecated !== true) {
    problems.push(`an operation or parameter marked ${REMOVED} must also say deprecated: true.`);
  }
  const backported = node[BACKPORTED];
  if (backported !== undefined) {
    const mark = removed ?? since;
    if (!Array.isArray(backported) || !backported.length) problems.push(`${BACKPORTED} must be a list of patch releases ("2.33.8").`);
    else if (since !== undefined && removed !== undefined) problems.push(`${BACKPORTED} applies to one mark; this node has both ${SINCE} and ${REMOVED}.`);
    else if (mark === undefined) problems.push(`${BACKPORTED} needs ${SINCE} or ${REMOVED} beside it.`);
    else {
      for (const patch of backported) {
        const parts = versionParts(patch);
        if (!parts || parts[2] === null || !CE_VERSIONS.includes(minorOf(patch))) problems.push(`${BACKPORTED} entries are CE patch releases ("2.33.8"), not ${JSON.stringify(patch)}.`);
        else if (isCeMinor(mark) && compareMinor(patch, mark) >= 0) problems.push(`${BACKPORTED} ${patch} is not older than ${mark}.`);
      }
    }
  }
  const changed = node[CHANGED];
  if (changed !== undefined) {
    if (!Array.isArray(changed) || !changed.length) problems.push(`${CHANGED} must be a list of {in, before, note}.`);
    else {
      for (const change of changed) {
        if (!isCeMinor(change?.in)) problems.push(`${CHANGED} entries need in: a CE minor version ("2.44"), not ${JSON.stringify(change?.in)}.`);
        if (!change?.before || typeof change.before !== 'object' || Array.isArray(change.before)) problems.push(`${CHANGED} entries need before: what the node held before that version (a JSON merge patch).`);
        if (typeof change?.note !== 'string' || change.note.trim().length < 10 || change.note.includes('\n')) problems.push(`${CHANGED} entries need note: one line saying what changed.`);
        if (change?.breaking !== undefined && typeof change.breaking !== 'boolean') problems.push(`${CHANGED} breaking is true or false.`);
        if (isCeMinor(change?.in) && isCeMinor(since) && compareMinor(change.in, since) <= 0) problems.push(`${CHANGED} in ${change.in} is not after ${SINCE} ${since}.`);
      }
    }
  }
  return problems;
}
