// The built docs page (dist/docs/index.html) in headless Chromium, opened from disk with the
// network cut off: it must render completely with nothing fetched from any host and no error, show
// every tag group of both documents, find the Docker container list when searching "containers",
// and show the introduction's Authentication section. A screenshot goes to test-results/docs.png.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './browser.js';

const file = path.resolve('dist/docs/index.html');
const screenshot = path.resolve('test-results/docs.png');
type Doc = { 'x-tagGroups': { name: string; tags: string[] }[]; tags: { name: string; 'x-displayName'?: string }[] };
const portainer: Doc = JSON.parse(fs.readFileSync('generated/portainer.openapi.json', 'utf8'));
const docker: Doc = JSON.parse(fs.readFileSync('generated/docker.openapi.json', 'utf8'));

let browser: Browser;
let page: Page;
const requests: string[] = [];
const problems: string[] = [];
const menuLabel = (text: string) => page.getByTestId('menu-item-label').getByText(text, { exact: true });

beforeAll(async () => {
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  // Nothing may leave the machine: every request that is not for a file, data or blob URL is
  // recorded and refused.
  await context.route(/^(?!file:|data:|blob:)/, (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('requestfailed', (request) => {
    if (/^(file|data|blob):/.test(request.url())) problems.push(`failed: ${request.url()}`);
  });
  await page.goto(`file://${file}`);
  await menuLabel('Docker Engine (through Portainer)').waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
});

describe('the docs page', () => {
  it('is one self-contained file that loads nothing from a host', () => {
    const html = fs.readFileSync(file, 'utf8');
    expect(html.length).toBeGreaterThan(100_000);
    expect(html).not.toMatch(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["'](?:https?:)?\/\//i);
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
  });

  it('shows every tag group of both documents, with their tags', async () => {
    const groups = [
      ...portainer['x-tagGroups'].filter((g) => !g.name.endsWith('(through Portainer)')),
      ...docker['x-tagGroups'].map((g) => ({ ...g, name: `${g.name} (through Portainer)` })),
    ];
    // The mounted document holds exactly these groups: Portainer's and Docker's.
    expect(portainer['x-tagGroups'].map((g) => g.name).sort()).toEqual(groups.map((g) => g.name).sort());
    expect(groups.length).toBeGreaterThan(6);
    for (const group of groups) {
      await expect.poll(() => menuLabel(group.name).first().isVisible(), { message: `tag group ${group.name}` }).toBe(true);
    }
    const displayName = new Map(portainer.tags.map((t) => [t.name, t['x-displayName'] ?? t.name]));
    for (const tag of portainer['x-tagGroups'].flatMap((g) => g.tags)) {
      expect(await menuLabel(displayName.get(tag)!).count(), `tag ${tag}`).toBeGreaterThan(0);
    }
  });

  it("shows the introduction's Authentication section", async () => {
    // The introduction's entries come first in the menu, before the tag groups.
    await menuLabel('Authentication').first().click();
    const heading = page.locator('[id="section/authentication"]');
    await expect.poll(() => heading.isVisible()).toBe(true);
    await expect.poll(() => heading.evaluate((h) => h.getBoundingClientRect().top)).toBeLessThan(200);
    // What the section teaches, each shown between its heading and the next section's.
    const top = (await heading.boundingBox())!.y;
    const next = (await page.locator('[id="section/access-policies"]').boundingBox())!.y;
    for (const needle of ['X-API-Key: ptr_…', 'Authorization: Bearer ptr_…', "8 hours (the server's session timeout)", 'The usual mistake']) {
      const shown = page.getByText(needle, { exact: true }).first();
      expect(await shown.isVisible(), needle).toBe(true);
      const y = (await shown.boundingBox())!.y;
      expect(y, needle).toBeGreaterThan(top);
      expect(y, needle).toBeLessThan(next);
    }
    for (const id of ['access-policies', 'docker-engine-api-behind-the-proxy', 'private-registries:-x-registry-auth-with-registryid', 'errors']) {
      expect(await page.locator(`[id="section/${id}"]`).count(), id).toBe(1);
    }
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    fs.rmSync(screenshot, { force: true });
    await page.screenshot({ path: screenshot });
    expect(fs.statSync(screenshot).size).toBeGreaterThan(10_000);
  });

  it('finds the Docker container list when searching for "containers"', async () => {
    const trigger = page.getByTestId('search-trigger');
    await expect.poll(() => trigger.innerText(), { timeout: 60_000 }).toMatch(/Search/); // "Loading..." while indexing
    await trigger.click();
    await page.getByPlaceholder('Search docs...').fill('containers');
    const result = page.locator('a[data-component-name="Search/SearchItem"]').filter({ hasText: 'List containers' }).first();
    await result.waitFor({ timeout: 20_000 });
    expect((await result.innerText()).replace(/\s+/g, ' ')).toMatch(/GET \/endpoints\/\{endpointId\}\/docker\/containers\/json/);
    await result.click();
    await expect.poll(() => page.url()).toMatch(/#\/docker-containers\/containerlist$/);
    await expect.poll(() => page.getByRole('heading', { name: 'List containers' }).first().isVisible()).toBe(true);
    // The operation's TypeScript sample is in the request panel.
    await expect.poll(() => page.getByText('portainer.docker(1)').first().isVisible()).toBe(true);
  }, 120_000);

  it('made no request to any host and raised no error', async () => {
    await page.waitForTimeout(500);
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
  });
});
