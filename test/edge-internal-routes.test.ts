/**
 * Who may call Pinpost's own routes (issue 9, finding 4), on a whole server through real sockets:
 * on loopback they stay open (LocalStack's contract) for this server's names only (DNS rebinding)
 * and never for writes from another site's page; beyond loopback they need a request signed for
 * `pinpost` whose principal IAM allows the route's pinpost:* action.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { newSesMessageId } from '../src/mail/index.js';
import { jsonResponse } from '../src/server/internal-routes.js';
import { exchange, presign, signedHeaders, type Keys } from './edge-fixtures.js';
import { startTestServer, type TestServer } from './support/server.js';

const SCOPE = { account: '000000000000', region: 'us-east-1' };

/** Puts one message in the mailbox, as a send would (through the outbox and capture). */
async function putMail(server: TestServer): Promise<string> {
  const messageId = newSesMessageId(SCOPE.region);
  const raw = await server.runtime.mail.mime.build({
    from: 'alice@example.com',
    to: ['bob@example.org'],
    cc: [],
    bcc: [],
    replyTo: [],
    subject: 'Hello',
    text: 'Hi',
    headers: [],
    attachments: [],
    messageId,
    date: new Date(),
  });
  await server.runtime.mail.outbox.enqueue({
    messageId,
    scope: SCOPE,
    envelopeFrom: 'alice@example.com',
    recipients: ['bob@example.org'],
    raw,
  });
  await server.runtime.mail.drain();
  return messageId;
}

async function mailboxIds(base: string, init: RequestInit = {}): Promise<string[]> {
  const res = await fetch(`${base}/_aws/ses`, init);
  assert.equal(res.status, 200);
  return ((await res.json()) as { messages: { Id: string }[] }).messages.map((m) => m.Id);
}

