/**
 * The seed's scenario through the console (pinpoint/latest/developerguide/permissions-ses.html):
 * sign in, create the SES identity, create the project, create the email orchestration sending role with "Create a new
 * role" (iam:CreateRole with the trust policy, iam:PutRolePolicy with the permissions policy, both
 * shown first), save the email channel, upload endpoints, build a segment, write a template, create
 * a campaign, watch it complete, read the mail in the mailbox.
 * Then a user with read-only IAM tries "Create a new role" and sees AWS's AccessDenied text.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetEmailChannelCommand } from '@aws-sdk/client-pinpoint';
import { screenshot, signIn, startConsole, type ConsoleHarness } from './support.js';
import { ACCOUNT, alertText, consoleUrl, ROOT, sdk, status, valueWith } from './pinpoint-support.js';

let c: ConsoleHarness;
let appId: string;

// The seed's policies, for this account, partition aws and region us-east-1.
const TRUST = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowPinpoint',
      Effect: 'Allow',
      Principal: { Service: 'pinpoint.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    },
  ],
};
const PERMISSIONS = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PinpointUsesSESForEmailSends',
      Effect: 'Allow',
      Action: ['ses:SendEmail', 'ses:SendRawEmail'],
      Resource: [
        `arn:aws:ses:us-east-1:${ACCOUNT}:identity/*`,
        `arn:aws:ses:us-east-1:${ACCOUNT}:configuration-set/*`,
      ],
    },
  ],
};

const CSV = [
  'ChannelType,Address,User.UserId,User.UserAttributes.FirstName',
  'EMAIL,ana@example.org,ana,Ana',
  'EMAIL,bo@example.org,bo,Bo',
  'EMAIL,cy@example.org,cy,Cy',
].join('\n');

before(async () => {
  c = await startConsole();
});
after(() => c.close());

test('the seed through the console: role created with "Create a new role", a campaign sent and read in the mailbox', async () => {
  const { page } = c;
  const url = c.server.url;
  await signIn(page, ROOT);

  // The identity, on the SES identities page.
  await page.goto(consoleUrl(url, '/ses/identities'));
  await page.getByLabel('Email address or domain', { exact: true }).fill('example.com');
  await page.getByRole('button', { name: 'Create identity' }).click();
  await page.getByRole('status').first().waitFor();

  // The project.
  await page.goto(consoleUrl(url, '/pinpoint/apps'));
  await page.getByLabel('Project name', { exact: true }).fill('seed');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('link', { name: 'seed', exact: true }).click();
  await page.waitForURL(/\/pinpoint\/apps\/[0-9a-f]{32}$/);
  appId = page.url().split('/').pop()!;
  await screenshot(page, 'seed-project');

  // The email settings: identity, from address, and the role made by the console.
  await page.getByRole('link', { name: 'Email settings' }).click();
  await page.getByLabel('Create a new role').check();
  // Both policies are shown before anything is created, once sts:GetCallerIdentity named the account.
  const shownTrust = await valueWith(page, 'Trust policy', ACCOUNT);
  const shownPermissions = await valueWith(page, /^Permissions policy/, ACCOUNT);
  await page.getByLabel('Identity', { exact: true }).selectOption({ label: 'example.com' });
  await page.getByLabel('From address', { exact: true }).fill('news@example.com');
  await page.getByLabel('Role name', { exact: true }).fill('PinpointEmailOrchestration');
  assert.deepEqual(JSON.parse(shownTrust), TRUST);
  assert.deepEqual(JSON.parse(shownPermissions), PERMISSIONS);
  await screenshot(page, 'seed-email-settings-create-role');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await status(page, 'Saved the email channel.');
  await screenshot(page, 'seed-email-settings-saved');

  const iam = sdk(url).iam;
  const role = (await iam.send(new GetRoleCommand({ RoleName: 'PinpointEmailOrchestration' }))).Role!;
  assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)), TRUST);
  const inline = await iam.send(
    new GetRolePolicyCommand({
      RoleName: 'PinpointEmailOrchestration',
      PolicyName: 'PinpointUsesSESForEmailSends',
    }),
  );
  assert.deepEqual(JSON.parse(decodeURIComponent(inline.PolicyDocument!)), PERMISSIONS);
  const channel = await sdk(url).pinpoint.send(new GetEmailChannelCommand({ ApplicationId: appId }));
  assert.equal(channel.EmailChannelResponse?.OrchestrationSendingRoleArn, role.Arn);
  assert.equal(
    channel.EmailChannelResponse?.Identity,
    `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`,
  );
  assert.equal(channel.EmailChannelResponse?.FromAddress, 'news@example.com');
  // The page now shows the role as the chosen existing one.
  assert.equal(await page.getByLabel('Use an existing role').isChecked(), true);

  // Endpoints from a CSV file.
  await page.getByRole('link', { name: 'Endpoints' }).click();
  await page.getByLabel('Upload endpoints (CSV)').setInputFiles({
    name: 'readers.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(CSV),
  });
  await status(page, 'Uploaded 3 of 3 endpoints from readers.csv.');
  await page.getByRole('cell', { name: 'cy@example.org' }).waitFor();
  await screenshot(page, 'seed-endpoints');

  // A segment of every email endpoint, with its live count.
  await page.getByRole('link', { name: 'Segments' }).click();
  await page.getByLabel('Segment name', { exact: true }).fill('readers');
  await status(page, 'Segment estimate: 3 of 3 endpoints');
  await page.getByRole('button', { name: 'Create segment' }).click();
  await page.getByRole('cell', { name: 'readers', exact: true }).waitFor();
  await screenshot(page, 'seed-segments');

  // The template, previewed for the first endpoint.
  await page.getByRole('link', { name: 'Templates' }).click();
  await page.getByLabel('Template name', { exact: true }).fill('welcome');
  await page.getByLabel('Subject', { exact: true }).fill('Welcome {{User.UserAttributes.FirstName}}');
  await page
    .getByLabel('HTML part', { exact: true })
    .fill('<p>Hello {{User.UserAttributes.FirstName}}, this is {{Address}}.</p>');
  // The endpoint picker fills once the page's endpoint listing answers.
  const picker = page.getByLabel('Preview for endpoint');
  let first = '';
  for (let i = 0; i < 200 && first === ''; i++) {
    first = await picker.inputValue();
    if (first === '') await page.waitForTimeout(50);
  }
  assert.notEqual(first, '');
  await page
    .getByTestId('preview-subject')
    .filter({ hasText: /^Welcome (Ana|Bo|Cy)$/ })
    .waitFor();
  await page.getByRole('button', { name: 'Save template' }).click();
  await status(page, 'Created the template welcome.');
  await screenshot(page, 'seed-template');

  // The campaign, watched until it completes.
  await page.getByRole('link', { name: 'Campaigns' }).click();
  await page.getByLabel('Campaign name', { exact: true }).fill('welcome');
  await page.getByLabel('Segment', { exact: true }).selectOption({ label: 'readers' });
  await page.getByLabel('Email template', { exact: true }).selectOption({ label: 'welcome' });
  await page.getByLabel('Send immediately').check();
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await page.locator('progress[data-done="true"]').waitFor();
  await page.getByTestId('campaign-status').filter({ hasText: 'COMPLETED' }).waitFor();
  const progress = page.getByLabel('Progress', { exact: true });
  assert.equal(await progress.getAttribute('aria-valuetext'), 'COMPLETED: 3 of 3 endpoints delivered');
  assert.equal(await page.getByRole('cell', { name: 'SUCCESS' }).count(), 1);
  await screenshot(page, 'seed-campaign-completed');

  // The mail, in the mailbox: one message per reader, opened from the list.
  await page.goto(consoleUrl(url, '/mailbox'));
  const rows = page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
  await rows.filter({ hasText: 'Welcome Cy' }).waitFor();
  assert.equal(await rows.count(), 3);
  await rows.filter({ hasText: 'Welcome Ana' }).getByRole('link').click();
  const message = page.getByRole('article', { name: 'Welcome Ana' });
  await message.getByText('ana@example.org', { exact: true }).waitFor();
  await message.getByText('news@example.com').first().waitFor();
  await page
    .frameLocator('iframe[title="Message HTML"]')
    .getByText('Hello Ana, this is ana@example.org.')
    .waitFor();
  await screenshot(page, 'seed-mailbox');
});

test('a user with read-only IAM sees AccessDenied with AWS’s text when it tries "Create a new role"', async () => {
  const { page } = c;
  const url = c.server.url;
  const iam = sdk(url).iam;
  await iam.send(new CreateUserCommand({ UserName: 'reader' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'reader',
      PolicyName: 'read-only',
      // ReadOnlyAccess-like: every Get and List of the services the page reads.
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: [
              'iam:Get*',
              'iam:List*',
              'mobiletargeting:Get*',
              'mobiletargeting:List*',
              'ses:Get*',
              'ses:List*',
            ],
            Resource: '*',
          },
        ],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
  await page.evaluate(() => sessionStorage.clear());
  await signIn(page, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }, c.url);

  await page.goto(consoleUrl(url, `/pinpoint/apps/${appId}/settings/email`));
  // The channel has loaded (its role is shown) before the choice is made.
  await page.getByText(`arn:aws:iam::${ACCOUNT}:role/PinpointEmailOrchestration`).first().waitFor();
  await page.getByLabel('Create a new role').check();
  await page.getByLabel('Role name', { exact: true }).fill('ReaderMadeRole');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const text = await alertText(page);
  assert.equal(
    text,
    `AccessDenied: User: arn:aws:iam::${ACCOUNT}:user/reader is not authorized to perform: iam:CreateRole ` +
      `on resource: arn:aws:iam::${ACCOUNT}:role/ReaderMadeRole because no identity-based policy allows the iam:CreateRole action`,
  );
  await screenshot(page, 'seed-read-only-denied');
  // Nothing was created, and the channel keeps its role.
  await assert.rejects(iam.send(new GetRoleCommand({ RoleName: 'ReaderMadeRole' })), {
    name: 'NoSuchEntityException',
  });
});
