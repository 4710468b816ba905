/**
 * Journeys that run, through @aws-sdk/client-pinpoint on the manual clock (issue 10): the seed's
 * role sends EMAIL → Wait 1 day → ConditionalSplit on `_email.open` → two EMAILs, and openers get
 * one message, the others the other, each exactly once; `_email.*` events carry the journey's
 * attributes (developerguide/event-streams-data-journey.html: journey_id, journey_activity_id,
 * journey_run_id); a role whose trust names another account sends nothing and the activity's
 * metrics and `_journey.send` events say why; a future Schedule.StartTime holds the entry.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  GetJourneyDateRangeKpiCommand,
  GetJourneyRunExecutionActivityMetricsCommand,
  GetJourneyRunExecutionMetricsCommand,
  GetJourneyRunsCommand,
} from '@aws-sdk/client-pinpoint';
import { role, verifiedIdentity } from './pinpoint-campaigns-setup.js';
import {
  activityMetrics,
  app,
  events,
  journey,
  journeyMetrics,
  mails,
  open,
  openedSplit,
  state,
  subjects,
  template,
} from './pinpoint-journeys-run-setup.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let roleArn: string;
const DAY = 24 * 3600;

before(async () => {
  server = await startTestServer({ clock: 'manual' });
  await verifiedIdentity(server);
  roleArn = await role(server, 'PinpointSeed');
  await template(server, 'j-welcome', 'Welcome');
  await template(server, 'j-thanks', 'Thanks for reading');
  await template(server, 'j-reminder', 'Did you see this');
});
after(() => server.close());

test('EMAIL → Wait 1 day → split on _email.open: openers get one message, the others the other, each once', async () => {
  const { appId, segmentId } = await app(server, roleArn, 'split', 4);
  const journeyId = await journey(server, appId, openedSplit(segmentId));
  await server.advance(0);

  const runs = await server
    .pinpoint()
    .send(new GetJourneyRunsCommand({ ApplicationId: appId, JourneyId: journeyId }));
  assert.equal(runs.JourneyRunsResponse!.Item!.length, 1);
  assert.equal(runs.JourneyRunsResponse!.Item![0].Status, 'RUNNING');
  for (let i = 1; i <= 4; i++)
    assert.deepEqual(await subjects(server, `split${i}@example.org`), [`Welcome Name${i}`]);
  assert.equal((await activityMetrics(server, appId, journeyId, 'day')).INSIDE_WAIT, '4');

  for (const i of [1, 2]) await open(server, (await mails(server, `split${i}@example.org`))[0]);
  await server.advance(DAY - 60);
  assert.equal((await mails(server, 'split1@example.org')).length, 1, 'nothing before the day has passed');
  await server.advance(60);

  for (const i of [1, 2])
    assert.deepEqual(await subjects(server, `split${i}@example.org`), [
      `Welcome Name${i}`,
      `Thanks for reading Name${i}`,
    ]);
  for (const i of [3, 4])
    assert.deepEqual(await subjects(server, `split${i}@example.org`), [
      `Welcome Name${i}`,
      `Did you see this Name${i}`,
    ]);
  await server.advance(DAY);
  assert.equal((await mails(server, 'split1@example.org')).length, 2, 'each message exactly once');

  assert.deepEqual(await journeyMetrics(server, appId, journeyId), {
    ENDPOINT_PRODUCED: '4',
    ENDPOINT_ENTERED: '4',
    ENDPOINT_LEFT: '4',
  });
  assert.deepEqual(await activityMetrics(server, appId, journeyId, 'welcome'), { SUCCESS: '4' });
  assert.deepEqual(await activityMetrics(server, appId, journeyId, 'opened'), { YES: '2', NO: '2' });
  assert.deepEqual(await activityMetrics(server, appId, journeyId, 'thanks'), { SUCCESS: '2' });
  assert.equal(await state(server, appId, journeyId), 'COMPLETED');
  const done = await server
    .pinpoint()
    .send(new GetJourneyRunsCommand({ ApplicationId: appId, JourneyId: journeyId }));
  assert.equal(done.JourneyRunsResponse!.Item![0].Status, 'COMPLETED');

  const runId = runs.JourneyRunsResponse!.Item![0].RunId!;
  const perRun = await server.pinpoint().send(
    new GetJourneyRunExecutionActivityMetricsCommand({
      ApplicationId: appId,
      JourneyId: journeyId,
      RunId: runId,
      JourneyActivityId: 'reminder',
    }),
  );
  assert.deepEqual(perRun.JourneyRunExecutionActivityMetricsResponse!.Metrics, { SUCCESS: '2' });
  assert.equal(perRun.JourneyRunExecutionActivityMetricsResponse!.ActivityType, 'MESSAGE');
  const runTotals = await server
    .pinpoint()
    .send(
      new GetJourneyRunExecutionMetricsCommand({ ApplicationId: appId, JourneyId: journeyId, RunId: runId }),
    );
  assert.equal(runTotals.JourneyRunExecutionMetricsResponse!.Metrics!.ENDPOINT_LEFT, '4');
  const opens = await events(server, appId, '_email.open');
  assert.equal(opens.length, 2);
  for (const e of opens) {
    assert.equal(e.attributes.journey_id, journeyId);
    assert.equal(e.attributes.journey_activity_id, 'welcome');
    assert.equal(e.attributes.journey_run_id, runId);
  }
  const sends = await events(server, appId, '_journey.send');
  assert.equal(sends.length, 8);
  assert.ok(sends.every((e) => e.attributes.journey_send_status === 'SUCCESS'));

  // Journey engagement metrics from the event log (developerguide/analytics-standard-metrics.html).
  const kpi = async (KpiName: string) => {
    const out = await server.pinpoint().send(
      new GetJourneyDateRangeKpiCommand({
        ApplicationId: appId,
        JourneyId: journeyId,
        KpiName,
        StartTime: new Date(Date.parse(runs.JourneyRunsResponse!.Item![0].CreationTime!) - 3600_000),
        EndTime: new Date(Date.parse(runs.JourneyRunsResponse!.Item![0].CreationTime!) + 3 * DAY * 1000),
      }),
    );
    return out.JourneyDateRangeKpiResponse!.KpiResult!.Rows!;
  };
  assert.deepEqual(
    (await kpi('journey-emails-sent')).map((r) => r.Values![0].Value),
    ['8.0'],
  );
  assert.deepEqual(
    (await kpi('emails-opened-grouped-by-journey-activity')).map((r) => [
      r.GroupedBys![0].Value,
      r.Values![0].Value,
    ]),
    [['welcome', '2.0']],
  );
});

test('a role whose trust names another account: nothing is sent, and the activity metrics and _journey.send say why', async () => {
  const foreign = await role(server, 'ForeignTrust', '111122223333');
  const { appId, segmentId } = await app(server, foreign, 'foreign', 2);
  const journeyId = await journey(server, appId, openedSplit(segmentId));
  await server.advance(2 * DAY);
  assert.equal((await mails(server, 'foreign1@example.org')).length, 0);
  assert.equal((await mails(server, 'foreign2@example.org')).length, 0);
  assert.deepEqual(await activityMetrics(server, appId, journeyId, 'welcome'), { PERMANENT_FAILURE: '2' });
  const refusal = `User: pinpoint.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${foreign}`;
  const sends = (await events(server, appId, '_journey.send')).filter(
    (e) => e.attributes.journey_activity_id === 'welcome',
  );
  assert.equal(sends.length, 2);
  for (const e of sends) {
    assert.equal(e.attributes.journey_send_status, 'FAILURE');
    assert.equal(e.attributes.journey_send_status_message, refusal);
    assert.equal(e.attributes.journey_send_status_code, '403');
  }
});

test("a role without SES permissions: SES's AccessDenied for each endpoint, nothing sent", async () => {
  const roleless = await role(server, 'NoSesPermission');
  await server.iam().send(
    new PutRolePolicyCommand({
      RoleName: 'NoSesPermission',
      PolicyName: 'ses',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'ses:GetAccount', Resource: '*' }],
      }),
    }),
  );
  const { appId, segmentId } = await app(server, roleless, 'denied', 2);
  const journeyId = await journey(server, appId, openedSplit(segmentId));
  await server.advance(0);
  assert.equal((await mails(server, 'denied1@example.org')).length, 0);
  assert.deepEqual(await activityMetrics(server, appId, journeyId, 'welcome'), { PERMANENT_FAILURE: '2' });
  const sends = (await events(server, appId, '_journey.send')).filter(
    (e) => e.attributes.journey_activity_id === 'welcome',
  );
  assert.equal(sends.length, 2);
  for (const e of sends)
    assert.match(e.attributes.journey_send_status_message, /is not authorized to perform: ses:SendEmail/);
});

test('a future Schedule.StartTime: the run is SCHEDULED and nobody enters until then', async () => {
  const now = await server.advance(0);
  const { appId, segmentId } = await app(server, roleArn, 'later', 1);
  const start = new Date(now.getTime() + 3 * 3600_000);
  const journeyId = await journey(
    server,
    appId,
    openedSplit(segmentId, {
      Schedule: { StartTime: start, EndTime: new Date(start.getTime() + 30 * DAY * 1000) },
    }),
  );
  await server.advance(3600);
  const runs = await server
    .pinpoint()
    .send(new GetJourneyRunsCommand({ ApplicationId: appId, JourneyId: journeyId }));
  assert.equal(runs.JourneyRunsResponse!.Item![0].Status, 'SCHEDULED');
  assert.equal((await mails(server, 'later1@example.org')).length, 0);
  await server.advance(2 * 3600);
  assert.deepEqual(await subjects(server, 'later1@example.org'), ['Welcome Name1']);
});
