/**
 * Custom verification email templates through SES v2 (@aws-sdk/client-sesv2) and SES v1 (boto3,
 * test/conformance/ses_custom_verification.py) over one stored document, as on AWS
 * (API_CreateCustomVerificationEmailTemplate.html and siblings): the lifecycle, paging, tags,
 * refusals that leave nothing behind, authorization, and SendCustomVerificationEmail's mail in the
 * mailbox whose link verifies the address and redirects to the template's URLs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as v2 from '@aws-sdk/client-sesv2';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { assertConformance } from './support/conformance.js';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
before(async () => {
  server = await startTestServer({ clock: 'manual' });
});
after(async () => {
  await server.close();
});

const TEMPLATE = {
  TemplateName: 'welcome',
  FromEmailAddress: 'noreply@cv.example',
  TemplateSubject: 'Confirm your address',
  TemplateContent: '<html><body><p>Welcome aboard. Please confirm.</p></body></html>',
  SuccessRedirectionURL: 'https://app.example/verified',
  FailureRedirectionURL: 'https://app.example/expired',
};

interface Mail {
  Id: string;
  Source: string;
  Subject: string;
  Destination: { ToAddresses: string[] };
  Body: { html_part: string | null; text_part: string | null };
}

async function mailWithId(id: string): Promise<Mail | undefined> {
  const box = (await (await fetch(`${server.url}/_aws/ses`)).json()) as { messages: Mail[] };
  return box.messages.find((m) => m.Id === id);
}

/** The verification link of a mail, on this server. */
function linkIn(mail: Mail | undefined): string {
  const link = /href="(https?:\/\/[^"]+\/_pinpost\/ses\/verify\?token=[^"]+)"/.exec(
    mail?.Body.html_part ?? '',
  )?.[1];
  assert.ok(link, 'a verification link in the mail');
  const u = new URL(link.replace(/&amp;/g, '&'));
  return `${server.url}${u.pathname}${u.search}`;
}

test('v2 lifecycle: create needs a verified sender, get, update, list, delete, then NotFoundException', async () => {
  const c = server.sesv2();
  // API_CreateCustomVerificationEmailTemplate.html: NotFoundException for an unverified From.
  assert.deepEqual(await fail(c.send(new v2.CreateCustomVerificationEmailTemplateCommand(TEMPLATE))), {
    name: 'NotFoundException',
    message: 'The from email address <noreply@cv.example> is not verified',
    status: 404,
  });
  const none = await c.send(new v2.ListCustomVerificationEmailTemplatesCommand({}));
  assert.deepEqual(none.CustomVerificationEmailTemplates, [], 'the refused create stored nothing');

  await c.send(new v2.CreateEmailIdentityCommand({ EmailIdentity: 'cv.example' }));
  await c.send(
    new v2.CreateCustomVerificationEmailTemplateCommand({
      ...TEMPLATE,
      Tags: [{ Key: 'team', Value: 'growth' }],
    }),
  );
  const got = await c.send(new v2.GetCustomVerificationEmailTemplateCommand({ TemplateName: 'welcome' }));
  assert.deepEqual(
    { ...TEMPLATE, Tags: [{ Key: 'team', Value: 'growth' }] },
    {
      TemplateName: got.TemplateName,
      FromEmailAddress: got.FromEmailAddress,
      TemplateSubject: got.TemplateSubject,
      TemplateContent: got.TemplateContent,
      SuccessRedirectionURL: got.SuccessRedirectionURL,
      FailureRedirectionURL: got.FailureRedirectionURL,
      Tags: got.Tags,
    },
  );
  assert.deepEqual(await fail(c.send(new v2.CreateCustomVerificationEmailTemplateCommand(TEMPLATE))), {
    name: 'AlreadyExistsException',
    message: 'Custom verification email template <welcome> already exists',
    status: 400,
  });

  await c.send(
    new v2.UpdateCustomVerificationEmailTemplateCommand({ ...TEMPLATE, TemplateSubject: 'Confirm, please' }),
  );
  const updated = await c.send(new v2.GetCustomVerificationEmailTemplateCommand({ TemplateName: 'welcome' }));
  assert.equal(updated.TemplateSubject, 'Confirm, please');
  assert.deepEqual(updated.Tags, [{ Key: 'team', Value: 'growth' }], 'an update keeps the tags');

  const arn = 'arn:aws:ses:us-east-1:000000000000:custom-verification-email-template/welcome';
  await c.send(new v2.TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'env', Value: 'prod' }] }));
  const tagged = await c.send(new v2.ListTagsForResourceCommand({ ResourceArn: arn }));
  assert.deepEqual(tagged.Tags, [
    { Key: 'team', Value: 'growth' },
    { Key: 'env', Value: 'prod' },
  ]);

  for (const n of [1, 2]) {
    await c.send(
      new v2.CreateCustomVerificationEmailTemplateCommand({ ...TEMPLATE, TemplateName: `page-${n}` }),
    );
  }
  const first = await c.send(new v2.ListCustomVerificationEmailTemplatesCommand({ PageSize: 2 }));
  assert.deepEqual(
    first.CustomVerificationEmailTemplates?.map((t) => t.TemplateName),
    ['page-1', 'page-2'],
  );
  assert.equal(
    (first.CustomVerificationEmailTemplates?.[0] as Record<string, unknown>).TemplateContent,
    undefined,
    'the list shows metadata, not the content',
  );
  const second = await c.send(
    new v2.ListCustomVerificationEmailTemplatesCommand({ PageSize: 2, NextToken: first.NextToken }),
  );
  assert.deepEqual(
    second.CustomVerificationEmailTemplates?.map((t) => t.TemplateName),
    ['welcome'],
  );
  assert.equal(second.NextToken, undefined);
  const big = await fail(c.send(new v2.ListCustomVerificationEmailTemplatesCommand({ PageSize: 51 })));
  assert.equal(big.name, 'BadRequestException');

  for (const name of ['page-1', 'page-2', 'welcome']) {
    await c.send(new v2.DeleteCustomVerificationEmailTemplateCommand({ TemplateName: name }));
  }
  const gone = {
    name: 'NotFoundException',
    message: 'Custom verification email template <welcome> does not exist',
    status: 404,
  };
  assert.deepEqual(
    await fail(c.send(new v2.GetCustomVerificationEmailTemplateCommand({ TemplateName: 'welcome' }))),
    gone,
  );
  assert.deepEqual(
    await fail(c.send(new v2.DeleteCustomVerificationEmailTemplateCommand({ TemplateName: 'welcome' }))),
    gone,
  );
  assert.deepEqual(await fail(c.send(new v2.UpdateCustomVerificationEmailTemplateCommand(TEMPLATE))), gone);
});

