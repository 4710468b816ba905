/**
 * `--clock manual` with two runtimes on one PostgreSQL database (run by `run-tests --postgres`
 * only: a SQLite directory is one process's): one clock for both (src/clock/shared-clock.ts). A
 * runtime started on a database whose clock is ahead starts at the stored time; a clock moved
 * through one is the other's; what came due on the way ran once, by the mover, when its POST
 * returned; the clock never moves backwards through either.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreateCampaignCommand, GetCampaignActivitiesCommand } from '@aws-sdk/client-pinpoint';
import { campaignApp, reader, role, verifiedIdentity, type Mail } from '../pinpoint-campaigns-setup.js';
import { testData } from '../support/database.js';
import { poll } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

const START = '2035-01-01T00:00:00.000Z';
const ENDPOINTS = 6;

let one: TestServer;
let two: TestServer;

before(async () => {
  const data = testData();
  one = await startTestServer({ data, clock: 'manual' });
  await one.setClock(START);
  two = await startTestServer({ data, clock: 'manual' });
});
after(async () => {
  await two.close();
  await one.close();
});

const clockOf = async (server: TestServer) => (await server.clockRoute('GET')).body;

test('a runtime started on a database whose clock is ahead starts at the stored time', async () => {
  assert.deepEqual(await clockOf(two), { now: START, clock: 'manual' });
  assert.equal(two.runtime.clock.now().toISOString(), START, 'its own clock, not only the route');
});

test('a campaign created through one runtime, due on the way of a move through the other, runs once when the POST returns', async () => {
  await verifiedIdentity(two);
  const roleArn = await role(two, 'PinpointSeed');
  const endpoints = Array.from({ length: ENDPOINTS }, (_, i) => reader('tick', i));
  const { appId, segmentId } = await campaignApp(two, roleArn, endpoints);
  const created = await two.pinpoint().send(
    new CreateCampaignCommand({
      ApplicationId: appId,
      WriteCampaignRequest: {
        SegmentId: segmentId,
        Schedule: { StartTime: '2035-01-01T01:00:00Z', Frequency: 'ONCE' },
        MessageConfiguration: { EmailMessage: { Title: 'At one', HtmlBody: '<p>one</p>' } },
      },
    }),
  );
  const campaignId = created.CampaignResponse!.Id!;
  const activities = async (server: TestServer) =>
    (
      await server
        .pinpoint()
        .send(new GetCampaignActivitiesCommand({ ApplicationId: appId, CampaignId: campaignId }))
    ).ActivitiesResponse?.Item ?? [];
  assert.deepEqual(await activities(one), [], 'not due before the move');

  assert.equal((await one.advance(2 * 3600)).toISOString(), '2035-01-01T02:00:00.000Z');
  // No polling: the move ran it before returning.
  const [activity] = await activities(two);
  assert.equal(activity?.State, 'COMPLETED');
  assert.equal(activity?.SuccessfulEndpointCount, ENDPOINTS);
  assert.equal(activity?.ScheduledStart, '2035-01-01T01:00:00.000Z');
  const mails = ((await (await fetch(`${two.url}/_aws/ses`)).json()) as { messages: Mail[] }).messages;
  const perAddress = new Map<string, number>();
  for (const m of mails)
    for (const to of m.Destination.ToAddresses) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
  assert.equal(perAddress.size, ENDPOINTS);
  assert.deepEqual([...new Set(perAddress.values())], [1], 'one mail per endpoint');

  // The other runtime's clock: the route reads the stored time, its own clock follows the signal.
  assert.deepEqual(await clockOf(two), { now: '2035-01-01T02:00:00.000Z', clock: 'manual' });
  await poll('the signal moved the other runtime’s clock', async () =>
    two.runtime.clock.now().toISOString() === '2035-01-01T02:00:00.000Z' ? true : undefined,
  );
});

test('moves through either runtime follow each other, and neither moves the clock backwards', async () => {
  assert.equal((await two.advance(60)).toISOString(), '2035-01-01T02:01:00.000Z');
  assert.equal((await one.advance(60)).toISOString(), '2035-01-01T02:02:00.000Z', 'from the other’s move');
  const back = await one.clockRoute('POST', { set: '2035-01-01T02:01:30Z' });
  assert.equal(back.status, 400);
  assert.equal(back.body.now, '2035-01-01T02:02:00.000Z');
  // Moves asked of both at once run one after the other: both end, the later answer is the sum.
  const [a, b] = await Promise.all([two.advance(30), one.advance(30)]);
  assert.deepEqual([a, b].map((d) => d.toISOString()).sort(), [
    '2035-01-01T02:02:30.000Z',
    '2035-01-01T02:03:00.000Z',
  ]);
  assert.deepEqual(await clockOf(one), { now: '2035-01-01T02:03:00.000Z', clock: 'manual' });
  assert.deepEqual(await clockOf(two), { now: '2035-01-01T02:03:00.000Z', clock: 'manual' });
});
