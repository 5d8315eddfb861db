// Rebuild decisions by content (scripts/lib/stamps.js): a digest changes with what files hold and
// are called, never with their times; generated/ is current when its record matches the sources
// and its own files, and stale, with the reason, when either changed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { digest, generatedStale } from '../../scripts/lib/stamps.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portainer-openapi-stamps-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('digest', () => {
  it('changes with a file’s content or name, not with its time', () => {
    fs.mkdirSync(path.join(dir, 'spec'), { recursive: true });
    const file = path.join(dir, 'spec', 'a.yaml');
    fs.writeFileSync(file, 'summary: one\n');
    const first = digest(['spec'], [], dir);
    const later = new Date(Date.now() + 3600_000);
    fs.utimesSync(file, later, later);
    expect(digest(['spec'], [], dir)).toBe(first);
    fs.writeFileSync(file, 'summary: two\n');
    const second = digest(['spec'], [], dir);
    expect(second).not.toBe(first);
    fs.renameSync(file, path.join(dir, 'spec', 'b.yaml'));
    expect(digest(['spec'], [], dir)).not.toBe(second);
  });
});

describe('generated/', () => {
  it('is current in this tree (npm run build wrote it from these sources)', () => {
    expect(generatedStale()).toBeNull();
  });

  it('is stale, saying why, when one of its files differs from what the build wrote', () => {
    const copy = path.join(dir, 'generated');
    fs.cpSync('generated', copy, { recursive: true });
    expect(generatedStale(copy)).toBeNull();
    fs.appendFileSync(path.join(copy, 'portainer.ts'), '\n// edited by hand\n');
    expect(generatedStale(copy)).toBe('its files differ from what the build wrote');
    fs.rmSync(path.join(copy, 'build-inputs.json'));
    expect(generatedStale(copy)).toBe('it has no record of what it was built from');
  });

  it('is stale when the sources changed since the build', () => {
    const copy = path.join(dir, 'generated-old');
    fs.cpSync('generated', copy, { recursive: true });
    const stamp = JSON.parse(fs.readFileSync(path.join(copy, 'build-inputs.json'), 'utf8'));
    fs.writeFileSync(path.join(copy, 'build-inputs.json'), JSON.stringify({ ...stamp, sources: 'f'.repeat(64) }));
    expect(generatedStale(copy)).toBe('the spec changed since it was built');
  });
});
