/**
 * The `smtp` transport against a real SMTP server (smtp-server) started here: the exact bytes and
 * the envelope (Bcc included) arrive, over STARTTLS, authenticated with the relay URL's user.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { newSesMessageId } from '../src/mail/index.js';
import { MAIL_MIGRATIONS, openMail } from './mail-jobs.js';
import { startSmtpSink } from './mail-smtp-sink.js';
import { openTestDatabase } from './support/database.js';

test('a message relayed over SMTP arrives byte for byte with its envelope, after STARTTLS and AUTH', async () => {
  const sink = await startSmtpSink();
  const db = await openTestDatabase(MAIL_MIGRATIONS);
  const mail = openMail(db, {
    transport: 'smtp',
    smtpRelay: sink.url('relay-user', 'relay-pass'),
    log: pino({ level: 'silent' }),
  });
  mail.start();
  const messageId = newSesMessageId('us-east-1');
  const raw = await mail.mime.build({
    from: 'Zoë <sender@example.com>',
    to: ['to@example.org'],
    cc: ['cc@example.org'],
    bcc: ['secret@example.org'],
    replyTo: [],
    subject: 'Relayed — ünïcödé',
    text: 'over the relay',
    html: '<p>over the relay</p>',
    headers: [],
    attachments: [{ filename: 'a.txt', content: Buffer.from('attached') }],
    messageId,
    date: new Date(),
  });
  await mail.outbox.enqueue({
    messageId,
    scope: { account: '000000000000', region: 'us-east-1' },
    envelopeFrom: 'bounces@example.com',
    recipients: ['to@example.org', 'cc@example.org', 'secret@example.org'],
    raw,
  });
  await mail.drain();
  assert.equal(sink.received.length, 1);
  const [got] = sink.received;
  assert.equal(got.from, 'bounces@example.com');
  assert.deepEqual(got.to, ['to@example.org', 'cc@example.org', 'secret@example.org']);
  assert.equal(got.secure, true, 'the session was upgraded with STARTTLS');
  assert.equal(got.user, 'relay-user');
  // SMTP dot-stuffing and the final CRLF are the server's business; the message itself is unchanged.
  assert.equal(got.raw.toString('latin1').replace(/\r\n$/, ''), raw.toString('latin1').replace(/\r\n$/, ''));
  assert.equal((await mail.outboxState(messageId))[0].status, 'delivered');
  await mail.stop();
  await db.close();
  await sink.close();
});

test('wrong relay credentials are a permanent failure (535), not retried', async () => {
  const sink = await startSmtpSink();
  const db = await openTestDatabase(MAIL_MIGRATIONS);
  const mail = openMail(db, {
    transport: 'smtp',
    smtpRelay: sink.url('relay-user', 'wrong'),
    log: pino({ level: 'silent' }),
    retry: { baseMs: 5 },
  });
  mail.start();
  const messageId = newSesMessageId('us-east-1');
  await mail.outbox.enqueue({
    messageId,
    scope: { account: '000000000000', region: 'us-east-1' },
    envelopeFrom: 'a@example.com',
    recipients: ['b@example.org'],
    raw: Buffer.from('From: a@example.com\r\nTo: b@example.org\r\nSubject: x\r\n\r\nx\r\n'),
  });
  await mail.drain();
  const [state] = await mail.outboxState(messageId);
  assert.equal(state.status, 'failed');
  assert.equal(state.attempts, 1);
  assert.match(state.lastError ?? '', /535/);
  assert.equal(sink.received.length, 0);
  await mail.stop();
  await db.close();
  await sink.close();
});
