/**
 * The SES SMTP interface end to end on a whole Pinpost (startTestServer, smtpPort 0): SES's real
 * SendRawEmail decides — IAM on the identity's ARN, identity verification — and the SMTP client
 * gets SES's replies.
 */
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { CreateEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import nodemailer from 'nodemailer';
import { smtpPasswordFor } from '../src/services/ses/smtp/index.js';
import { startTestServer, type TestServer } from './support/server.js';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
let server: TestServer;

before(async () => {
  server = await startTestServer({ smtpPort: 0 });
});
after(() => server.close());

const transport = (user: string, secret: string) =>
  nodemailer.createTransport({
    host: '127.0.0.1',
    port: server.smtpPort,
    secure: false,
    // Clear text from loopback (the certificate made at start is trusted by no client).
    ignoreTLS: true,
    auth: { user, pass: smtpPasswordFor(secret, REGION) },
  });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    const { response, message } = err as { response?: string; message: string };
    return response ?? `no SMTP reply: ${message}`;
  }
  assert.fail('the SMTP interface accepted what it should refuse');
}

it('an unverified sender: 554 Message rejected with SendRawEmail’s text', async () => {
  const response = await refusal(
    transport('test', 'test').sendMail({
      from: 'nobody@unverified.example',
      to: 'a@example.com',
      subject: 's',
      text: 't',
    }),
  );
  assert.equal(
    response,
    '554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: nobody@unverified.example',
  );
});

it('an IAM user without ses:SendRawEmail: 554 Access denied on the identity’s ARN', async () => {
  const iam = server.iam();
  const { User } = await iam.send(new CreateUserCommand({ UserName: 'smtp-denied' }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'smtp-denied' }));
  const response = await refusal(
    transport(AccessKey!.AccessKeyId!, AccessKey!.SecretAccessKey!).sendMail({
      from: 'sender@example.com',
      to: 'a@example.com',
      subject: 's',
      text: 't',
    }),
  );
  assert.equal(
    response,
    `554 Access denied: User \`${User!.Arn}' is not authorized to perform \`ses:SendRawEmail' on resource \`arn:aws:ses:${REGION}:${ACCOUNT}:identity/sender@example.com'`,
  );
});

it('a verified identity: 250 Ok <MessageId>, and the message is in GET /_aws/ses (smtp-send-email.html)', async () => {
  await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'smtp.example' }));
  const info = (await transport('test', 'test').sendMail({
    from: 'Mailer <mailer@smtp.example>',
    to: 'reader@example.org',
    subject: 'via the SMTP interface',
    text: 'hello over SMTP',
  })) as { response: string };
  const id = /^250 Ok (\S+)$/.exec(info.response)?.[1];
  assert.ok(id, info.response);
  await server.runtime.mail.drain();
  const box = (await (await fetch(`${server.url}/_aws/ses?id=${encodeURIComponent(id)}`)).json()) as {
    messages: {
      Id: string;
      Region: string;
      Source: string;
      Subject: string;
      Destination: { ToAddresses: string[] };
    }[];
  };
  assert.equal(box.messages.length, 1);
  assert.deepEqual(
    [
      box.messages[0].Id,
      box.messages[0].Region,
      box.messages[0].Subject,
      box.messages[0].Destination.ToAddresses,
    ],
    [id, REGION, 'via the SMTP interface', ['reader@example.org']],
  );
  assert.match(box.messages[0].Source, /mailer@smtp\.example/);
});
