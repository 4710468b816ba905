/**
 * What the mailbox holds and when: with the capture transport a sent message is listed `accepted`
 * when its send returns and `delivered` once the outbox has handed it over; a message deleted in
 * between stays deleted; rows queued without a listing (an older version, another transport) are
 * listed once when capture delivers them; with an SMTP relay the mailbox holds nothing and a wait
 * says why at once. The schema step keeps mail captured before it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CreateEmailIdentityCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import pino from 'pino';
import { mailMigrations, newSesMessageId } from '../src/mail/index.js';
import { MailboxStore } from '../src/mail/mailbox/store.js';
import { createMime } from '../src/mail/mime.js';
import type { OutgoingMessage } from '../src/services/ses/ports.js';
import { openDatabase } from '../src/store/index.js';
import { MAIL_MIGRATIONS, openMail } from './mail-jobs.js';
import { startSmtpSink } from './mail-smtp-sink.js';
import { TEST_DATABASE, testData } from './support/database.js';
import { startTestServer, type TestServer } from './support/server.js';

const log = pino({ level: 'silent' });
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Where a database reopened by the test finds what it held (a folder, or a PostgreSQL schema). */
function lasting(): string {
  if (TEST_DATABASE) return testData();
  const d = mkdtempSync(join(tmpdir(), 'pinpost-mail-state-'));
  dirs.push(d);
  return d;
}

interface Summary {
  id: string;
  status: string;
  deliveredAt: string | null;
  timestamp: string;
}

async function summaries(server: TestServer): Promise<Summary[]> {
  const res = await fetch(`${server.url}/_pinpost/mailbox`);
  return ((await res.json()) as { messages: Summary[] }).messages;
}

async function send(server: TestServer, subject: string): Promise<string> {
  const out = await server.sesv2().send(
    new SendEmailCommand({
      FromEmailAddress: 'state@example.com',
      Destination: { ToAddresses: ['reader@example.org'] },
      Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'x' } } } },
    }),
  );
  return out.MessageId!;
}

test('a sent message is listed accepted when the send returns, then delivered by the outbox', async () => {
  const server = await startTestServer();
  try {
    await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
    // Nothing is delivered until the job worker runs again.
    await server.runtime.jobs.worker.stop();
    const id = await send(server, 'queued');
    const [accepted] = await summaries(server);
    assert.equal(accepted.id, id);
    assert.equal(accepted.status, 'accepted');
    assert.equal(accepted.deliveredAt, null);
    const ls = (await (await fetch(`${server.url}/_aws/ses?id=${id}`)).json()) as { messages: unknown[] };
    assert.equal(ls.messages.length, 1, '/_aws/ses lists it too');

    server.runtime.jobs.worker.start();
    await server.runtime.mail.drain();
    const [delivered] = await summaries(server);
    assert.equal(delivered.status, 'delivered');
    assert.ok(delivered.deliveredAt !== null && delivered.deliveredAt >= delivered.timestamp);
  } finally {
    await server.close();
  }
});

test('a message deleted before its delivery is not brought back by it', async () => {
  const server = await startTestServer();
  try {
    await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
    await server.runtime.jobs.worker.stop();
    const id = await send(server, 'deleted early');
    assert.equal((await fetch(`${server.url}/_aws/ses?id=${id}`, { method: 'DELETE' })).status, 204);
    server.runtime.jobs.worker.start();
    await server.runtime.mail.drain();
    assert.equal((await server.runtime.mail.outboxState(id))[0].status, 'delivered');
    assert.deepEqual(await summaries(server), []);
  } finally {
    await server.close();
  }
});

test('with an SMTP relay the mailbox holds nothing, and a wait for mail answers 409 at once', async () => {
  const sink = await startSmtpSink();
  const server = await startTestServer({ transport: 'smtp', smtpRelay: sink.url() });
  try {
    await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
    await send(server, 'relayed');
    await server.runtime.mail.drain();
    assert.equal(sink.received.length, 1);
    assert.deepEqual(await summaries(server), []);
    const wait = await fetch(`${server.url}/_pinpost/mailbox/wait?timeout=60`);
    assert.equal(wait.status, 409);
    assert.match(((await wait.json()) as { message: string }).message, /--transport capture.*smtp/);
  } finally {
    await server.close();
    await sink.close();
  }
});

async function outgoing(subject: string): Promise<OutgoingMessage> {
  const messageId = newSesMessageId('us-east-1');
  const raw = await createMime().build({
    from: 'sender@example.com',
    to: ['rcpt@example.org'],
    cc: [],
    bcc: ['hidden@example.org'],
    replyTo: [],
    subject,
    text: 'x',
    headers: [],
    attachments: [],
    messageId,
    date: new Date(),
  });
  return {
    messageId,
    scope: { account: '000000000000', region: 'us-east-1' },
    envelopeFrom: 'sender@example.com',
    recipients: ['rcpt@example.org', 'hidden@example.org'],
    raw,
  };
}

