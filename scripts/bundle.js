// npm run bundle: writes generated/portainer.openapi.json (Docker mounted) and
// generated/docker.openapi.json (Docker alone, paths at the root).
import path from 'node:path';
import { writeBundles } from './lib/bundle.js';
import { generatedDir, root } from './lib/paths.js';

const files = await writeBundles(generatedDir);
for (const file of Object.values(files)) console.log(`wrote ${path.relative(root, file)}`);
