/**
 * The journey read operations (apireference/apps-application-id-journeys-journey-id-execution-metrics.html,
 * …-activities-journey-activity-id-execution-metrics.html, …-runs.html, …-runs-run-id-execution-metrics.html,
 * …-runs-run-id-activities-journey-activity-id-execution-metrics.html, …-kpis-daterange-kpi-name.html):
 * through @aws-sdk/client-pinpoint for a journey that has not run (empty metrics, no runs, no KPI rows),
 * their 404s and 400s, the metrics ARNs IAM authorizes (list_amazonpinpoint.html), the engagement
 * KPIs from the event log, and the JourneyMetricsSource port answering for a journey that ran.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  GetJourneyDateRangeKpiCommand,
  GetJourneyExecutionActivityMetricsCommand,
  GetJourneyExecutionMetricsCommand,
  GetJourneyRunExecutionActivityMetricsCommand,
  GetJourneyRunExecutionMetricsCommand,
  GetJourneyRunsCommand,
  type JourneyResponse,
} from '@aws-sdk/client-pinpoint';
import { createJourneys } from '../src/services/pinpoint/journeys/index.js';
import type { JourneyMetricsSource, JourneyRun } from '../src/services/pinpoint/journeys/ports.js';
import type { RequestContext } from '../src/wire/context.js';
import type { OperationSpec } from '../src/wire/operation.js';
import {
  ACCOUNT,
  createJourney,
  everyActivity,
  journeyApp,
  journeySetup,
  user,
  type JourneyApp,
} from './pinpoint-journeys-setup.js';
import { fail } from './support/failure.js';
import { startTestServer, type TestServer } from './support/server.js';
import { pinpointInput } from './support/typed-input.js';

let server: TestServer;
let app: JourneyApp;
let journey: JourneyResponse;

before(async () => {
  server = await startTestServer();
  await journeySetup(server);
  app = await journeyApp(server, 'metrics');
  journey = (await createJourney(server, app.appId, everyActivity(app.segmentId))).JourneyResponse!;
});
after(() => server.close());

const ids = () => ({ ApplicationId: app.appId, JourneyId: journey.Id });

test('GetJourneyExecutionMetrics before any run: no counters; LastEvaluatedTime is the CreationDate', async () => {
  const out = await server.pinpoint().send(new GetJourneyExecutionMetricsCommand(ids()));
  assert.equal(out.$metadata.httpStatusCode, 200);
  assert.deepEqual(out.JourneyExecutionMetricsResponse, {
    ApplicationId: app.appId,
    JourneyId: journey.Id,
    LastEvaluatedTime: journey.CreationDate,
    Metrics: {},
  });
});

test('GetJourneyExecutionActivityMetrics before any run: each activity with its ActivityType and no counters', async () => {
  const types: Record<string, string> = {
    welcome: 'MESSAGE',
    wait1: 'WAIT',
    opened: 'CONDITIONAL_SPLIT',
    branches: 'MULTI_CONDITIONAL_SPLIT',
    random: 'RANDOM_SPLIT',
    holdout: 'HOLDOUT',
    sms: 'MESSAGE',
    push: 'MESSAGE',
    custom: 'MESSAGE',
    call: 'CONTACT_CENTER',
  };
  for (const [activity, type] of Object.entries(types)) {
    const out = await server.pinpoint().send(
      new GetJourneyExecutionActivityMetricsCommand({
        ...ids(),
        JourneyActivityId: activity,
        PageSize: '5',
      }),
    );
    assert.deepEqual(out.JourneyExecutionActivityMetricsResponse, {
      ActivityType: type,
      ApplicationId: app.appId,
      JourneyActivityId: activity,
      JourneyId: journey.Id,
      LastEvaluatedTime: journey.CreationDate,
      Metrics: {},
    });
  }
});

test('GetJourneyRuns before any run: no items, no NextToken; a run id answers 404 in the run operations', async () => {
  const runs = await server.pinpoint().send(new GetJourneyRunsCommand({ ...ids(), PageSize: '10' }));
  assert.deepEqual(runs.JourneyRunsResponse, { Item: [] });
  const run = { ...ids(), RunId: '9'.repeat(32) };
  assert.deepEqual(await fail(server.pinpoint().send(new GetJourneyRunExecutionMetricsCommand(run))), {
    name: 'NotFoundException',
    message: 'Resource not found',
    status: 404,
  });
  assert.deepEqual(
    await fail(
      server
        .pinpoint()
        .send(new GetJourneyRunExecutionActivityMetricsCommand({ ...run, JourneyActivityId: 'welcome' })),
    ),
    { name: 'NotFoundException', message: 'Resource not found', status: 404 },
  );
  const token = await fail(server.pinpoint().send(new GetJourneyRunsCommand({ ...ids(), Token: 'abc' })));
  assert.deepEqual(token, { name: 'BadRequestException', message: 'Invalid token: abc', status: 400 });
});

test('GetJourneyDateRangeKpi before any send: the range and no rows; a name the page does not list is refused', async () => {
  const out = await server.pinpoint().send(
    new GetJourneyDateRangeKpiCommand({
      ...ids(),
      KpiName: 'journey-emails-sent',
      StartTime: new Date(Date.now() - 86_400_000),
      EndTime: new Date(),
    }),
  );
  const r = out.JourneyDateRangeKpiResponse!;
  assert.equal(r.ApplicationId, app.appId);
  assert.equal(r.JourneyId, journey.Id);
  assert.equal(r.KpiName, 'journey-emails-sent');
  assert.deepEqual(r.KpiResult, { Rows: [] });
  assert.ok(r.StartTime instanceof Date && r.EndTime instanceof Date);
  const bad = await fail(
    server.pinpoint().send(new GetJourneyDateRangeKpiCommand({ ...ids(), KpiName: 'email-open-rate' })),
  );
  assert.deepEqual(bad, {
    name: 'BadRequestException',
    message: 'Invalid KPI name: email-open-rate',
    status: 400,
  });
  const range = await fail(
    server.pinpoint().send(
      new GetJourneyDateRangeKpiCommand({
        ...ids(),
        KpiName: 'journey-emails-sent',
        StartTime: new Date(Date.now() - 40 * 86_400_000),
        EndTime: new Date(),
      }),
    ),
  );
  assert.deepEqual(range, {
    name: 'BadRequestException',
    message: 'The date range must be 31 days or fewer',
    status: 400,
  });
});

test('engagement KPIs count the journey email events of the event log, in total and per activity', async () => {
  const c = server.runtime.pinpoint.context;
  const scope = { account: ACCOUNT, region: 'us-east-1' };
  const at = new Date(Date.now() - 3_600_000);
  const event = (type: string, messageId: string, activity: string) => ({
    eventType: type,
    timestamp: at,
    appId: app.appId,
    messageId,
    attributes: { journey_id: journey.Id!, campaign_activity_id: activity },
  });
  await c.ports.events.record(scope, [
    event('_email.send', 'm1', 'welcome'),
    event('_email.send', 'm2', 'welcome'),
    event('_email.send', 'm3', 'goodbye'),
    event('_email.hardbounce', 'm3', 'goodbye'),
    event('_email.click', 'm1', 'welcome'),
    event('_email.click', 'm1', 'welcome'),
  ]);
  const kpi = async (KpiName: string) =>
    (await server.pinpoint().send(new GetJourneyDateRangeKpiCommand({ ...ids(), KpiName })))
      .JourneyDateRangeKpiResponse!.KpiResult!.Rows;
  assert.deepEqual(await kpi('journey-emails-sent'), [
    { Values: [{ Key: 'JourneyEmailsSent', Type: 'Double', Value: '3.0' }] },
  ]);
  assert.deepEqual(await kpi('journey-emails-delivered'), [
    { Values: [{ Key: 'JourneyEmailsDelivered', Type: 'Double', Value: '2.0' }] },
  ]);
  assert.deepEqual(await kpi('journey-emails-clicked'), [
    { Values: [{ Key: 'JourneyEmailsClicked', Type: 'Double', Value: '2.0' }] },
  ]);
  assert.deepEqual(await kpi('emails-sent-grouped-by-journey-activity'), [
    {
      GroupedBys: [{ Key: 'JourneyActivityId', Type: 'String', Value: 'goodbye' }],
      Values: [{ Key: 'EmailsSent', Type: 'Double', Value: '1.0' }],
    },
    {
      GroupedBys: [{ Key: 'JourneyActivityId', Type: 'String', Value: 'welcome' }],
      Values: [{ Key: 'EmailsSent', Type: 'Double', Value: '2.0' }],
    },
  ]);
  assert.deepEqual(await kpi('journey-emails-opened'), []);
});

test('404s: an activity not in the journey, a missing journey, a missing app', async () => {
  const e = await fail(
    server
      .pinpoint()
      .send(new GetJourneyExecutionActivityMetricsCommand({ ...ids(), JourneyActivityId: 'nope' })),
  );
  assert.deepEqual(e, { name: 'NotFoundException', message: 'Resource not found', status: 404 });
  const missing = { ApplicationId: app.appId, JourneyId: 'e'.repeat(32) };
  for (const call of [
    () => server.pinpoint().send(new GetJourneyExecutionMetricsCommand(missing)),
    () => server.pinpoint().send(new GetJourneyRunsCommand(missing)),
    () =>
      server
        .pinpoint()
        .send(new GetJourneyDateRangeKpiCommand({ ...missing, KpiName: 'journey-emails-sent' })),
  ])
    assert.deepEqual(await fail(call()), {
      name: 'NotFoundException',
      message: 'Resource not found',
      status: 404,
    });
  const noApp = await fail(
    server
      .pinpoint()
      .send(new GetJourneyExecutionMetricsCommand({ ApplicationId: 'f'.repeat(32), JourneyId: journey.Id })),
  );
  assert.deepEqual(noApp, { name: 'NotFoundException', message: 'Application not found', status: 404 });
});

test('IAM: the metrics are authorized on their own ARNs under the journey', async () => {
  const journeyArn = `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${app.appId}/journeys/${journey.Id}`;
  const creds = await user(server, 'metricsreader', {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'mobiletargeting:GetJourneyExecutionMetrics',
        Resource: `${journeyArn}/execution-metrics`,
      },
    ],
  });
  const ok = await server.pinpoint(creds).send(new GetJourneyExecutionMetricsCommand(ids()));
  assert.equal(ok.JourneyExecutionMetricsResponse?.JourneyId, journey.Id);
  const denials: [() => Promise<unknown>, string, string][] = [
    [
      () =>
        server
          .pinpoint(creds)
          .send(new GetJourneyExecutionActivityMetricsCommand({ ...ids(), JourneyActivityId: 'welcome' })),
      'GetJourneyExecutionActivityMetrics',
      `${journeyArn}/activities/welcome/execution-metrics`,
    ],
    [
      () =>
        server
          .pinpoint(creds)
          .send(new GetJourneyDateRangeKpiCommand({ ...ids(), KpiName: 'journey-emails-sent' })),
      'GetJourneyDateRangeKpi',
      `${journeyArn}/kpis/daterange/journey-emails-sent`,
    ],
    [() => server.pinpoint(creds).send(new GetJourneyRunsCommand(ids())), 'GetJourneyRuns', journeyArn],
    [
      () => server.pinpoint(creds).send(new GetJourneyRunExecutionMetricsCommand({ ...ids(), RunId: 'r' })),
      'GetJourneyRunExecutionMetrics',
      journeyArn,
    ],
    [
      () =>
        server.pinpoint(creds).send(
          new GetJourneyRunExecutionActivityMetricsCommand({
            ...ids(),
            RunId: 'r',
            JourneyActivityId: 'welcome',
          }),
        ),
      'GetJourneyRunExecutionActivityMetrics',
      journeyArn,
    ],
  ];
  for (const [call, action, resource] of denials) {
    const e = await fail(call());
    assert.equal(e.status, 403, action);
    assert.equal(
      e.message,
      `User: arn:aws:iam::${ACCOUNT}:user/metricsreader is not authorized to perform: mobiletargeting:${action} on resource: ${resource} because no identity-based policy allows the mobiletargeting:${action} action`,
    );
  }
});

/** Runs an operation with its input typed as a request's, as the authorized root caller. */
async function invoke(ops: OperationSpec[], name: string, raw: Record<string, unknown>): Promise<unknown> {
  const op = ops.find((o) => o.name === name)!;
  const ctx = { account: ACCOUNT, region: 'us-east-1' } as RequestContext;
  return op.handler(await pinpointInput(op, raw, ctx), ctx);
}

