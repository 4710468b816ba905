import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Database } from '../../store/index.js';
import { RowIdBlocks } from './row-ids.js';

/** A database whose sequence hands out `n` values a statement; `fail` makes the next statement fail. */
function sequence() {
  const s = { next: 1, statements: 0, fail: false };
  const db = {
    all: async (sql: string) => {
      s.statements++;
      assert.match(sql, /nextval\(pg_get_serial_sequence\('mail_outbox', 'id'\)\)/);
      const n = Number(/generate_series\(1, (\d+)\)/.exec(sql)![1]);
      await new Promise((r) => setImmediate(r));
      if (s.fail) {
        s.fail = false;
        throw new Error('current transaction is aborted');
      }
      return Array.from({ length: n }, () => ({ id: s.next++ })).reverse();
    },
  } as unknown as Database;
  return { s, db };
}

test('ids come a block of 64 a statement, callers that find the block used up sharing one fetch', async () => {
  const { s, db } = sequence();
  const ids = new RowIdBlocks(db, 'mail_outbox', 'id');
  const got = await Promise.all(Array.from({ length: 100 }, () => ids.next()));
  assert.deepEqual(
    got,
    Array.from({ length: 100 }, (_, i) => i + 1),
    'each once, in order',
  );
  assert.equal(s.statements, 2);
  assert.equal(await ids.next(), 101, 'the second block is used on');
  assert.equal(s.statements, 2);
});

test('a fetch that fails fails its own caller only; those waiting on it fetch for themselves', async () => {
  const { s, db } = sequence();
  const ids = new RowIdBlocks(db, 'mail_outbox', 'id');
  s.fail = true;
  const [first, ...rest] = await Promise.allSettled(Array.from({ length: 3 }, () => ids.next()));
  assert.equal(first?.status, 'rejected');
  assert.deepEqual(
    rest.map((r) => (r.status === 'fulfilled' ? r.value : r.reason)),
    [1, 2],
  );
  assert.equal(s.statements, 2);
});
