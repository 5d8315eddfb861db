// Starts the mock Portainer of generated/portainer.openapi.json for the contract tests, as npm run
// mock serves it: Prism (validating every request, under /api like a real Portainer) behind the
// front server that answers refusals as Portainer does (scripts/lib/mock-front.js). Stops it after.
import path from 'node:path';
import type { TestProject } from 'vitest/node';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { startMock } from '../../scripts/lib/mock-front.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The mock's base URL (the front server; Prism is behind it). */
    prismUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const mock = await startMock({ spec: path.resolve('generated/portainer.openapi.json') });
  project.provide('prismUrl', mock.url);
  return () => mock.stop();
}
