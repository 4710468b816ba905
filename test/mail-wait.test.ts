/**
 * `GET /_pinpost/mailbox/wait` over HTTP on a started Pinpost: a wait started before the send ends
 * with the message, its links and its codes; filters (to, from, subject, since) hold it until the
 * right message comes; 408 on timeout, 400 on bad parameters; a client that disconnects leaves no
 * waiter behind; a stopping server ends waits at once.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { CreateEmailIdentityCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;

before(async () => {
  server = await startTestServer({ sesMaxSendRate: 10_000 });
  await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
});

after(async () => {
  await server.close();
});

interface Waited {
  message: {
    id: string;
    subject: string;
    to: string[];
    source: string;
    text: string | null;
    html: string | null;
  };
  links: string[];
  codes: string[];
}

async function send(
  to: string,
  subject: string,
  body: { text?: string; html?: string } = { text: 'x' },
  from = 'noreply@example.com',
): Promise<string> {
  const out = await server.sesv2().send(
    new SendEmailCommand({
      FromEmailAddress: from,
      Destination: { ToAddresses: [to] },
      Content: {
        Simple: {
          Subject: { Data: subject },
          Body: {
            ...(body.text === undefined ? {} : { Text: { Data: body.text } }),
            ...(body.html === undefined ? {} : { Html: { Data: body.html } }),
          },
        },
      },
    }),
  );
  return out.MessageId!;
}

function wait(query: string, signal?: AbortSignal) {
  return fetch(`${server.url}/_pinpost/mailbox/wait?${query}`, { signal });
}

/** Resolves once the server holds `n` waiters (the wait registered before the test sends). */
async function waiters(n: number): Promise<void> {
  for (let i = 0; i < 2000 && server.runtime.mail.waiting() !== n; i++)
    await new Promise((r) => setTimeout(r, 5));
  assert.equal(server.runtime.mail.waiting(), n);
}

test('a wait started before the send ends with the message, its links and its codes', async () => {
  const pending = wait('to=signup@example.org&timeout=30');
  await waiters(1);
  const id = await send('Signup@Example.org', 'Your code: 731904', {
    text: 'Confirm at https://app.example.com/confirm?t=abc&u=7 or enter 731904.\nBackup code K7Q2ZX.',
    html: '<p>Enter <b>731904</b></p><a href="https://app.example.com/confirm?t=abc&amp;u=7">Confirm</a><img src="https://cdn.example.com/logo.png">',
  });
  const res = await pending;
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json');
  const body = (await res.json()) as Waited;
  assert.equal(body.message.id, id);
  assert.equal(body.message.subject, 'Your code: 731904');
  assert.deepEqual(body.message.to, ['Signup@example.org'], 'found by to=, case-insensitively');
  assert.match(body.message.html ?? '', /731904/);
  assert.deepEqual(body.links, [
    'https://app.example.com/confirm?t=abc&u=7',
    'https://cdn.example.com/logo.png',
  ]);
  assert.deepEqual(body.codes, ['731904', 'K7Q2ZX']);
  assert.equal(server.runtime.mail.waiting(), 0);
});

test('to, from, subject and since hold the wait until the matching message arrives', async () => {
  const since = new Date().toISOString();
  const pending = wait(
    `to=carol@example.org&from=billing@example.com&subject=INVOICE&since=${since}&timeout=30`,
  );
  await waiters(1);
  await send('dave@example.org', 'Invoice 1', { text: 'x' }, 'billing@example.com'); // other recipient
  await send('carol@example.org', 'Invoice 2', { text: 'x' }, 'news@example.com'); // other sender
  await send('carol@example.org', 'Newsletter', { text: 'x' }, 'billing@example.com'); // other subject
  await server.runtime.mail.drain();
  assert.equal(server.runtime.mail.waiting(), 1, 'still waiting after three near misses');
  const id = await send('carol@example.org', 'Your invoice 3', { text: 'x' }, 'billing@example.com');
  const body = (await (await pending).json()) as Waited;
  assert.equal(body.message.id, id);
  assert.equal(body.message.source, 'billing@example.com');
});

test('a matching message already in the mailbox answers at once; since (ISO or epoch ms) leaves older mail out', async () => {
  const id = await send('erin@example.org', 'Already here');
  const now = (await (await wait('to=erin@example.org&timeout=0')).json()) as Waited;
  assert.equal(now.message.id, id);
  const future = Date.now() + 3_600_000;
  for (const since of [String(future), new Date(future).toISOString()]) {
    const res = await wait(`to=erin@example.org&since=${encodeURIComponent(since)}&timeout=0`);
    assert.equal(res.status, 408);
  }
});

test('408 with a JSON message when nothing matches in time; 400 on bad parameters', async () => {
  const res = await wait('subject=never-sent&timeout=0.05');
  assert.equal(res.status, 408);
  assert.deepEqual(await res.json(), { message: 'no matching message arrived within 0.05 s' });
  for (const q of ['timeout=121', 'timeout=-1', 'timeout=soon', 'since=yesterday']) {
    const bad = await wait(q);
    assert.equal(bad.status, 400, q);
    assert.match(((await bad.json()) as { message: string }).message, /timeout|since/);
  }
  assert.equal((await fetch(`${server.url}/_pinpost/mailbox/wait`, { method: 'DELETE' })).status, 405);
  assert.equal(server.runtime.mail.waiting(), 0);
});

test('a client that disconnects leaves no waiter behind', async () => {
  const gone = new AbortController();
  const pending = wait('subject=never-sent&timeout=120', gone.signal).catch((e: unknown) => e);
  await waiters(1);
  gone.abort();
  assert.ok((await pending) instanceof Error);
  await waiters(0);
  // A raw socket closed mid-wait too.
  const req = request(`${server.url}/_pinpost/mailbox/wait?subject=never-sent&timeout=120`);
  req.on('error', () => undefined);
  req.end();
  await waiters(1);
  req.destroy();
  await waiters(0);
});

// The timeout guards the outcome: without the ending, the close would wait out the 60 s grace.
test(
  'a stopping server ends the waits at once (503) instead of holding its shutdown',
  { timeout: 30_000 },
  async () => {
    const own = await startTestServer();
    try {
      const pending = fetch(`${own.url}/_pinpost/mailbox/wait?subject=never-sent&timeout=120`);
      for (let i = 0; i < 2000 && own.runtime.mail.waiting() !== 1; i++)
        await new Promise((r) => setTimeout(r, 5));
      assert.equal(own.runtime.mail.waiting(), 1);
      // A 60 s grace: the close can only end within the test's time if the wait ended on its own.
      const closed = own.server.close(60_000);
      const res = await pending;
      assert.equal(res.status, 503);
      assert.match(((await res.json()) as { message: string }).message, /stopping/);
      await closed;
      assert.equal(own.runtime.mail.waiting(), 0);
    } finally {
      await own.close();
    }
  },
);
