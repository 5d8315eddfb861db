// The docs page as a reader uses it, in headless Chromium, opened from disk: links that work in a
// new tab, search that finds the introduction's sections and operationIds, a code sample on every
// operation that fits its panel, version marks and upstream differences on operations and fields,
// the not-routed Kubernetes paths named as such, and titled conditions on the multipart body of
// POST /endpoints; Portainer's version marks and the Versions section with its changelog.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { SAMPLE_WIDTH, samplesOf } from '../../scripts/lib/code-samples.js';
import { launch } from './browser.js';

type Op = { operationId: string; summary: string; tags: string[]; deprecated?: boolean; responses: Record<string, unknown>; 'x-added-in'?: string };
type Doc = { paths: Record<string, Record<string, Op>>; tags: { name: string }[] };
const file = path.resolve('dist/docs/index.html');
const doc: Doc = JSON.parse(fs.readFileSync('generated/portainer.openapi.json', 'utf8'));

let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

const operations = Object.entries(doc.paths).flatMap(([p, item]) =>
  Object.entries(item).filter(([m]) => ['get', 'put', 'post', 'delete', 'patch', 'head'].includes(m)).map(([method, op]) => ({ path: p, method, op })));
const byId = (id: string) => operations.find((o) => o.op.operationId === id)!;
/** The page's address of an operation: its tag's slug, then its operationId. */
const hashOf = (id: string) => `#/${byId(id).op.tags[0]!.toLowerCase().replace(/\s+/g, '-')}/${id.toLowerCase()}`;

/** Opens `hash` of the page in a new tab, as a copied link would be. */
async function openTab(hash: string, base = `file://${file}`) {
  const tab = await context.newPage();
  tab.on('pageerror', (error) => problems.push(`page error in ${hash}: ${error.message}`));
  await tab.goto(`${base}${hash}`);
  await tab.getByTestId('menu-item-label').first().waitFor({ timeout: 60_000 });
  return tab;
}
const nearTop = (tab: Page, selector: string) =>
  expect.poll(() => tab.locator(selector).first().evaluate((e) => e.getBoundingClientRect().top), { timeout: 20_000 }).toBeLessThan(250);
/** The headings at the top of the window: what a reader sees first. */
const topHeadings = (tab: Page) =>
  tab.evaluate(() => [...document.querySelectorAll('h1, h2')].filter((h) => {
    const { top } = h.getBoundingClientRect();
    return top > -50 && top < 400;
  }).map((h) => (h as HTMLElement).innerText.trim()));

beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.route(/^(?!file:|data:|blob:)/, (route) => route.abort()); // nothing leaves the machine
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(`file://${file}`);
  await page.getByTestId('menu-item-label').first().waitFor({ timeout: 60_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('links', () => {
  it('are all in hash form: none points at the root of a server or of the disk', async () => {
    const hrefs: string[] = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')!));
    expect(hrefs.length).toBeGreaterThan(50);
    const internal = hrefs.filter((h) => !/^https?:\/\//.test(h));
    expect(internal.filter((h) => !h.startsWith('#'))).toEqual([]);
    expect(internal).toContain('#/');
    expect(internal).toContain('#/section/authentication');
  });

  it('open the right place in a new tab: the title, a section, a tag, an operation', async () => {
    const title = await openTab('#/');
    await expect.poll(async () => (await topHeadings(title)).join('|'), { timeout: 20_000 }).toMatch(/^Portainer CE API\b/);
    await title.close();
    const section = await openTab('#/section/errors');
    await nearTop(section, '[id="section/errors"]');
    await section.close();
    const tag = await openTab('#/users');
    await expect.poll(() => topHeadings(tag), { timeout: 20_000 }).toContain('Users');
    await tag.close();
    const op = await openTab(hashOf('ContainerCreate'));
    await expect.poll(() => topHeadings(op), { timeout: 20_000 }).toContain('Create a container');
    await op.close();
  }, 180_000);
});

describe('search', () => {
  async function search(query: string) {
    const trigger = page.getByTestId('search-trigger');
    await expect.poll(() => trigger.innerText(), { timeout: 60_000 }).toMatch(/Search/);
    if (!(await page.getByPlaceholder('Search docs...').isVisible())) await trigger.click();
    await page.getByPlaceholder('Search docs...').fill(query);
    const items = page.locator('a[data-component-name="Search/SearchItem"]');
    await items.first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500); // results settle
    return items.evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href')!, text: (a as HTMLElement).innerText.replace(/\s+/g, ' ') })));
  }

  it.each([
    ['X-API-Key', 'authentication'],
    ['Bearer', 'authentication'],
    ['registryId', 'private-registries:-x-registry-auth-with-registryid'],
  ])('finds the introduction section on %s, linked to the section', async (query, section) => {
    const results = await search(query);
    const hit = results.find((r) => r.href.endsWith(`section/${section}`));
    expect(hit, JSON.stringify(results.slice(0, 12))).toBeDefined();
    const tab = await openTab(hit!.href);
    await nearTop(tab, `[id="section/${section}"]`);
    await tab.close();
  }, 120_000);

  it('finds an operation by its operationId', async () => {
    const results = await search('ContainerCreate');
    expect(results[0]?.href).toBe(hashOf('ContainerCreate'));
    expect(results[0]?.text).toMatch(/POST \/endpoints\/\{endpointId\}\/docker\/containers\/create/);
  }, 120_000);
});

describe('code samples', () => {
  const shown: { operationId: string; generated: boolean; source: string }[] = samplesOf(doc);
  const widest = (s: { source: string }) => Math.max(...s.source.split('\n').map((l) => l.length));

  it('show a generated TypeScript sample on an operation without a hand-written one', async () => {
    const sample = shown.find((s) => s.operationId === 'StackCreateDockerSwarmString')!;
    expect(sample.generated).toBe(true);
    await page.goto(`file://${file}${hashOf('StackCreateDockerSwarmString')}`);
    await expect.poll(() => page.getByText("'/stacks/create/swarm/string',").first().isVisible(), { timeout: 30_000 }).toBe(true);
  });

  it('fit their panel without scrolling sideways, the widest ones included', async () => {
    const picks = [...shown].sort((a, b) => widest(b) - widest(a)).slice(0, 2).map((s) => s.operationId);
    picks.push('EndpointCreate', 'ContainerLogs'); // hand-written; both used to overflow
    expect(widest(shown.find((s) => s.operationId === picks[0])!)).toBeGreaterThan(SAMPLE_WIDTH); // a line that cannot be cut
    for (const id of picks) {
      await page.goto(`file://${file}${hashOf(id)}`);
      const sample = shown.find((s) => s.operationId === id)!;
      const firstCall = sample.source.split('\n').find((l) => /^\s*'\//.test(l) || /\.(GET|POST|PUT|DELETE|HEAD)\('/.test(l))!.trim();
      const panel = page.locator('[data-component-name="Panel/PanelBody"] pre').filter({ hasText: firstCall.slice(0, 30) }).first();
      await panel.waitFor({ timeout: 30_000 });
      const { scroll, client } = await panel.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
      expect(scroll, `${id}: ${scroll} > ${client}`).toBeLessThanOrEqual(client);
    }
  }, 120_000);
});

describe('marks', () => {
  it('shows when a Docker operation and a Docker field were added', async () => {
    await page.goto(`file://${file}${hashOf('VolumeUpdate')}`);
    await expect.poll(() => page.getByText('Docker API 1.42+', { exact: true }).first().isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByText(/Added in Docker Engine API 1\.42; older daemons/).first().isVisible()).toBe(true);
    await page.goto(`file://${file}${hashOf('ImageList')}`);
    await expect.poll(() => page.getByText(/Added in Docker Engine API 1\.47/).first().isVisible(), { timeout: 30_000 }).toBe(true);
  });

  it('shows where an operation and a field differ from the upstream reference', async () => {
    await page.goto(`file://${file}${hashOf('ContainerList')}`);
    await expect.poll(() => page.getByText('Differs from the upstream reference:').first().isVisible(), { timeout: 30_000 }).toBe(true);
    await page.goto(`file://${file}${hashOf('ImageCreate')}`);
    const header = page.getByText(/X-Registry-Auth/).first();
    await header.waitFor({ timeout: 30_000 });
    expect(await page.getByText('Differs from the upstream reference:').count()).toBeGreaterThan(1); // the operation's and the header's
  });

  it("shows Portainer's version marks: removed and added operations, a parameter, a field, a change", async () => {
    const expectShown = async (tab: Page, texts: string[], exact = false) => {
      for (const text of texts) await expect.poll(() => tab.getByText(text, { exact }).first().isVisible(), { timeout: 30_000, message: text }).toBe(true);
    };
    const removed = await openTab(hashOf('OpenAMTConfigure'));
    await expectShown(removed, ['Removed in Portainer 2.42'], true);
    await expectShown(removed, ['Removed in Portainer CE 2.42: only older servers have it.']);
    await removed.close();
    const added = await openTab(hashOf('GitOpsSourcesList'));
    await expectShown(added, ['Portainer 2.42+'], true);
    await added.close();
    const parameter = await openTab(hashOf('WebsocketExec'));
    await expectShown(parameter, ['Removed in Portainer CE 2.41 (and in 2.33.8, 2.39.2): only older servers have it.']);
    await parameter.close();
    const field = await openTab(hashOf('StackCreateDockerStandaloneRepository'));
    await expectShown(field, ['Portainer 2.44+'], true); // SourceID, in the request body
    await field.close();
    const changed = await openTab(hashOf('EndpointUpdateRelations'));
    await expectShown(changed, ['Changed in Portainer CE 2.41: Administrators only since 2.41']);
    await changed.close();
  }, 180_000);

  it('has a Versions section: the described versions, then the changelog, breaking changes first', async () => {
    const tab = await openTab('#/section/versions');
    const headings = await tab.evaluate(() => [...document.querySelectorAll('h1, h2, h3')].map((h) => (h as HTMLElement).innerText.trim()));
    const at = (name: string) => headings.indexOf(name);
    expect(at('Versions')).toBeGreaterThan(-1);
    const order = ['Versions', 'Described versions', 'Changelog', 'Breaking changes', 'Other changes'];
    for (const [before, after] of order.slice(1).map((name, i) => [order[i]!, name] as const)) {
      expect(at(after), `${before} before ${after}`).toBeGreaterThan(at(before));
    }
    const rows = await tab.locator('table').evaluateAll((ts) => ts.map((t) => [...t.querySelectorAll('tr')].map((r) => (r as HTMLElement).innerText.replace(/\s+/g, ' ').trim())));
    const breaking = rows.find((r) => r.some((line) => /^2\.42 Removed POST \/open_amt\/configure/.test(line)))!;
    expect(breaking, JSON.stringify(rows.map((r) => r[1]))).toBeDefined();
    expect(breaking[1]).toMatch(/^2\.44 /); // newest release first
    const others = rows[rows.indexOf(breaking) + 1]!;
    expect(others.some((line) => /^2\.42 Added GET \/gitops\/sources /.test(line))).toBe(true);
    await tab.close();
  }, 120_000);
});

describe('what the page names', () => {
  const notRouted = operations.filter(({ op }) => op.deprecated && Object.keys(op.responses).every((c) => c === '404'));

  it('names the not-routed Kubernetes paths for what they are', async () => {
    expect(notRouted.length).toBeGreaterThanOrEqual(7);
    for (const { op } of notRouted) expect(op.summary, op.operationId).toMatch(/^Not routed \(404\): use …\//);
    const one = notRouted[0]!.op;
    await page.goto(`file://${file}${hashOf(one.operationId)}`);
    await expect.poll(() => page.getByRole('heading', { name: one.summary }).first().isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByTestId('menu-item-label').getByText(one.summary, { exact: true }).count()).toBeGreaterThan(0);
  });

  it('titles the conditions of the multipart body of POST /endpoints, with no untitled cases', { timeout: 60_000 }, async () => {
    await page.goto(`file://${file}${hashOf('EndpointCreate')}`);
    await expect.poll(() => page.getByText('Conditions', { exact: true }).first().isVisible(), { timeout: 30_000 }).toBe(true);
    for (const title of ['Azure (EndpointCreationType 3)', 'Edge agent (EndpointCreationType 4)', 'TLS that verifies the server', 'TLS with a client certificate']) {
      expect(await page.getByText(title).first().isVisible(), title).toBe(true);
    }
    expect(await page.getByText(/^case [12]$/).count()).toBe(0);
  });

  it('raised no error', () => {
    expect(problems).toEqual([]);
  });
});
