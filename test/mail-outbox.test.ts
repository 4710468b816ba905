/**
 * The durable outbox: what is enqueued survives a closed database and is delivered exactly once
 * after reopening; retries back off and are recorded; permanent refusals stop at once. Mail queued
 * before deliveries were jobs (mail schema 2) becomes jobs on upgrade, due when it was.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import pino from 'pino';
import { jobMigrations } from '../src/jobs/index.js';
import { mailMigrations, newSesMessageId, type MailOptions } from '../src/mail/index.js';
import { createMime } from '../src/mail/mime.js';
import { OutboxStore } from '../src/mail/outbox/store.js';
import type { OutgoingMessage } from '../src/services/ses/ports.js';
import { openDatabase, type Database } from '../src/store/index.js';
import { MAIL_MIGRATIONS, openMail } from './mail-jobs.js';
import { startSmtpSink } from './mail-smtp-sink.js';
import { openTestDatabase, TEST_DATABASE, testData } from './support/database.js';

const log = pino({ level: 'silent' });
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pinpost-mail-'));
  dirs.push(d);
  return d;
}

const open = (data: string): Promise<Database> => openDatabase({ data, migrations: MAIL_MIGRATIONS });

/** Where a database reopened by the test finds what it held (a folder, or a PostgreSQL schema). */
const lasting = (): string => (TEST_DATABASE ? testData() : tempDir());

async function outgoing(subject: string, to = ['rcpt@example.org']): Promise<OutgoingMessage> {
  const messageId = newSesMessageId('us-east-1');
  const raw = await createMime().build({
    from: 'sender@example.com',
    to,
    cc: [],
    bcc: [],
    replyTo: [],
    subject,
    text: `body of ${subject}`,
    headers: [],
    attachments: [],
    messageId,
    date: new Date(),
  });
  return {
    messageId,
    scope: { account: '000000000000', region: 'us-east-1' },
    envelopeFrom: 'sender@example.com',
    recipients: to,
    raw,
  };
}

const mailboxCount = async (db: Database) =>
  (await db.get<{ n: number }>('SELECT count(*) AS n FROM mail_mailbox'))?.n;

test('a message enqueued, then the database closed before delivery, is captured exactly once after reopening', async () => {
  const dir = lasting();
  const m = await outgoing('survives a restart');
  const db1 = await open(dir);
  const first = openMail(db1, { transport: 'capture', log });
  await db1.transaction(async () => {
    await first.outbox.enqueue(m);
  });
  await first.stop();
  await db1.close();

  const db2 = await open(dir);
  const second = openMail(db2, { transport: 'capture', log });
  assert.equal((await second.outboxState(m.messageId))[0].status, 'queued');
  second.start();
  await second.drain();
  assert.equal(await mailboxCount(db2), 1);
  const [state] = await second.outboxState(m.messageId);
  assert.equal(state.status, 'delivered');
  assert.equal(state.attempts, 1);
  await second.stop();
  await db2.close();

  const db3 = await open(dir);
  const third = openMail(db3, { transport: 'capture', log });
  third.start();
  await third.drain();
  assert.equal(await mailboxCount(db3), 1, 'a delivered message is not delivered again');
  await third.stop();
  await db3.close();
});

test('a message whose sending transaction rolls back is never delivered', async () => {
  const db = await openTestDatabase(MAIL_MIGRATIONS);
  const mail = openMail(db, { transport: 'capture', log });
  const m = await outgoing('rolled back');
  await assert.rejects(
    db.transaction(async () => {
      await mail.outbox.enqueue(m);
      throw new Error('the send failed after enqueueing');
    }),
  );
  mail.start();
  await mail.drain();
  assert.deepEqual(await mail.outboxState(m.messageId), []);
  assert.equal(await mailboxCount(db), 0);
  await mail.stop();
  await db.close();
});

test('through an SMTP relay, queued mail left by a closed database goes out once, and not again on the next start', async () => {
  const sink = await startSmtpSink();
  const dir = lasting();
  const options = { transport: 'smtp', smtpRelay: sink.url(), log } satisfies Partial<MailOptions>;
  const messages = await Promise.all(['one', 'two', 'three'].map((s) => outgoing(s)));
  const db1 = await open(dir);
  const first = openMail(db1, options);
  for (const m of messages) await first.outbox.enqueue(m);
  await first.stop();
  await db1.close();
  assert.equal(sink.received.length, 0);

  const db2 = await open(dir);
  const second = openMail(db2, options);
  second.start();
  await second.drain();
  await second.stop();
  await db2.close();
  assert.equal(sink.received.length, 3);
  assert.deepEqual(sink.received.map((r) => /^Subject: (.*)$/m.exec(r.raw.toString())?.[1]).sort(), [
    'one',
    'three',
    'two',
  ]);

  const db3 = await open(dir);
  const third = openMail(db3, options);
  third.start();
  await third.drain();
  await third.stop();
  await db3.close();
  assert.equal(sink.received.length, 3);
  await sink.close();
});

