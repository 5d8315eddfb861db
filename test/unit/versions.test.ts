// The versions the description covers are stated once in the spec (info.x-portainer-versions) and
// repeated in the docs' introduction and the README: they must agree, 2.45's basis included.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unsupportedOperation } from '../../src/versions.js';

const bundle = JSON.parse(fs.readFileSync('generated/portainer.openapi.json', 'utf8'));
const changes = JSON.parse(fs.readFileSync('generated/portainer-changes.json', 'utf8'));
const readme = fs.readFileSync('README.md', 'utf8');
const readmeVersions = readme.slice(readme.indexOf('## Versions'), readme.indexOf('## The client'));
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('versions', () => {
  it('states the tracked Portainer and Docker API versions consistently', () => {
    const portainer = bundle.info['x-portainer-version'];
    expect(portainer).toBe(bundle.info.version);
    expect(bundle.info.description).toContain(`Portainer CE ${portainer}`);
    expect(readme).toContain(`Portainer CE ${portainer}`);
    expect(flat(bundle.info.description)).toContain(`Docker Engine API is described at ${bundle.info['x-docker-api-version']}`);
    expect(readme).toContain(`Docker Engine API ${bundle.info['x-docker-api-version']}`);
  });

  it('covers the long-term releases 2.33, 2.39 and 2.45, and 2.44; says 2.45 is taken as 2.44, in the spec, the docs and the README', () => {
    const listed: { version: string; longTerm: boolean; basis: string }[] = bundle.info['x-portainer-versions'];
    expect(listed.map((v) => v.version)).toEqual(['2.33', '2.39', '2.44', '2.45']);
    expect(listed.filter((v) => v.longTerm).map((v) => v.version)).toEqual(['2.33', '2.39', '2.45']);
    expect(flat(listed.at(-1)!.basis)).toMatch(/^Assumed to be 2\.44 as described: no 2\.45 source tree or reference could be reached/);
    expect(flat(bundle.info.description)).toMatch(/No source tree or reference of 2\.45 could be reached, so 2\.45 is described as 2\.44/);
    for (const { version, longTerm } of listed) expect(readmeVersions).toContain(`| ${version} | ${longTerm ? 'yes' : 'no'} |`);
    expect(readmeVersions).toMatch(/\| 2\.45 \| yes \| \*\*assumed to be 2\.44\*\*: no 2\.45 source tree or reference could be reached/);
  });

  it('tells readers how to use the marks: the changelog, the mock flag, the client option', () => {
    for (const text of [flat(bundle.info.description), flat(readmeVersions)]) {
      expect(text).toContain('npm run mock -- --portainer-version 2.39');
      expect(text).toContain('portainerVersion');
      expect(text).toContain('groupIds[]=1&groupIds[]=2');
    }
    expect(flat(readmeVersions)).toContain(`lists every change the marks record (${changes.changes.length}:`);
    expect(flat(readmeVersions)).toContain("portainerVersion })` takes `'2.33' | '2.39' | '2.44' | '2.45' | 'detect'`");
    expect(flat(readmeVersions)).toContain(`(\`${unsupportedOperation('2.39', 'GET', '/gitops/sources')}\`)`);
  });
});
