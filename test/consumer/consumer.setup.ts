// What the consumer tier starts from, made once: the working tree as a git repository (what a fresh
// clone holds: tracked and new files, nothing ignored, no dist/), the tarball `npm pack` makes in a
// clone of it, that tarball installed into a consumer folder the way the README says, and a Prism
// mock of the Portainer API for the consumers' programs to call. All of it in one temp dir, removed
// at the end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
// @ts-expect-error plain JavaScript module shared with the npm scripts
import { startPrism } from '../../scripts/lib/prism.js';
import { MINUTE, mustRun } from './run.js';

declare module 'vitest' {
  export interface ProvidedContext {
    consumer: { work: string; repo: string; tarball: string; installed: string; prismUrl: string };
  }
}

/** The working tree as one commit in a bare repository under `work`, without touching the index or HEAD here. */
async function snapshot(work: string): Promise<string> {
  const repo = path.join(work, 'portainer-openapi.git');
  const env = { GIT_INDEX_FILE: path.join(work, 'snapshot.index'), GIT_AUTHOR_NAME: 'consumer tier', GIT_AUTHOR_EMAIL: 'consumer@localhost', GIT_COMMITTER_NAME: 'consumer tier', GIT_COMMITTER_EMAIL: 'consumer@localhost' };
  const git = (args: string[], cwd = process.cwd()) => mustRun('git', args, { cwd, timeoutMs: MINUTE, env });
  await git(['add', '--all']);
  const tree = (await git(['write-tree'])).trim();
  const commit = (await git(['commit-tree', tree, '-m', 'working tree, for the consumer tier'])).trim();
  await git(['init', '--quiet', '--bare', repo], work);
  await git(['push', '--quiet', repo, `${commit}:refs/heads/main`]);
  await git(['symbolic-ref', 'HEAD', 'refs/heads/main'], repo);
  return repo;
}

export default async function setup(project: TestProject) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'portainer-openapi-consumer-'));
  const cleanup: (() => Promise<void> | void)[] = [() => fs.rmSync(work, { recursive: true, force: true })];
  const teardown = async () => { for (const step of cleanup.reverse()) await step(); };
  try {
    const repo = await snapshot(work);
    // A clone, packed as the README says. Its node_modules is this tree's (an `npm ci` there would
    // give the same), linked only after the clone, so git never sees it.
    const clone = path.join(work, 'clone');
    await mustRun('git', ['clone', '--quiet', repo, clone], { cwd: work, timeoutMs: MINUTE });
    fs.symlinkSync(path.resolve('node_modules'), path.join(clone, 'node_modules'));
    const packed = path.join(work, 'packed');
    fs.mkdirSync(packed);
    await mustRun('npm', ['pack', '--pack-destination', packed], { cwd: clone, timeoutMs: 3 * MINUTE });
    const [tarballName, ...others] = fs.readdirSync(packed);
    if (!tarballName?.endsWith('.tgz') || others.length) throw new Error(`npm pack should write one tarball, wrote: ${fs.readdirSync(packed).join(', ')}`);
    const tarball = path.join(packed, tarballName);

    // The tarball installed into a consumer folder, with the Node types a Node project has.
    const installed = path.join(work, 'consumers');
    fs.mkdirSync(installed);
    fs.writeFileSync(path.join(installed, 'package.json'), `${JSON.stringify({ name: 'consumers', private: true }, null, 2)}\n`);
    const typesNode = `@types/node@${JSON.parse(fs.readFileSync('node_modules/@types/node/package.json', 'utf8')).version}`;
    await mustRun('npm', ['install', '--prefer-offline', tarball, typesNode], { cwd: installed, timeoutMs: 5 * MINUTE });

    const prism = await startPrism({ spec: path.resolve('generated/portainer.openapi.json'), prefix: '/api' });
    cleanup.push(() => prism.stop());
    project.provide('consumer', { work, repo, tarball, installed, prismUrl: prism.url });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
