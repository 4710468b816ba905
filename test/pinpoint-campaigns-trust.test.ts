/**
 * A trust-policy edit takes effect on a running app's next run (issue 9, "Trust-policy edits are
 * ignored by a running app"): after update-assume-role-policy names another account, a new
 * campaign of the same app used to send on a cached role session. Pinpoint now assumes the
 * orchestration role at the start of each run (and per SendMessages call), so the second run fails
 * with STS's text — the activity's FailureReason, `_campaign.send` FAILURE — and sends nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateCampaignCommand, SendMessagesCommand } from '@aws-sdk/client-pinpoint';
import { seedTrustPolicy } from './fixtures/seed-policies.js';
import {
  activitiesWhen,
  campaignApp,
  completed,
  mailTo,
  reader,
  role,
  verifiedIdentity,
} from './pinpoint-campaigns-setup.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;

before(async () => {
  server = await startTestServer();
  await verifiedIdentity(server);
});
after(() => server.close());

async function campaign(appId: string, segmentId: string, name: string): Promise<string> {
  const out = await server.pinpoint().send(
    new CreateCampaignCommand({
      ApplicationId: appId,
      WriteCampaignRequest: {
        Name: name,
        SegmentId: segmentId,
        Schedule: { StartTime: 'IMMEDIATE' },
        MessageConfiguration: { EmailMessage: { Title: name, HtmlBody: `<p>${name}</p>` } },
      },
    }),
  );
  return out.CampaignResponse!.Id!;
}

test('editing the trust policy between two runs of one app: the second run fails with STS’s text and sends nothing', async () => {
  const roleArn = await role(server, 'EditedTrust');
  const { appId, segmentId } = await campaignApp(server, roleArn, [reader('trust', 1), reader('trust', 2)]);

  const first = await campaign(appId, segmentId, 'First');
  const [ran] = await activitiesWhen(server, appId, first, completed(1));
  assert.equal(ran.Result, 'SUCCESS');
  assert.equal((await mailTo(server, 'trust1@example.org')).length, 1);

  await server.iam().send(
    new UpdateAssumeRolePolicyCommand({
      RoleName: 'EditedTrust',
      PolicyDocument: seedTrustPolicy('111122223333'),
    }),
  );
  const refusal = `User: pinpoint.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;

  const second = await campaign(appId, segmentId, 'Second');
  const [failed] = await activitiesWhen(server, appId, second, completed(1));
  assert.equal(failed.Result, 'FAIL');
  assert.equal(failed.SuccessfulEndpointCount, 0);
  assert.equal(failed.ExecutionMetrics?.FailureReason, refusal);
  for (const address of ['trust1@example.org', 'trust2@example.org'])
    assert.equal((await mailTo(server, address)).length, 1, `only the first run reached ${address}`);

  // A direct send is a run of its own: refused the same way.
  const out = await server.pinpoint().send(
    new SendMessagesCommand({
      ApplicationId: appId,
      MessageRequest: {
        Addresses: { 'trust3@example.org': { ChannelType: 'EMAIL' } },
        MessageConfiguration: {
          EmailMessage: { SimpleEmail: { Subject: { Data: 'x' }, TextPart: { Data: 'x' } } },
        },
      },
    }),
  );
  const r = out.MessageResponse!.Result!['trust3@example.org'];
  assert.deepEqual([r.DeliveryStatus, r.StatusCode, r.StatusMessage], ['PERMANENT_FAILURE', 403, refusal]);
  assert.equal((await mailTo(server, 'trust3@example.org')).length, 0);
});
