// The changelog of the docs page: the described versions and every change the version marks record
// (scripts/lib/portainer-changes.js), breaking changes first (removals, and what a release began to
// require or refuse), then the others, newest release first. Appended to the introduction's
// Versions section.
import { compareMinor } from './portainer-versions.js';

const KIND_WORD = { added: 'Added', removed: 'Removed', changed: 'Changed' };
const code = (text) => `\`${text}\``;

/** One line of the changelog, in words. */
function describe(change) {
  const where = change.what === 'operation'
    ? `${code(change.operation)}${change.summary ? ` (${change.summary})` : ''}`
    : change.what === 'parameter'
      ? `${change.parameter.split(' ')[0]} parameter ${code(change.parameter.split(' ')[1])} of ${code(change.operation)}`
      : `${code(change.field)} (${change.in.join(' and ')} of ${change.operations.length === 1 ? code(change.operations[0]) : `${change.operations.length} operations`})`;
  const also = change.backported ? `; also in ${change.backported.join(', ')}` : '';
  if (change.kind === 'changed') return `${where}: ${change.note}`;
  return `${KIND_WORD[change.kind]} ${where}${also}`;
}

const newestFirst = (a, b) => compareMinor(b.version, a.version);

/** The Markdown appended to the Versions section of the introduction. */
export function changelogMarkdown({ versions, changes }) {
  const rows = (list) => list.slice().sort(newestFirst).map((c) => `| ${c.version} | ${describe(c)} |`);
  const breaking = changes.filter((c) => c.breaking);
  const others = changes.filter((c) => !c.breaking);
  return [
    '## Described versions',
    '',
    '| Portainer CE | long-term | what it rests on |',
    '| --- | --- | --- |',
    ...versions.map((v) => `| ${v.version} | ${v.longTerm ? 'yes' : 'no'} | ${v.basis.replace(/\s+/g, ' ')} |`),
    '',
    '## Changelog',
    '',
    `Every change the marks record, ${changes.length} in all (also in \`generated/portainer-changes.json\`).`,
    '',
    '### Breaking changes',
    '',
    `What a script written for an older release trips on: ${breaking.length} removals and new requirements.`,
    '',
    '| release | change |',
    '| --- | --- |',
    ...rows(breaking),
    '',
    '### Other changes',
    '',
    '| release | change |',
    '| --- | --- |',
    ...rows(others),
  ].join('\n');
}