test('the JourneyMetricsSource port: what the execution part reports is what the operations answer', async () => {
  const runs: JourneyRun[] = [3, 2, 1].map((n) => ({
    RunId: `run${n}`,
    CreationTime: `2030-01-0${n}T00:00:00.000Z`,
    LastUpdateTime: `2030-01-0${n}T00:05:00.000Z`,
    Status: n === 3 ? 'RUNNING' : 'COMPLETED',
  }));
  const asked: string[] = [];
  const source: JourneyMetricsSource = {
    journey: async () => ({
      lastEvaluatedTime: '2030-01-03T00:05:00.000Z',
      metrics: { ENDPOINT_ENTERED: '3' },
    }),
    activity: async (_s, _j, id) => {
      asked.push(id);
      return { lastEvaluatedTime: '2030-01-03T00:05:00.000Z', metrics: { SUCCESS: '3' } };
    },
    runs: async (_s, _j, offset, limit) => runs.slice(offset, offset + limit),
    run: async (_s, _j, id) => runs.find((r) => r.RunId === id),
    runMetrics: async (_s, _j, r) => ({
      lastEvaluatedTime: r.LastUpdateTime,
      metrics: { ENDPOINT_PRODUCED: '1' },
    }),
    runActivity: async (_s, _j, r, id) => ({ lastEvaluatedTime: r.LastUpdateTime, metrics: { [id]: '1' } }),
    kpi: async () => [],
  };
  const ops = createJourneys(server.runtime.pinpoint.context, { metrics: source }).operations;
  const labels = { 'application-id': app.appId, 'journey-id': journey.Id };
  assert.deepEqual(await invoke(ops, 'GetJourneyExecutionMetrics', labels), {
    JourneyExecutionMetricsResponse: {
      ApplicationId: app.appId,
      JourneyId: journey.Id,
      LastEvaluatedTime: '2030-01-03T00:05:00.000Z',
      Metrics: { ENDPOINT_ENTERED: '3' },
    },
  });
  const first = (await invoke(ops, 'GetJourneyRuns', { ...labels, PageSize: '2' })) as {
    JourneyRunsResponse: { Item: JourneyRun[]; NextToken?: string };
  };
  assert.deepEqual(first.JourneyRunsResponse, { Item: runs.slice(0, 2), NextToken: '2' });
  const rest = (await invoke(ops, 'GetJourneyRuns', {
    ...labels,
    PageSize: '2',
    Token: '2',
  })) as typeof first;
  assert.deepEqual(rest.JourneyRunsResponse, { Item: runs.slice(2), NextToken: undefined });
  assert.deepEqual(
    await invoke(ops, 'GetJourneyRunExecutionActivityMetrics', {
      ...labels,
      'run-id': 'run2',
      'journey-activity-id': 'welcome',
    }),
    {
      JourneyRunExecutionActivityMetricsResponse: {
        ActivityType: 'MESSAGE',
        ApplicationId: app.appId,
        JourneyActivityId: 'welcome',
        JourneyId: journey.Id,
        RunId: 'run2',
        LastEvaluatedTime: '2030-01-02T00:05:00.000Z',
        Metrics: { welcome: '1' },
      },
    },
  );
  await assert.rejects(
    invoke(ops, 'GetJourneyExecutionActivityMetrics', { ...labels, 'journey-activity-id': 'nope' }),
    {
      code: 'NotFoundException',
      status: 404,
    },
  );
  await assert.rejects(invoke(ops, 'GetJourneyRunExecutionMetrics', { ...labels, 'run-id': 'run9' }), {
    code: 'NotFoundException',
  });
  assert.deepEqual(asked, [], 'the source is not asked about an activity the journey does not have');
});
