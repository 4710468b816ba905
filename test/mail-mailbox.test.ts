/**
 * The capture transport and both mailbox APIs over HTTP on a started Pinpost: LocalStack's
 * `/_aws/ses` (shape and filters of its SesServiceApiResource) and `/_pinpost/mailbox` (search,
 * pages, one message with its events, the raw .eml). Messages go in through runtime.mail directly.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { newSesMessageId } from '../src/mail/index.js';
import type { MessageContent, SesScope } from '../src/services/ses/ports.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
const ids: Record<string, string> = {};
const raws: Record<string, Buffer> = {};

async function send(
  name: string,
  scope: SesScope,
  content: Partial<MessageContent> & { from: string; to: string[] },
) {
  const messageId = newSesMessageId(scope.region);
  const full: MessageContent = {
    cc: [],
    bcc: [],
    replyTo: [],
    subject: '',
    headers: [],
    attachments: [],
    messageId,
    date: new Date(),
    ...content,
  };
  const raw = await server.runtime.mail.mime.build(full);
  await server.runtime.mail.outbox.enqueue({
    messageId,
    scope,
    envelopeFrom: content.from.replace(/^.*<|>$/g, ''),
    recipients: [...full.to, ...full.cc, ...full.bcc],
    raw,
  });
  ids[name] = messageId;
  raws[name] = raw;
  await server.runtime.mail.drain();
}

async function get(path: string) {
  const res = await fetch(server.url + path);
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    type,
    body: type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer()),
  };
}

const US = { account: '000000000000', region: 'us-east-1' };
const EU = { account: '111111111111', region: 'eu-west-1' };

before(async () => {
  server = await startTestServer();
  await send('invoice', US, {
    from: 'Alice <alice@example.com>',
    to: ['bob@example.org'],
    cc: ['carol@example.org'],
    bcc: ['dave@example.org'],
    subject: 'Invoice März',
    text: 'Please pay.',
    html: '<p>Please <b>pay</b>.</p>',
    attachments: [
      { filename: 'invoice.pdf', content: Buffer.from('%PDF-1.4'), contentType: 'application/pdf' },
    ],
  });
  await send('welcome', US, {
    from: 'alice@example.com',
    to: ['erin@example.org'],
    subject: 'Welcome',
    text: 'Hi',
  });
  await send('april', EU, {
    from: 'zed@other.com',
    to: ['Bob <BOB@example.org>'],
    subject: 'Invoice April',
    html: '<i>x</i>',
  });
});

after(async () => {
  await server.close();
});

test('GET /_aws/ses lists captured mail in LocalStack shape, oldest first', async () => {
  const res = await get('/_aws/ses');
  assert.equal(res.status, 200);
  const { messages } = res.body as { messages: Record<string, unknown>[] };
  assert.deepEqual(
    messages.map((m) => m.Id),
    [ids.invoice, ids.welcome, ids.april],
  );
  const m = messages[0];
  assert.deepEqual(Object.keys(m).sort(), [
    'Body',
    'Destination',
    'Id',
    'RawData',
    'Region',
    'Source',
    'Subject',
    'Timestamp',
  ]);
  assert.equal(m.Region, 'us-east-1');
  assert.match(String(m.Timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  assert.equal(m.Source, 'alice@example.com');
  assert.deepEqual(m.Destination, {
    ToAddresses: ['bob@example.org'],
    CcAddresses: ['carol@example.org'],
    BccAddresses: ['dave@example.org'],
  });
  assert.equal(m.Subject, 'Invoice März');
  assert.deepEqual(m.Body, { text_part: 'Please pay.', html_part: '<p>Please <b>pay</b>.</p>' });
  assert.equal(m.RawData, raws.invoice.toString('utf8'));
  const welcome = messages[1] as { Body: unknown };
  assert.deepEqual(welcome.Body, { text_part: 'Hi', html_part: null });
});

test('GET /_aws/ses filters by id and by email (the Source), both together with AND', async () => {
  const bySource = (await get('/_aws/ses?email=alice@example.com')).body as { messages: { Id: string }[] };
  assert.deepEqual(
    bySource.messages.map((m) => m.Id),
    [ids.invoice, ids.welcome],
  );
  const byId = (await get(`/_aws/ses?id=${ids.april}`)).body as {
    messages: { Id: string; Region: string }[];
  };
  assert.deepEqual(
    byId.messages.map((m) => [m.Id, m.Region]),
    [[ids.april, 'eu-west-1']],
  );
  const both = (await get(`/_aws/ses?id=${ids.april}&email=alice@example.com`)).body as {
    messages: unknown[];
  };
  assert.deepEqual(both.messages, []);
});

test('GET /_pinpost/mailbox searches by recipient, sender, subject and time, newest first', async () => {
  const list = async (q: string) =>
    ((await get(`/_pinpost/mailbox${q}`)).body as { messages: { id: string }[] }).messages.map((m) => m.id);
  assert.deepEqual(await list(''), [ids.april, ids.welcome, ids.invoice]);
  assert.deepEqual(await list('?recipient=bob@example.org'), [ids.april, ids.invoice]);
  assert.deepEqual(await list('?recipient=dave@example.org'), [ids.invoice], 'Bcc recipients are found too');
  assert.deepEqual(await list('?recipient=ob@example.org'), [], 'recipients match whole addresses');
  assert.deepEqual(await list('?from=ZED@other.com'), [ids.april]);
  assert.deepEqual(await list('?subject=INVOICE'), [ids.april, ids.invoice]);
  assert.deepEqual(await list('?subject=%25'), [], 'LIKE wildcards are taken literally');
  assert.deepEqual(await list('?account=111111111111'), [ids.april]);
  assert.deepEqual(await list('?region=us-east-1&subject=welcome'), [ids.welcome]);
  const future = new Date(Date.now() + 3_600_000).toISOString();
  assert.deepEqual(await list(`?since=${future}`), []);
  assert.deepEqual(await list(`?until=${future}&subject=april`), [ids.april]);
});

test('GET /_pinpost/mailbox pages with limit and nextToken, and refuses bad parameters', async () => {
  const first = (await get('/_pinpost/mailbox?limit=2')).body as {
    messages: { id: string }[];
    nextToken?: string;
  };
  assert.deepEqual(
    first.messages.map((m) => m.id),
    [ids.april, ids.welcome],
  );
  assert.ok(first.nextToken);
  const second = (await get(`/_pinpost/mailbox?limit=2&next=${first.nextToken}`)).body as {
    messages: { id: string }[];
    nextToken?: string;
  };
  assert.deepEqual(
    second.messages.map((m) => m.id),
    [ids.invoice],
  );
  assert.equal(second.nextToken, undefined);
  assert.equal((await get('/_pinpost/mailbox?limit=0')).status, 400);
  assert.equal((await get('/_pinpost/mailbox?limit=1001')).status, 400);
  assert.equal((await get('/_pinpost/mailbox?since=yesterday')).status, 400);
});

test('GET /_pinpost/mailbox/<id> shows the message, its attachments and its SES events', async () => {
  await server.runtime.ses.sending.events.record({
    messageId: ids.invoice,
    scope: US,
    eventType: 'SEND',
    timestamp: new Date('2026-03-01T10:00:00Z'),
    detail: { mail: { messageId: ids.invoice } },
  });
  const res = await get(`/_pinpost/mailbox/${ids.invoice}`);
  assert.equal(res.status, 200);
  const { message, events } = res.body as {
    message: Record<string, unknown> & {
      attachments: { filename: string; contentType: string; size: number }[];
    };
    events: { eventType: string; timestamp: string }[];
  };
  assert.equal(message.id, ids.invoice);
  assert.equal(message.subject, 'Invoice März');
  assert.equal(message.from, 'Alice <alice@example.com>');
  assert.deepEqual(message.bcc, ['dave@example.org']);
  assert.equal(message.text, 'Please pay.');
  assert.deepEqual(
    message.attachments.map((a) => [a.filename, a.contentType, a.size]),
    [['invoice.pdf', 'application/pdf', 8]],
  );
  assert.ok(events.some((e) => e.eventType === 'SEND' && e.timestamp === '2026-03-01T10:00:00.000Z'));
  assert.equal((await get('/_pinpost/mailbox/0100000000000000-nope-000000')).status, 404);
});

test('GET /_pinpost/mailbox/<id>.eml is the raw message as message/rfc822', async () => {
  const res = await get(`/_pinpost/mailbox/${ids.invoice}.eml`);
  assert.equal(res.status, 200);
  assert.equal(res.type, 'message/rfc822');
  assert.ok(Buffer.isBuffer(res.body) && res.body.equals(raws.invoice));
  const parsed = await simpleParser(res.body as Buffer);
  assert.equal(parsed.messageId, `<${ids.invoice}@email.amazonses.com>`);
});

test('DELETE /_aws/ses?id= removes one message; DELETE /_aws/ses clears the mailbox for both APIs', async () => {
  const one = await fetch(`${server.url}/_aws/ses?id=${ids.welcome}`, { method: 'DELETE' });
  assert.equal(one.status, 204);
  const left = (await get('/_aws/ses')).body as { messages: { Id: string }[] };
  assert.deepEqual(
    left.messages.map((m) => m.Id),
    [ids.invoice, ids.april],
  );
  const all = await fetch(`${server.url}/_aws/ses`, { method: 'DELETE' });
  assert.equal(all.status, 204);
  assert.deepEqual(((await get('/_aws/ses')).body as { messages: unknown[] }).messages, []);
  assert.deepEqual(((await get('/_pinpost/mailbox')).body as { messages: unknown[] }).messages, []);
  assert.equal((await get(`/_pinpost/mailbox/${ids.invoice}.eml`)).status, 404);
});
