/**
 * The journeys page (a journey created from JSON in the editor, its activity graph drawn from its
 * Activities with the counts GetJourneyExecutionActivityMetrics answers, the state buttons through
 * UpdateJourneyState) and the analytics page (charts and totals from GetApplicationDateRangeKpi
 * after two transactional sends), checked through @aws-sdk/client-pinpoint.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateEmailTemplateCommand,
  CreateSegmentCommand,
  GetApplicationDateRangeKpiCommand,
  GetJourneyCommand,
  GetJourneyExecutionActivityMetricsCommand,
  ListJourneysCommand,
  SendMessagesCommand,
  UpdateEmailChannelCommand,
  UpdateEndpointsBatchCommand,
} from '@aws-sdk/client-pinpoint';
import { CreateEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { metricLines } from '../../console/src/pages/pinpoint/journey-graph.js';
import { permissionsPolicy, trustPolicy } from '../../console/src/pages/pinpoint/role-policies.js';
import { screenshot, signIn, startConsole, type ConsoleHarness } from './support.js';
import { ACCOUNT, consoleUrl, newApp, REGION, ROOT, sdk } from './pinpoint-support.js';

let c: ConsoleHarness;
let appId: string;

before(async () => {
  c = await startConsole();
  await signIn(c.page, ROOT);
  const { pinpoint, iam, sesv2 } = sdk(c.server.url);
  appId = await newApp(c.server.url, 'journeys');
  await sesv2.send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
  const scope = { account: ACCOUNT, region: REGION };
  const role = await iam.send(
    new CreateRoleCommand({ RoleName: 'orchestration', AssumeRolePolicyDocument: trustPolicy(scope) }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'orchestration',
      PolicyName: 'ses',
      PolicyDocument: permissionsPolicy(scope),
    }),
  );
  await pinpoint.send(
    new UpdateEmailChannelCommand({
      ApplicationId: appId,
      EmailChannelRequest: {
        Enabled: true,
        FromAddress: 'news@example.com',
        Identity: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`,
        OrchestrationSendingRoleArn: role.Role!.Arn,
      },
    }),
  );
  await pinpoint.send(
    new UpdateEndpointsBatchCommand({
      ApplicationId: appId,
      EndpointBatchRequest: { Item: [{ Id: 'ana', ChannelType: 'EMAIL', Address: 'ana@example.org' }] },
    }),
  );
  await pinpoint.send(
    new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { Name: 'all' } }),
  );
  await pinpoint.send(
    new CreateEmailTemplateCommand({
      TemplateName: 'welcome',
      EmailTemplateRequest: { Subject: 'Welcome', HtmlPart: '<p>Hello {{Address}}</p>' },
    }),
  );
});
after(() => c.close());

test('a journey created from JSON is drawn from its activities with their metrics; state buttons change it', async () => {
  const { page } = c;
  const url = c.server.url;
  await page.goto(consoleUrl(url, `/pinpoint/apps/${appId}/journeys`));
  await page.getByRole('button', { name: 'New journey from JSON' }).click();
  const editor = page.getByLabel('Journey (WriteJourneyRequest JSON)');
  // The starter names the project's segment and template.
  const starter = JSON.parse(await editor.inputValue()) as {
    StartCondition: { SegmentStartCondition: { SegmentId: string } };
  };
  assert.match(starter.StartCondition.SegmentStartCondition.SegmentId, /^[0-9a-f]{32}$/);
  await screenshot(page, 'pinpoint-journey-json');
  await page.getByRole('button', { name: 'Create journey' }).click();
  await page.locator('svg g.journey-node').first().waitFor();

  const { pinpoint } = sdk(url);
  const journey = (await pinpoint.send(new ListJourneysCommand({ ApplicationId: appId }))).JourneysResponse!
    .Item![0];
  assert.equal(journey.State, 'DRAFT');
  const nodes = await page
    .locator('svg g.journey-node')
    .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-activity')));
  assert.deepEqual(nodes.sort(), Object.keys(journey.Activities!).sort());
  const edges = await page
    .locator('svg g.journey-edge')
    .evaluateAll((gs) => gs.map((g) => `${g.getAttribute('data-from')}->${g.getAttribute('data-to')}`));
  assert.deepEqual(edges.sort(), ['first->pause', 'pause->second']);

  await page.getByRole('button', { name: 'Activate' }).click();
  await page.getByRole('button', { name: 'Pause' }).waitFor();
  const active = await pinpoint.send(new GetJourneyCommand({ ApplicationId: appId, JourneyId: journey.Id }));
  assert.equal(active.JourneyResponse?.State, 'ACTIVE');

  // Each node shows what GetJourneyExecutionActivityMetrics answers for its activity, once the
  // engine (on the system clock) has sent the first EMAIL and the counts stand still.
  for (let i = 0; i < 400; i++) {
    const first = await pinpoint.send(
      new GetJourneyExecutionActivityMetricsCommand({
        ApplicationId: appId,
        JourneyId: journey.Id,
        JourneyActivityId: 'first',
      }),
    );
    if (Object.keys(first.JourneyExecutionActivityMetricsResponse?.Metrics ?? {}).length) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await page.getByRole('button', { name: 'Refresh counts' }).click();
  for (const id of nodes) {
    const m = await pinpoint.send(
      new GetJourneyExecutionActivityMetricsCommand({
        ApplicationId: appId,
        JourneyId: journey.Id,
        JourneyActivityId: id!,
      }),
    );
    const expected =
      metricLines(m.JourneyExecutionActivityMetricsResponse?.Metrics).slice(0, 2).join(' · ') ||
      'no metrics yet';
    await page
      .locator(`g.journey-node[data-activity="${id}"] text.journey-node-metrics`)
      .filter({ hasText: expected })
      .waitFor();
  }
  await screenshot(page, 'pinpoint-journey-graph');

  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Resume' }).waitFor();
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.locator('.journey .badge').filter({ hasText: 'CANCELLED' }).waitFor();
  const stopped = await pinpoint.send(new GetJourneyCommand({ ApplicationId: appId, JourneyId: journey.Id }));
  assert.equal(stopped.JourneyResponse?.State, 'CANCELLED');
});

test('analytics charts the transactional sends and deliveries GetApplicationDateRangeKpi counts', async () => {
  const { page } = c;
  const url = c.server.url;
  const { pinpoint } = sdk(url);
  await pinpoint.send(
    new SendMessagesCommand({
      ApplicationId: appId,
      MessageRequest: {
        Addresses: {
          'one@example.org': { ChannelType: 'EMAIL' },
          'two@example.org': { ChannelType: 'EMAIL' },
        },
        MessageConfiguration: {
          EmailMessage: { SimpleEmail: { Subject: { Data: 'Hi' }, HtmlPart: { Data: '<p>Hi</p>' } } },
        },
      },
    }),
  );
  // The deliveries are recorded once the outbox has delivered: ask until both are (bounded).
  const delivered = async () => {
    const out = await pinpoint.send(
      new GetApplicationDateRangeKpiCommand({ ApplicationId: appId, KpiName: 'txn-emails-delivered' }),
    );
    return Number(out.ApplicationDateRangeKpiResponse?.KpiResult?.Rows?.[0]?.Values?.[0]?.Value ?? 0);
  };
  for (let i = 0; i < 200 && (await delivered()) < 2; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(await delivered(), 2);

  await page.goto(consoleUrl(url, `/pinpoint/apps/${appId}/analytics`));
  const totals = page.getByRole('list', { name: 'Totals' });
  await totals.getByRole('listitem').filter({ hasText: 'Sends' }).filter({ hasText: '2' }).waitFor();
  const figures = Object.fromEntries(
    (await totals.getByRole('listitem').allInnerTexts()).map((t) => {
      const m = /^(.*\S)\s+(\d+)$/.exec(t.trim())!;
      return [m[1], Number(m[2])];
    }),
  );
  assert.equal(figures.Sends, 2);
  assert.equal(figures.Deliveries, 2);
  assert.equal(figures.Bounces, 0);
  assert.deepEqual(Object.keys(figures), ['Sends', 'Deliveries', 'Opens', 'Clicks', 'Bounces']);
  assert.equal(await page.getByRole('img', { name: 'Transactional email per day' }).count(), 1);
  await screenshot(page, 'pinpoint-analytics');
});
