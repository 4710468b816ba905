/**
 * The SES SMTP interface end to end on a whole Pinpost (startTestServer, smtpPort 0): SES's real
 * SendRawEmail decides — IAM on the identity's ARN, identity verification — and the SMTP client
 * gets SES's replies.
 */
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
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
