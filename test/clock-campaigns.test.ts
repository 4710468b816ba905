/**
 * Campaigns on the manual clock (issue 10, "A clock tests can move"): when `POST /_pinpost/clock`
 * returns, everything that came due up to the new time has run, in time order, and its mail is in
 * the mailbox — no polling. A DAILY campaign (pinpoint/2016-12-01 Schedule.Frequency) runs its
 * second run only once the clock passes a day; quiet time (Schedule.QuietTime against the
 * endpoint's Demographic.Timezone) holds an endpoint's mail until the clock passes its end.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateCampaignCommand,
  GetCampaignActivitiesCommand,
  type EndpointBatchItem,
  type WriteCampaignRequest,
} from '@aws-sdk/client-pinpoint';
import {
  campaignApp,
  reader,
  role,
  status,
  verifiedIdentity,
  type Mail,
} from './pinpoint-campaigns-setup.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let roleArn: string;
const HOUR = 3600;
const DAY = 24 * HOUR;
/** Noon UTC `days` after today: the manual clock starts at the real time and never goes back. */
const noonUtc = (days: number) =>
  new Date((Math.floor(Date.now() / 86_400_000) + days) * 86_400_000 + 12 * 3_600_000);
const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000).toISOString();

before(async () => {
  server = await startTestServer({ clock: 'manual' });
  await server.setClock(noonUtc(2));
  await verifiedIdentity(server);
  roleArn = await role(server, 'PinpointSeed');
});
after(() => server.close());

/** The mailbox as it is now: no waiting for the outbox, the advance already did. */
async function mailTo(address: string): Promise<Mail[]> {
  const res = await fetch(`${server.url}/_aws/ses`);
  return ((await res.json()) as { messages: Mail[] }).messages.filter((m) =>
    m.Destination.ToAddresses.includes(address),
  );
}

const activities = async (appId: string, campaignId: string) =>
  (
    await server
      .pinpoint()
      .send(new GetCampaignActivitiesCommand({ ApplicationId: appId, CampaignId: campaignId }))
  ).ActivitiesResponse?.Item ?? [];

async function campaign(endpoints: EndpointBatchItem[], w: Partial<WriteCampaignRequest>) {
  const { appId, segmentId } = await campaignApp(server, roleArn, endpoints);
  const out = await server.pinpoint().send(
    new CreateCampaignCommand({
      ApplicationId: appId,
      WriteCampaignRequest: {
        SegmentId: segmentId,
        MessageConfiguration: { EmailMessage: { Title: 'Daily news', HtmlBody: '<p>news</p>' } },
        ...w,
      },
    }),
  );
  return { appId, campaignId: out.CampaignResponse!.Id! };
}

test('a DAILY campaign runs its second run only once the clock passes a day, its mail delivered when the POST returns', async () => {
  const start = await server.advance(0);
  const { appId, campaignId } = await campaign([reader('daily', 1), reader('daily', 2)], {
    Schedule: {
      StartTime: start.toISOString(),
      EndTime: new Date(start.getTime() + 1.5 * DAY * 1000).toISOString(),
      Frequency: 'DAILY',
    },
  });
  // The first run is due now: an advance of 0 runs it and delivers its mail.
  await server.advance(0);
  assert.equal((await mailTo('daily1@example.org')).length, 1);
  assert.equal((await mailTo('daily2@example.org')).length, 1);
  assert.equal(await status(server, appId, campaignId), 'PENDING_NEXT_RUN');

  await server.advance(DAY - 1);
  assert.equal((await activities(appId, campaignId)).length, 1, 'a second short of a day: no second run');
  assert.equal((await mailTo('daily1@example.org')).length, 1);

  const now = await server.advance(1);
  assert.equal(now.getTime() - start.getTime(), DAY * 1000);
  assert.equal((await mailTo('daily1@example.org')).length, 2, 'in the mailbox when the POST returned');
  assert.equal((await mailTo('daily2@example.org')).length, 2);
  const items = await activities(appId, campaignId);
  assert.deepEqual(
    items.map((a) => [a.State, a.ScheduledStart, a.Start]),
    [
      ['COMPLETED', now.toISOString(), now.toISOString()],
      ['COMPLETED', start.toISOString(), start.toISOString()],
    ],
  );
  assert.equal(await status(server, appId, campaignId), 'COMPLETED', 'the next day is past EndTime');
  // Event timestamps are the clock's: each run's deliveries at its own time.
  const res = await fetch(`${server.url}/_pinpost/pinpoint/events?app=${appId}&type=_email.delivered`);
  const events = ((await res.json()) as { events: { event_timestamp: number }[] }).events;
  assert.deepEqual(events.map((e) => e.event_timestamp).sort(), [
    start.getTime(),
    start.getTime(),
    now.getTime(),
    now.getTime(),
  ]);

  await server.advance(2 * DAY);
  assert.equal((await mailTo('daily1@example.org')).length, 2, 'nothing after EndTime');
});

test('quiet time holds an endpoint until the clock passes its end, then its mail is there when the POST returns', async () => {
  const noon = await server.setClock(noonUtc(10)); // 21:00 in Tokyo, 12:00 in UTC
  const { appId, campaignId } = await campaign(
    [reader('quiet', 1, { Demographic: { Timezone: 'Asia/Tokyo' } }), reader('quiet', 2)],
    { Schedule: { StartTime: 'IMMEDIATE', QuietTime: { Start: '20:00', End: '08:00' } } },
  );
  await server.advance(0);
  const [held] = await activities(appId, campaignId);
  assert.equal(held.State, 'RUNNING');
  assert.equal(held.ExecutionMetrics?.QuietTimeHeldEndpointCount, '1');
  assert.equal((await mailTo('quiet1@example.org')).length, 0);
  assert.equal((await mailTo('quiet2@example.org')).length, 1);

  // 08:00 in Tokyo is still quiet time (End is inclusive); the first minute after it is not.
  await server.setClock(at(noon, 11 * HOUR));
  assert.equal((await mailTo('quiet1@example.org')).length, 0);
  assert.equal((await activities(appId, campaignId))[0].State, 'RUNNING');
  await server.advance(60);
  assert.equal((await mailTo('quiet1@example.org')).length, 1, 'in the mailbox when the POST returned');
  const [done] = await activities(appId, campaignId);
  assert.equal(done.State, 'COMPLETED');
  assert.equal(done.SuccessfulEndpointCount, 2);
  assert.equal(done.End, at(noon, 11 * HOUR + 60), 'released at exactly the first minute after End');
});
