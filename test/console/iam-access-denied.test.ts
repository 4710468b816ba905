/**
 * A user with read-only IAM signed in to the console: it sees the role, and saving the role's
 * trust policy or inline policy is refused by IAM with AWS's AccessDenied text (the README's
 * "IAM and STS" section shows the same text through the AWS CLI).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createReadOnlyUser, createSeedRole, ROLE_ARN, ROLE_NAME } from './iam-fixtures.js';
import { screenshot, signIn, startConsole, type ConsoleHarness } from './support.js';

describe('console IAM as a read-only user', { timeout: 120_000 }, () => {
  let c: ConsoleHarness;
  let reader: Awaited<ReturnType<typeof createReadOnlyUser>>;
  before(async () => {
    c = await startConsole();
    await createSeedRole(c.server.iam());
    reader = await createReadOnlyUser(c.server.iam());
    await signIn(c.page, reader);
  });
  after(() => c?.close());

  it("editing the trust policy: AccessDenied with AWS's text for iam:UpdateAssumeRolePolicy", async () => {
    await c.page.goto(`${c.url}iam/roles/${ROLE_NAME}`);
    const trust = c.page.getByLabel('Trust policy');
    await trust.fill((await trust.inputValue()).replace('"AllowPinpoint"', '"Changed"'));
    await c.page.getByRole('button', { name: 'Save trust policy' }).click();
    const alert = c.page.getByRole('alert').filter({ hasText: 'AccessDenied' });
    await alert.waitFor();
    assert.equal(
      (await alert.textContent())?.trim(),
      `AccessDenied: User: ${reader.arn} is not authorized to perform: iam:UpdateAssumeRolePolicy on resource: ${ROLE_ARN} because no identity-based policy allows the iam:UpdateAssumeRolePolicy action`,
    );
    await screenshot(c.page, 'iam-access-denied-trust');
  });

  it("saving the role's inline policy: AccessDenied for iam:PutRolePolicy", async () => {
    await c.page.goto(`${c.url}iam/roles/${ROLE_NAME}`);
    await c.page.getByRole('button', { name: 'Edit PinpointUsesSES' }).click();
    const doc = c.page.getByLabel('Policy document of PinpointUsesSES');
    await doc.waitFor();
    await c.page.getByRole('button', { name: 'Save policy' }).click();
    const alert = c.page.getByRole('alert').filter({ hasText: 'iam:PutRolePolicy' });
    await alert.waitFor();
    assert.equal(
      (await alert.textContent())?.trim(),
      `AccessDenied: User: ${reader.arn} is not authorized to perform: iam:PutRolePolicy on resource: ${ROLE_ARN} because no identity-based policy allows the iam:PutRolePolicy action`,
    );
    await screenshot(c.page, 'iam-access-denied-inline');
  });
});
