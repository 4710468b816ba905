/**
 * The mailbox page in Chromium: mail sent through @aws-sdk/client-sesv2 appears live (no reload),
 * search by recipient, sender, subject and text, the message view (HTML in a sandboxed iframe with
 * scripts off and remote images blocked until asked, text, headers, raw source, links), delete one
 * and delete all.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateEmailIdentityCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { screenshot, signIn, startConsole, type ConsoleHarness } from './support.js';

describe('console mailbox', { timeout: 180_000 }, () => {
  let c: ConsoleHarness;
  const remoteImage = () => `${c.server.url.replace('127.0.0.1', 'localhost')}/_pinpost/health?img=1`;

  const send = (to: string, subject: string, text: string, html?: string, attachment?: string) =>
    c.server.sesv2().send(
      new SendEmailCommand({
        FromEmailAddress: 'news@example.com',
        Destination: { ToAddresses: [to] },
        Content: {
          Simple: {
            Subject: { Data: subject },
            Body: { Text: { Data: text }, ...(html ? { Html: { Data: html } } : {}) },
            ...(attachment
              ? {
                  Attachments: [
                    { FileName: 'invoice.csv', ContentType: 'text/csv', RawContent: Buffer.from(attachment) },
                  ],
                }
              : {}),
          },
        },
      }),
    );

  const rows = () => c.page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
  const apiCount = async () => {
    const res = await fetch(`${c.server.url}/_pinpost/mailbox`);
    return ((await res.json()) as { messages: unknown[] }).messages.length;
  };

  before(async () => {
    c = await startConsole({
      // The mail's own <script> is refused by the sandbox and by the mail document's policy; Chromium
      // reports both as console errors, which is what this test expects.
      allowConsoleErrors: [/Blocked script execution in 'about:srcdoc'/, /Refused to execute inline script/],
    });
    await c.server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
    await signIn(c.page, { accessKeyId: 'test', secretAccessKey: 'test' });
    await c.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mailbox' }).click();
    await c.page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
  });
  after(() => c?.close());

  it('a message sent through the SES v2 SDK appears without a reload, newest first', async () => {
    await c.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await send('ada@example.org', 'Welcome aboard', 'The quick brown fox', undefined);
    await rows().filter({ hasText: 'Welcome aboard' }).waitFor();
    await send(
      'grace@example.net',
      'Your invoice',
      'Invoice text body',
      `<h1 id="title">Invoice</h1><p>Pay at <a href="https://pay.example.com/i/42">the portal</a></p>` +
        `<img id="logo" alt="logo" src="${remoteImage()}">` +
        `<script>document.body.insertAdjacentHTML('beforeend', '<p id="ran">script ran</p>')</script>`,
      'item,amount\nwidget,42\n',
    );
    await rows().filter({ hasText: 'Your invoice' }).waitFor();
    assert.equal(
      await c.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
      true,
    );
    assert.match((await rows().first().textContent()) ?? '', /Your invoice/);
    assert.equal(await rows().count(), 2);
    await screenshot(c.page, 'mailbox-live');
  });

  it('searches by recipient, sender, subject and text (the body)', async () => {
    const search = async (label: string, value: string) => {
      await c.page.getByRole('button', { name: 'Clear' }).click();
      await c.page.getByLabel(label, { exact: true }).fill(value);
      await c.page.getByRole('button', { name: 'Search' }).click();
    };
    await search('Text', 'brown fox');
    await c.page.waitForFunction(
      () => document.querySelectorAll('ul[aria-label="Messages"] li').length === 1,
    );
    assert.match((await rows().first().textContent()) ?? '', /Welcome aboard/);
    await search('Recipient', 'grace@example.net');
    await rows().filter({ hasText: 'Welcome aboard' }).waitFor({ state: 'detached' });
    assert.match((await rows().first().textContent()) ?? '', /Your invoice/);
    await search('Subject', 'nothing like this');
    await c.page.getByText('No message matches this search.').waitFor();
    await search('Sender', 'news@example.com');
    await c.page.waitForFunction(
      () => document.querySelectorAll('ul[aria-label="Messages"] li').length === 2,
    );
    await c.page.getByRole('button', { name: 'Clear' }).click();
    await c.page.waitForFunction(
      () => document.querySelectorAll('ul[aria-label="Messages"] li').length === 2,
    );
  });

  it("shows the HTML in a sandboxed iframe where the mail's script does not run and remote images wait to be asked for", async () => {
    await rows().filter({ hasText: 'Your invoice' }).getByRole('link').click();
    await c.page.waitForURL(/\/_pinpost\/console\/mailbox\/[^/]+$/);
    const frameEl = c.page.getByTitle('Message HTML');
    await frameEl.waitFor();
    assert.equal(await frameEl.getAttribute('sandbox'), '');
    const frame = c.page.frameLocator('iframe[title="Message HTML"]');
    await frame.locator('#title').waitFor();
    assert.equal(await frame.locator('#ran').count(), 0);
    const logo = frame.locator('#logo');
    assert.equal(await logo.getAttribute('src'), null);
    assert.equal(await logo.getAttribute('data-pinpost-src'), remoteImage());
    await c.page.getByText('1 remote image is blocked.').waitFor();
    await screenshot(c.page, 'mailbox-message-html');
    await c.page.getByRole('button', { name: 'Load remote images' }).click();
    await frame.locator(`#logo[src="${remoteImage()}"]`).waitFor();
    assert.equal(await frame.locator('#ran').count(), 0);
  });

  it('lists the attachments and downloads one (signed fetch, saved as a file)', async () => {
    await c.page.getByRole('tab', { name: /^Attachments/ }).click();
    await c.page.getByRole('cell', { name: 'invoice.csv', exact: true }).waitFor();
    const [download] = await Promise.all([
      c.page.waitForEvent('download'),
      c.page.getByRole('button', { name: 'Download invoice.csv' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'invoice.csv');
    const chunks: Buffer[] = [];
    for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
    assert.equal(Buffer.concat(chunks).toString(), 'item,amount\nwidget,42\n');
  });

  it('shows the text, header fields, raw source and links', async () => {
    const tab = (name: RegExp) => c.page.getByRole('tab', { name }).click();
    await tab(/^Text$/);
    await c.page.getByText('Invoice text body').waitFor();
    await tab(/^Headers$/);
    await c.page.getByRole('cell', { name: 'Subject', exact: true }).waitFor();
    await c.page.getByRole('cell', { name: 'Your invoice', exact: true }).waitFor();
    await tab(/^Raw source$/);
    await c.page.locator('pre.mail-raw', { hasText: 'MIME-Version: 1.0' }).waitFor();
    await tab(/^Links/);
    await c.page.getByRole('link', { name: 'https://pay.example.com/i/42' }).waitFor();
    await tab(/^SES events/);
    const id = decodeURIComponent(new URL(c.page.url()).pathname.split('/').pop()!);
    const view = (await (await fetch(`${c.server.url}/_pinpost/mailbox/${id}`)).json()) as {
      events: { eventType: string }[];
    };
    assert.ok(view.events.length > 0);
    for (const e of view.events)
      await c.page.getByRole('cell', { name: e.eventType, exact: true }).first().waitFor();
    await tab(/^DKIM$/);
    // example.com was created with Easy DKIM (CreateEmailIdentity's default), so its mail is signed.
    await c.page.getByText(/^pass: the body hash and the signature verify/).waitFor();
    await c.page.getByText('example.com', { exact: true }).waitFor();
    await screenshot(c.page, 'mailbox-message-links');
  });

  it('deletes one message, then all', async () => {
    await c.page.getByRole('button', { name: 'Delete message' }).click();
    await c.page.waitForURL(/\/_pinpost\/console\/mailbox$/);
    await rows().filter({ hasText: 'Your invoice' }).waitFor({ state: 'detached' });
    assert.equal(await apiCount(), 1);
    await c.page.getByRole('button', { name: 'Delete all' }).click();
    await c.page.getByRole('dialog', { name: 'Delete every message?' }).waitFor();
    await c.page.getByRole('button', { name: 'Delete all messages' }).click();
    await c.page.getByText('The mailbox is empty.').waitFor();
    assert.equal(await apiCount(), 0);
    await screenshot(c.page, 'mailbox-empty');
  });
});
