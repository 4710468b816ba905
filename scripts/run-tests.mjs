// Node 20's test runner takes no globs: find every *.test.ts under src/, console/src/ and test/ and run them
// with tsx, two files at a time (the machine has two cores).
//
// `--postgres[=URL]` runs tests on PostgreSQL instead of SQLite: a database of its own for this run
// is created on the server of URL (default PINPOST_TEST_POSTGRES, else
// postgres://postgres@127.0.0.1:5432/postgres, the trust-auth PostgreSQL of CI) and dropped
// afterwards; every test database is a schema in it. Without files it runs every test that touches
// storage — the whole suite but the unit tests of code that opens no database and the browser tests
// of the console — and test/postgres/ (several processes on one database); `npm test` runs that
// pass after the whole suite on SQLite. Files named on the command line run as given.
//
// Files run in batches, several to a process (`PINPOST_TEST_ISOLATE=1`: one process per file, as
// `node --test` alone would). Loading Pinpost and the AWS SDK clients through tsx is most of a
// test file's CPU time (3.7 of 4.5 CPU-seconds for test/iam-groups.test.ts, measured), and the
// suite is CPU-bound on two cores, so loading it once per batch instead of once per file is most
// of CI's time. Each file runs as its own suite (named by its path), so its top-level hooks stay
// its own; tests leave no global state behind (no test changes process.env for good).
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { URL, pathToFileURL } from 'node:url';
import pg from 'pg';

function find(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...find(p));
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** Unit tests of code that never opens a database: the PostgreSQL pass leaves them out. */
const NO_STORAGE = [
  /^src\/iam\//,
  /^src\/wire\//,
  /^src\/cli\//,
  /^src\/clock\//,
  /^src\/net\//,
  /^console\//,
  /^test\/console\//,
  /^test\/cli-(help|policy)/,
];

const args = process.argv.slice(2);
const pgFlag = args.find((a) => a === '--postgres' || a.startsWith('--postgres='));
const only = args.filter((a) => a !== pgFlag);
const all = [...find('src'), ...find('console/src'), ...find('test')].sort();
const files = only.length
  ? only
  : pgFlag
    ? all.filter((f) => !NO_STORAGE.some((re) => re.test(f)))
    : all.filter((f) => !f.startsWith('test/postgres/'));

async function withDatabase(run) {
  if (!pgFlag) return run({});
  const server = pgFlag.includes('=')
    ? pgFlag.slice(pgFlag.indexOf('=') + 1)
    : (process.env.PINPOST_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `pinpost_test_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  try {
    await admin.connect();
  } catch (err) {
    console.error(
      `run-tests: PostgreSQL at ${server} cannot be reached (${err.message}); set PINPOST_TEST_POSTGRES`,
    );
    return 1;
  }
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    return run({ PINPOST_TEST_DATABASE: url.toString(), PINPOST_TEST_POSTGRES: server });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** About this many files share a process; at least two batches, for the two cores. */
const FILES_PER_BATCH = 10;

/**
 * Batch entry files in a temporary folder: the files spread by size (largest first, dealt round
 * the batches) so the batches take about as long, and the two cores end together.
 */
function batches(list) {
  if (process.env.PINPOST_TEST_ISOLATE === '1' || list.length <= 1) return { entries: list, cleanup() {} };
  const count = Math.max(Math.min(list.length, 2), Math.ceil(list.length / FILES_PER_BATCH));
  const groups = Array.from({ length: count }, () => []);
  const bySize = [...list].sort((a, b) => statSync(b).size - statSync(a).size);
  bySize.forEach((f, i) => groups[i % count].push(f));
  const dir = mkdtempSync(join(tmpdir(), 'pinpost-test-batches-'));
  const entries = groups.map((group, i) => {
    const file = join(dir, `batch-${String(i + 1).padStart(2, '0')}.mjs`);
    const lines = group
      .sort()
      .map(
        (f) =>
          `describe(${JSON.stringify(f)}, async () => { await import(${JSON.stringify(pathToFileURL(resolve(f)).href)}); });`,
      );
    writeFileSync(file, `import { describe } from 'node:test';\n${lines.join('\n')}\n`);
    return file;
  });
  return { entries, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const status = await withDatabase((env) => {
  const { entries, cleanup } = batches(files);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...entries], {
    stdio: 'inherit',
    // An output member the model's output shape does not have fails its request (500 naming the
    // operation and member: src/wire/model/output-strays.ts), so tests catch outputs that stray.
    env: { PINPOST_STRICT_OUTPUT: '1', ...process.env, ...env },
  });
  cleanup();
  return r.status ?? 1;
});
process.exit(status);
