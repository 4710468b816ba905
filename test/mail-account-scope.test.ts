/**
 * A signed request (the server passes its caller to internal routes; always so beyond loopback)
 * sees and deletes only its own account's mail on `/_aws/ses`, `/_pinpost/mailbox` (list, one
 * message, .eml, delete) and `/wait`; an unsigned loopback request sees every account. The
 * handlers are called as the server calls them, with and without a caller.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { newSesMessageId } from '../src/mail/index.js';
import type { InternalCaller, InternalRoute } from '../src/server/internal-routes.js';
import type { RawRequest, RawResponse } from '../src/wire/context.js';
import { rootPrincipal } from '../src/wire/principal.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINE = '111111111111';
const THEIRS = '222222222222';
const caller: InternalCaller = { principal: rootPrincipal(MINE), account: MINE, region: 'us-east-1' };

let server: TestServer;
const ids: Record<string, string> = {};

async function put(name: string, account: string) {
  const messageId = newSesMessageId('us-east-1');
  const raw = await server.runtime.mail.mime.build({
    from: `${name}@example.com`,
    to: ['shared@example.org'],
    cc: [],
    bcc: [],
    replyTo: [],
    subject: `from ${name}`,
    text: 'x',
    headers: [],
    attachments: [],
    messageId,
    date: new Date(),
  });
  await server.runtime.mail.outbox.enqueue({
    messageId,
    scope: { account, region: 'us-east-1' },
    envelopeFrom: `${name}@example.com`,
    recipients: ['shared@example.org'],
    raw,
  });
  ids[name] = messageId;
}

before(async () => {
  server = await startTestServer();
  await put('mine', MINE);
  await put('theirs', THEIRS);
  await server.runtime.mail.drain();
});

after(async () => {
  await server.close();
});

function route(prefix: string): InternalRoute {
  const r = server.runtime.routes.find((x) => x.prefix === prefix);
  assert.ok(r, prefix);
  return r;
}

async function call(
  method: string,
  path: string,
  rawQuery = '',
  who?: InternalCaller,
): Promise<{ status: number; json: unknown }> {
  const req: RawRequest = {
    method,
    path,
    rawQuery,
    headers: {},
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    secure: false,
  };
  const prefix = path.startsWith('/_aws/ses') ? '/_aws/ses' : '/_pinpost/mailbox';
  const res: RawResponse = await route(prefix).handler(req, who);
  let text = '';
  if (typeof res.body === 'string' || Buffer.isBuffer(res.body)) text = res.body.toString();
  else for await (const c of res.body) text += c.toString();
  return {
    status: res.status,
    json: text && res.headers['content-type'] === 'application/json' ? JSON.parse(text) : text,
  };
}

const localstackIds = (json: unknown) => (json as { messages: { Id: string }[] }).messages.map((m) => m.Id);
const mailboxIds = (json: unknown) => (json as { messages: { id: string }[] }).messages.map((m) => m.id);

test('reading: a signed caller sees only its account; unsigned loopback sees all', async () => {
  assert.deepEqual(localstackIds((await call('GET', '/_aws/ses')).json), [ids.mine, ids.theirs]);
  assert.deepEqual(localstackIds((await call('GET', '/_aws/ses', '', caller)).json), [ids.mine]);
  assert.deepEqual(localstackIds((await call('GET', '/_aws/ses', `id=${ids.theirs}`, caller)).json), []);
  assert.deepEqual(mailboxIds((await call('GET', '/_pinpost/mailbox', '', caller)).json), [ids.mine]);
  assert.deepEqual(
    mailboxIds((await call('GET', '/_pinpost/mailbox', `account=${THEIRS}`, caller)).json),
    [],
  );
  assert.deepEqual(mailboxIds((await call('GET', '/_pinpost/mailbox', `account=${THEIRS}`)).json), [
    ids.theirs,
  ]);
  assert.equal((await call('GET', `/_pinpost/mailbox/${ids.theirs}`, '', caller)).status, 404);
  assert.equal((await call('GET', `/_pinpost/mailbox/${ids.theirs}.eml`, '', caller)).status, 404);
  assert.equal((await call('GET', `/_pinpost/mailbox/${ids.mine}`, '', caller)).status, 200);
  const waited = await call('GET', '/_pinpost/mailbox/wait', 'to=shared@example.org&timeout=0', caller);
  assert.equal(
    (waited.json as { message: { id: string } }).message.id,
    ids.mine,
    'the newest of its own account',
  );
  const theirs = await call('GET', '/_pinpost/mailbox/wait', 'from=theirs@example.com&timeout=0', caller);
  assert.equal(theirs.status, 408);
});

test('deleting: a signed caller deletes only its account', async () => {
  assert.equal((await call('DELETE', `/_pinpost/mailbox/${ids.theirs}`, '', caller)).status, 404);
  assert.equal((await call('DELETE', '/_aws/ses', `id=${ids.theirs}`, caller)).status, 204);
  assert.equal((await call('DELETE', '/_aws/ses', '', caller)).status, 204);
  assert.equal((await call('DELETE', '/_pinpost/mailbox', '', caller)).status, 204);
  assert.deepEqual(localstackIds((await call('GET', '/_aws/ses')).json), [ids.theirs]);
});
