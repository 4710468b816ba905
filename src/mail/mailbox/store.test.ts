import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestDatabase } from '../../../test/support/database.js';
import { jobMigrations } from '../../jobs/migrations.js';
import { mailMigrations } from '../migrations.js';
import { MailboxStore } from './store.js';

async function mailbox() {
  const db = await openTestDatabase([...jobMigrations, ...mailMigrations]);
  const store = new MailboxStore(db);
  let outboxId = 0;
  const put = (subject: string, to: string, from = 'News <News@Example.com>') =>
    store.insert({
      outboxId: ++outboxId,
      messageId: `m-${outboxId}`,
      account: '000000000000',
      region: 'us-east-1',
      receivedAt: new Date(1_000 * outboxId),
      envelopeFrom: 'bounce@example.com',
      fromAddress: from.replace(/^.*<|>$/g, ''),
      fromText: from,
      subject,
      to: [to],
      cc: [],
      bcc: [],
      raw: Buffer.from(`Subject: ${subject}\r\n\r\nbody\r\n`),
      recipients: [to],
    });
  return { db, store, put };
}

const subjects = (rows: { subject: string }[]) => rows.map((r) => r.subject);

test('searches ignore ASCII case and take %, _ and \\ literally, on either engine', async () => {
  const { db, store, put } = await mailbox();
  await put('50% OFF today', 'Ann <Ann@Example.org>');
  await put('500 offers', 'bob@example.org');
  await put('a_b and a\\b', 'carol@example.org');
  await put('aXb', 'dave@example.org');
  assert.deepEqual(subjects(await store.list({ subject: '50% off', order: 'oldest' })), ['50% OFF today']);
  assert.deepEqual(subjects(await store.list({ subject: 'a_b' })), ['a_b and a\\b']);
  assert.deepEqual(subjects(await store.list({ subject: 'a\\b' })), ['a_b and a\\b']);
  assert.deepEqual(subjects(await store.list({ text: '0% o' })), ['50% OFF today']);
  assert.deepEqual(subjects(await store.list({ recipient: 'ANN@example.ORG' })), ['50% OFF today']);
  assert.deepEqual(subjects(await store.list({ recipient: 'ann@example' })), [], 'whole addresses only');
  assert.equal((await store.list({ source: 'news@EXAMPLE.com' })).length, 4);
  await db.close();
});

test('pages by seq, newest first, and a seq is not reused after a delete', async () => {
  const { db, store, put } = await mailbox();
  for (const s of ['one', 'two', 'three']) await put(s, 'r@example.org');
  const [newest] = await store.list({ limit: 1 });
  assert.equal(newest.subject, 'three');
  assert.deepEqual(subjects(await store.list({ afterSeq: newest.seq })), ['two', 'one']);
  const scanned: string[] = [];
  for await (const r of store.scan({ order: 'oldest' })) scanned.push(r.subject);
  assert.deepEqual(scanned, ['one', 'two', 'three']);
  assert.equal(await store.lastSeq(), newest.seq);
  assert.equal(await store.delete('m-3'), 1);
  await put('four', 'r@example.org');
  assert.ok((await store.lastSeq()) > newest.seq);
  assert.equal(await store.markDelivered(1, new Date()), false, 'already delivered');
  await db.close();
});
