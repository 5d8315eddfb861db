// The Docker tier: a private dockerd with the busybox test image, and a Prism proxy in --errors
// mode in front of it that validates every request and response against
// generated/docker.openapi.json. Tests reach the daemon through the proxy, except for what Prism
// cannot carry (hijacked, long-poll and binary bodies), which goes to the daemon directly.
import path from 'node:path';
import type { TestProject } from 'vitest/node';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { startPrism } from '../../scripts/lib/prism.js';
import { startDaemon } from './daemon.js';
import { importTestImage } from './image.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dockerUrl: string;
    dockerProxyUrl: string;
    testImage: string;
  }
}

/** Lines in which Prism reports a request or response that breaks the spec. */
export function violations(prismOutput: string): string[] {
  return prismOutput.split('\n').filter((line) => /violation|Request terminated with error|UNPROCESSABLE|does not match/i.test(line));
}

export default async function setup(project: TestProject) {
  const daemon = await startDaemon();
  let prism: { url: string; stop(): Promise<void>; output(): string } | undefined;
  try {
    const testImage = await importTestImage(daemon.url);
    prism = await startPrism({ spec: path.resolve('generated/docker.openapi.json'), mode: 'proxy', upstream: daemon.url });
    project.provide('dockerUrl', daemon.url);
    project.provide('dockerProxyUrl', prism!.url);
    project.provide('testImage', testImage);
  } catch (error) {
    await prism?.stop();
    await daemon.stop();
    throw error;
  }
  return async () => {
    const found = violations(prism!.output());
    await prism!.stop();
    await daemon.stop();
    if (found.length) throw new Error(`Prism reported ${found.length} spec violation(s):\n${found.slice(0, 40).join('\n')}`);
  };
}
