/**
 * Rates shared by two runtimes on one PostgreSQL database (run by `run-tests --postgres` only: a
 * SQLite directory is one process's; src/store/rate-buckets.ts): SES's maximum send rate is the
 * account's across both — a send through one that used the rate up makes the next sends through
 * either answer Throttling (v1) / TooManyRequestsException (v2), "Maximum sending rate exceeded."
 * (manage-sending-quotas.html) — and a run's MessagesPerSecond paces both runtimes together.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SendEmailCommand as V1SendEmailCommand } from '@aws-sdk/client-ses';
import { CreateEmailIdentityCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { pacerFor } from '../../src/services/pinpoint/campaigns/deliver.js';
import { testData } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';

let one: TestServer;
let two: TestServer;

before(async () => {
  const data = testData();
  // One recipient a second for the account: shared, not one a second per runtime.
  one = await startTestServer({ data, sesMaxSendRate: 1 });
  two = await startTestServer({ data, sesMaxSendRate: 1 });
  await one.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
});
after(async () => {
  await two.close();
  await one.close();
});

const v2 = (server: TestServer, to: string[]) =>
  server.sesv2().send(
    new SendEmailCommand({
      FromEmailAddress: 'news@example.com',
      Destination: { ToAddresses: to },
      Content: { Simple: { Subject: { Data: 'rate' }, Body: { Text: { Data: 'x' } } } },
    }),
  );
const v1 = (server: TestServer, to: string) =>
  server.ses().send(
    new V1SendEmailCommand({
      Source: 'news@example.com',
      Destination: { ToAddresses: [to] },
      Message: { Subject: { Data: 'rate' }, Body: { Text: { Data: 'x' } } },
    }),
  );

/** The error a call failed with, as the SDK names it (calls one at a time: each awaited). */
async function failure(call: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await call;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('the call was accepted');
}

test('a send that used the rate up through one runtime throttles the next sends through either (API_SendEmail.html, manage-sending-quotas.html)', async () => {
  // 50 recipients at once at one a second: accepted while any rate was left, then 49 seconds owed
  // ("if your send rate quota is one message per second, and you send a message to five recipients
  // at once, Amazon SES lets you do that. For the next five seconds, though, Amazon will return errors").
  const fifty = Array.from({ length: 50 }, (_, i) => `r${i}@example.org`);
  assert.ok((await v2(one, fifty)).MessageId);
  const v2Throttled = {
    name: 'TooManyRequestsException',
    message: 'Maximum sending rate exceeded.',
    status: 429,
  };
  const v1Throttled = { name: 'Throttling', message: 'Maximum sending rate exceeded.', status: 400 };
  for (const server of [two, one, two, one]) {
    assert.deepEqual(await failure(v2(server, ['late@example.org'])), v2Throttled, server.url);
    assert.deepEqual(await failure(v1(server, 'late@example.org')), v1Throttled, server.url);
  }
});

test('a run’s pacer in each runtime takes from one bucket: both together keep to its MessagesPerSecond', async () => {
  const RATE = 10;
  const SENDS = 60;
  // The same bucket a campaign run's batches take from in two processes (resources.ts).
  const pacers = [one, two].map((s) => pacerFor(s.runtime.db, 'campaign-run/shared-test', RATE));
  const at: number[] = [];
  await Promise.all(
    pacers.map(async (pacer) => {
      for (let i = 0; i < SENDS / 2; i++) {
        await pacer.wait();
        at.push(Date.now());
      }
    }),
  );
  at.sort((a, b) => a - b);
  const span = (at[at.length - 1]! - at[0]!) / 1000;
  // A bucket of RATE tokens refilled RATE a second lets at most RATE + RATE × span through; RATE
  // more for the time between a grant and its timestamp. One bucket per runtime would let twice
  // the rate through (SENDS within about a second and a half).
  assert.ok(SENDS <= RATE * span + 3 * RATE, `${SENDS} sends in ${span} s at ${RATE}/s`);
});
