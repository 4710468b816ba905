import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../../store/index.js';
import { mailMigrations } from '../migrations.js';
import { MailboxStore, type MailboxQuery } from './store.js';
import { MailboxWaiters } from './waiters.js';

/** A mailbox on :memory: that counts the listing queries made on it. */
function counted() {
  const db = openDatabase({ data: ':memory:', migrations: mailMigrations });
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

const turn = () => new Promise((r) => setImmediate(r));

test('a waiter sleeps without querying until mail arrives, then looks once per burst at the new rows only', async () => {
  const { db, store, queries, put } = counted();
  put('old@example.org');
  const waiters = new MailboxWaiters(store, 10);
  const waiting = waiters.wait({ recipient: 'new@example.org' }, 60_000);
  assert.equal(queries.length, 1, 'one look when the wait starts');
  for (let i = 0; i < 5; i++) await turn();
  assert.equal(queries.length, 1, 'no polling while nothing arrives');
  for (let i = 0; i < 50; i++) put(`other${i}@example.org`);
  await turn();
  assert.equal(queries.length, 2, 'fifty arrivals in one burst: one more look');
  assert.equal(queries[1].newerThanSeq, 1, 'only at rows newer than what it had seen');
  put('new@example.org', 'the one');
  const outcome = await waiting;
  assert.equal(outcome.kind, 'found');
  assert.equal(outcome.kind === 'found' && outcome.record.subject, 'the one');
  assert.equal(waiters.size, 0);
  db.close();
});

test('the newest matching message already there is answered at once', async () => {
  const { db, store, put } = counted();
  put('r@example.org', 'first');
  put('r@example.org', 'second');
  const outcome = await new MailboxWaiters(store, 10).wait({ recipient: 'R@example.org' }, 0);
  assert.equal(outcome.kind === 'found' && outcome.record.subject, 'second');
  db.close();
});

test('a wait ends on its timeout, on its signal, and on stop; each leaves nothing behind', async () => {
  const { db, store } = counted();
  const waiters = new MailboxWaiters(store, 10);
  assert.deepEqual(await waiters.wait({ subject: 'none' }, 0), { kind: 'timeout' });
  assert.deepEqual(await waiters.wait({ subject: 'none' }, 5), { kind: 'timeout' });
  const gone = new AbortController();
  const aborted = waiters.wait({ subject: 'none' }, 60_000, gone.signal);
  const stopped = waiters.wait({ subject: 'none' }, 60_000);
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
  db.close();
});

test('at most max waiters at once; the next is told busy', async () => {
  const { db, store, put } = counted();
  const waiters = new MailboxWaiters(store, 2);
  const a = waiters.wait({ recipient: 'x@example.org' }, 60_000);
  const b = waiters.wait({ recipient: 'x@example.org' }, 60_000);
  assert.deepEqual(await waiters.wait({ recipient: 'x@example.org' }, 60_000), { kind: 'busy' });
  put('x@example.org');
  assert.deepEqual([(await a).kind, (await b).kind], ['found', 'found']);
  db.close();
});
