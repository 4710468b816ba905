/**
 * The sender identity of every SES send operation, through the SDKs as an IAM user allowed to send
 * only from identity/allowed.com: an address sent under a named identity (SourceArn, FromArn,
 * ReturnPathArn, the X-SES-*-ARN headers; v2 FromEmailAddressIdentityArn,
 * FeedbackForwardingEmailAddressIdentityArn) must belong to it — "if the owner of example.com …
 * authorizes you to send from user@example.com, then you would specify the SourceArn to be
 * …:identity/example.com, and the Source to be user@example.com" (API_SendEmail.html) — else SES's
 * "The address '…' does not align with the given ARN '…'" (aws/aws-sdk-js#1146), and nothing is sent:
 * no mailbox entry, no quota used. An address named without an ARN is authorized as its own
 * identity. The message is DKIM-signed by the identity authorized for its From address.
 */
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateTemplateCommand,
  GetSendQuotaCommand,
  SendBulkTemplatedEmailCommand,
  SendEmailCommand as V1SendEmail,
  SendRawEmailCommand,
  SendTemplatedEmailCommand,
} from '@aws-sdk/client-ses';
import { CreateEmailIdentityCommand, SendBulkEmailCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Credentials } from './support/server.js';
import { startTestServer, type TestServer } from './support/server.js';

const ACCOUNT = '000000000000';
const identity = (name: string) => `arn:aws:ses:us-east-1:${ACCOUNT}:identity/${name}`;
const ALLOWED = identity('allowed.com');

let server: TestServer;
let limited: Credentials;

before(async () => {
  server = await startTestServer();
  for (const name of ['allowed.com', 'example.com', 'other.com']) {
    await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: name }));
  }
  await server.ses().send(
    new CreateTemplateCommand({
      Template: { TemplateName: 't', SubjectPart: 'Hello {{name}}', TextPart: 'Hi {{name}}' },
    }),
  );
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'limited' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'limited',
      PolicyName: 'send-from-allowed',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'ses:Send*', Resource: ALLOWED },
          {
            Effect: 'Allow',
            Action: 'ses:Send*',
            Resource: `arn:aws:ses:us-east-1:${ACCOUNT}:template/*`,
          },
        ],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'limited' }))).AccessKey!;
  limited = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
});
after(() => server.close());

interface Captured {
  Id: string;
  Source: string;
  RawData: string;
}

async function mailbox(): Promise<Captured[]> {
  const res = await fetch(`${server.url}/_aws/ses`);
  return ((await res.json()) as { messages: Captured[] }).messages;
}

/** The message once delivery has run (the outbox delivers asynchronously). */
async function delivered(id: string): Promise<Captured> {
  await server.runtime.mail.drain();
  const found = (await mailbox()).find((m) => m.Id === id);
  assert.ok(found, `message ${id} is in the mailbox`);
  return found;
}

const sentLast24Hours = async () => (await server.ses().send(new GetSendQuotaCommand({}))).SentLast24Hours;

/** The refusal SES gives, and nothing was sent: no quota used, nothing in the mailbox. */
async function refused(send: () => Promise<unknown>, code: string, message: string): Promise<void> {
  const quota = await sentLast24Hours();
  const count = (await mailbox()).length;
  await assert.rejects(send(), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, code);
    assert.equal(err.message, message);
    assert.equal(err.$metadata?.httpStatusCode, code === 'AccessDenied' ? 403 : 400);
    return true;
  });
  assert.equal(await sentLast24Hours(), quota);
  // A later accepted send is delivered after anything the refused one could have queued.
  const probe = await server.sesv2().send(simpleV2({ FromEmailAddress: 'probe@allowed.com' }));
  await delivered(probe.MessageId!);
  assert.equal((await mailbox()).length, count + 1);
}

const misaligned = (address: string, arn: string) =>
  `The address '${address}' does not align with the given ARN '${arn}'`;

const simpleV2 = (extra: object) =>
  new SendEmailCommand({
    Destination: { ToAddresses: ['to@x.org'] },
    Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
    ...extra,
  });

const v1Simple = (extra: object) =>
  new V1SendEmail({
    Source: 'news@allowed.com',
    Destination: { ToAddresses: ['to@x.org'] },
    Message: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } },
    ...extra,
  });

