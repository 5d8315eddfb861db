// reference/source-audit-exceptions.yaml: the differences between the spec and Portainer's source that
// are deliberate, each `- key: <difference key>` with a one-line `reason:`.
import fs from 'node:fs';
import YAML from 'yaml';

/** @returns {Map<string, string>} key → reason; throws on an entry without a key or a reason, or a key listed twice. */
export function readExceptions(file) {
  const list = YAML.parse(fs.readFileSync(file, 'utf8')) ?? [];
  if (!Array.isArray(list)) throw new Error(`${file}: expected a list of {key, reason}`);
  const out = new Map();
  list.forEach((entry, i) => {
    if (typeof entry?.key !== 'string' || !entry.key) throw new Error(`${file}: entry ${i + 1} has no key`);
    if (typeof entry.reason !== 'string' || !entry.reason.trim()) throw new Error(`${file}: ${entry.key} has no reason`);
    if (entry.reason.includes('\n')) throw new Error(`${file}: the reason for ${entry.key} must be one line`);
    if (out.has(entry.key)) throw new Error(`${file}: ${entry.key} is listed twice`);
    out.set(entry.key, entry.reason);
  });
  return out;
}