test('SendCustomVerificationEmail: the mail arrives, its link verifies the address and redirects', async () => {
  const c = server.sesv2();
  await c.send(new v2.CreateEmailIdentityCommand({ EmailIdentity: 'send.example' }));
  await c.send(
    new v2.CreateCustomVerificationEmailTemplateCommand({
      ...TEMPLATE,
      TemplateName: 'onboarding',
      FromEmailAddress: 'hello@send.example',
    }),
  );
  const sent = await c.send(
    new v2.SendCustomVerificationEmailCommand({
      EmailAddress: 'new.user@other.example',
      TemplateName: 'onboarding',
    }),
  );
  assert.ok(sent.MessageId);
  const identity = await c.send(new v2.GetEmailIdentityCommand({ EmailIdentity: 'new.user@other.example' }));
  assert.equal(identity.VerificationStatus, 'PENDING');
  assert.equal(identity.VerifiedForSendingStatus, false);

  const mail = await mailWithId(sent.MessageId);
  assert.equal(mail?.Source, 'hello@send.example');
  assert.equal(mail?.Subject, 'Confirm your address');
  assert.deepEqual(mail?.Destination.ToAddresses, ['new.user@other.example']);
  assert.match(mail?.Body.html_part ?? '', /Welcome aboard\. Please confirm\./);
  assert.match(mail?.Body.html_part ?? '', /If you did not request to verify this email address/);

  const res = await fetch(linkIn(mail), { redirect: 'manual' });
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), 'https://app.example/verified');
  const verified = await c.send(new v2.GetEmailIdentityCommand({ EmailIdentity: 'new.user@other.example' }));
  assert.equal(verified.VerificationStatus, 'SUCCESS');

  // A link opened after 24 hours goes to the failure URL and leaves the address unverified.
  const late = await c.send(
    new v2.SendCustomVerificationEmailCommand({
      EmailAddress: 'late@other.example',
      TemplateName: 'onboarding',
    }),
  );
  await server.advance(24 * 3600 + 1);
  const expired = await fetch(linkIn(await mailWithId(late.MessageId ?? '')), { redirect: 'manual' });
  assert.equal(expired.status, 302);
  assert.equal(expired.headers.get('location'), 'https://app.example/expired');
  const failed = await c.send(new v2.GetEmailIdentityCommand({ EmailIdentity: 'late@other.example' }));
  assert.equal(failed.VerificationStatus, 'FAILED');
});

