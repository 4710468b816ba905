/**
 * The README's coverage table is what the server answers: the table `scripts/coverage-table.mjs`
 * prints from the services a runtime registers (issue 14, "Report the coverage table").
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createRuntime } from '../src/services/runtime.js';
import { coverage, markdownTable } from '../scripts/model-coverage.js';

test('the README shows the coverage table as the registered operations make it', async () => {
  const runtime = await createRuntime({ data: ':memory:', region: 'us-east-1' });
  try {
    const table = markdownTable(coverage(runtime.services));
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    assert.ok(readme.includes(`${table}\n`), `README.md should hold, as printed:\n${table}`);
  } finally {
    await runtime.close();
  }
});
