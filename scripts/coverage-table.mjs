// Prints the README's coverage table: per service, the operations Pinpost answers out of those in
// its model (models/). The services are those a runtime registers, on an in-memory database.
//
//   node scripts/coverage-table.mjs
import pino from 'pino';
import { register } from 'tsx/esm/api';

register();
const { createRuntime } = await import('../src/services/runtime.ts');
const { coverage, markdownTable } = await import('./model-coverage.ts');

const runtime = await createRuntime({
  data: ':memory:',
  region: 'us-east-1',
  log: pino({ level: 'silent' }),
});
try {
  console.log(markdownTable(coverage(runtime.services)));
} finally {
  await runtime.close();
}