const rawMessage = (from: string, headers = '') =>
  Buffer.from(`${headers}From: ${from}\r\nTo: to@x.org\r\nSubject: raw\r\n\r\nbody`);

describe('SES v1 (Query API)', () => {
  it('SendEmail: a Source outside SourceArn’s identity is refused (the reported bypass)', async () => {
    await refused(
      () => server.ses(limited).send(v1Simple({ Source: 'ceo@example.com', SourceArn: ALLOWED })),
      'InvalidParameterValue',
      misaligned('ceo@example.com', ALLOWED),
    );
    await refused(
      () => server.ses(limited).send(v1Simple({ Source: 'CEO <ceo@example.com>', SourceArn: ALLOWED })),
      'InvalidParameterValue',
      misaligned('CEO <ceo@example.com>', ALLOWED),
    );
  });

  it('SendEmail: a ReturnPath outside ReturnPathArn’s identity is refused; without an ARN it is authorized as its own identity', async () => {
    await refused(
      () =>
        server
          .ses(limited)
          .send(v1Simple({ SourceArn: ALLOWED, ReturnPath: 'bounce@example.com', ReturnPathArn: ALLOWED })),
      'InvalidParameterValue',
      misaligned('bounce@example.com', ALLOWED),
    );
    await refused(
      () => server.ses(limited).send(v1Simple({ ReturnPath: 'bounce@example.com' })),
      'AccessDenied',
      `User \`arn:aws:iam::${ACCOUNT}:user/limited' is not authorized to perform \`ses:SendEmail' on resource \`${identity('example.com')}'`,
    );
  });

  it('SendEmail: an ARN that names no identity is "Invalid ARN <…>."', async () => {
    await refused(
      () => server.ses(limited).send(v1Simple({ Source: 'ceo@example.com', SourceArn: 'nope' })),
      'InvalidParameterValue',
      'Invalid ARN <nope>.',
    );
  });

  it('SendRawEmail: Source under SourceArn, the From header under FromArn (else SourceArn), the X-SES-*-ARN headers alike', async () => {
    const send = (input: object) => server.ses(limited).send(new SendRawEmailCommand(input as never));
    await refused(
      () =>
        send({
          Source: 'ceo@example.com',
          SourceArn: ALLOWED,
          RawMessage: { Data: rawMessage('ceo@example.com') },
        }),
      'InvalidParameterValue',
      misaligned('ceo@example.com', ALLOWED),
    );
    await refused(
      () =>
        send({
          Source: 'news@allowed.com',
          SourceArn: ALLOWED,
          RawMessage: { Data: rawMessage('ceo@example.com') },
        }),
      'InvalidParameterValue',
      misaligned('ceo@example.com', ALLOWED),
    );
    await refused(
      () => send({ FromArn: ALLOWED, RawMessage: { Data: rawMessage('"The CEO" <ceo@example.com>') } }),
      'InvalidParameterValue',
      misaligned('"The CEO" <ceo@example.com>', ALLOWED),
    );
    await refused(
      () => send({ RawMessage: { Data: rawMessage('ceo@example.com', `X-SES-SOURCE-ARN: ${ALLOWED}\r\n`) } }),
      'InvalidParameterValue',
      misaligned('ceo@example.com', ALLOWED),
    );
    // A From header with no ARN is authorized as its own identity.
    await refused(
      () => send({ Source: 'news@allowed.com', RawMessage: { Data: rawMessage('ceo@example.com') } }),
      'AccessDenied',
      `User \`arn:aws:iam::${ACCOUNT}:user/limited' is not authorized to perform \`ses:SendRawEmail' on resource \`${identity('example.com')}'`,
    );
  });

  it('SendTemplatedEmail and SendBulkTemplatedEmail refuse a Source outside SourceArn’s identity', async () => {
    await refused(
      () =>
        server.ses(limited).send(
          new SendTemplatedEmailCommand({
            Source: 'ceo@example.com',
            SourceArn: ALLOWED,
            Destination: { ToAddresses: ['to@x.org'] },
            Template: 't',
            TemplateData: '{"name":"a"}',
          }),
        ),
      'InvalidParameterValue',
      misaligned('ceo@example.com', ALLOWED),
    );
    await refused(
      () =>
        server.ses(limited).send(
          new SendBulkTemplatedEmailCommand({
            Source: 'ceo@example.com',
            SourceArn: ALLOWED,
            Template: 't',
            DefaultTemplateData: '{"name":"a"}',
            Destinations: [{ Destination: { ToAddresses: ['to@x.org'] } }],
          }),
        ),
      'InvalidParameterValue',
      misaligned('ceo@example.com', ALLOWED),
    );
  });
});

