/**
 * What the console's mailbox page reads, over HTTP on a started Pinpost: the event stream of new
 * messages (`/_pinpost/mailbox/stream`), the `text` search over bodies, a message's links and its
 * attachments as downloads. Messages go in through runtime.mail directly.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { newSesMessageId } from '../src/mail/index.js';
import { MailStreams } from '../src/mail/mailbox/stream-route.js';
import type { MailboxStore } from '../src/mail/mailbox/store.js';
import type { MessageContent } from '../src/services/ses/ports.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
const US = { account: '000000000000', region: 'us-east-1' };

async function send(content: Partial<MessageContent> & { to: string[] }, scope = US): Promise<string> {
  const messageId = newSesMessageId(scope.region);
  const full: MessageContent = {
    from: 'news@example.com',
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
    envelopeFrom: 'news@example.com',
    recipients: full.to,
    raw,
  });
  return messageId;
}

/** Reads server-sent events from a fetch response until `count` events of `name` have arrived. */
async function readEvents(res: Response, name: string, count: number) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  const events = () =>
    text
      .split('\n\n')
      .slice(0, -1)
      .map((block) =>
        Object.fromEntries(
          block.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
        ),
      )
      .filter((e) => e.event === name);
  while (events().length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  await reader.cancel();
  return { events: events(), text };
}

