// The changelog generated from the version marks (scripts/lib/portainer-changes.js): one entry per
// mark, breaking changes (removals, new requirements) first, and the docs' Versions section that
// shows it (scripts/lib/docs-versions.js, through the docs view).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript pipeline modules
import { changesFile, portainerChanges } from '../../scripts/lib/portainer-changes.js';
// @ts-expect-error plain JavaScript pipeline modules
import { changelogMarkdown } from '../../scripts/lib/docs-versions.js';
// @ts-expect-error plain JavaScript pipeline modules
import { docsView } from '../../scripts/lib/docs-view.js';

type Change = { version: string; kind: 'added' | 'removed' | 'changed'; breaking: boolean; what: string; operation?: string; parameter?: string; field?: string; note?: string; backported?: string[]; operations?: string[] };
const bundle = JSON.parse(fs.readFileSync('generated/portainer.openapi.json', 'utf8'));
const committed = JSON.parse(fs.readFileSync('generated/portainer-changes.json', 'utf8'));
const { changes, versions }: { changes: Change[]; versions: { version: string; basis: string }[] } = portainerChanges(bundle);
const find = (pred: (c: Change) => boolean) => changes.filter(pred);

describe('changelog', () => {
  it('is what the build writes to generated/portainer-changes.json', () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(changesFile(bundle))));
    expect(changes.length).toBeGreaterThan(100);
  });

  it('names the described versions and what each rests on, 2.45 as an assumption', () => {
    expect(versions.map((v) => v.version)).toEqual(['2.33', '2.39', '2.44', '2.45']);
    expect(versions.at(-1)!.basis).toMatch(/Assumed to be 2\.44.*could be reached/);
  });

  it('records removals as breaking: OpenAMT in 2.42, the JWT token parameter in 2.41 with its backports', () => {
    const amt = find((c) => c.what === 'operation' && c.operation!.includes('/open_amt/'));
    expect(amt).toHaveLength(6);
    for (const c of amt) expect(c).toMatchObject({ kind: 'removed', version: '2.42', breaking: true });
    const token = find((c) => c.parameter === 'query token');
    expect(token.map((c) => c.operation).sort()).toEqual(['GET /websocket/attach', 'GET /websocket/exec', 'GET /websocket/kubernetes-shell', 'GET /websocket/pod']);
    for (const c of token) expect(c).toMatchObject({ kind: 'removed', version: '2.41', breaking: true, backported: ['2.33.8', '2.39.2'] });
  });

  it('tells a stricter requirement from a relaxed one', () => {
    const relations = find((c) => c.operation === 'PUT /endpoints/relations' && c.kind === 'changed');
    expect(relations).toEqual([expect.objectContaining({ version: '2.41', breaking: true, note: expect.stringMatching(/Administrators only/) })]);
    const setupToken = find((c) => c.operation === 'POST /users/admin/init' && c.kind === 'changed');
    expect(setupToken).toEqual([expect.objectContaining({ version: '2.44', breaking: true })]);
    const repositoryUrl = find((c) => c.field === 'ComposeStackFromGitRepositoryInput' && c.kind === 'changed');
    expect(repositoryUrl).toEqual([expect.objectContaining({ version: '2.44', breaking: false })]);
    expect(find((c) => c.operation === 'GET /gitops/sources' && c.what === 'operation')).toEqual([expect.objectContaining({ kind: 'added', version: '2.42', breaking: false })]);
  });

  it('counts one entry per mark, and lists fields with the operations that carry them', () => {
    let marks = 0;
    JSON.stringify(bundle, (key, value) => {
      if (key === 'x-portainer-since' || key === 'x-portainer-removed-in') marks++;
      if (key === 'x-portainer-changed') marks += value.length;
      return value;
    });
    // A parameter shared by several operations is one mark and one entry per operation.
    const shared = find((c) => c.parameter === 'query token').length - 1;
    expect(changes.length).toBe(marks + shared);
    expect(find((c) => c.field === 'Stack.WorkflowID')[0]!.operations).toContain('GET /stacks');
  });

  it('puts breaking changes first in each release', () => {
    for (const version of new Set(changes.map((c) => c.version))) {
      const order = changes.filter((c) => c.version === version).map((c) => c.breaking);
      expect(order, version).toEqual([...order].sort((a, b) => Number(b) - Number(a)));
    }
  });

  it('shows in the docs: a Versions section with the described versions, breaking changes before the others', () => {
    const md: string = changelogMarkdown({ changes, versions });
    const breaking = md.indexOf('### Breaking changes');
    const others = md.indexOf('### Other changes');
    expect(breaking).toBeGreaterThan(md.indexOf('## Described versions'));
    expect(others).toBeGreaterThan(breaking);
    const rows = (from: number, to: number) => md.slice(from, to).split('\n').filter((l) => /^\| 2\.\d+ \|/.test(l));
    expect(rows(breaking, others)).toHaveLength(changes.filter((c) => c.breaking).length);
    expect(rows(breaking, others)[0]).toMatch(/^\| 2\.44 \|/); // newest first
    expect(md).toMatch(/Removed `POST \/open_amt\/configure` \(Turn Intel OpenAMT management on or off\)/);
    const intro: string = docsView(bundle).info.description;
    expect(intro.indexOf('### Breaking changes')).toBeGreaterThan(intro.indexOf('# Versions'));
  });
});
