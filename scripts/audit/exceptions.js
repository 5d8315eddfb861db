// reference/source-audit-exceptions.yaml: the differences between the spec and Portainer's source that
// are deliberate, each `- key: <difference key>` with a one-line `reason:`, and optionally
// `versions: ['2.33', …]`, the described versions whose source audit it explains (by default the
// newest facts, compared with the spec as 2.44 serves it). reference/version-exceptions.yaml uses
// the same form, without versions.
import fs from 'node:fs';
import YAML from 'yaml';

export const DEFAULT_VERSION = '2.44';

function readEntries(file) {
  const list = YAML.parse(fs.readFileSync(file, 'utf8')) ?? [];
  if (!Array.isArray(list)) throw new Error(`${file}: expected a list of {key, reason}`);
  const seen = new Set();
  return list.map((entry, i) => {
    if (typeof entry?.key !== 'string' || !entry.key) throw new Error(`${file}: entry ${i + 1} has no key`);
    if (typeof entry.reason !== 'string' || !entry.reason.trim()) throw new Error(`${file}: ${entry.key} has no reason`);
    if (entry.reason.includes('\n')) throw new Error(`${file}: the reason for ${entry.key} must be one line`);
    if (seen.has(entry.key)) throw new Error(`${file}: ${entry.key} is listed twice`);
    seen.add(entry.key);
    const versions = entry.versions ?? [DEFAULT_VERSION];
    if (!Array.isArray(versions) || !versions.length || versions.some((v) => typeof v !== 'string')) {
      throw new Error(`${file}: versions of ${entry.key} must be a list such as ['2.33', '2.39']`);
    }
    return { key: entry.key, reason: entry.reason, versions };
  });
}

/** @returns {Map<string, string>} key → reason, for `version`; throws on an entry without a key or a reason, or a key listed twice. */
export function readExceptions(file, version = DEFAULT_VERSION) {
  return new Map(readEntries(file).filter((e) => e.versions.includes(version)).map((e) => [e.key, e.reason]));
}
