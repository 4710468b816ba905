/**
 * Campaigns that run on the engine's clock (the test moves it): recurring runs until EndTime
 * (pinpoint/2016-12-01 Schedule), a future StartTime, quiet time — the campaign's or the app's —
 * holding mail for endpoints in it until it ends (Schedule.QuietTime: an endpoint whose
 * Demographic.Timezone is valid and whose local time is within Start–End), the Total limit, the
 * holdout and treatment split, and pausing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateCampaignCommand,
  PutEventsCommand,
  UpdateApplicationSettingsCommand,
  UpdateCampaignCommand,
  type EndpointBatchItem,
  type WriteCampaignRequest,
} from '@aws-sdk/client-pinpoint';
import {
  activitiesWhen,
  campaignApp,
  completed,
  mailbox,
  mailTo,
  reader,
  role,
  status,
  verifiedIdentity,
} from './pinpoint-campaigns-setup.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let roleArn: string;
let now = new Date('2026-11-29T12:00:00.000Z');
const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
const HOUR = 3600_000;
const DAY = 24 * HOUR;

before(async () => {
  server = await startTestServer({}, { clock: () => now });
  await verifiedIdentity(server);
  roleArn = await role(server, 'PinpointSeed');
});
after(() => server.close());

async function campaign(endpoints: EndpointBatchItem[], w: Partial<WriteCampaignRequest>) {
  const { appId, segmentId } = await campaignApp(server, roleArn, endpoints);
  const out = await server.pinpoint().send(
    new CreateCampaignCommand({
      ApplicationId: appId,
      WriteCampaignRequest: {
        SegmentId: segmentId,
        Schedule: { StartTime: 'IMMEDIATE' },
        MessageConfiguration: {
          EmailMessage: { Title: 'A {{User.UserAttributes.FirstName}}', HtmlBody: '<p>A</p>' },
        },
        ...w,
      },
    }),
  );
  return { appId, campaignId: out.CampaignResponse!.Id! };
}

test('a DAILY campaign runs again when its day comes, until EndTime; then it is COMPLETED', async () => {
  const { appId, campaignId } = await campaign([reader('daily', 1), reader('daily', 2)], {
    Schedule: { StartTime: at(0), EndTime: at(1.5 * DAY), Frequency: 'DAILY' },
  });
  await activitiesWhen(server, appId, campaignId, completed(1));
  assert.equal(await status(server, appId, campaignId), 'PENDING_NEXT_RUN');
  assert.equal((await mailTo(server, 'daily1@example.org')).length, 1);
  now = new Date(now.getTime() + DAY);
  const items = await activitiesWhen(server, appId, campaignId, completed(2));
  assert.equal(items.length, 2);
  assert.notEqual(items[0].Id, items[1].Id);
  assert.ok(items[0].ScheduledStart! > items[1].ScheduledStart!, 'newest run first');
  assert.equal((await mailTo(server, 'daily1@example.org')).length, 2);
  assert.equal((await mailTo(server, 'daily2@example.org')).length, 2);
  assert.equal(await status(server, appId, campaignId), 'COMPLETED', 'the next day is past EndTime');
});

test('a campaign whose StartTime is later stays SCHEDULED and sends nothing until then', async () => {
  const { appId, campaignId } = await campaign([reader('later', 1)], {
    Schedule: { StartTime: at(2 * HOUR), Frequency: 'ONCE' },
  });
  await new Promise((r) => setTimeout(r, 600)); // a couple of scheduler ticks
  assert.equal(await status(server, appId, campaignId), 'SCHEDULED');
  assert.equal((await mailTo(server, 'later1@example.org')).length, 0);
  now = new Date(now.getTime() + 2 * HOUR);
  const [a] = await activitiesWhen(server, appId, campaignId, completed(1));
  assert.equal(a.SuccessfulEndpointCount, 1);
  assert.equal((await mailTo(server, 'later1@example.org')).length, 1);
});

test('quiet time holds mail for endpoints in it until it ends; the others get it at once', async () => {
  now = new Date('2026-12-01T12:00:00.000Z'); // 21:00 in Tokyo, 12:00 in UTC
  const { appId, campaignId } = await campaign(
    [reader('quiet', 1, { Demographic: { Timezone: 'Asia/Tokyo' } }), reader('quiet', 2)],
    { Schedule: { StartTime: 'IMMEDIATE', QuietTime: { Start: '20:00', End: '08:00' } } },
  );
  const [running] = await activitiesWhen(
    server,
    appId,
    campaignId,
    (i) => i[0]?.SuccessfulEndpointCount === 1,
  );
  assert.equal(running.State, 'RUNNING');
  assert.equal(running.ExecutionMetrics?.QuietTimeHeldEndpointCount, '1');
  assert.equal(await status(server, appId, campaignId), 'EXECUTING');
  assert.equal((await mailTo(server, 'quiet1@example.org')).length, 0);
  assert.equal((await mailTo(server, 'quiet2@example.org')).length, 1);
  now = new Date('2026-12-01T23:02:00.000Z'); // 08:02 in Tokyo
  const [done] = await activitiesWhen(server, appId, campaignId, completed(1));
  assert.equal(done.SuccessfulEndpointCount, 2);
  assert.equal((await mailTo(server, 'quiet1@example.org')).length, 1);
});

test("the app's QuietTime applies to a campaign without its own", async () => {
  now = new Date('2026-12-02T12:00:00.000Z');
  const endpoints = [reader('appquiet', 1, { Demographic: { Timezone: 'Asia/Tokyo' } })];
  const { appId, segmentId } = await campaignApp(server, roleArn, endpoints);
  await server.pinpoint().send(
    new UpdateApplicationSettingsCommand({
      ApplicationId: appId,
      WriteApplicationSettingsRequest: { QuietTime: { Start: '20:00', End: '08:00' } },
    }),
  );
  const out = await server.pinpoint().send(
    new CreateCampaignCommand({
      ApplicationId: appId,
      WriteCampaignRequest: {
        SegmentId: segmentId,
        Schedule: { StartTime: 'IMMEDIATE' },
        MessageConfiguration: { EmailMessage: { Title: 'Quiet', HtmlBody: '<p>q</p>' } },
      },
    }),
  );
  const campaignId = out.CampaignResponse!.Id!;
  await activitiesWhen(
    server,
    appId,
    campaignId,
    (i) => i[0]?.ExecutionMetrics?.QuietTimeHeldEndpointCount === '1',
  );
  assert.equal((await mailTo(server, 'appquiet1@example.org')).length, 0);
  now = new Date('2026-12-02T23:02:00.000Z');
  await activitiesWhen(server, appId, campaignId, completed(1));
  assert.equal((await mailTo(server, 'appquiet1@example.org')).length, 1);
});

test('Limits.Total caps the mail one endpoint gets over every run of the campaign', async () => {
  now = new Date('2026-12-03T12:00:00.000Z');
  const { appId, campaignId } = await campaign([reader('capped', 1)], {
    Schedule: { StartTime: at(0), EndTime: at(10 * HOUR), Frequency: 'HOURLY' },
    Limits: { Total: 1 },
  });
  await activitiesWhen(server, appId, campaignId, completed(1));
  now = new Date(now.getTime() + HOUR);
  const [second] = await activitiesWhen(server, appId, campaignId, completed(2));
  assert.equal(second.SuccessfulEndpointCount, 0);
  assert.equal(second.ExecutionMetrics?.LimitCappedEndpointCount, '1');
  assert.equal((await mailTo(server, 'capped1@example.org')).length, 1);
});

test('the holdout gets nothing and each treatment its own message, as split on the activities', async () => {
  const endpoints = Array.from({ length: 60 }, (_, i) => reader('split', i));
  const { appId, campaignId } = await campaign(endpoints, {
    HoldoutPercent: 20,
    AdditionalTreatments: [
      {
        SizePercent: 40,
        TreatmentName: 'B',
        MessageConfiguration: {
          EmailMessage: { Title: 'B {{User.UserAttributes.FirstName}}', HtmlBody: '<p>B</p>' },
        },
      },
    ],
  });
  const items = await activitiesWhen(server, appId, campaignId, completed(2));
  const byId = Object.fromEntries(items.map((a) => [a.TreatmentId, a]));
  const holdout = Number(byId['0'].ExecutionMetrics?.HoldoutEndpointCount);
  const mails = (await mailbox(server)).filter((m) => m.Destination.ToAddresses[0].startsWith('split'));
  const b = mails.filter((m) => m.Subject.startsWith('B ')).length;
  const a = mails.filter((m) => m.Subject.startsWith('A ')).length;
  assert.equal(b, byId['1'].SuccessfulEndpointCount);
  assert.equal(a, byId['0'].SuccessfulEndpointCount);
  assert.equal(a + b + holdout, 60);
  assert.ok(holdout > 0 && b > 0 && a > 0, `split ${holdout}/${b}/${a}`);
  assert.equal(new Set(mails.map((m) => m.Destination.ToAddresses[0])).size, a + b, 'one mail each');
});

test('a paused campaign does not run; resumed, it does', async () => {
  const { appId, campaignId } = await campaign([reader('paused', 1)], { IsPaused: true });
  await new Promise((r) => setTimeout(r, 600));
  assert.equal(await status(server, appId, campaignId), 'PAUSED');
  assert.equal((await mailTo(server, 'paused1@example.org')).length, 0);
  await server.pinpoint().send(
    new UpdateCampaignCommand({
      ApplicationId: appId,
      CampaignId: campaignId,
      WriteCampaignRequest: { IsPaused: false },
    }),
  );
  await activitiesWhen(server, appId, campaignId, completed(1));
  assert.equal((await mailTo(server, 'paused1@example.org')).length, 1);
});

test('an EVENT campaign mails the endpoint whose event matches its EventFilter, and no one else', async () => {
  const { appId, campaignId } = await campaign([reader('event', 1), reader('event', 2)], {
    Schedule: {
      StartTime: 'IMMEDIATE',
      Frequency: 'EVENT',
      EventFilter: {
        FilterType: 'ENDPOINT',
        Dimensions: { EventType: { DimensionType: 'INCLUSIVE', Values: ['purchase'] } },
      },
    },
  });
  const put = (endpointId: string, type: string) =>
    server.pinpoint().send(
      new PutEventsCommand({
        ApplicationId: appId,
        EventsRequest: {
          BatchItem: {
            [endpointId]: {
              Endpoint: {},
              Events: { [`${type}-1`]: { EventType: type, Timestamp: now.toISOString() } },
            },
          },
        },
      }),
    );
  await put('event-2', 'browse');
  await put('event-1', 'purchase');
  const [a] = await activitiesWhen(server, appId, campaignId, completed(1));
  assert.equal(a.SuccessfulEndpointCount, 1);
  assert.equal(a.TotalEndpointCount, 1);
  assert.equal((await mailTo(server, 'event1@example.org')).length, 1);
  assert.equal((await mailTo(server, 'event2@example.org')).length, 0);
  assert.equal(await status(server, appId, campaignId), 'SCHEDULED', 'waiting for the next event');
});
