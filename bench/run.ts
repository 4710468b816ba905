/**
 * `npm run bench [-- name...]`: every benchmark prints a table of ratios against a peer or a
 * baseline measured in the same run. BENCH_SECONDS sets each measurement's budget (default 2).
 */
import { clusterBench } from './cluster.bench.js';
import { journeysBench } from './journeys.bench.js';
import { consoleBench } from './console.bench.js';
import { pinpointBench } from './pinpoint.bench.js';
import { policyBench } from './policy.bench.js';
import { serverBench } from './server.bench.js';
import { sesBench } from './ses.bench.js';

const budgetMs = Number(process.env.BENCH_SECONDS ?? 2) * 1000;
const benches: Record<string, (budgetMs: number) => Promise<void>> = {
  policy: policyBench,
  server: serverBench,
  ses: sesBench,
  pinpoint: pinpointBench,
  journeys: journeysBench,
  console: consoleBench,
  cluster: clusterBench,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of wanted.length ? wanted : Object.keys(benches)) {
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown bench \`${name}\`; have ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  await bench(budgetMs);
}