test('a message queued without a listing (another transport) is listed once when capture delivers it', async () => {
  const dir = lasting();
  const m = await outgoing('queued under smtp');
  const db1 = await openDatabase({ data: dir, migrations: MAIL_MIGRATIONS });
  const relay = openMail(db1, { transport: 'smtp', smtpRelay: 'smtp://127.0.0.1:9', log });
  await relay.outbox.enqueue(m); // never started: stays queued
  await relay.stop();
  assert.deepEqual(await new MailboxStore(db1).list({}), []);
  await db1.close();

  const db2 = await openDatabase({ data: dir, migrations: MAIL_MIGRATIONS });
  const capture = openMail(db2, { transport: 'capture', log });
  capture.start();
  await capture.drain();
  const listed = await new MailboxStore(db2).list({});
  assert.deepEqual(
    listed.map((r) => [r.messageId, r.status, r.subject, r.bcc]),
    [[m.messageId, 'delivered', 'queued under smtp', ['hidden@example.org']]],
  );
  await capture.stop();
  await db2.close();
});

/** Queues `m` under capture and closes without delivering; returns where the database lives. */
async function queuedUnderCapture(m: OutgoingMessage): Promise<string> {
  const dir = lasting();
  const db = await openDatabase({ data: dir, migrations: MAIL_MIGRATIONS });
  const capture = openMail(db, { transport: 'capture', log });
  await capture.outbox.enqueue(m); // never started: stays queued, listed accepted
  await capture.stop();
  // The listing holds the bytes; the outbox row keeps none of its own.
  assert.deepEqual(await db.all('SELECT raw FROM mail_outbox'), [{ raw: '' }]);
  assert.equal((await new MailboxStore(db).list({}))[0]?.status, 'accepted');
  await db.close();
  return dir;
}

test("a message queued under capture and delivered by an SMTP relay after a restart goes out with its listing's bytes", async () => {
  const sink = await startSmtpSink();
  try {
    const m = await outgoing('queued under capture');
    const dir = await queuedUnderCapture(m);
    const db = await openDatabase({ data: dir, migrations: MAIL_MIGRATIONS });
    const relay = openMail(db, { transport: 'smtp', smtpRelay: sink.url(), log });
    relay.start();
    await relay.drain();
    await relay.stop();
    assert.equal(sink.received.length, 1);
    assert.deepEqual(sink.received[0]!.raw, m.raw);
    assert.equal((await relay.outboxState(m.messageId))[0]?.status, 'delivered');
    await db.close();
  } finally {
    await sink.close();
  }
});

test('a message queued under capture whose listing was deleted fails for good under an SMTP relay, sending nothing', async () => {
  const sink = await startSmtpSink();
  try {
    const m = await outgoing('deleted, then relayed');
    const dir = await queuedUnderCapture(m);
    const db = await openDatabase({ data: dir, migrations: MAIL_MIGRATIONS });
    await db.run('DELETE FROM mail_mailbox');
    const relay = openMail(db, { transport: 'smtp', smtpRelay: sink.url(), log });
    relay.start();
    await relay.drain();
    await relay.stop();
    assert.equal(sink.received.length, 0);
    const [state] = await relay.outboxState(m.messageId);
    assert.equal(state?.status, 'failed');
    assert.equal(state?.attempts, 1, 'no retry: retrying cannot bring the bytes back');
    assert.match(state?.lastError ?? '', /bytes were kept by its mailbox listing, deleted before delivery/);
    await db.close();
  } finally {
    await sink.close();
  }
});

test('the schema step keeps captured mail (delivered) and never reuses a seq after a delete', async () => {
  const dir = lasting();
  const v1 = await openDatabase({ data: dir, migrations: mailMigrations.filter((m) => m.version === 1) });
  await v1.run(
    `INSERT INTO mail_mailbox (outbox_id, message_id, account, region, received_at, envelope_from, from_address,
       from_text, subject, to_json, cc_json, bcc_json, recipients_key, size, raw, bodies_parsed)
     VALUES (1, 'm-1', '000000000000', 'us-east-1', 1000, 'a@example.com', 'a@example.com', 'a@example.com',
       'old', '[]', '[]', '[]', ',b@example.org,', 1, 'eA==', 0)`,
  );
  await v1.close();
  const db = await openDatabase({ data: dir, migrations: MAIL_MIGRATIONS });
  const store = new MailboxStore(db);
  const [old] = await store.list({});
  assert.deepEqual(
    [old.seq, old.messageId, old.status, old.deliveredAt?.getTime()],
    [1, 'm-1', 'delivered', 1000],
  );
  assert.deepEqual((await store.list({ recipient: 'b@example.org' })).length, 1);
  await store.delete();
  const record = {
    outboxId: 2,
    messageId: 'm-2',
    account: '000000000000',
    region: 'us-east-1',
    receivedAt: new Date(2000),
    envelopeFrom: 'a@example.com',
    fromAddress: 'a@example.com',
    fromText: 'a@example.com',
    subject: 'new',
    to: [],
    cc: [],
    bcc: [],
    raw: Buffer.from('x'),
    recipients: ['b@example.org'],
  };
  await store.insert(record);
  assert.equal((await store.list({}))[0].seq, 2, 'the deleted seq 1 is not given again');
  await db.close();
});
