/**
 * SimulatePrincipalPolicy for a user: the policies of its groups count and are shown and
 * highlighted under the group's name (API_Statement.html: SourcePolicyType `group`); its
 * permissions boundary (a managed policy) limits it, and the AccessDenied text names the boundary
 * ("because no permissions boundary allows"), the identity-based verdict asked of IAM separately.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  PutGroupPolicyCommand,
  PutUserPermissionsBoundaryCommand,
} from '@aws-sdk/client-iam';
import type { Page } from 'playwright-core';
import { ROOT } from '../support/server.js';
import { screenshot, signIn, startConsole, type ConsoleHarness } from './support.js';

const USER_ARN = 'arn:aws:iam::000000000000:user/ada';
const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

async function rows(page: Page): Promise<string[][]> {
  return page
    .getByRole('table', { name: 'Simulation results' })
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
    );
}

describe('console policy simulator: a user, its group and its boundary', { timeout: 120_000 }, () => {
  let c: ConsoleHarness;
  before(async () => {
    c = await startConsole();
    const iam = c.server.iam();
    await iam.send(new CreateUserCommand({ UserName: 'ada' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'Senders' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'Senders', UserName: 'ada' }));
    await iam.send(
      new PutGroupPolicyCommand({
        GroupName: 'Senders',
        PolicyName: 'SendAndTemplates',
        PolicyDocument: doc([
          { Effect: 'Allow', Action: ['ses:SendEmail', 'ses:GetEmailTemplate'], Resource: '*' },
        ]),
      }),
    );
    const boundary = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'OnlySending',
        PolicyDocument: doc([{ Effect: 'Allow', Action: 'ses:Send*', Resource: '*' }]),
      }),
    );
    await iam.send(
      new PutUserPermissionsBoundaryCommand({ UserName: 'ada', PermissionsBoundary: boundary.Policy!.Arn! }),
    );
    await signIn(c.page, ROOT);
  });
  after(() => c?.close());

  it("the group's policy allows within the boundary; outside it the boundary is named", async () => {
    const { page } = c;
    await page.goto(`${c.url}iam/simulator`);
    await page.getByLabel('Principal').selectOption(USER_ARN);
    const groupLabel = 'SendAndTemplates (inline, group Senders)';
    await page.getByLabel(groupLabel, { exact: true }).waitFor();
    await page.getByLabel('OnlySending (permissions boundary)', { exact: true }).waitFor();
    for (const action of ['ses:SendEmail', 'ses:GetEmailTemplate']) {
      await page.getByLabel('Search actions').fill(action);
      await page.getByRole('button', { name: `Add ${action}`, exact: true }).click();
    }
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page.getByRole('table', { name: 'Simulation results' }).waitFor();
    const [send, template] = await rows(page);
    assert.deepEqual([send[0], send[2], send[5]], ['ses:SendEmail', 'allowed', '']);
    assert.match(send[3], /SendAndTemplates/);
    assert.deepEqual([template[0], template[2]], ['ses:GetEmailTemplate', 'implicitDeny']);
    assert.equal(
      template[5],
      `User: ${USER_ARN} is not authorized to perform: ses:GetEmailTemplate because no permissions boundary allows the ses:GetEmailTemplate action`,
    );
    await page.getByRole('button', { name: 'Show the statements of ses:SendEmail on *' }).click();
    const highlighted = await page
      .locator('.code-editor')
      .filter({ has: page.getByLabel(groupLabel, { exact: true }) })
      .locator('.code-gutter .marker-highlight')
      .count();
    assert.ok(highlighted > 0);
    await screenshot(page, 'simulator-user-group-boundary');
  });
});
