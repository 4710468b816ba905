/**
 * The generated type files as they should be committed: one per vendored model, formatted with
 * the repository's Prettier settings (a devDependency; only the script and the test load this).
 */
import { join } from 'node:path';
import * as prettier from 'prettier';
import { MODEL_VERSIONS, type ModelName } from '../src/wire/model/catalog.js';
import { generateTypes } from '../src/wire/model/generate-types.js';
import { loadModelSync } from '../src/wire/model/load.js';

export interface TypeFile {
  /** Relative to the repository root. */
  path: string;
  text: string;
}

export async function generatedTypeFiles(): Promise<TypeFile[]> {
  const out: TypeFile[] = [];
  for (const name of Object.keys(MODEL_VERSIONS) as ModelName[]) {
    const path = join('src', 'wire', 'model', 'types', `${name}.ts`);
    const options = (await prettier.resolveConfig(path)) ?? {};
    const text = await prettier.format(generateTypes(loadModelSync(name)), { ...options, filepath: path });
    out.push({ path, text });
  }
  return out;
}
