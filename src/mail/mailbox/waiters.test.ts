import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestDatabase, testData } from '../../../test/support/database.js';
import { isPostgresUrl, openDatabase } from '../../store/index.js';
import { jobMigrations } from '../../jobs/migrations.js';
import { mailMigrations } from '../migrations.js';
import { MailboxStore, type MailboxQuery } from './store.js';
import { MailboxWaiters } from './waiters.js';
import type { Database } from '../../store/index.js';

/** A mailbox on a fresh test database that counts the listing queries made on it. */
async function counted() {
  return mailbox(await openTestDatabase([...jobMigrations, ...mailMigrations]));
}

function mailbox(db: Database) {
  const store = new MailboxStore(db);
  const queries: MailboxQuery[] = [];
  const list = store.list.bind(store);
  store.list = (q) => {
    queries.push(q);
    return list(q);
  };
  let outboxId = 0;
  const put = (to: string, subject = 'hello') =>
    store.insert({
      outboxId: ++outboxId,
      messageId: `m-${outboxId}`,
      account: '000000000000',
      region: 'us-east-1',
      receivedAt: new Date(),
      envelopeFrom: 'a@example.com',
      fromAddress: 'a@example.com',
      fromText: 'a@example.com',
      subject,
      to: [to],
      cc: [],
      bcc: [],
      raw: Buffer.from('x'),
      recipients: [to],
    });
  return { db, store, queries, put };
}

/** Long enough for an arrival to be signalled and looked at (PostgreSQL answers over a socket). */
const settle = () => new Promise((r) => setTimeout(r, 100));

test('a waiter sleeps without querying until mail arrives, then looks once per burst at the new rows only', async () => {
  const { db, store, queries, put } = await counted();
  await put('old@example.org');
  const waiters = new MailboxWaiters(store, 10);
  const waiting = waiters.wait({ recipient: 'new@example.org' }, 60_000);
  await settle();
  assert.equal(queries.length, 1, 'one look when the wait starts');
  await settle();
  assert.equal(queries.length, 1, 'no polling while nothing arrives');
  // One burst: fifty arrivals committed together (as a send's transaction commits its message).
  await db.transaction(async () => {
    for (let i = 0; i < 50; i++) await put(`other${i}@example.org`);
  });
  await settle();
  assert.equal(queries.length, 2, 'fifty arrivals in one burst: one more look');
  assert.equal(queries[1].newerThanSeq, 1, 'only at rows newer than what it had seen');
  await put('new@example.org', 'the one');
  const outcome = await waiting;
  assert.equal(outcome.kind, 'found');
  assert.equal(outcome.kind === 'found' && outcome.record.subject, 'the one');
  assert.equal(waiters.size, 0);
  await db.close();
});

test('the newest matching message already there is answered at once', async () => {
  const { db, store, put } = await counted();
  await put('r@example.org', 'first');
  await put('r@example.org', 'second');
  const outcome = await new MailboxWaiters(store, 10).wait({ recipient: 'R@example.org' }, 0);
  assert.equal(outcome.kind === 'found' && outcome.record.subject, 'second');
  await db.close();
});

test('a wait ends on its timeout, on its signal, and on stop; each leaves nothing behind', async () => {
  const { db, store } = await counted();
  const waiters = new MailboxWaiters(store, 10);
  assert.deepEqual(await waiters.wait({ subject: 'none' }, 0), { kind: 'timeout' });
  assert.deepEqual(await waiters.wait({ subject: 'none' }, 5), { kind: 'timeout' });
  const gone = new AbortController();
  const aborted = waiters.wait({ subject: 'none' }, 60_000, gone.signal);
  const stopped = waiters.wait({ subject: 'none' }, 60_000);
  await settle();
  assert.equal(waiters.size, 2);
  gone.abort();
  assert.deepEqual(await aborted, { kind: 'ended' });
  assert.equal(waiters.size, 1);
  waiters.stop();
  assert.deepEqual(await stopped, { kind: 'ended' });
  assert.equal(waiters.size, 0);
  assert.deepEqual(await waiters.wait({}, 60_000), { kind: 'ended' }, 'a stopped mailbox takes no wait');
  waiters.resume();
  assert.deepEqual(await waiters.wait({ subject: 'none' }, 0), { kind: 'timeout' });
  await db.close();
});

test('at most max waiters at once; the next is told busy', async () => {
  const { db, store, put } = await counted();
  const waiters = new MailboxWaiters(store, 2);
  const a = waiters.wait({ recipient: 'x@example.org' }, 60_000);
  const b = waiters.wait({ recipient: 'x@example.org' }, 60_000);
  await settle();
  assert.deepEqual(await waiters.wait({ recipient: 'x@example.org' }, 60_000), { kind: 'busy' });
  await put('x@example.org');
  assert.deepEqual([(await a).kind, (await b).kind], ['found', 'found']);
  await db.close();
});

test('a waiter wakes for mail another process delivers into the same database, and seq order is commit order', async () => {
  // Two processes on one PostgreSQL database are two pools; SQLite's database is one process's.
  const data = testData();
  const migrations = [...jobMigrations, ...mailMigrations];
  const first = await openDatabase({ data, migrations, poolSize: 4 });
  const second = isPostgresUrl(data) ? await openDatabase({ data, migrations, poolSize: 4 }) : first;
  const here = mailbox(first);
  const there = mailbox(second);
  const waiters = new MailboxWaiters(here.store, 10);
  const waiting = waiters.wait({ recipient: 'later@example.org' }, 60_000);
  await settle();
  // An insert that commits after a later one must not be skipped by a reader that saw the later one.
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const slow = second.transaction(async () => {
    await there.put('later@example.org', 'first taken');
    // Numbered now: on PostgreSQL the insert waits for the transaction's next statement.
    await second.get('SELECT 1 AS sent');
    await released;
  });
  await settle();
  const fast = there.put('other@example.org', 'second taken');
  await settle();
  release();
  await Promise.all([slow, fast]);
  const outcome = await waiting;
  assert.equal(outcome.kind, 'found');
  assert.equal(outcome.kind === 'found' && outcome.record.subject, 'first taken');
  const seqs = (await here.store.list({ order: 'oldest' })).map((r) => r.subject);
  assert.deepEqual(seqs, ['first taken', 'second taken']);
  assert.equal(waiters.size, 0);
  waiters.stop();
  if (second !== first) await second.close();
  await first.close();
});
