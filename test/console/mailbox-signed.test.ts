/**
 * The mailbox page beyond loopback, where Pinpost's own routes need a SigV4 signature for the
 * service `pinpost` and IAM's allow (README "Pinpost's own routes"): the console signs its listing,
 * its event stream (fetch with signed headers; EventSource could not), the message view and the
 * delete, and a user without pinpost:ReadMailbox sees the refusal's text.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateEmailIdentityCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { screenshot, signIn, startConsole, type ConsoleHarness } from './support.js';

async function userWithPolicy(c: ConsoleHarness, name: string, actions: string[]) {
  const iam = c.server.iam();
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: name,
      PolicyName: 'mail',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: actions, Resource: 'arn:aws:pinpost:*:000000000000:mailbox' }],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

describe('console mailbox beyond loopback (signed requests)', { timeout: 180_000 }, () => {
  let c: ConsoleHarness;
  before(async () => {
    c = await startConsole({ config: { host: '0.0.0.0' } });
    await c.server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
  });
  after(() => c?.close());

  it('lists, follows live, opens and deletes mail with a user allowed pinpost:ReadMailbox and DeleteMailbox', async () => {
    const reader = await userWithPolicy(c, 'mail-reader', ['pinpost:ReadMailbox', 'pinpost:DeleteMailbox']);
    const unsigned = await fetch(`http://127.0.0.1:${c.server.server.port}/_pinpost/mailbox`);
    assert.equal(unsigned.status, 403);
    await signIn(c.page, reader);
    await c.page.goto(`${c.url}mailbox`);
    await c.page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await c.server.sesv2().send(
      new SendEmailCommand({
        FromEmailAddress: 'news@example.com',
        Destination: { ToAddresses: ['ada@example.org'] },
        Content: {
          Simple: { Subject: { Data: 'Signed hello' }, Body: { Html: { Data: '<p id="hi">Hello</p>' } } },
        },
      }),
    );
    const row = c.page.getByRole('list', { name: 'Messages' }).getByRole('link', { name: /Signed hello/ });
    await row.click();
    await c.page.frameLocator('iframe[title="Message HTML"]').locator('#hi').waitFor();
    await c.page.getByRole('tab', { name: 'Raw source' }).click();
    await c.page.locator('pre.mail-raw', { hasText: 'Subject: Signed hello' }).waitFor();
    await screenshot(c.page, 'mailbox-signed-message');
    await c.page.getByRole('button', { name: 'Delete message' }).click();
    await c.page.getByText('The mailbox is empty.').waitFor();
  });

  it('a user without pinpost:ReadMailbox sees the refusal with its text', async () => {
    const other = await userWithPolicy(c, 'no-mail', ['pinpost:ReadClock']);
    await c.page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(c.page, other);
    await c.page.goto(`${c.url}mailbox`);
    const alert = c.page.getByRole('alert');
    await alert.waitFor();
    assert.match(
      (await alert.textContent()) ?? '',
      /AccessDenied.*User: arn:aws:iam::000000000000:user\/no-mail is not authorized to perform: pinpost:ReadMailbox/,
    );
    await screenshot(c.page, 'mailbox-signed-denied');
  });
});
