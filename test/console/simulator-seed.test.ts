/**
 * The seed's second console step in the policy simulator: the orchestration sending role (created
 * with the SDK as the seed's manual steps do) simulated through SimulatePrincipalPolicy —
 * ses:SendEmail on an identity is allowed by its permissions policy, whose statement is
 * highlighted; its trust policy lets pinpoint.amazonaws.com assume it for this account
 * (aws:SourceAccount) and not for another, with STS's AccessDenied text.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ROOT } from '../support/server.js';
import { ACCOUNT, createSeedRole, REGION, ROLE_ARN } from './iam-fixtures.js';
import { screenshot, signIn, startConsole, type ConsoleHarness } from './support.js';

const IDENTITY_ARN = `arn:aws:ses:${REGION}:${ACCOUNT}:identity/example.com`;

/** The lines a read-only policy view highlights. */
async function highlighted(page: Page, label: string): Promise<number[]> {
  const editor = page.locator('.code-editor').filter({ has: page.getByLabel(label, { exact: true }) });
  return editor
    .locator('.code-gutter .marker-highlight')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-line'))));
}

/** The first and last line of the only statement of a pretty-printed policy. */
function statementLines(text: string): number[] {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.trim() === '{' && l.startsWith('    ')) + 1;
  const to = lines.findIndex((l, i) => i >= from && /^ {4}\}/.test(l)) + 1;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

async function chooseOnly(page: Page, action: string) {
  const remove = page.getByRole('list', { name: 'Chosen actions' }).getByRole('button');
  while ((await remove.count()) > 0) await remove.first().click();
  await page.getByLabel('Search actions').fill(action);
  await page.getByRole('button', { name: `Add ${action}`, exact: true }).click();
}

async function run(page: Page) {
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await page.getByRole('table', { name: 'Simulation results' }).waitFor();
}

async function resultRow(page: Page): Promise<string[]> {
  return page
    .getByRole('table', { name: 'Simulation results' })
    .locator('tbody tr')
    .first()
    .locator('td')
    .evaluateAll((tds) => tds.map((td) => (td.textContent ?? '').trim()));
}

describe('console policy simulator: the seed role', { timeout: 150_000 }, () => {
  let c: ConsoleHarness;
  before(async () => {
    c = await startConsole();
    await createSeedRole(c.server.iam());
    await signIn(c.page, ROOT);
  });
  after(() => c?.close());

  it('ses:SendEmail on an identity ARN: allowed, the permissions statement highlighted', async () => {
    const { page } = c;
    await page.goto(`${c.url}iam/simulator?principal=${encodeURIComponent(ROLE_ARN)}`);
    const permissionsLabel = 'PinpointUsesSES (inline, role PinpointSES)';
    const permissions = page.getByLabel(permissionsLabel, { exact: true });
    await permissions.waitFor();
    await page.getByLabel('Search actions').fill('ses send');
    await page.getByRole('button', { name: 'Add ses:SendEmail', exact: true }).click();
    await page.getByLabel('Resource ARNs (one a line)').fill(IDENTITY_ARN);
    await run(page);
    const [action, resource, decision, matched, missing, denial] = await resultRow(page);
    assert.equal(action, 'ses:SendEmail');
    assert.equal(resource, IDENTITY_ARN);
    assert.equal(decision, 'allowed');
    assert.match(matched, /^PinpointUsesSES \(lines \d+–\d+\)$/);
    assert.equal(missing, 'None');
    assert.equal(denial, '');
    await page
      .getByRole('button', { name: `Show the statements of ses:SendEmail on ${IDENTITY_ARN}` })
      .click();
    assert.deepEqual(
      await highlighted(page, permissionsLabel),
      statementLines(await permissions.inputValue()),
    );
    await screenshot(page, 'simulator-seed-allowed');
  });

  it("its trust policy for pinpoint.amazonaws.com with aws:SourceAccount of another account: denied, with STS's text", async () => {
    const { page } = c;
    await chooseOnly(page, 'sts:AssumeRole');
    await page.getByLabel('Resource ARNs (one a line)').fill(ROLE_ARN);
    await page.getByLabel('Caller ARN').fill('pinpoint.amazonaws.com');
    await page.getByRole('button', { name: 'Add context key' }).click();
    await page.getByLabel('Context key 1', { exact: true }).fill('aws:SourceAccount');
    await page.getByLabel('Value of context key 1').fill('111111111111');
    await run(page);
    const [action, resource, decision, matched, , denial] = await resultRow(page);
    assert.equal(action, 'sts:AssumeRole');
    assert.equal(resource, ROLE_ARN);
    assert.equal(decision, 'implicitDeny');
    assert.equal(matched, 'None');
    assert.equal(
      denial,
      `User: pinpoint.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
    );
    await screenshot(page, 'simulator-seed-trust-denied');
  });

  it('the same with this account as aws:SourceAccount: allowed, the trust statement highlighted', async () => {
    const { page } = c;
    await page.getByLabel('Value of context key 1').fill(ACCOUNT);
    await run(page);
    const [, , decision] = await resultRow(page);
    assert.equal(decision, 'allowed');
    await page.getByRole('button', { name: `Show the statements of sts:AssumeRole on ${ROLE_ARN}` }).click();
    const trustLabel = 'Trust policy (decides sts:AssumeRole)';
    const trust = page.getByLabel(trustLabel, { exact: true });
    assert.deepEqual(await highlighted(page, trustLabel), statementLines(await trust.inputValue()));
    await screenshot(page, 'simulator-seed-trust-allowed');
  });
});