test('a relay that refuses twice with 451 gets the message on the third attempt; attempts are recorded', async () => {
  const sink = await startSmtpSink({ refuseFirst: 2, refuseWith: 451 });
  const db = await openTestDatabase(MAIL_MIGRATIONS);
  const mail = openMail(db, {
    transport: 'smtp',
    smtpRelay: sink.url(),
    log,
    retry: { baseMs: 5, maxMs: 20 },
  });
  const delivered: [string, string[], string | undefined][] = [];
  mail.onDelivered((m, recipients, response) => {
    delivered.push([m.messageId, recipients, response]);
  });
  const retries: [string, Date][] = [];
  mail.onRetrying((_m, _r, error, nextAttemptAt) => {
    retries.push([error, nextAttemptAt]);
  });
  mail.start();
  const m = await outgoing('third time lucky', ['a@example.org', 'b@example.org']);
  await mail.outbox.enqueue(m);
  await mail.drain();
  assert.equal(sink.attempts, 3);
  assert.equal(sink.received.length, 1);
  const [state] = await mail.outboxState(m.messageId);
  assert.equal(state.status, 'delivered');
  assert.equal(state.attempts, 3);
  assert.equal(state.lastError, undefined);
  assert.equal(delivered.length, 1);
  assert.deepEqual(delivered[0].slice(0, 2), [m.messageId, ['a@example.org', 'b@example.org']]);
  assert.match(delivered[0][2] ?? '', /^250 /, 'the relay reply, for the Delivery event');
  assert.equal(retries.length, 2);
  assert.ok(retries.every(([error]) => /451/.test(error)));
  assert.ok(retries[1][1] > retries[0][1], 'each retry is scheduled later than the one before');
  await mail.stop();
  await db.close();
  await sink.close();
});

test('retries stop after maxAttempts; the backoff schedules each next attempt after the failure', async () => {
  const sink = await startSmtpSink({ refuseFirst: 1000, refuseWith: 451 });
  const db = await openTestDatabase(MAIL_MIGRATIONS);
  const mail = openMail(db, {
    transport: 'smtp',
    smtpRelay: sink.url(),
    log,
    retry: { baseMs: 5, maxAttempts: 3 },
  });
  const failed: string[] = [];
  mail.onFailed((_m, _r, error) => {
    failed.push(error);
  });
  mail.start();
  const m = await outgoing('never accepted');
  const enqueuedAt = Date.now();
  await mail.outbox.enqueue(m);
  await mail.drain();
  const [state] = await mail.outboxState(m.messageId);
  assert.equal(state.status, 'failed');
  assert.equal(state.attempts, 3);
  assert.equal(sink.attempts, 3);
  assert.match(state.lastError ?? '', /451/);
  // The last reschedule (after attempt 2) was at least baseMs·2 after the enqueue.
  assert.ok(state.nextAttemptAt.getTime() >= enqueuedAt + 10);
  assert.equal(failed.length, 1);
  await mail.stop();
  await db.close();
  await sink.close();
});

test('a permanent refusal (550) fails the message at once, without retrying', async () => {
  const sink = await startSmtpSink({ refuseFirst: 1000, refuseWith: 550 });
  const db = await openTestDatabase(MAIL_MIGRATIONS);
  const mail = openMail(db, { transport: 'smtp', smtpRelay: sink.url(), log, retry: { baseMs: 5 } });
  const delivered: string[] = [];
  mail.onDelivered((msg) => {
    delivered.push(msg.messageId);
  });
  mail.start();
  const m = await outgoing('refused');
  await mail.outbox.enqueue(m);
  await mail.drain();
  const [state] = await mail.outboxState(m.messageId);
  assert.equal(state.status, 'failed');
  assert.equal(state.attempts, 1);
  assert.match(state.lastError ?? '', /550/);
  assert.equal(sink.attempts, 1);
  assert.deepEqual(delivered, []);
  await mail.stop();
  await db.close();
  await sink.close();
});

test('a batch of deliveries where the relay refuses one leaves the others delivered once', async () => {
  // Six messages queued before the worker starts are claimed together and delivered as batches
  // (up to 8 a batch): the relay refuses the first DATA it sees for good.
  const sink = await startSmtpSink({ refuseFirst: 1, refuseWith: 550 });
  const db = await openTestDatabase(MAIL_MIGRATIONS);
  const mail = openMail(db, { transport: 'smtp', smtpRelay: sink.url(), log, concurrency: 16 });
  const delivered: string[] = [];
  mail.onDelivered((msg) => {
    delivered.push(msg.messageId);
  });
  const ids: string[] = [];
  await db.transaction(async () => {
    for (let i = 0; i < 6; i++) {
      const m = await outgoing(`batch ${i}`);
      ids.push(m.messageId);
      await mail.outbox.enqueue(m);
    }
  });
  mail.start();
  await mail.drain();
  const states = await Promise.all(ids.map(async (id) => (await mail.outboxState(id))[0]));
  assert.equal(states.filter((s) => s.status === 'failed').length, 1);
  assert.equal(states.filter((s) => s.status === 'delivered').length, 5);
  assert.equal(sink.received.length, 5, 'each accepted message reached the relay once');
  assert.equal(sink.attempts, 6, 'the refused one was not retried, and none was sent twice');
  assert.deepEqual(
    [...delivered].sort(),
    states
      .filter((s) => s.status === 'delivered')
      .map((s) => s.messageId)
      .sort(),
    'one Delivered call per delivered message',
  );
  await mail.stop();
  await db.close();
  await sink.close();
});

