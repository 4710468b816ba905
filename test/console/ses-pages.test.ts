/**
 * The SES pages in Chromium: a domain identity created in the console shows its DKIM tokens as
 * CNAME records and its verification; configuration sets and the suppression list are edited;
 * the account page shows the quotas and a chart of what was sent (GetSendStatistics).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  GetEmailIdentityCommand,
  GetSuppressedDestinationCommand,
  ListConfigurationSetsCommand,
  SendEmailCommand,
} from '@aws-sdk/client-sesv2';
import { ROOT } from '../support/server.js';
import { screenshot, signIn, startConsole, type ConsoleHarness } from './support.js';

describe('console SES pages', { timeout: 150_000 }, () => {
  let c: ConsoleHarness;
  before(async () => {
    c = await startConsole();
    await signIn(c.page, ROOT);
  });
  after(() => c?.close());

  it('creates a domain identity and shows its DKIM tokens as the CNAME records to publish', async () => {
    const { page } = c;
    await page.goto(`${c.url}ses/identities`);
    await page.getByLabel('Email address or domain').fill('example.com');
    await page.getByRole('button', { name: 'Create identity' }).click();
    await page.getByText('Identity example.com created.').waitFor();
    const got = await c.server.sesv2().send(new GetEmailIdentityCommand({ EmailIdentity: 'example.com' }));
    const tokens = got.DkimAttributes?.Tokens ?? [];
    assert.equal(tokens.length, 3);
    for (const t of tokens) {
      await page.getByText(`${t}._domainkey.example.com`, { exact: true }).first().waitFor();
      await page.getByText(`${t}.dkim.amazonses.com`, { exact: true }).first().waitFor();
    }
    await page.getByRole('link', { name: 'example.com' }).waitFor();
    await screenshot(page, 'ses-identities');

    await page.getByRole('link', { name: 'example.com' }).click();
    await page.getByRole('heading', { name: 'example.com', level: 1 }).waitFor();
    const summary = (await page.locator('dl.summary').textContent()) ?? '';
    assert.match(summary, new RegExp(`Verification status${got.VerificationStatus}`));
    assert.match(summary, new RegExp(`Verified for sending${got.VerifiedForSendingStatus ? 'Yes' : 'No'}`));
    await screenshot(page, 'ses-identity');
  });

  it('configuration sets: create, show details, delete', async () => {
    const { page } = c;
    await page.goto(`${c.url}ses/configuration-sets`);
    await page.getByLabel('Configuration set name').fill('marketing');
    await page.getByRole('button', { name: 'Create configuration set' }).click();
    await page.getByRole('button', { name: 'Details of marketing' }).click();
    await page.getByRole('heading', { name: 'marketing', level: 2 }).waitFor();
    await page.getByText('No event destinations.').waitFor();
    await screenshot(page, 'ses-configuration-sets');
    await page.getByRole('button', { name: 'Delete marketing' }).click();
    await page.getByText('No configuration sets yet.').waitFor();
    const left = await c.server.sesv2().send(new ListConfigurationSetsCommand({}));
    assert.deepEqual(left.ConfigurationSets ?? [], []);
  });

  it('the suppression list: add an address with its reason, remove it', async () => {
    const { page } = c;
    await page.goto(`${c.url}ses/suppression`);
    await page.getByLabel('Email address').fill('bounced@example.org');
    await page.getByLabel('Reason').selectOption('COMPLAINT');
    await page.getByRole('button', { name: 'Add to suppression list' }).click();
    await page.getByRole('button', { name: 'Remove bounced@example.org' }).waitFor();
    const got = await c.server
      .sesv2()
      .send(new GetSuppressedDestinationCommand({ EmailAddress: 'bounced@example.org' }));
    assert.equal(got.SuppressedDestination?.Reason, 'COMPLAINT');
    await screenshot(page, 'ses-suppression');
    await page.getByRole('button', { name: 'Remove bounced@example.org' }).click();
    await page.getByText('No suppressed addresses.').waitFor();
  });

  it('the account: production access, quotas, and the sending chart counting a sent message', async () => {
    const { page } = c;
    await c.server.sesv2().send(
      new SendEmailCommand({
        FromEmailAddress: 'news@example.com',
        Destination: { ToAddresses: ['reader@example.org'] },
        Content: { Simple: { Subject: { Data: 'Hello' }, Body: { Text: { Data: 'Hi' } } } },
      }),
    );
    await page.goto(`${c.url}ses/account`);
    await page.getByRole('img', { name: 'Sending, last 24 hours (UTC, hourly)' }).waitFor();
    const summary = (await page.locator('dl.summary').textContent()) ?? '';
    assert.match(summary, /Production accessYes/);
    assert.match(summary, /Sent in the last 24 hours1 \(/);
    await page.getByText('Totals: Delivery attempts 1, Bounces 0, Complaints 0, Rejects 0.').waitFor();
    // One bar of height above zero: the hour the message was sent in.
    const bars = await page
      .locator('figure.chart svg rect')
      .evaluateAll((rs) => rs.filter((r) => Number(r.getAttribute('height')) > 0).length);
    assert.equal(bars, 1);
    await screenshot(page, 'ses-account');
  });
});
