import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One project per tier, each with the servers it needs. Every test has a time bound: nothing hangs.
export default defineConfig({
  // Examples and code samples import the package by name, as a user would; in the tests that name
  // is the source (no build needed). tsconfig.json maps it the same way for the type-check.
  resolve: {
    alias: [
      { find: /^portainer-openapi$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^portainer-openapi\/node$/, replacement: fileURLToPath(new URL('./src/node.ts', import.meta.url)) },
    ],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/client/**/*.test.ts'] } },
      // The client against servers that misbehave on purpose: one file per class of issue 10.
      { extends: true, test: { name: 'hostile', include: ['test/hostile/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'contract', include: ['test/contract/**/*.test.ts'], globalSetup: ['test/contract/prism.setup.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'docker',
          include: ['test/docker/**/*.test.ts'],
          globalSetup: ['test/docker/docker.setup.ts'],
          // One daemon, shared state (swarm, networks): files run one after another.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: { name: 'docs', include: ['test/docs/**/*.test.ts'], globalSetup: ['test/docs/docs.setup.ts'] },
      },
      {
        extends: true,
        // The package as its users get it: packed, installed into temporary projects, bundled, run.
        test: { name: 'consumer', include: ['test/consumer/**/*.test.ts'], globalSetup: ['test/consumer/consumer.setup.ts'] },
      },
    ],
  },
});