describe('SES v2 (REST API)', () => {
  it('SendEmail: FromEmailAddress and FeedbackForwardingEmailAddress outside their named identities are refused', async () => {
    await refused(
      () =>
        server
          .sesv2(limited)
          .send(simpleV2({ FromEmailAddress: 'ceo@example.com', FromEmailAddressIdentityArn: ALLOWED })),
      'BadRequestException',
      misaligned('ceo@example.com', ALLOWED),
    );
    await refused(
      () =>
        server.sesv2(limited).send(
          simpleV2({
            FromEmailAddress: 'news@allowed.com',
            FromEmailAddressIdentityArn: ALLOWED,
            FeedbackForwardingEmailAddress: 'bounce@example.com',
            FeedbackForwardingEmailAddressIdentityArn: ALLOWED,
          }),
        ),
      'BadRequestException',
      misaligned('bounce@example.com', ALLOWED),
    );
  });

  it('SendEmail with Raw content: the From header under FromEmailAddressIdentityArn', async () => {
    await refused(
      () =>
        server.sesv2(limited).send(
          new SendEmailCommand({
            FromEmailAddressIdentityArn: ALLOWED,
            Content: { Raw: { Data: rawMessage('ceo@example.com') } },
          }),
        ),
      'BadRequestException',
      misaligned('ceo@example.com', ALLOWED),
    );
    await refused(
      () =>
        server.sesv2(limited).send(
          new SendEmailCommand({
            FromEmailAddress: 'news@allowed.com',
            FromEmailAddressIdentityArn: ALLOWED,
            Content: { Raw: { Data: rawMessage('ceo@example.com') } },
          }),
        ),
      'BadRequestException',
      misaligned('ceo@example.com', ALLOWED),
    );
  });

  it('SendBulkEmail refuses a FromEmailAddress outside its named identity', async () => {
    await refused(
      () =>
        server.sesv2(limited).send(
          new SendBulkEmailCommand({
            FromEmailAddress: 'ceo@example.com',
            FromEmailAddressIdentityArn: ALLOWED,
            DefaultContent: { Template: { TemplateName: 't', TemplateData: '{"name":"a"}' } },
            BulkEmailEntries: [{ Destination: { ToAddresses: ['to@x.org'] } }],
          }),
        ),
      'BadRequestException',
      misaligned('ceo@example.com', ALLOWED),
    );
  });
});

describe('what is accepted, and who signs it', () => {
  const dkimDomain = (raw: string) => /^DKIM-Signature:[^]*?\bd=([^;\s]+)/m.exec(raw)?.[1];

  it('an address of the named identity (its domain or itself) is sent, signed by that identity', async () => {
    const out = await server
      .ses(limited)
      .send(v1Simple({ Source: 'News <news@allowed.com>', SourceArn: ALLOWED, ReturnPathArn: ALLOWED }));
    const mail = await delivered(out.MessageId!);
    assert.match(mail.RawData, /^From: News <news@allowed\.com>\r$/m);
    assert.equal(dkimDomain(mail.RawData), 'allowed.com');
    const v2 = await server
      .sesv2(limited)
      .send(simpleV2({ FromEmailAddress: 'NEWS@Allowed.COM', FromEmailAddressIdentityArn: ALLOWED }));
    await delivered(v2.MessageId!);
  });

  it('a raw message whose From header is another identity than its Source is signed by the From’s identity', async () => {
    const out = await server.ses().send(
      new SendRawEmailCommand({
        Source: 'bounce@allowed.com',
        RawMessage: { Data: rawMessage('news@other.com') },
      }),
    );
    const mail = await delivered(out.MessageId!);
    assert.equal(dkimDomain(mail.RawData), 'other.com');
  });
});
