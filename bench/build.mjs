// Compiles the benchmarks to one plain JavaScript module (dist/bench/run.mjs), so that they run in
// plain Node like users' programs: under a TypeScript loader, modules the client loads (undici)
// would go through the loader too, and measure slower than they are.
import { build } from 'esbuild';

await build({
  entryPoints: ['bench/run.ts'],
  outfile: 'dist/bench/run.mjs',
  bundle: true,
  packages: 'external',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
