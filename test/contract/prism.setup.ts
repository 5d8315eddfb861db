// Starts a Prism mock of generated/portainer.openapi.json (under /api, like a real Portainer) on a
// free loopback port for the contract tests, and stops it afterwards.
import path from 'node:path';
import type { TestProject } from 'vitest/node';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { startPrism } from '../../scripts/lib/prism.js';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const prism = await startPrism({ spec: path.resolve('generated/portainer.openapi.json'), prefix: '/api' });
  project.provide('prismUrl', prism.url);
  return () => prism.stop();
}