test('SendCustomVerificationEmail refusals leave no identity and no mail', async () => {
  const c = server.sesv2();
  const before = ((await (await fetch(`${server.url}/_aws/ses`)).json()) as { messages: Mail[] }).messages
    .length;
  assert.deepEqual(
    await fail(
      c.send(
        new v2.SendCustomVerificationEmailCommand({ EmailAddress: 'a@other.example', TemplateName: 'nope' }),
      ),
    ),
    {
      name: 'NotFoundException',
      message: 'Custom verification email template <nope> does not exist',
      status: 404,
    },
  );
  assert.deepEqual(
    await fail(
      c.send(
        new v2.SendCustomVerificationEmailCommand({
          EmailAddress: 'not-an-address',
          TemplateName: 'onboarding',
        }),
      ),
    ),
    { name: 'BadRequestException', message: 'Invalid email address<not-an-address>.', status: 400 },
  );
  const noSet = await fail(
    c.send(
      new v2.SendCustomVerificationEmailCommand({
        EmailAddress: 'b@other.example',
        TemplateName: 'onboarding',
        ConfigurationSetName: 'missing-set',
      }),
    ),
  );
  assert.deepEqual(noSet, {
    name: 'NotFoundException',
    message: 'Configuration set <missing-set> does not exist.',
    status: 404,
  });
  // The sender stops being verified: the send is refused as SendEmail's is.
  await c.send(new v2.DeleteEmailIdentityCommand({ EmailIdentity: 'send.example' }));
  const unverified = await fail(
    c.send(
      new v2.SendCustomVerificationEmailCommand({
        EmailAddress: 'c@other.example',
        TemplateName: 'onboarding',
      }),
    ),
  );
  assert.deepEqual(unverified, {
    name: 'MessageRejected',
    message:
      'Email address is not verified. The following identities failed the check in region US-EAST-1: hello@send.example',
    status: 400,
  });
  for (const address of ['a@other.example', 'b@other.example', 'c@other.example']) {
    const missing = await fail(c.send(new v2.GetEmailIdentityCommand({ EmailIdentity: address })));
    assert.equal(missing.status, 404, `${address} was not added`);
  }
  const afterCount = ((await (await fetch(`${server.url}/_aws/ses`)).json()) as { messages: Mail[] }).messages
    .length;
  assert.equal(afterCount, before, 'no mail was queued');
});

test('a user without permission is denied on the template ARN; one allowed on it succeeds', async () => {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'cv-user' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'cv-user',
      PolicyName: 'read-one',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'ses:GetCustomVerificationEmailTemplate',
            Resource: 'arn:aws:ses:us-east-1:000000000000:custom-verification-email-template/onboarding',
          },
        ],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'cv-user' }))).AccessKey;
  const user = server.sesv2({
    accessKeyId: key?.AccessKeyId ?? '',
    secretAccessKey: key?.SecretAccessKey ?? '',
  });
  const got = await user.send(
    new v2.GetCustomVerificationEmailTemplateCommand({ TemplateName: 'onboarding' }),
  );
  assert.equal(got.TemplateName, 'onboarding');
  const denied = await fail(
    user.send(new v2.CreateCustomVerificationEmailTemplateCommand({ ...TEMPLATE, TemplateName: 'denied' })),
  );
  assert.equal(denied.name, 'AccessDeniedException');
  assert.equal(denied.status, 403);
  assert.match(
    denied.message,
    /ses:CreateCustomVerificationEmailTemplate.*arn:aws:ses:us-east-1:000000000000:custom-verification-email-template\/denied/,
  );
  const missing = await fail(
    server.sesv2().send(new v2.GetCustomVerificationEmailTemplateCommand({ TemplateName: 'denied' })),
  );
  assert.equal(missing.status, 404, 'the denied create stored nothing');
});

test('SES v1 through boto3: the same templates, errors in v1 codes, the mail and its link', async () => {
  const own = await startTestServer();
  try {
    await assertConformance('ses_custom_verification.py', own.url, 17);
  } finally {
    await own.close();
  }
});
