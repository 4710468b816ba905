/**
 * Two whole runtimes on one PostgreSQL database (run by `run-tests --postgres` only: a SQLite
 * directory is one process's) take one outbox together: every message reaches the relay once,
 * each delivers some, and each message has exactly one SES Delivery event.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateEmailIdentityCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { startSmtpSink, type SmtpSink } from '../mail-smtp-sink.js';
import { testData } from '../support/database.js';
import { startTestServer } from '../support/server.js';

/**
 * More than both processes hold in flight together (64 each, in batches of 32: src/mail/outbox/
 * worker.ts), so neither can claim the whole queue before the other starts.
 */
const MESSAGES = 160;

const subjects = (sink: SmtpSink) =>
  sink.received.map((r) => /^Subject: (.*)$/m.exec(r.raw.toString())?.[1] ?? '?').sort();

const numbered = (prefix: string) =>
  Array.from({ length: MESSAGES }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`).sort();

test('two runtimes on one PostgreSQL database share the deliveries: one relay delivery and one Delivery event a message', async () => {
  const sink = await startSmtpSink();
  const data = testData();
  const config = { data, transport: 'smtp', smtpRelay: sink.url(), sesMaxSendRate: 100_000 } as const;
  const one = await startTestServer(config);
  const two = await startTestServer(config);
  try {
    await one.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
    const by = new Map<string, string[]>([
      ['one', []],
      ['two', []],
    ]);
    one.runtime.mail.onDelivered((m) => void by.get('one')!.push(m.messageId));
    two.runtime.mail.onDelivered((m) => void by.get('two')!.push(m.messageId));
    // Sent while no worker runs, half through each process; then both take the one queue.
    await one.runtime.jobs.worker.stop();
    await two.runtime.jobs.worker.stop();
    const sent: string[] = [];
    for (const [i, subject] of numbered('sent').entries()) {
      const out = await (i % 2 ? two : one).sesv2().send(
        new SendEmailCommand({
          FromEmailAddress: 'news@example.com',
          Destination: { ToAddresses: [`${subject}@example.org`] },
          Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: subject } } } },
        }),
      );
      sent.push(out.MessageId!);
    }
    one.runtime.jobs.worker.start();
    two.runtime.jobs.worker.start();
    await one.runtime.mail.drain();
    await two.runtime.mail.drain();
    assert.deepEqual(subjects(sink), numbered('sent'), 'each message reached the relay once');
    const [ofOne, ofTwo] = [by.get('one')!, by.get('two')!];
    assert.equal(new Set([...ofOne, ...ofTwo]).size, MESSAGES);
    assert.equal(ofOne.length + ofTwo.length, MESSAGES, 'no message was delivered by both');
    assert.ok(ofOne.length > 0 && ofTwo.length > 0, `both delivered (${ofOne.length}, ${ofTwo.length})`);
    const events = await one.runtime.db.all<{ message_id: string; n: number }>(
      `SELECT message_id, count(*) AS n FROM ses_events WHERE event_type = 'DELIVERY' GROUP BY message_id`,
    );
    assert.deepEqual(events.map((e) => e.message_id).sort(), [...sent].sort());
    assert.ok(
      events.every((e) => e.n === 1),
      'one Delivery event a message',
    );
  } finally {
    await two.close();
    await one.close();
    await sink.close();
  }
});

test('a mailbox wait on one process ends with mail another process delivered (PostgreSQL NOTIFY)', async () => {
  const data = testData();
  const one = await startTestServer({ data, sesMaxSendRate: 10_000 });
  const two = await startTestServer({ data, sesMaxSendRate: 10_000 });
  try {
    await two.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
    // Only the second process delivers: the first one's waiter can hear of the mail only from it.
    await one.runtime.jobs.worker.stop();
    const waited = fetch(`${one.url}/_pinpost/mailbox/wait?to=far@example.org&timeout=30`);
    for (let i = 0; i < 2000 && one.runtime.mail.waiting() !== 1; i++)
      await new Promise((r) => setTimeout(r, 5));
    assert.equal(one.runtime.mail.waiting(), 1, 'the wait is registered before the send');
    const sent = await two.sesv2().send(
      new SendEmailCommand({
        FromEmailAddress: 'news@example.com',
        Destination: { ToAddresses: ['far@example.org'] },
        Content: { Simple: { Subject: { Data: 'from afar' }, Body: { Text: { Data: 'x' } } } },
      }),
    );
    const res = await waited;
    assert.equal(res.status, 200);
    const body = (await res.json()) as { message: { id: string; subject: string } };
    assert.equal(body.message.subject, 'from afar');
    assert.equal(body.message.id, sent.MessageId);
  } finally {
    await two.close();
    await one.close();
  }
});
