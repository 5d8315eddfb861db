// The test image: a root file system made of Debian's static busybox (every applet as a symlink),
// imported through the API exactly as `docker import` does. No registry is needed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const TEST_IMAGE = 'portainer-openapi-test:busybox';

export function busyboxRootfsTar(): Buffer {
  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => fs.existsSync(p));
  if (!busybox) throw new Error('busybox is not installed: run `sudo scripts/setup-system.sh` (Debian package busybox-static)');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portainer-openapi-rootfs-'));
  try {
    for (const dir of ['bin', 'etc', 'tmp', 'proc', 'sys', 'dev', 'root']) fs.mkdirSync(path.join(root, dir));
    fs.copyFileSync(busybox, path.join(root, 'bin', 'busybox'));
    fs.chmodSync(path.join(root, 'bin', 'busybox'), 0o755);
    const applets = execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => a && a !== 'busybox');
    for (const applet of applets) fs.symlinkSync('busybox', path.join(root, 'bin', applet));
    fs.writeFileSync(path.join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
    fs.writeFileSync(path.join(root, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
    return execFileSync('tar', ['-C', root, '--owner=0', '--group=0', '-cf', '-', '.'], { maxBuffer: 64 * 1024 * 1024 });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Imports the test image into the daemon at `url` (POST /images/create?fromSrc=-). */
export async function importTestImage(url: string): Promise<string> {
  const [repo, tag] = TEST_IMAGE.split(':') as [string, string];
  const response = await fetch(`${url}/images/create?fromSrc=-&repo=${repo}&tag=${tag}&changes=${encodeURIComponent('CMD ["sh"]')}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-tar' },
    body: new Uint8Array(busyboxRootfsTar()),
  });
  const text = await response.text();
  if (!response.ok || /"error"/.test(text)) throw new Error(`importing the test image failed: HTTP ${response.status} ${text}`);
  return TEST_IMAGE;
}
