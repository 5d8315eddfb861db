// The version the description tracks is stated once in the spec and repeated in the docs'
// introduction and the README: they must agree.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const bundle = JSON.parse(fs.readFileSync('generated/portainer.openapi.json', 'utf8'));
const readme = fs.readFileSync('README.md', 'utf8');

describe('versions', () => {
  it('states the tracked Portainer and Docker API versions consistently', () => {
    const portainer = bundle.info['x-portainer-version'];
    expect(portainer).toBe(bundle.info.version);
    expect(bundle.info.description).toContain(`Portainer CE ${portainer}`);
    expect(readme).toContain(`Portainer CE ${portainer}`);
    expect(bundle.info.description.replace(/\s+/g, ' ')).toContain(`Docker Engine API ${bundle.info['x-docker-api-version']}`);
    expect(readme).toContain(`Docker Engine API ${bundle.info['x-docker-api-version']}`);
  });

  it('says what changed since the previous reference, in the docs and the README', () => {
    for (const text of [bundle.info.description, readme]) {
      expect(text).toMatch(/2\.28\.1/);
      expect(text).toMatch(/43 operations/);
      expect(text).toMatch(/OpenAMT/);
    }
  });
});
