/**
 * One data directory, one process (issue 9, finding 14), with two real `pinpost start` processes:
 * the second exits 1 naming the directory and the holder's pid; the lock goes with a clean stop;
 * a lock left by a killed process is taken over.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { runCli, startCli } from './support/cli.js';

const data = mkdtempSync(join(tmpdir(), 'pinpost-lock-'));
after(() => rmSync(data, { recursive: true, force: true }));
const lockFile = join(data, 'pinpost.lock');
const flags = ['--port', '0', '--smtp-port', '0', '--data', data];

it(
  'a second process on the same data directory exits 1 naming it and the holder',
  { timeout: 60_000 },
  async () => {
    const first = await startCli(flags);
    try {
      const pid = first.child.pid!;
      assert.equal(readFileSync(lockFile, 'utf8'), `${pid}\n`);
      const second = await runCli(['start', ...flags]);
      assert.equal(second.code, 1);
      assert.equal(second.stdout, '');
      assert.equal(
        second.stderr,
        `pinpost: PINPOST_DATA_LOCKED: data directory \`${data}\` is in use by another Pinpost process (pid ${pid}): stop it, or pass another \`--data\` (or PINPOST_DATA)\n`,
      );
      // The first one still serves.
      assert.equal((await fetch(`${first.url}/_pinpost/health`)).status, 200);
    } finally {
      assert.equal(await first.stop(), 0);
    }
    assert.equal(existsSync(lockFile), false, 'released on exit');
  },
);

it('a lock left by a killed process is taken over', { timeout: 60_000 }, async () => {
  const killed = await startCli(flags);
  killed.child.kill('SIGKILL');
  await once(killed.child, 'exit');
  assert.equal(readFileSync(lockFile, 'utf8'), `${killed.child.pid}\n`, 'left behind');
  const next = await startCli(flags);
  try {
    assert.equal(readFileSync(lockFile, 'utf8'), `${next.child.pid}\n`);
  } finally {
    assert.equal(await next.stop(), 0);
  }
});
