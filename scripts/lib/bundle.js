// Bundles the split sources with Redocly, mounts the Docker paths into the Portainer document, and
// writes both bundles as stable, pretty-printed JSON.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bin, generatedFiles, root } from './paths.js';
import { run } from './run.js';
import { mountDocker } from './mount-docker.js';
import { sourcesDigest, stampSources } from './stamps.js';
import { changesFile } from './portainer-changes.js';

async function redoclyBundle(api, outFile) {
  const { code, output } = await run(bin('redocly'), ['bundle', api, '--ext', 'json', '-o', outFile], { cwd: root, quiet: true });
  if (code !== 0) throw new Error(`redocly bundle ${api} failed:\n${output}`);
  return JSON.parse(await fs.readFile(outFile, 'utf8'));
}

export const toJson = (doc) => `${JSON.stringify(doc, null, 2)}\n`;

/** Builds both bundles and writes them into outDir; returns their paths. */
export async function writeBundles(outDir) {
  const sources = sourcesDigest(); // before reading them: an edit made meanwhile shows as new
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'portainer-openapi-bundle-'));
  try {
    const [portainer, docker] = await Promise.all([
      redoclyBundle('portainer', path.join(scratch, 'portainer.json')),
      redoclyBundle('docker', path.join(scratch, 'docker.json')),
    ]);
    const mounted = mountDocker(portainer, docker);
    await fs.mkdir(outDir, { recursive: true });
    const files = {
      portainer: path.join(outDir, generatedFiles.portainerBundle),
      docker: path.join(outDir, generatedFiles.dockerBundle),
      changes: path.join(outDir, generatedFiles.portainerChanges),
    };
    await fs.writeFile(files.portainer, toJson(mounted));
    await fs.writeFile(files.docker, toJson(docker));
    await fs.writeFile(files.changes, toJson(changesFile(mounted)));
    stampSources(outDir, sources);
    return files;
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}
