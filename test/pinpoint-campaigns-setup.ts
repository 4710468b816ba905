/**
 * What the campaign tests share: the seed's path set up through real clients (an SES identity, a
 * role with the seed's policies, an app whose email channel names it, EMAIL endpoints, a segment
 * of all of them, an email template), the captured mail, and waiting for a campaign's activity.
 */
import assert from 'node:assert/strict';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateAppCommand,
  CreateEmailTemplateCommand,
  CreateSegmentCommand,
  GetCampaignActivitiesCommand,
  GetCampaignCommand,
  UpdateEmailChannelCommand,
  UpdateEndpointsBatchCommand,
  type ActivityResponse,
  type EndpointBatchItem,
} from '@aws-sdk/client-pinpoint';
import { CreateEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { seedPermissionsPolicy, seedTrustPolicy } from './fixtures/seed-policies.js';
import type { TestServer } from './support/server.js';

export const ACCOUNT = '000000000000';
export const IDENTITY = `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`;

export interface Mail {
  Id: string;
  Source: string;
  Destination: { ToAddresses: string[] };
  Subject: string;
  Body: { text_part: string | null; html_part: string | null };
}

/** Every captured mail (LocalStack's `GET /_aws/ses`), once the outbox has delivered. */
export async function mailbox(server: TestServer): Promise<Mail[]> {
  await server.runtime.mail.drain();
  const res = await fetch(`${server.url}/_aws/ses`);
  return ((await res.json()) as { messages: Mail[] }).messages;
}

export const mailTo = async (server: TestServer, address: string) =>
  (await mailbox(server)).filter((m) => m.Destination.ToAddresses.includes(address));

export async function verifiedIdentity(server: TestServer): Promise<void> {
  await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
}

/** A role trusted by pinpoint.amazonaws.com (for `trustAccount`) with `permissions`. */
export async function role(
  server: TestServer,
  name: string,
  trustAccount = ACCOUNT,
  permissions = seedPermissionsPolicy(ACCOUNT),
): Promise<string> {
  const iam = server.iam();
  const out = await iam.send(
    new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: seedTrustPolicy(trustAccount) }),
  );
  await iam.send(
    new PutRolePolicyCommand({ RoleName: name, PolicyName: 'ses', PolicyDocument: permissions }),
  );
  return out.Role!.Arn!;
}

export const reader = (
  prefix: string,
  i: number,
  extra: Partial<EndpointBatchItem> = {},
): EndpointBatchItem => ({
  Id: `${prefix}-${i}`,
  ChannelType: 'EMAIL',
  Address: `${prefix}${i}@example.org`,
  User: { UserId: `${prefix}-user-${i}`, UserAttributes: { FirstName: [`Name${i}`] } },
  ...extra,
});

/** An app sending as news@example.com under `roleArn`, with `endpoints` and a segment of them all. */
export async function campaignApp(
  server: TestServer,
  roleArn: string | undefined,
  endpoints: EndpointBatchItem[],
  identity = IDENTITY,
): Promise<{ appId: string; segmentId: string }> {
  const pinpoint = server.pinpoint();
  const app = await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'campaigns' } }));
  const appId = app.ApplicationResponse!.Id!;
  await pinpoint.send(
    new UpdateEmailChannelCommand({
      ApplicationId: appId,
      EmailChannelRequest: {
        FromAddress: 'news@example.com',
        Identity: identity,
        OrchestrationSendingRoleArn: roleArn,
        Enabled: true,
      },
    }),
  );
  for (let i = 0; i < endpoints.length; i += 100)
    await pinpoint.send(
      new UpdateEndpointsBatchCommand({
        ApplicationId: appId,
        EndpointBatchRequest: { Item: endpoints.slice(i, i + 100) },
      }),
    );
  const segment = await pinpoint.send(
    new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { Name: 'everyone' } }),
  );
  return { appId, segmentId: segment.SegmentResponse!.Id! };
}

export async function welcomeTemplate(server: TestServer, name = 'welcome'): Promise<void> {
  await server.pinpoint().send(
    new CreateEmailTemplateCommand({
      TemplateName: name,
      EmailTemplateRequest: {
        Subject: 'Welcome {{User.UserAttributes.FirstName}}',
        HtmlPart: '<p>Hello {{User.UserAttributes.FirstName}}, this is {{Address}}.</p>',
      },
    }),
  );
}

/** Polls until `done` holds for the campaign's activities (newest first); fails after `limit` polls. */
export async function activitiesWhen(
  server: TestServer,
  appId: string,
  campaignId: string,
  done: (items: ActivityResponse[]) => boolean,
  limit = 300,
): Promise<ActivityResponse[]> {
  let items: ActivityResponse[] = [];
  for (let i = 0; i < limit; i++) {
    const out = await server
      .pinpoint()
      .send(new GetCampaignActivitiesCommand({ ApplicationId: appId, CampaignId: campaignId }));
    items = out.ActivitiesResponse?.Item ?? [];
    if (done(items)) return items;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`the campaign's activities never reached the expected state: ${JSON.stringify(items)}`);
}

export const completed =
  (n = 1) =>
  (items: ActivityResponse[]) =>
    items.length >= n && items.every((a) => a.State === 'COMPLETED');

export async function status(
  server: TestServer,
  appId: string,
  campaignId: string,
): Promise<string | undefined> {
  const out = await server
    .pinpoint()
    .send(new GetCampaignCommand({ ApplicationId: appId, CampaignId: campaignId }));
  return out.CampaignResponse?.State?.CampaignStatus;
}
