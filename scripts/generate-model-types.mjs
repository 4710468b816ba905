// Writes src/wire/model/types/<service>.ts from the vendored models (src/wire/model/generate-types.ts),
// formatted with the repository's Prettier settings. Run after scripts/refresh-models.mjs:
//
//   node scripts/generate-model-types.mjs
//
// src/wire/model/types.test.ts fails when a committed file differs from a fresh generation.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { generatedTypeFiles } = await import('./model-type-files.ts');

const dir = join(root, 'src', 'wire', 'model', 'types');
mkdirSync(dir, { recursive: true });
for (const { path, text } of await generatedTypeFiles()) {
  writeFileSync(join(root, path), text);
  console.log(`wrote ${path}`);
}
