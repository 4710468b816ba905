/**
 * SES v2 GetMessageInsights (API_GetMessageInsights.html) over Pinpost's own sending records: a
 * message sent to the mailbox simulator's bounce and complaint addresses, its From, subject, tags
 * and, per destination, the events that concern that destination with the bounce and complaint
 * details; another account's or an unknown message is NotFoundException.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as v2 from '@aws-sdk/client-sesv2';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
});

test('a sent message: From, subject, tags and each destination with its own events', async () => {
  const c = server.sesv2();
  await c.send(new v2.CreateEmailIdentityCommand({ EmailIdentity: 'insights.example' }));
  const bounce = 'bounce@simulator.amazonses.com';
  const complaint = 'complaint@simulator.amazonses.com';
  const sent = await c.send(
    new v2.SendEmailCommand({
      FromEmailAddress: 'news@insights.example',
      Destination: { ToAddresses: [bounce, complaint] },
      Content: { Simple: { Subject: { Data: 'Weekly news' }, Body: { Text: { Data: 'Hello' } } } },
      EmailTags: [{ Name: 'campaign', Value: 'weekly' }],
    }),
  );
  const got = await c.send(new v2.GetMessageInsightsCommand({ MessageId: sent.MessageId }));
  assert.equal(got.MessageId, sent.MessageId);
  assert.equal(got.FromEmailAddress, 'news@insights.example');
  assert.equal(got.Subject, 'Weekly news');
  assert.deepEqual(got.EmailTags, [{ Name: 'campaign', Value: 'weekly' }]);

  const byDestination = Object.fromEntries(
    (got.Insights ?? []).map((x): [string, v2.InsightsEvent[]] => [x.Destination ?? '', x.Events ?? []]),
  );
  assert.deepEqual(
    byDestination[bounce].map((e) => e.Type),
    ['SEND', 'BOUNCE'],
  );
  assert.deepEqual(byDestination[bounce][1].Details?.Bounce?.BounceType, 'PERMANENT');
  assert.deepEqual(
    byDestination[complaint].map((e) => e.Type),
    ['SEND', 'DELIVERY', 'COMPLAINT'],
  );
  assert.equal(byDestination[complaint][2].Details?.Complaint?.ComplaintFeedbackType, 'abuse');
  assert.ok(byDestination[complaint][0].Timestamp instanceof Date);
});

test('an unknown message, or one of another region, is NotFoundException', async () => {
  const c = server.sesv2();
  const unknown = await fail(c.send(new v2.GetMessageInsightsCommand({ MessageId: 'no-such-message' })));
  assert.equal(unknown.name, 'NotFoundException');
  assert.equal(unknown.status, 404);

  await c.send(new v2.CreateEmailIdentityCommand({ EmailIdentity: 'region.example' }));
  const sent = await c.send(
    new v2.SendEmailCommand({
      FromEmailAddress: 'a@region.example',
      Destination: { ToAddresses: ['success@simulator.amazonses.com'] },
      Content: { Simple: { Subject: { Data: 'S' }, Body: { Text: { Data: 'T' } } } },
    }),
  );
  const eu = new v2.SESv2Client({
    endpoint: server.url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const elsewhere = await fail(eu.send(new v2.GetMessageInsightsCommand({ MessageId: sent.MessageId })));
  assert.equal(elsewhere.name, 'NotFoundException');
});

test('a user without ses:GetMessageInsights is denied', async () => {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'no-insights' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'no-insights' }))).AccessKey;
  const user = server.sesv2({
    accessKeyId: key?.AccessKeyId ?? '',
    secretAccessKey: key?.SecretAccessKey ?? '',
  });
  const denied = await fail(user.send(new v2.GetMessageInsightsCommand({ MessageId: 'anything' })));
  assert.equal(denied.name, 'AccessDeniedException');
  assert.match(denied.message, /ses:GetMessageInsights/);
});

/** Polls until the capture transport has delivered `n` messages of the identity (DELIVERY events). */
async function deliveries(query: v2.BatchGetMetricDataQuery, n: number): Promise<number[]> {
  for (let i = 0; i < 500; i++) {
    const r = await server.sesv2().send(new v2.BatchGetMetricDataCommand({ Queries: [query] }));
    const values = (r.Results?.[0].Values ?? []).map(Number);
    if (values.reduce((a, b) => a + b, 0) >= n) return values;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the deliveries were not recorded');
}

test('BatchGetMetricData counts one-recipient sends and deliveries per day, by identity and configuration set', async () => {
  const c = server.sesv2();
  await c.send(new v2.CreateEmailIdentityCommand({ EmailIdentity: 'metrics.example' }));
  await c.send(new v2.CreateConfigurationSetCommand({ ConfigurationSetName: 'metrics-set' }));
  const send = (to: string[], set?: string) =>
    c.send(
      new v2.SendEmailCommand({
        FromEmailAddress: 'm@metrics.example',
        Destination: { ToAddresses: to },
        ConfigurationSetName: set,
        Content: { Simple: { Subject: { Data: 'S' }, Body: { Text: { Data: 'T' } } } },
      }),
    );
  await send(['one@example.com'], 'metrics-set');
  await send(['two@example.com']);
  await send(['three@example.com', 'four@example.com'], 'metrics-set'); // two recipients: not counted
  await send(['success@simulator.amazonses.com']); // the mailbox simulator: not counted

  const day = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
  const range = { StartDate: day, EndDate: new Date(day.getTime() + 86_400_000) };
  const r = await c.send(
    new v2.BatchGetMetricDataCommand({
      Queries: [
        {
          Id: 'all',
          Namespace: 'VDM',
          Metric: 'SEND',
          Dimensions: { EMAIL_IDENTITY: 'metrics.example' },
          ...range,
        },
        {
          Id: 'set',
          Namespace: 'VDM',
          Metric: 'SEND',
          Dimensions: { CONFIGURATION_SET: 'metrics-set' },
          ...range,
        },
        {
          Id: 'other',
          Namespace: 'VDM',
          Metric: 'SEND',
          Dimensions: { EMAIL_IDENTITY: 'nobody.example' },
          ...range,
        },
        { Id: 'bounces', Namespace: 'VDM', Metric: 'PERMANENT_BOUNCE', ...range },
      ],
    }),
  );
  const byId = Object.fromEntries((r.Results ?? []).map((x) => [x.Id, (x.Values ?? []).map(Number)]));
  assert.deepEqual(byId, { all: [2], set: [1], other: [0], bounces: [0] });
  assert.deepEqual(r.Results?.[0].Timestamps, [day]);
  assert.deepEqual(r.Errors, []);

  const delivered = await deliveries(
    {
      Id: 'd',
      Namespace: 'VDM',
      Metric: 'DELIVERY',
      Dimensions: { EMAIL_IDENTITY: 'metrics.example' },
      ...range,
    },
    2,
  );
  assert.deepEqual(delivered, [2]);
});

test('BatchGetMetricData refuses what Pinpost cannot measure, and malformed queries', async () => {
  const c = server.sesv2();
  const range = { StartDate: new Date(Date.now() - 86_400_000), EndDate: new Date() };
  const open = await fail(
    c.send(
      new v2.BatchGetMetricDataCommand({
        Queries: [{ Id: 'q', Namespace: 'VDM', Metric: 'DELIVERY_OPEN', ...range }],
      }),
    ),
  );
  assert.equal(open.name, 'BadRequestException');
  assert.match(open.message, /DELIVERY_OPEN/);
  const isp = await fail(
    c.send(
      new v2.BatchGetMetricDataCommand({
        Queries: [{ Id: 'q', Namespace: 'VDM', Metric: 'SEND', Dimensions: { ISP: 'Gmail' }, ...range }],
      }),
    ),
  );
  assert.match(isp.message, /ISP/);
  const backwards = await fail(
    c.send(
      new v2.BatchGetMetricDataCommand({
        Queries: [
          { Id: 'q', Namespace: 'VDM', Metric: 'SEND', StartDate: range.EndDate, EndDate: range.StartDate },
        ],
      }),
    ),
  );
  assert.equal(backwards.name, 'BadRequestException');
});