test("a delivered listener that throws for one message of a batch undoes only that message's writes", async () => {
  const db = await openTestDatabase(MAIL_MIGRATIONS);
  await db.exec('CREATE TABLE seen (message_id TEXT PRIMARY KEY)');
  const mail = openMail(db, { transport: 'capture', log, concurrency: 16 });
  const ids: string[] = [];
  await db.transaction(async () => {
    for (let i = 0; i < 5; i++) {
      const m = await outgoing(`listened ${i}`);
      ids.push(m.messageId);
      await mail.outbox.enqueue(m);
    }
  });
  const bad = ids[2];
  mail.onDelivered(async (msg) => {
    await db.run('INSERT INTO seen (message_id) VALUES (?)', [msg.messageId]);
    if (msg.messageId === bad) throw new Error('this listener cannot take it');
  });
  mail.start();
  await mail.drain();
  const seen = await db.all<{ message_id: string }>('SELECT message_id FROM seen ORDER BY message_id');
  assert.deepEqual(
    seen.map((r) => r.message_id),
    ids.filter((id) => id !== bad).sort(),
  );
  for (const id of ids) assert.equal((await mail.outboxState(id))[0].status, 'delivered');
  assert.equal(await mailboxCount(db), 5);
  await mail.stop();
  await db.close();
});

test('hundreds of messages enqueued while the worker runs are each captured once', async () => {
  const db = await openTestDatabase(MAIL_MIGRATIONS);
  const mail = openMail(db, { transport: 'capture', log, concurrency: 8 });
  const seen = new Map<string, number>();
  mail.onDelivered((m) => {
    seen.set(m.messageId, (seen.get(m.messageId) ?? 0) + 1);
  });
  mail.start();
  const template = await outgoing('bulk');
  const ids: string[] = [];
  for (let i = 0; i < 400; i++) {
    const messageId = newSesMessageId('us-east-1');
    ids.push(messageId);
    await db.transaction(async () => {
      await mail.outbox.enqueue({ ...template, messageId });
    });
    if (i % 50 === 0) await new Promise((r) => setImmediate(r));
  }
  await mail.drain();
  assert.equal(await mailboxCount(db), 400);
  assert.equal(seen.size, 400);
  assert.ok([...seen.values()].every((n) => n === 1));
  for (const id of ids) assert.equal((await mail.outboxState(id))[0].status, 'delivered');
  await mail.stop();
  await db.close();
});

test('mail queued before deliveries were jobs becomes jobs on upgrade, each due when its row was', async () => {
  const dir = lasting();
  const T = 1_800_000_000_000;
  const before = await openDatabase({
    data: dir,
    migrations: [...jobMigrations, ...mailMigrations.filter((m) => m.version <= 2)],
  });
  const old = new OutboxStore(before);
  const [due, retry, done] = await Promise.all(['due', 'retry', 'done'].map((s) => outgoing(s)));
  const dueId = await old.insert(due, T - 5000);
  const retryId = await old.insert(retry, T - 5000);
  await old.reschedule(retryId, 2, T + 60_000, '451 try later');
  const doneId = await old.insert(done, T - 9000);
  await old.markDelivered(doneId, 1, T - 8000);
  await before.close();

  const db = await open(dir);
  const jobs = await db.all<{ job_key: string; state: string; run_at: number; attempts: number }>(
    `SELECT job_key, state, run_at, attempts FROM pinpost_jobs WHERE kind = 'mail-delivery' ORDER BY run_at`,
  );
  assert.deepEqual(jobs, [
    { job_key: String(dueId), state: 'ready', run_at: T - 5000, attempts: 0 },
    { job_key: String(retryId), state: 'ready', run_at: T + 60_000, attempts: 0 },
  ]);
  const clock = { now: T };
  const mail = openMail(db, { transport: 'capture', log, now: () => clock.now });
  mail.start();
  for (let i = 0; (await mail.outboxState(due.messageId))[0].status === 'queued'; i++) {
    assert.ok(i < 500, 'the due message is delivered');
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.equal((await mail.outboxState(retry.messageId))[0].status, 'queued', 'the retry waits for its time');
  clock.now = T + 60_000;
  await mail.drain();
  const [retried] = await mail.outboxState(retry.messageId);
  assert.deepEqual([retried.status, retried.attempts], ['delivered', 3]);
  assert.equal(await mailboxCount(db), 2, 'the delivered message is not delivered again');
  await mail.stop();
  await db.close();
});