before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('GET /_pinpost/mailbox/stream sends a ready event, then one message event per new message', async () => {
  const res = await fetch(`${server.url}/_pinpost/mailbox/stream`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  const reading = readEvents(res, 'message', 2);
  const first = await send({ to: ['ada@example.org'], subject: 'one', text: 'first' });
  const second = await send({ to: ['bob@example.org'], subject: 'two', text: 'second' });
  const { events, text } = await reading;
  assert.match(text, /^retry: 2000\nevent: ready\ndata: \{"lastEventId":"\d+"\}\n\n/);
  assert.deepEqual(
    events.map((e) => JSON.parse(e.data).id),
    [first, second],
  );
  assert.deepEqual(JSON.parse(events[0].data).to, ['ada@example.org']);
  assert.ok(Number(events[1].id) > Number(events[0].id));
});

test('a stream opened with Last-Event-ID gets the messages it missed first', async () => {
  const res1 = await fetch(`${server.url}/_pinpost/mailbox/stream`);
  const reading = readEvents(res1, 'message', 1);
  await send({ to: ['carol@example.org'], subject: 'three', text: 'x' });
  const seen = (await reading).events[0].id;
  const missed = await send({ to: ['dan@example.org'], subject: 'four', text: 'y' });
  const res2 = await fetch(`${server.url}/_pinpost/mailbox/stream`, { headers: { 'last-event-id': seen } });
  const { events } = await readEvents(res2, 'message', 1);
  assert.equal(JSON.parse(events[0].data).id, missed);
});

test('a stream scoped to an account (?account=, as the listing; a signed caller is always scoped to its own) carries that account only', async () => {
  const res = await fetch(`${server.url}/_pinpost/mailbox/stream?account=999999999999`);
  const reading = readEvents(res, 'message', 1);
  await send(
    { to: ['eve@example.org'], subject: 'other account', text: 'z' },
    { account: '999999999999', region: 'us-east-1' },
  );
  await send({ to: ['eve@example.org'], subject: 'ours', text: 'z' });
  const { events } = await reading;
  assert.equal(JSON.parse(events[0].data).subject, 'other account');
  const post = await fetch(`${server.url}/_pinpost/mailbox/stream`, { method: 'DELETE' });
  assert.equal(post.status, 405);
});

test('text= searches the subject, the addresses and the bodies, case-insensitively', async () => {
  const fox = await send({
    to: ['fox@example.org'],
    subject: 'animals',
    text: 'The Quick Brown Fox',
    html: '<p>hi</p>',
  });
  const html = await send({
    to: ['h@example.org'],
    subject: 'markup',
    html: '<p>A <b>bold</b> 100%_offer</p>',
  });
  await server.runtime.mail.drain();
  const ids = async (text: string) =>
    (
      (await (await fetch(`${server.url}/_pinpost/mailbox?text=${encodeURIComponent(text)}`)).json()) as {
        messages: { id: string }[];
      }
    ).messages.map((m) => m.id);
  assert.deepEqual(await ids('quick brown'), [fox]);
  assert.deepEqual(await ids('100%_off'), [html]);
  assert.deepEqual(await ids('100%x'), []);
  assert.deepEqual(await ids('FOX@EXAMPLE'), [fox]);
  assert.deepEqual(await ids('markup'), [html]);
});

test('a message view lists its links; an attachment downloads by index', async () => {
  const id = await send({
    to: ['ada@example.org'],
    subject: 'report',
    html: '<a href="https://example.com/r?x=1">report</a>',
    attachments: [{ filename: 'report.csv', content: Buffer.from('a,b\n1,2\n'), contentType: 'text/csv' }],
  });
  await server.runtime.mail.drain();
  const view = (await (await fetch(`${server.url}/_pinpost/mailbox/${id}`)).json()) as { links: string[] };
  assert.deepEqual(view.links, ['https://example.com/r?x=1']);
  const file = await fetch(`${server.url}/_pinpost/mailbox/${id}/attachments/0`);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-disposition'), 'attachment; filename="report.csv"');
  assert.equal(file.headers.get('content-type'), 'application/octet-stream');
  assert.equal(await file.text(), 'a,b\n1,2\n');
  assert.equal((await fetch(`${server.url}/_pinpost/mailbox/${id}/attachments/1`)).status, 404);
  assert.equal((await fetch(`${server.url}/_pinpost/mailbox/${id}/attachments/x`)).status, 404);
});

test("a message view checks its DKIM signature against the identity's key", async () => {
  const { CreateEmailIdentityCommand, SendEmailCommand } = await import('@aws-sdk/client-sesv2');
  await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'signed.example' }));
  const sent = await server.sesv2().send(
    new SendEmailCommand({
      FromEmailAddress: 'a@signed.example',
      Destination: { ToAddresses: ['b@example.org'] },
      Content: { Simple: { Subject: { Data: 'signed' }, Body: { Text: { Data: 'hi' } } } },
    }),
  );
  await server.runtime.mail.drain();
  type View = {
    dkim: { result: string; domain?: string; signatureValid?: boolean; bodyHashMatches?: boolean };
  };
  const view = (await (await fetch(`${server.url}/_pinpost/mailbox/${sent.MessageId}`)).json()) as View;
  assert.equal(view.dkim.result, 'pass');
  assert.equal(view.dkim.domain, 'signed.example');
  assert.equal(view.dkim.signatureValid, true);
  assert.equal(view.dkim.bodyHashMatches, true);
  const unsigned = await send({ to: ['c@example.org'], subject: 'unsigned', text: 'x' });
  await server.runtime.mail.drain();
  const plain = (await (await fetch(`${server.url}/_pinpost/mailbox/${unsigned}`)).json()) as View;
  assert.deepEqual(plain.dkim, { result: 'none' });
});

test('MailStreams: at most `max` streams; stop() ends every stream', async () => {
  let listener: (() => void) | undefined;
  const store = {
    onArrival: (l: () => void) => ((listener = l), () => (listener = undefined)),
    list: async () => [],
    lastSeq: async () => 0,
    arrivalsHeard: async () => undefined,
  } as unknown as MailboxStore;
  const streams = new MailStreams(store, 1, 60_000);
  const it = streams.events(undefined, 0);
  assert.match((await it.next()).value as string, /event: ready/);
  const waiting = it.next();
  assert.equal(streams.size, 1);
  assert.ok(listener);
  streams.stop();
  assert.deepEqual(await waiting, { value: undefined, done: true });
  assert.equal(streams.size, 0);
  assert.equal(listener, undefined);
  assert.equal(streams.accepting, false);
});

test('the event stream ends when the server stops', async () => {
  const local = await startTestServer();
  const res = await fetch(`${local.url}/_pinpost/mailbox/stream`);
  const reading = readEvents(res, 'message', 1);
  await new Promise((r) => setTimeout(r, 50));
  await local.close();
  const { events, text } = await reading;
  assert.equal(events.length, 0);
  assert.match(text, /event: ready/);
});