describe('internal routes on loopback', () => {
  let server: TestServer;
  let port: number;
  let id: string;
  before(async () => {
    server = await startTestServer();
    port = server.server.port;
    id = await putMail(server);
  });
  after(() => server.close());

  it('Node fetch (no Origin) reads and clears the mailbox unsigned, as LocalStack allows', async () => {
    assert.deepEqual(await mailboxIds(server.url), [id]);
    const other = await putMail(server);
    const res = await fetch(`${server.url}/_aws/ses?id=${other}`, { method: 'DELETE' });
    assert.equal(res.status, 204);
    assert.deepEqual(await mailboxIds(server.url), [id]);
  });

  it('answers to localhost names and the listen address, with any port', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      'localhost',
      `app.localhost:${port}`,
      `[::1]:${port}`,
    ]) {
      const res = await exchange(port, `GET /_aws/ses HTTP/1.1\r\nHost: ${host}`);
      assert.equal(res.status, 200, host);
    }
  });

  it('refuses another Host (DNS rebinding) with 403 and a message, on internal routes and the AWS API', async () => {
    const res = await exchange(port, `GET /_aws/ses HTTP/1.1\r\nHost: evil.example:${port}`);
    assert.equal(res.status, 403);
    assert.match(JSON.parse(res.body).message, /^Host 'evil\.example:\d+' is not a name of this server/);
    assert.ok(!res.body.includes(id), 'the mailbox leaked');
    const api = await exchange(
      port,
      `GET /?Action=GetCallerIdentity&Version=2011-06-15 HTTP/1.1\r\nHost: rebind.example`,
    );
    assert.equal(api.status, 403);
    assert.match(
      api.body,
      /<Code>AccessDenied<\/Code><Message>Host &apos;rebind\.example&apos; is not a name/,
    );
  });

  it('refuses a write from another site (Origin) and deletes nothing; its own origin may write', async () => {
    const foreign = await exchange(
      port,
      `DELETE /_aws/ses HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://evil.example`,
    );
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers['x-amzn-errortype'], 'AccessDeniedException');
    assert.match(JSON.parse(foreign.body).message, /^Cross-site request refused/);
    const otherPort = await exchange(
      port,
      `DELETE /_aws/ses HTTP/1.1\r\nHost: localhost:${port}\r\nOrigin: http://localhost:${port + 1}`,
    );
    assert.equal(otherPort.status, 403);
    assert.deepEqual(await mailboxIds(server.url), [id]);
    const extra = await putMail(server);
    const own = await exchange(
      port,
      `DELETE /_aws/ses?id=${extra} HTTP/1.1\r\nHost: localhost:${port}\r\nOrigin: http://localhost:${port}`,
    );
    assert.equal(own.status, 204);
    assert.deepEqual(await mailboxIds(server.url), [id]);
  });

  it('a read from another site is answered (its page cannot read the answer; Host guards rebinding)', async () => {
    const res = await exchange(
      port,
      `GET /_aws/ses HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://evil.example`,
    );
    assert.equal(res.status, 200);
  });

  it('a method the route does not list is 405 with Allow', async () => {
    const res = await fetch(`${server.url}/_aws/ses`, { method: 'PUT' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, DELETE');
  });

  it('SDK clients keep working against http://localhost', async () => {
    const sts = new STSClient({
      endpoint: `http://localhost:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, '000000000000');
    sts.destroy();
  });
});

describe('internal routes beyond loopback (listening on 0.0.0.0)', () => {
  let server: TestServer;
  let base: string;
  let id: string;
  let reader: Keys;
  let seen: unknown[];
  before(async () => {
    server = await startTestServer({ host: '0.0.0.0' });
    base = `http://127.0.0.1:${server.server.port}`;
    id = await putMail(server);
    seen = [];
    server.server.routes.add({
      prefix: '/_pinpost/test-caller',
      access: { GET: 'pinpost:ReadMetrics' },
      handler: (_req, caller) => {
        seen.push(caller);
        return jsonResponse(200, { ok: true });
      },
    });
    const iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'reader',
        PolicyName: 'read-mail',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['pinpost:ReadMailbox', 'pinpost:ReadMetrics'],
              Resource: 'arn:aws:pinpost:*:000000000000:*',
            },
          ],
        }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
    reader = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    iam.destroy();
  });
  after(() => server.close());

  it('an unsigned request is 403 with a message that a signature is needed', async () => {
    const res = await fetch(`${base}/_aws/ses`);
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    const { message } = (await res.json()) as { message: string };
    assert.match(
      message,
      /needs a SigV4-signed request .* service 'pinpost' with credentials allowed pinpost:ReadMailbox/,
    );
    assert.equal((await fetch(`${base}/_aws/ses`, { method: 'DELETE' })).status, 403);
  });

  it('health and the other public routes stay open', async () => {
    assert.equal((await fetch(`${base}/_pinpost/health`)).status, 200);
  });

  it('a principal allowed pinpost:ReadMailbox reads, signed in the header or presigned', async () => {
    const url = `${base}/_aws/ses`;
    const res = await fetch(url, { headers: await signedHeaders(url, {}, reader) });
    assert.equal(res.status, 200);
    assert.deepEqual(
      ((await res.json()) as { messages: { Id: string }[] }).messages.map((m) => m.Id),
      [id],
    );
    assert.equal((await fetch(await presign(url, reader))).status, 200);
  });

  it('without pinpost:DeleteMailbox the same principal is denied with AccessDenied text, and nothing is deleted', async () => {
    const url = `${base}/_aws/ses`;
    const res = await fetch(url, {
      method: 'DELETE',
      headers: await signedHeaders(url, { method: 'DELETE' }, reader),
    });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    const { message } = (await res.json()) as { message: string };
    assert.match(
      message,
      /arn:aws:iam::000000000000:user\/reader is not authorized to perform: pinpost:DeleteMailbox on resource: arn:aws:pinpost:us-east-1:000000000000:mailbox/,
    );
    const check = await fetch(url, { headers: await signedHeaders(url, {}) });
    assert.deepEqual(
      ((await check.json()) as { messages: { Id: string }[] }).messages.map((m) => m.Id),
      [id],
    );
  });

  it('the root user may delete; the handler gets the signed caller', async () => {
    const url = `${base}/_pinpost/test-caller`;
    const res = await fetch(url, { headers: await signedHeaders(url, { region: 'eu-west-1' }, reader) });
    assert.equal(res.status, 200);
    assert.deepEqual(
      JSON.parse(JSON.stringify(seen.at(-1))).principal.arn,
      'arn:aws:iam::000000000000:user/reader',
    );
    assert.equal((seen.at(-1) as { region: string }).region, 'eu-west-1');
    const extra = await putMail(server);
    const del = `${base}/_aws/ses?id=${extra}`;
    assert.equal(
      (await fetch(del, { method: 'DELETE', headers: await signedHeaders(del, { method: 'DELETE' }) }))
        .status,
      204,
    );
  });

  it('a request signed for another service is refused: "Credential should be scoped to correct service: \'pinpost\'. "', async () => {
    const url = `${base}/_aws/ses`;
    const res = await fetch(url, { headers: await signedHeaders(url, { service: 'ses' }, reader) });
    assert.equal(res.status, 403);
    assert.deepEqual(await res.json(), {
      message: "Credential should be scoped to correct service: 'pinpost'. ",
    });
  });

  it('a wrong secret is InvalidSignatureException; a method the route does not list is 405', async () => {
    const url = `${base}/_aws/ses`;
    const res = await fetch(url, {
      headers: await signedHeaders(url, {}, { ...reader, secretAccessKey: 'wrong' }),
    });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
    assert.equal((await fetch(url, { method: 'POST' })).status, 405);
  });

  it('any Host is accepted beyond loopback (the machine may have any name)', async () => {
    const res = await exchange(
      server.server.port,
      `GET /_pinpost/health HTTP/1.1\r\nHost: pinpost.internal:4566`,
    );
    assert.equal(res.status, 200);
  });
});
