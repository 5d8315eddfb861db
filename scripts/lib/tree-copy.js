// A fresh copy of the working tree, as a clone would have it: the tracked and new files (no dist/,
// nothing ignored), node_modules linked in. For the tests and measurements that run npm scripts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './paths.js';

/** Copies the tree into a new temp folder and returns it; remove it with fs.rmSync when done. */
export function copyTree(prefix) {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), `portainer-openapi-${prefix}-`));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    const from = path.join(root, file);
    if (file === 'node_modules' || !fs.existsSync(from) || fs.statSync(from).isDirectory()) continue;
    fs.mkdirSync(path.join(copy, path.dirname(file)), { recursive: true });
    fs.copyFileSync(from, path.join(copy, file));
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
  return copy;
}
