/**
 * The seed's whole path end to end (developerguide/permissions-ses.html): a role with the seed's
 * two policies (test/fixtures/seed-policies.ts), a verified SES identity, an app whose email
 * channel names the role as OrchestrationSendingRoleArn, endpoints, a segment and a template. An
 * IMMEDIATE campaign reaches COMPLETED and every endpoint gets its own personalized mail; each
 * path that must fail sends nothing and says why on the campaign's activity.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreateCampaignCommand } from '@aws-sdk/client-pinpoint';
import {
  ACCOUNT,
  IDENTITY,
  activitiesWhen,
  campaignApp,
  completed,
  mailTo,
  reader,
  role,
  status,
  verifiedIdentity,
  welcomeTemplate,
} from './pinpoint-campaigns-setup.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
  await verifiedIdentity(server);
  await welcomeTemplate(server);
});
after(() => server.close());

async function runWelcome(roleArn: string, prefix: string) {
  const endpoints = [0, 1, 2].map((i) => reader(prefix, i));
  const { appId, segmentId } = await campaignApp(server, roleArn, endpoints);
  const out = await server.pinpoint().send(
    new CreateCampaignCommand({
      ApplicationId: appId,
      WriteCampaignRequest: {
        Name: 'welcome',
        SegmentId: segmentId,
        Schedule: { StartTime: 'IMMEDIATE', Frequency: 'ONCE' },
        TemplateConfiguration: { EmailTemplate: { Name: 'welcome' } },
      },
    }),
  );
  const campaignId = out.CampaignResponse!.Id!;
  const [activity] = await activitiesWhen(server, appId, campaignId, completed());
  return { appId, campaignId, activity };
}

test('under the seed role an IMMEDIATE campaign completes and every endpoint gets its own mail', async () => {
  const arn = await role(server, 'PinpointSeed');
  const { appId, campaignId, activity } = await runWelcome(arn, 'good');
  assert.equal(activity.Result, 'SUCCESS');
  assert.equal(activity.TotalEndpointCount, 3);
  assert.equal(activity.SuccessfulEndpointCount, 3);
  assert.equal(activity.TreatmentId, '0');
  assert.equal(await status(server, appId, campaignId), 'COMPLETED');
  for (const i of [0, 1, 2]) {
    const mails = await mailTo(server, `good${i}@example.org`);
    assert.equal(mails.length, 1, `one mail for good${i}`);
    assert.equal(mails[0].Subject, `Welcome Name${i}`);
    assert.equal(mails[0].Source, 'news@example.com');
    assert.match(
      mails[0].Body.html_part ?? '',
      new RegExp(`Hello Name${i}, this is good${i}@example\\.org\\.`),
    );
  }
  // Each endpoint's _email.send and _campaign.send name the activity GetCampaignActivities shows
  // (event-streams-data-email.html / -campaign.html: campaign_activity_id).
  await server.runtime.mail.drain();
  for (const type of ['_email.send', '_email.delivered', '_campaign.send']) {
    const res = await fetch(`${server.url}/_pinpost/pinpoint/events?app=${appId}&type=${type}`);
    const events = ((await res.json()) as { events: { attributes: Record<string, string> }[] }).events;
    assert.equal(events.length, 3, type);
    for (const e of events) assert.equal(e.attributes.campaign_activity_id, activity.Id, type);
  }
});

/** A failed run: nothing sent, FAIL, and the reason on the activity and its `_campaign.send` events. */
async function refused(arn: string, prefix: string): Promise<string> {
  const { appId, activity } = await runWelcome(arn, prefix);
  const res = await fetch(`${server.url}/_pinpost/pinpoint/events?app=${appId}&type=_campaign.send`);
  const events = ((await res.json()) as { events: { attributes: Record<string, string> }[] }).events;
  assert.equal(events.length, 3);
  for (const e of events) {
    assert.equal(e.attributes.campaign_send_status, 'FAILURE');
    assert.equal(e.attributes.campaign_send_status_message, activity.ExecutionMetrics?.FailureReason);
  }
  assert.equal(activity.Result, 'FAIL');
  assert.equal(activity.SuccessfulEndpointCount, 0);
  assert.equal(activity.TotalEndpointCount, 3);
  for (const i of [0, 1, 2]) assert.equal((await mailTo(server, `${prefix}${i}@example.org`)).length, 0);
  return activity.ExecutionMetrics?.FailureReason ?? '';
}

test('a trust policy whose aws:SourceAccount is another account: nothing is sent, STS’s refusal is on the activity', async () => {
  const arn = await role(server, 'OtherAccountTrust', '111122223333');
  const reason = await refused(arn, 'trust');
  assert.match(
    reason,
    new RegExp(
      `^User: pinpoint\\.amazonaws\\.com is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
    ),
  );
});

test('a permissions policy without ses:SendEmail: nothing is sent, SES’s AccessDenied is on the activity', async () => {
  const rawOnly = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'ses:SendRawEmail',
        Resource: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/*`,
      },
    ],
  });
  const arn = await role(server, 'RawOnly', ACCOUNT, rawOnly);
  const reason = await refused(arn, 'raw');
  assert.match(
    reason,
    new RegExp(
      `assumed-role/RawOnly/.* is not authorized to perform: ses:SendEmail on resource: ${IDENTITY}`,
    ),
  );
});

test('a channel identity outside the ARNs the role allows: nothing is sent, the denial is on the activity', async () => {
  const narrow = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['ses:SendEmail', 'ses:SendRawEmail'],
        Resource: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/allowed.example.com`,
      },
    ],
  });
  const arn = await role(server, 'Narrow', ACCOUNT, narrow);
  const reason = await refused(arn, 'narrow');
  assert.match(reason, new RegExp(`ses:SendEmail on resource: ${IDENTITY}`));
});
