import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { generatedTypeFiles } from '../../../scripts/model-type-files.js';

it('the committed model types equal a fresh generation (node scripts/generate-model-types.mjs)', async () => {
  const files = await generatedTypeFiles();
  assert.equal(files.length, 6);
  for (const { path, text } of files) {
    assert.equal(
      readFileSync(path, 'utf8'),
      text,
      `${path} is stale: run node scripts/generate-model-types.mjs`,
    );
  }
});
