// Builds dist/docs/index.html from the committed bundle, so the browser tests check the real artifact.
import { execFileSync } from 'node:child_process';

export default function setup() {
  execFileSync(process.execPath, ['scripts/docs.js'], { stdio: 'inherit' });
}
