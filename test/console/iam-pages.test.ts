/**
 * The IAM pages in Chromium, signed in as the account's root: roles, users, groups and managed
 * policies listed, created and deleted through the console; a role's inline policy added and
 * edited (iam:PutRolePolicy) and its trust policy saved (iam:UpdateAssumeRolePolicy), each checked
 * afterwards through the SDK. A screenshot of every page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  ListPoliciesCommand,
} from '@aws-sdk/client-iam';
import { ROOT } from '../support/server.js';
import { createSeedRole, PERMISSIONS, ROLE_ARN, ROLE_NAME } from './iam-fixtures.js';
import { screenshot, signIn, startConsole, type ConsoleHarness } from './support.js';

describe('console IAM pages', { timeout: 180_000 }, () => {
  let c: ConsoleHarness;
  before(async () => {
    c = await startConsole();
    await signIn(c.page, ROOT);
  });
  after(() => c?.close());

  it('creates a role from the roles page with the trust policy shown, and lists it', async () => {
    const { page } = c;
    await page.goto(`${c.url}iam/roles`);
    await page.getByRole('heading', { name: 'Roles', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Create role' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Role name').fill('ConsoleRole');
    await dialog.getByLabel('Description').fill('made in the console');
    // The default trust policy is the seed's: Pinpoint with this account as aws:SourceAccount.
    const trust = await dialog.getByLabel('Trust policy').inputValue();
    assert.match(trust, /"Service": "pinpoint.amazonaws.com"/);
    assert.match(trust, /"aws:SourceAccount": "000000000000"/);
    await dialog.getByText('IAM accepts this policy; Access Analyzer: 0 findings.').waitFor();
    await screenshot(page, 'iam-roles-create');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('link', { name: 'ConsoleRole' }).waitFor();
    const role = await c.server.iam().send(new GetRoleCommand({ RoleName: 'ConsoleRole' }));
    assert.equal(role.Role?.Description, 'made in the console');
    assert.match(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!), /pinpoint\.amazonaws\.com/);
    await screenshot(page, 'iam-roles');
  });

  it("a role's page: adds an inline policy (PutRolePolicy) and saves its trust policy (UpdateAssumeRolePolicy)", async () => {
    const { page } = c;
    await createSeedRole(c.server.iam());
    await page.goto(`${c.url}iam/roles/${ROLE_NAME}`);
    await page.getByText(ROLE_ARN).first().waitFor();
    await page.getByRole('button', { name: 'Edit PinpointUsesSES' }).click();
    const doc = page.getByLabel('Policy document of PinpointUsesSES');
    assert.deepEqual(JSON.parse(await doc.inputValue()), JSON.parse(PERMISSIONS));
    await page.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Add inline policy' }).click();
    await page.getByLabel('Policy name').fill('ReadTemplates');
    const statement = { Effect: 'Allow', Action: 'ses:GetEmailTemplate', Resource: '*' };
    await page
      .getByLabel('Policy document')
      .fill(JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2));
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('Policy ReadTemplates saved.').waitFor();
    const put = await c.server
      .iam()
      .send(new GetRolePolicyCommand({ RoleName: ROLE_NAME, PolicyName: 'ReadTemplates' }));
    assert.deepEqual(JSON.parse(decodeURIComponent(put.PolicyDocument!)).Statement, [statement]);

    const trust = page.getByLabel('Trust policy');
    const changed = (await trust.inputValue()).replace('"AllowPinpoint"', '"AllowPinpointOnly"');
    await trust.fill(changed);
    await page.getByRole('button', { name: 'Save trust policy' }).click();
    await page.getByText('Trust policy saved.').waitFor();
    const role = await c.server.iam().send(new GetRoleCommand({ RoleName: ROLE_NAME }));
    assert.match(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!), /AllowPinpointOnly/);
    await screenshot(page, 'iam-role');
  });

  it('users and groups: create, add a user to a group, open each, delete', async () => {
    const { page } = c;
    await page.goto(`${c.url}iam/groups`);
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('dialog').getByLabel('Group name').fill('Senders');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByRole('link', { name: 'Senders' }).waitFor();
    await screenshot(page, 'iam-groups');

    await page.goto(`${c.url}iam/users`);
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('dialog').getByLabel('User name').fill('ada');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByRole('link', { name: 'ada' }).click();
    await page.getByText('arn:aws:iam::000000000000:user/ada').first().waitFor();
    await page.getByLabel('Group name').fill('Senders');
    await page.getByRole('button', { name: 'Add to group' }).click();
    await page.getByRole('link', { name: 'Senders' }).waitFor();
    await screenshot(page, 'iam-user');
    await page.getByRole('link', { name: 'Senders' }).click();
    await page.getByRole('heading', { name: 'Users in this group' }).waitFor();
    await page.getByRole('link', { name: 'ada' }).waitFor();
    await screenshot(page, 'iam-group');

    await page.goto(`${c.url}iam/users`);
    await page.getByRole('button', { name: 'Delete ada' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No users yet.').waitFor();
    await assert.rejects(c.server.iam().send(new GetUserCommand({ UserName: 'ada' })), {
      name: 'NoSuchEntityException',
    });
    await screenshot(page, 'iam-users');
  });

  it('managed policies: create with the checked editor, view, save a new version, delete', async () => {
    const { page } = c;
    await page.goto(`${c.url}iam/policies`);
    await page.getByRole('button', { name: 'Create policy' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Policy name').fill('SendFromExample');
    await dialog
      .getByLabel('Policy document')
      .fill(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ses:SendEmail","Resource":"*"}]}',
      );
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('link', { name: 'SendFromExample' }).click();
    await page.getByText('arn:aws:iam::000000000000:policy/SendFromExample').waitFor();
    await screenshot(page, 'iam-policy');
    const doc = page.getByLabel('Policy document');
    // Shown in the same render as the ARN: an editor empty for a frame let a Save send nothing.
    const shown = await doc.inputValue();
    assert.match(shown, /"ses:SendEmail"/, 'the document shows with the policy');
    await doc.fill(shown.replace('ses:SendEmail', 'ses:SendRawEmail'));
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByText('Saved as the new default version.').waitFor();
    await page.getByText('v2').first().waitFor();

    await page.goto(`${c.url}iam/policies`);
    await page.getByRole('link', { name: 'SendFromExample' }).waitFor();
    await screenshot(page, 'iam-policies');
    await page.getByRole('button', { name: 'Delete SendFromExample' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No policies yet.').waitFor();
    const left = await c.server.iam().send(new ListPoliciesCommand({ Scope: 'Local' }));
    assert.equal(left.Policies?.length, 0);
  });

  it('deletes a role with inline policies (removed first, as IAM requires)', async () => {
    const { page } = c;
    await page.goto(`${c.url}iam/roles`);
    await page.getByRole('button', { name: `Delete ${ROLE_NAME}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('link', { name: ROLE_NAME }).waitFor({ state: 'detached' });
    await assert.rejects(c.server.iam().send(new GetRoleCommand({ RoleName: ROLE_NAME })), {
      name: 'NoSuchEntityException',
    });
  });
});
