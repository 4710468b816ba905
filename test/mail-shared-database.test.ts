/**
 * Several processes on one database (issue 12): the outbox's deliveries are jobs, so processes
 * sharing a PostgreSQL database spread them and never deliver one message twice. Two job workers
 * with outboxes of their own (two connection pools on one schema under PostgreSQL; one handle under
 * SQLite, whose file belongs to one process) take one queue together: every message reaches the
 * relay once and each delivers some. Two whole runtimes: test/postgres/mail-runtimes.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newSesMessageId } from '../src/mail/index.js';
import { createMime } from '../src/mail/mime.js';
import type { OutgoingMessage } from '../src/services/ses/ports.js';
import { openDatabase, type Database } from '../src/store/index.js';
import { MAIL_MIGRATIONS, openMail } from './mail-jobs.js';
import { startSmtpSink, type SmtpSink } from './mail-smtp-sink.js';
import { TEST_DATABASE, testData } from './support/database.js';

const MESSAGES = 60;

const subjects = (sink: SmtpSink) =>
  sink.received.map((r) => /^Subject: (.*)$/m.exec(r.raw.toString())?.[1] ?? '?').sort();

const numbered = (prefix: string) =>
  Array.from({ length: MESSAGES }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`).sort();

async function outgoing(subject: string): Promise<OutgoingMessage> {
  const messageId = newSesMessageId('us-east-1');
  const raw = await createMime().build({
    from: 'sender@example.com',
    to: ['rcpt@example.org'],
    cc: [],
    bcc: [],
    replyTo: [],
    subject,
    text: subject,
    headers: [],
    attachments: [],
    messageId,
    date: new Date(),
  });
  return {
    messageId,
    scope: { account: '000000000000', region: 'us-east-1' },
    envelopeFrom: 'sender@example.com',
    recipients: ['rcpt@example.org'],
    raw,
  };
}

test('two job workers on one database deliver each queued message once, and both deliver', async () => {
  const sink = await startSmtpSink();
  const data = testData();
  const dbA = await openDatabase({ data, migrations: MAIL_MIGRATIONS, poolSize: 4 });
  const dbB: Database = TEST_DATABASE
    ? await openDatabase({ data, migrations: MAIL_MIGRATIONS, poolSize: 4 })
    : dbA;
  const options = { transport: 'smtp', smtpRelay: sink.url(), concurrency: 4 } as const;
  const a = openMail(dbA, { ...options, owner: 'process-a' });
  const b = openMail(dbB, { ...options, owner: 'process-b' });
  const by = { a: [] as string[], b: [] as string[] };
  a.onDelivered((m) => void by.a.push(m.messageId));
  b.onDelivered((m) => void by.b.push(m.messageId));
  // Queued while neither runs, so both start on the same queue.
  for (const subject of numbered('queued')) await a.outbox.enqueue(await outgoing(subject));
  a.start();
  b.start();
  await a.drain();
  await b.drain();
  assert.deepEqual(subjects(sink), numbered('queued'), 'each message reached the relay once');
  assert.equal(by.a.length + by.b.length, MESSAGES);
  assert.equal(new Set([...by.a, ...by.b]).size, MESSAGES, 'no message was delivered by both');
  assert.ok(by.a.length > 0 && by.b.length > 0, `both delivered (a: ${by.a.length}, b: ${by.b.length})`);
  await a.stop();
  await b.stop();
  if (dbB !== dbA) await dbB.close();
  await dbA.close();
  await sink.close();
});
