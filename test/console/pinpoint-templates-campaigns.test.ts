/**
 * The templates page (a live preview rendered by the engine for the chosen endpoint, with default
 * substitutions; saving a new version) and the campaigns page (a campaign whose role Pinpoint
 * cannot assume: its activity fails and the page shows the reason GetCampaignActivities gives).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateSegmentCommand,
  GetCampaignActivitiesCommand,
  GetCampaignsCommand,
  GetEmailTemplateCommand,
  UpdateEmailChannelCommand,
  UpdateEndpointsBatchCommand,
} from '@aws-sdk/client-pinpoint';
import { CreateEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { screenshot, signIn, startConsole, type ConsoleHarness } from './support.js';
import { ACCOUNT, consoleUrl, newApp, ROOT, sdk, status } from './pinpoint-support.js';

let c: ConsoleHarness;
let appId: string;

before(async () => {
  c = await startConsole();
  await signIn(c.page, ROOT);
  const { pinpoint, iam, sesv2 } = sdk(c.server.url);
  appId = await newApp(c.server.url, 'messages');
  await sesv2.send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
  // A role trusted for another account: Pinpoint cannot assume it for this one.
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: 'foreign-trust',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'pinpoint.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
          },
        ],
      }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'foreign-trust',
      PolicyName: 'ses',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'ses:SendRawEmail', Resource: '*' }],
      }),
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
      EndpointBatchRequest: {
        Item: [
          {
            Id: 'ana',
            ChannelType: 'EMAIL',
            Address: 'ana@example.org',
            User: { UserAttributes: { FirstName: ['Ana'] } },
          },
          { Id: 'bo', ChannelType: 'EMAIL', Address: 'bo@example.org', Attributes: { Team: ['blue'] } },
        ],
      },
    }),
  );
  await pinpoint.send(
    new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { Name: 'all' } }),
  );
});
after(() => c.close());

test('the preview renders the unsaved template for the chosen endpoint; saving again makes version 2 and activates it, or not', async () => {
  const { page } = c;
  const url = c.server.url;
  await page.goto(consoleUrl(url, `/pinpoint/apps/${appId}/templates`));
  await page.getByLabel('Template name', { exact: true }).fill('hello');
  await page
    .getByLabel('Subject', { exact: true })
    .fill('Hi {{User.UserAttributes.FirstName}} of {{Attributes.Team}}');
  await page
    .getByLabel('Default substitutions (JSON)')
    .fill(JSON.stringify({ 'User.UserAttributes.FirstName': 'friend', 'Attributes.Team': 'no team' }));
  await page.getByLabel('HTML part', { exact: true }).fill('<p>To {{Address}}</p>');
  await page.getByLabel('Preview for endpoint').selectOption('ana');
  const subject = page.getByTestId('preview-subject');
  await subject.filter({ hasText: /^Hi Ana of no team$/ }).waitFor();
  await page.getByLabel('Preview for endpoint').selectOption('bo');
  await subject.filter({ hasText: /^Hi friend of blue$/ }).waitFor();
  const frame = page.frameLocator('iframe[title="HTML preview"]');
  await frame.getByText('To bo@example.org').waitFor();
  await screenshot(page, 'pinpoint-template-preview');

  await page.getByRole('button', { name: 'Save template' }).click();
  await status(page, 'Created the template hello.');
  await page.getByLabel('Subject', { exact: true }).fill('Hello {{User.UserAttributes.FirstName}}');
  await page.getByRole('button', { name: 'Save template' }).click();
  await status(page, 'Saved version 2 of the template hello and made it active.');
  const { pinpoint } = sdk(url);
  const active = await pinpoint.send(new GetEmailTemplateCommand({ TemplateName: 'hello' }));
  assert.equal(active.EmailTemplateResponse?.Subject, 'Hello {{User.UserAttributes.FirstName}}');
  assert.equal(active.EmailTemplateResponse?.Version, '2');

  // A third version, saved without making it active: version 2 stays the active one.
  await page.getByLabel('Subject', { exact: true }).fill('Hey');
  await page.getByLabel('Make the new version active').uncheck();
  await page.getByRole('button', { name: 'Save template' }).click();
  await status(page, 'Saved version 3 of the template hello.');
  const v3 = await pinpoint.send(new GetEmailTemplateCommand({ TemplateName: 'hello', Version: '3' }));
  assert.equal(v3.EmailTemplateResponse?.Subject, 'Hey');
  const still = await pinpoint.send(new GetEmailTemplateCommand({ TemplateName: 'hello' }));
  assert.equal(still.EmailTemplateResponse?.Version, '2');
});

test('a template that does not compile shows the engine’s reason in the preview', async () => {
  const { page } = c;
  await page.getByRole('button', { name: 'New template' }).click();
  await page.getByLabel('Subject', { exact: true }).fill('Hi {{#if}}');
  const alert = page.getByRole('alert').filter({ hasText: 'Subject' });
  await alert.waitFor();
  await screenshot(page, 'pinpoint-template-error');
});

test('a campaign whose role cannot be assumed fails, and the page shows the activity’s reason', async () => {
  const { page } = c;
  const url = c.server.url;
  await page.goto(consoleUrl(url, `/pinpoint/apps/${appId}/campaigns`));
  await page.getByLabel('Campaign name', { exact: true }).fill('doomed');
  await page.getByLabel('Segment', { exact: true }).selectOption({ label: 'all' });
  await page.getByLabel('Email template', { exact: true }).selectOption({ label: 'hello' });
  await page.getByLabel('Send immediately').check();
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await page.locator('progress[data-done="true"]').waitFor();
  await page.getByRole('cell', { name: 'FAIL', exact: true }).waitFor();

  const { pinpoint } = sdk(url);
  const campaign = (
    await pinpoint.send(new GetCampaignsCommand({ ApplicationId: appId }))
  ).CampaignsResponse!.Item!.find((x) => x.Name === 'doomed')!;
  const [activity] = (
    await pinpoint.send(new GetCampaignActivitiesCommand({ ApplicationId: appId, CampaignId: campaign.Id }))
  ).ActivitiesResponse!.Item!;
  const reason = activity.ExecutionMetrics?.FailureReason;
  assert.ok(reason, 'the activity names its failure reason');
  await page.getByRole('cell', { name: reason, exact: true }).waitFor();
  await screenshot(page, 'pinpoint-campaign-failed');
});
