/**
 * The `ses` transport forwards through an upstream SES with SES v2 SendEmail (Content.Raw); here the
 * upstream is a second Pinpost, and the message must land in that server's mailbox. Credentials
 * reach the SDK through the standard environment variables.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreateEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { newSesMessageId } from '../src/mail/index.js';
import { startTestServer, type TestServer } from './support/server.js';

let upstream: TestServer;
let local: TestServer;
const saved = { ...process.env };

before(async () => {
  // The default credential chain reads these first (the upstream's root key test/test).
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_REGION;
  upstream = await startTestServer();
  local = await startTestServer({ transport: 'ses', sesUpstream: upstream.url });
});

after(async () => {
  await local.close();
  await upstream.close();
  process.env = saved;
});

async function forward(from: string, subject: string) {
  const messageId = newSesMessageId('us-east-1');
  const raw = await local.runtime.mail.mime.build({
    from,
    to: ['to@example.org'],
    cc: [],
    bcc: ['hidden@example.org'],
    replyTo: [],
    subject,
    text: 'forwarded upstream',
    headers: [],
    attachments: [],
    messageId,
    date: new Date(),
  });
  await local.runtime.mail.outbox.enqueue({
    messageId,
    scope: { account: '000000000000', region: 'us-east-1' },
    envelopeFrom: from,
    recipients: ['to@example.org', 'hidden@example.org'],
    raw,
  });
  await local.runtime.mail.drain();
  return messageId;
}

test('a message sent with --transport ses lands in the upstream Pinpost mailbox, Bcc included', async () => {
  await upstream.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
  const delivered: string[][] = [];
  local.runtime.mail.onDelivered((_m, recipients) => {
    delivered.push(recipients);
  });
  const messageId = await forward('sender@example.com', 'Through the upstream');
  assert.equal((await local.runtime.mail.outboxState(messageId))[0].status, 'delivered');
  assert.deepEqual(delivered, [['to@example.org', 'hidden@example.org']]);
  await upstream.runtime.mail.drain();

  const res = await fetch(`${upstream.url}/_aws/ses?email=sender@example.com`);
  const { messages } = (await res.json()) as {
    messages: {
      Subject: string;
      Destination: { ToAddresses: string[]; BccAddresses: string[] };
      Body: { text_part: string };
    }[];
  };
  assert.equal(messages.length, 1);
  assert.equal(messages[0].Subject, 'Through the upstream');
  assert.deepEqual(messages[0].Destination.ToAddresses, ['to@example.org']);
  assert.deepEqual(messages[0].Destination.BccAddresses, ['hidden@example.org']);
  assert.equal(messages[0].Body.text_part, 'forwarded upstream');
  // The local server captured nothing: its transport is the upstream.
  const mine = (await (await fetch(`${local.url}/_aws/ses`)).json()) as { messages: unknown[] };
  assert.deepEqual(mine.messages, []);
});

test('an upstream refusal (MessageRejected: unverified sender) fails the message for good, without retrying', async () => {
  const messageId = await forward('nobody@unverified.example', 'Refused upstream');
  const [state] = await local.runtime.mail.outboxState(messageId);
  assert.equal(state.status, 'failed');
  assert.equal(state.attempts, 1);
  assert.match(state.lastError ?? '', /MessageRejected/);
});
