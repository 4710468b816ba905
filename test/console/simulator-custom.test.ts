/**
 * The simulator with pasted policies (SimulateCustomPolicy): a permissions boundary that does not
 * allow what the identity policy allows gives AWS's "because no permissions boundary allows" text;
 * an explicit deny highlights the denying statement in the pasted text; missing context keys
 * are listed; a form IAM would refuse is stopped at its field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ROOT } from '../support/server.js';
import { screenshot, signIn, startConsole, type ConsoleHarness } from './support.js';

const USER = 'arn:aws:iam::000000000000:user/ada';
const pretty = (statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

async function rows(page: Page): Promise<string[][]> {
  return page
    .getByRole('table', { name: 'Simulation results' })
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
    );
}

describe('console policy simulator: pasted policies', { timeout: 150_000 }, () => {
  let c: ConsoleHarness;
  before(async () => {
    c = await startConsole();
    await signIn(c.page, ROOT);
    await c.page.goto(`${c.url}iam/simulator`);
    await c.page.getByLabel('Simulate the policies of').selectOption('custom');
  });
  after(() => c?.close());

  it('a form without a policy is stopped at its field', async () => {
    const { page } = c;
    await page.getByLabel('Search actions').fill('ses:SendEmail');
    await page.getByRole('button', { name: 'Add ses:SendEmail', exact: true }).click();
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Paste at least one identity-based policy in `Policies`.' })
      .waitFor();
  });

  it('a boundary that does not allow: implicitDeny, "because no permissions boundary allows"', async () => {
    const { page } = c;
    await page.getByRole('button', { name: 'Add policy' }).click();
    await page.getByLabel('Policy 1').fill(
      pretty([
        { Effect: 'Allow', Action: 'ses:*', Resource: '*' },
        { Effect: 'Deny', Action: 'ses:SendRawEmail', Resource: '*' },
      ]),
    );
    await page.getByRole('button', { name: 'Add permissions boundary' }).click();
    await page
      .getByLabel('Permissions boundary 1')
      .fill(pretty([{ Effect: 'Allow', Action: 'ses:SendRawEmail', Resource: '*' }]));
    await page.getByLabel('Caller ARN').fill(USER);
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page.getByRole('table', { name: 'Simulation results' }).waitFor();
    const [[action, resource, decision, , , denial]] = await rows(page);
    assert.deepEqual([action, resource, decision], ['ses:SendEmail', '*', 'implicitDeny']);
    assert.equal(
      denial,
      `User: ${USER} is not authorized to perform: ses:SendEmail because no permissions boundary allows the ses:SendEmail action`,
    );
  });

  it('an explicit deny: the denying statement of the pasted policy is highlighted', async () => {
    const { page } = c;
    await page.getByLabel('Search actions').fill('ses:SendRawEmail');
    await page.getByRole('button', { name: 'Add ses:SendRawEmail', exact: true }).click();
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page.getByRole('button', { name: 'Show the statements of ses:SendRawEmail on *' }).waitFor();
    const result = await rows(page);
    assert.equal(result[1][2], 'explicitDeny');
    assert.equal(
      result[1][5],
      `User: ${USER} is not authorized to perform: ses:SendRawEmail with an explicit deny in an identity-based policy`,
    );
    await page.getByRole('button', { name: 'Show the statements of ses:SendRawEmail on *' }).click();
    const editor = page.locator('.code-editor').filter({ has: page.getByLabel('Policy 1', { exact: true }) });
    const lines = await editor
      .locator('.code-gutter .marker-highlight')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-line'))));
    const text = (await page.getByLabel('Policy 1', { exact: true }).inputValue()).split('\n');
    const deny = text.findIndex((l) => l.includes('"Deny"')) + 1;
    // The second statement: from its opening brace (the line before "Effect") to its closing one.
    assert.deepEqual(lines, [deny - 1, deny, deny + 1, deny + 2, deny + 3]);
    await screenshot(page, 'simulator-custom');
  });

  it('missing context keys are listed for a condition the request does not answer', async () => {
    const { page } = c;
    await page.getByLabel('Policy 1').fill(
      pretty([
        {
          Effect: 'Allow',
          Action: 'ses:*',
          Resource: '*',
          Condition: { StringEquals: { 'ses:FromAddress': 'a@example.com' } },
        },
      ]),
    );
    await page.getByRole('button', { name: 'Remove permissions boundary 1' }).click();
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page
      .getByRole('table', { name: 'Simulation results' })
      .getByText('ses:FromAddress')
      .first()
      .waitFor();
    const result = await rows(page);
    assert.equal(result[0][2], 'implicitDeny');
    assert.equal(result[0][4], 'ses:FromAddress');
  });

  it('GetContextKeysForCustomPolicy fills the context keys; with the value given, the condition matches', async () => {
    const { page } = c;
    await page.getByRole('button', { name: 'Add the context keys the policies use' }).click();
    const key = page.getByLabel('Context key 1', { exact: true });
    await key.waitFor();
    assert.equal(await key.inputValue(), 'ses:FromAddress');
    await page.getByLabel('Value of context key 1').fill('a@example.com');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page.getByRole('table', { name: 'Simulation results' }).getByText('allowed').first().waitFor();
    const result = await rows(page);
    assert.deepEqual(
      result.map((r) => [r[0], r[2], r[4]]),
      [
        ['ses:SendEmail', 'allowed', 'None'],
        ['ses:SendRawEmail', 'allowed', 'None'],
      ],
    );
    await screenshot(page, 'simulator-context-keys');
  });

  it('is reachable from the keyboard: search an action, add it with Enter, run with Enter', async () => {
    const { page } = c;
    const remove = page.getByRole('list', { name: 'Chosen actions' }).getByRole('button');
    while ((await remove.count()) > 0) await remove.first().click();
    await page.getByLabel('Search actions').focus();
    await page.keyboard.type('iam:getrole');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Add iam:GetRole');
    await page.keyboard.press('Enter');
    await page.getByRole('list', { name: 'Chosen actions' }).getByText('iam:GetRole').waitFor();
    await page.getByRole('button', { name: 'Run simulation' }).focus();
    await page.keyboard.press('Enter');
    await page
      .getByRole('table', { name: 'Simulation results' })
      .getByText('iam:GetRole', { exact: true })
      .waitFor();
    const [row] = await rows(page);
    assert.deepEqual([row[0], row[2]], ['iam:GetRole', 'implicitDeny']);
    assert.equal(
      row[5],
      `User: ${USER} is not authorized to perform: iam:GetRole because no identity-based policy allows the iam:GetRole action`,
    );
  });
});
