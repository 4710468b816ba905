// Node 20's test runner takes no globs: find every *.test.ts under src/, console/src/ and test/ and run them
// with tsx, two files at a time (the machine has two cores).
//
// `--postgres[=URL]` runs them on PostgreSQL instead of SQLite: a database of its own for this run
// is created on the server of URL (default: postgres://postgres@127.0.0.1:5432/postgres, the
// trust-auth PostgreSQL of CI) and dropped afterwards; every test database is a schema in it.
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

const args = process.argv.slice(2);
const pgFlag = args.find((a) => a === '--postgres' || a.startsWith('--postgres='));
const only = args.filter((a) => a !== pgFlag);
const files = only.length ? only : [...find('src'), ...find('console/src'), ...find('test')].sort();

async function withDatabase(run) {
  if (!pgFlag) return run({});
  const server = pgFlag.includes('=')
    ? pgFlag.slice(pgFlag.indexOf('=') + 1)
    : 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `pinpost_test_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    return run({ PINPOST_TEST_DATABASE: url.toString() });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const status = await withDatabase((env) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return r.status ?? 1;
});
process.exit(status);
