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

  const byDestination = Object.fromEntries((got.Insights ?? []).map((x) => [x.Destination, x.Events ?? []]));
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
