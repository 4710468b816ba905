/**
 * The Pinpoint projects pages: create, list, open, change the project's settings
 * (UpdateApplicationSettings) and delete — each checked through @aws-sdk/client-pinpoint.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetApplicationSettingsCommand, GetAppsCommand } from '@aws-sdk/client-pinpoint';
import { screenshot, signIn, startConsole, type ConsoleHarness } from './support.js';
import { consoleUrl, ROOT, sdk, status } from './pinpoint-support.js';

let c: ConsoleHarness;

before(async () => {
  c = await startConsole();
  await signIn(c.page, ROOT);
});
after(() => c.close());

const names = async () =>
  ((await sdk(c.server.url).pinpoint.send(new GetAppsCommand({}))).ApplicationsResponse?.Item ?? [])
    .map((a) => a.Name)
    .sort();

test('projects are created and listed, and a project’s settings are saved', async () => {
  const { page } = c;
  const url = c.server.url;
  await page.goto(consoleUrl(url, '/pinpoint/apps'));
  for (const name of ['alpha', 'beta']) {
    await page.getByLabel('Project name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('link', { name, exact: true }).waitFor();
  }
  assert.deepEqual(await names(), ['alpha', 'beta']);
  await screenshot(page, 'pinpoint-apps');

  await page.getByRole('link', { name: 'alpha', exact: true }).click();
  await page.getByRole('heading', { name: 'alpha', level: 1 }).waitFor();
  // The page fills the form from the stored settings when they arrive: fill it after that.
  await page.waitForLoadState('networkidle');
  const appId = page.url().split('/').pop()!;
  await page.getByLabel('Messages per endpoint per day').fill('5');
  await page.getByLabel('Messages per second').fill('50');
  await page.getByLabel('Quiet time start (HH:mm)').fill('22:00');
  await page.getByLabel('Quiet time end (HH:mm)').fill('07:00');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await status(page, 'Settings saved.');
  await screenshot(page, 'pinpoint-app-settings');
  const s = (await sdk(url).pinpoint.send(new GetApplicationSettingsCommand({ ApplicationId: appId })))
    .ApplicationSettingsResource!;
  assert.equal(s.Limits?.Daily, 5);
  assert.equal(s.Limits?.MessagesPerSecond, 50);
  assert.deepEqual(s.QuietTime, { Start: '22:00', End: '07:00' });
});

test('a project is deleted after the dialog asks', async () => {
  const { page } = c;
  const url = c.server.url;
  await page.goto(consoleUrl(url, '/pinpoint/apps'));
  await page.getByRole('button', { name: 'Delete beta' }).click();
  await page.getByRole('dialog').getByText('Delete beta', { exact: false }).waitFor();
  await screenshot(page, 'pinpoint-apps-delete-dialog');
  await page.getByRole('button', { name: 'Delete project' }).click();
  await page.getByRole('link', { name: 'beta', exact: true }).waitFor({ state: 'detached' });
  assert.deepEqual(await names(), ['alpha']);
});

test('a denied CreateApp shows AWS’s AccessDenied text', async () => {
  const { page } = c;
  const url = c.server.url;
  const { CreateUserCommand, PutUserPolicyCommand, CreateAccessKeyCommand } =
    await import('@aws-sdk/client-iam');
  const iam = sdk(url).iam;
  await iam.send(new CreateUserCommand({ UserName: 'viewer' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'viewer',
      PolicyName: 'view',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['mobiletargeting:Get*'], Resource: '*' }],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'viewer' }))).AccessKey!;
  await page.evaluate(() => sessionStorage.clear());
  await signIn(page, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }, c.url);
  await page.goto(consoleUrl(url, '/pinpoint/apps'));
  await page.getByRole('link', { name: 'alpha', exact: true }).waitFor();
  await page.getByLabel('Project name', { exact: true }).fill('gamma');
  await page.getByRole('button', { name: 'Create project' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'mobiletargeting:CreateApp' });
  await alert.waitFor();
  assert.match(
    (await alert.innerText()).replace(/\s+/g, ' '),
    /^AccessDeniedException: User: arn:aws:iam::000000000000:user\/viewer is not authorized to perform: mobiletargeting:CreateApp on resource: arn:aws:mobiletargeting:us-east-1:000000000000:\S+/,
  );
  await screenshot(page, 'pinpoint-apps-denied');
  assert.deepEqual(await names(), ['alpha']);
});
