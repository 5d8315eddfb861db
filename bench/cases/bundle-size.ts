// The client's runtime as a bundler would ship it: esbuild, minified, ESM, for a browser (the
// universal entry: no Node built-ins, no undici), then gzip.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

async function gzipBytes(entry: { contents: string; resolveDir: string }): Promise<{ minified: number; gzip: number }> {
  const result = await build({
    stdin: { ...entry, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

export interface BundleSizes {
  /** A typical program: the client, its error class and the registry header helper. */
  typical: { minified: number; gzip: number };
  /** Everything the public entry exports (stream and archive helpers included). */
  ours: { minified: number; gzip: number };
  openapiFetch: { minified: number; gzip: number };
}

export async function bundleSize(): Promise<BundleSizes> {
  const resolveDir = process.cwd();
  return {
    typical: await gzipBytes({ contents: "export { createPortainerClient, PortainerError, registryAuth } from './src/index.ts';", resolveDir }),
    ours: await gzipBytes({ contents: "export * from './src/index.ts';", resolveDir }),
    openapiFetch: await gzipBytes({ contents: "export * from 'openapi-fetch'; export { default } from 'openapi-fetch';", resolveDir }),
  };
}
