/**
 * The simulator's list of actions, generated from the operations the server registers (each
 * declares the IAM action it is authorized as, src/wire/operation.ts): the console bundles the
 * list, so the browser offers exactly the actions Pinpost decides. Run after adding operations:
 *   node --import tsx scripts/console-action-catalog.ts
 * console/src/pages/simulator/actions.test.ts fails when the file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRuntime } from '../src/services/runtime.js';

export const CATALOG_FILE = fileURLToPath(
  new URL('../console/src/pages/simulator/actions.generated.json', import.meta.url),
);

/** Every action the server's operations are authorized as, sorted, each once. */
export async function actionCatalog(): Promise<string[]> {
  const runtime = await createRuntime({ data: ':memory:', region: 'us-east-1' });
  try {
    const actions = new Set<string>();
    for (const s of runtime.services) for (const op of s.operations) actions.add(op.action);
    return [...actions].sort((a, b) => a.localeCompare(b, 'en'));
  } finally {
    await runtime.close();
  }
}

export async function catalogText(): Promise<string> {
  return `${JSON.stringify(await actionCatalog(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(CATALOG_FILE, await catalogText());
}
