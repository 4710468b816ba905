/**
 * Read-your-writes: LocalStack stores a sent message before `SendEmail` returns, so a suite may read
 * `GET /_aws/ses?id=<MessageId>` right after the send. Pinpost lists a message as accepted in the
 * transaction that records the send (the outbox enqueue), and marks it delivered when the capture
 * transport has taken it; `/_pinpost/mailbox` shows that state.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreateEmailIdentityCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SendEmailCommand as SendEmailV1Command } from '@aws-sdk/client-ses';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;

before(async () => {
  // Above SES's default 14 sends a second, so the bursts below are not throttled.
  server = await startTestServer({ sesMaxSendRate: 10_000 });
  await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
});

after(async () => {
  await server.close();
});

interface LocalstackMessage {
  Id: string;
  Source: string;
  Subject: string;
}

async function localstack(query: string): Promise<LocalstackMessage[]> {
  const res = await fetch(`${server.url}/_aws/ses${query}`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { messages: LocalstackMessage[] }).messages;
}

async function sendV2(i: number): Promise<string> {
  const out = await server.sesv2().send(
    new SendEmailCommand({
      FromEmailAddress: 'ryw@example.com',
      Destination: { ToAddresses: [`reader${i}@example.org`] },
      Content: { Simple: { Subject: { Data: `ryw ${i}` }, Body: { Text: { Data: 'hi' } } } },
    }),
  );
  return out.MessageId!;
}

test('every SES v2 send is listed by GET /_aws/ses?id= and /_pinpost/mailbox/<id> as soon as it returns', async () => {
  // The first send of a run is the one seen late before (the capture path loaded its modules then);
  // 20 at a time keep a backlog behind the outbox worker's delivery slots.
  const first = await sendV2(-1);
  assert.deepEqual(
    (await localstack(`?id=${first}`)).map((m) => m.Id),
    [first],
  );
  for (let round = 0; round < 5; round++) {
    await Promise.all(
      Array.from({ length: 20 }, async (_, k) => {
        const id = await sendV2(round * 20 + k);
        const found = await localstack(`?id=${encodeURIComponent(id)}`);
        assert.deepEqual(
          found.map((m) => [m.Id, m.Source, m.Subject]),
          [[id, 'ryw@example.com', `ryw ${round * 20 + k}`]],
        );
        const one = await fetch(`${server.url}/_pinpost/mailbox/${encodeURIComponent(id)}`);
        assert.equal(one.status, 200);
      }),
    );
  }
});

test('a SES v1 send is found by ?email= (the Source) right after it returns', async () => {
  const out = await server.ses().send(
    new SendEmailV1Command({
      Source: 'v1-ryw@example.com',
      Destination: { ToAddresses: ['someone@example.org'] },
      Message: { Subject: { Data: 'v1 ryw' }, Body: { Text: { Data: 'x' } } },
    }),
  );
  const found = await localstack('?email=v1-ryw@example.com');
  assert.deepEqual(
    found.map((m) => m.Id),
    [out.MessageId],
  );
});
