/**
 * Large mailbox answers (issue 9, finding 8: `GET /_aws/ses` with a few 34 MB messages was always a
 * 500, "string too long", at 2 GB RSS). The answer is now written message by message in chunks
 * (sent chunked, no Content-Length) and is valid JSON holding every message; `limit`, `since` and
 * `next` page `/_aws/ses` and `/_pinpost/mailbox`. The messages here are a few MB each, stored
 * straight into the mailbox, so the test stays small in memory and time.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MailboxStore } from '../src/mail/mailbox/store.js';
import { startTestServer, type TestServer } from './support/server.js';

const MESSAGES = 3;
const BODY_LINES = 25_000; // ~1.6 MB of text each

let server: TestServer;
const texts: string[] = [];
const raws: string[] = [];

before(async () => {
  server = await startTestServer();
  const store = new MailboxStore(server.runtime.db);
  for (let i = 0; i < MESSAGES; i++) {
    // Quotes, backslashes and non-ASCII on every line: all of it has to be escaped, slice by slice.
    const text = Array.from(
      { length: BODY_LINES },
      (_, n) => `${i}:${n} "quoted" \\ é 😀 ${'x'.repeat(40)}`,
    ).join('\r\n');
    const raw = [
      'From: big@example.com',
      `To: reader${i}@example.org`,
      `Subject: large ${i}`,
      `Message-ID: <big-${i}@example.com>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      text,
    ].join('\r\n');
    texts.push(text.replace(/\r\n/g, '\n')); // as mailparser reads the part back
    raws.push(raw);
    await store.insert({
      outboxId: 1000 + i,
      messageId: `big-${i}`,
      account: '000000000000',
      region: 'us-east-1',
      receivedAt: new Date(Date.UTC(2026, 0, 1 + i)),
      envelopeFrom: 'big@example.com',
      fromAddress: 'big@example.com',
      fromText: 'big@example.com',
      subject: `large ${i}`,
      to: [`reader${i}@example.org`],
      cc: [],
      bcc: [],
      raw: Buffer.from(raw, 'utf8'),
      recipients: [`reader${i}@example.org`],
    });
  }
});

after(async () => {
  await server.close();
});

interface Listing {
  messages: { Id: string; RawData: string; Body: { text_part: string | null }; Subject: string }[];
  nextToken?: string;
}

test('GET /_aws/ses with several multi-MB messages is chunked, valid JSON, and holds them all', async () => {
  const res = await fetch(`${server.url}/_aws/ses`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-length'), null);
  assert.equal(res.headers.get('transfer-encoding'), 'chunked');
  const body = (await res.json()) as Listing;
  assert.deepEqual(
    body.messages.map((m) => m.Id),
    ['big-0', 'big-1', 'big-2'],
  );
  body.messages.forEach((m, i) => {
    assert.ok(m.RawData === raws[i], `RawData of message ${i} is whole`);
    assert.ok(m.Body.text_part === texts[i], `text_part of message ${i} is whole`);
  });
  assert.equal(body.nextToken, undefined, 'no limit: everything, as LocalStack answers');
});

test('GET /_aws/ses pages with limit and next, and filters by since', async () => {
  const first = (await (await fetch(`${server.url}/_aws/ses?limit=2`)).json()) as Listing;
  assert.deepEqual(
    first.messages.map((m) => m.Id),
    ['big-0', 'big-1'],
  );
  assert.ok(first.nextToken);
  const second = (await (
    await fetch(`${server.url}/_aws/ses?limit=2&next=${first.nextToken}`)
  ).json()) as Listing;
  assert.deepEqual(
    second.messages.map((m) => m.Id),
    ['big-2'],
  );
  assert.equal(second.nextToken, undefined);
  const since = (await (await fetch(`${server.url}/_aws/ses?since=2026-01-02T00:00:00Z`)).json()) as Listing;
  assert.deepEqual(
    since.messages.map((m) => m.Id),
    ['big-1', 'big-2'],
  );
  const epoch = (await (
    await fetch(`${server.url}/_aws/ses?since=${Date.UTC(2026, 0, 3)}&limit=1`)
  ).json()) as Listing;
  assert.deepEqual(
    epoch.messages.map((m) => m.Id),
    ['big-2'],
  );
  for (const q of ['limit=0', 'limit=1001', 'limit=two', 'since=soon', 'next=%21%21']) {
    assert.equal((await fetch(`${server.url}/_aws/ses?${q}`)).status, 400, q);
  }
});

test('GET /_pinpost/mailbox pages the same messages newest first, with since', async () => {
  const page = (await (
    await fetch(`${server.url}/_pinpost/mailbox?limit=1&since=2026-01-02T00:00:00Z`)
  ).json()) as {
    messages: { id: string; size: number }[];
    nextToken?: string;
  };
  assert.deepEqual(
    page.messages.map((m) => [m.id, m.size]),
    [['big-2', Buffer.byteLength(raws[2])]],
  );
  const rest = (await (
    await fetch(`${server.url}/_pinpost/mailbox?limit=1&since=2026-01-02T00:00:00Z&next=${page.nextToken}`)
  ).json()) as { messages: { id: string }[]; nextToken?: string };
  assert.deepEqual(
    rest.messages.map((m) => m.id),
    ['big-1'],
  );
  assert.equal(rest.nextToken, undefined);
});

test('GET /_pinpost/mailbox/<id> of a multi-MB message is chunked and whole', async () => {
  const res = await fetch(`${server.url}/_pinpost/mailbox/big-1`);
  assert.equal(res.headers.get('transfer-encoding'), 'chunked');
  const { message } = (await res.json()) as { message: { text: string } };
  assert.ok(message.text === texts[1]);
});
