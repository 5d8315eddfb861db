// The docs page works with no network: opened from disk in a real browser, it renders the Portainer
// and Docker sections and never asks any host for anything.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './browser.js';

const file = path.resolve('dist/docs/index.html');
let browser: Browser;
let page: Page;
const requests: string[] = [];
const problems: string[] = [];

beforeAll(async () => {
  browser = await launch();
  const context = await browser.newContext();
  // Nothing may leave the machine: every non-file request is recorded and refused.
  await context.route(/^(?!file:|data:|blob:)/, (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.goto(`file://${file}`);
  await page.getByText('Docker Engine (through Portainer)').first().waitFor({ timeout: 20_000 });
});

afterAll(async () => {
  await browser?.close();
});

describe('docs offline', () => {
  it('is a single self-contained file', () => {
    expect(fs.statSync(file).size).toBeGreaterThan(100_000);
  });

  it('renders the Portainer tag groups and the Docker passthrough', async () => {
    for (const group of ['Access', 'Environments', 'Docker Engine (through Portainer)']) {
      await expect.poll(() => page.getByText(group, { exact: true }).count()).toBeGreaterThan(0);
    }
    await page.getByText('Containers', { exact: true }).first().click();
    await expect.poll(() => page.getByText('/endpoints/{endpointId}/docker/containers/json').count()).toBeGreaterThan(0);
  });

  it('makes no request to any host and raises no error', async () => {
    await page.waitForTimeout(500);
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
  });
});
