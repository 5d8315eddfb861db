// npm run generate: TypeScript types (and request media tables) for both bundles in generated/.
import { writeTypes } from './lib/types.js';
import { generatedDir } from './lib/paths.js';

const files = await writeTypes(generatedDir, generatedDir);
for (const file of files) console.log(`wrote generated/${file}`);
