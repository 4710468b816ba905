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
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { URL } from 'node:url';
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

const status = await withDatabase((env) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
    stdio: 'inherit',
    // An output member the model's output shape does not have fails its request (500 naming the
    // operation and member: src/wire/model/output-strays.ts), so tests catch outputs that stray.
    env: { PINPOST_STRICT_OUTPUT: '1', ...process.env, ...env },
  });
  return r.status ?? 1;
});
process.exit(status);
