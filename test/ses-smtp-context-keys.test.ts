/**
 * The SMTP interface authorizes with the same global condition keys as the API
 * (IAM UserGuide reference_policies_condition-keys.html): aws:SourceIp is the SMTP client's address,
 * aws:SecureTransport is true only once the session runs TLS (STARTTLS). A policy denying sends from
 * 127.0.0.0/8, or in clear text, stops SMTP sends as it stops API calls. Through nodemailer against a
 * whole Pinpost (startTestServer, smtpPort 0), with IAM users whose policies carry those conditions.
 */
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
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
  await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
});
after(() => server.close());

/** An IAM user allowed ses:SendRawEmail, denied it under `deny` (a Condition block); its SMTP login. */
async function smtpUser(name: string, deny: object): Promise<{ user: string; pass: string; arn: string }> {
  const iam = server.iam();
  const { User } = await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: name,
      PolicyName: 'smtp',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'ses:SendRawEmail', Resource: '*' },
          { Effect: 'Deny', Action: 'ses:SendRawEmail', Resource: '*', Condition: deny },
        ],
      }),
    }),
  );
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return {
    user: AccessKey!.AccessKeyId!,
    pass: smtpPasswordFor(AccessKey!.SecretAccessKey!, REGION),
    arn: User!.Arn!,
  };
}

const send = (auth: { user: string; pass: string }, tls: 'starttls' | 'clear') =>
  nodemailer
    .createTransport({
      host: '127.0.0.1',
      port: server.smtpPort,
      secure: false,
      auth,
      // The certificate is made at start and trusted by no client; STARTTLS is what is tested here.
      ...(tls === 'clear' ? { ignoreTLS: true } : { requireTLS: true, tls: { rejectUnauthorized: false } }),
    })
    .sendMail({ from: 'sender@example.com', to: 'reader@example.org', subject: 's', text: 't' });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    const { response, message } = err as { response?: string; message: string };
    return response ?? `no SMTP reply: ${message}`;
  }
  assert.fail('the SMTP interface accepted what the policy denies');
}

const denied = (arn: string) =>
  `554 Access denied: User \`${arn}' is not authorized to perform \`ses:SendRawEmail' on resource \`arn:aws:ses:${REGION}:${ACCOUNT}:identity/example.com'`;

it('a Deny on aws:SourceIp 127.0.0.0/8 refuses SMTP sends from 127.0.0.1, encrypted or not', async () => {
  const u = await smtpUser('no-loopback', { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } });
  assert.equal(await refusal(send(u, 'clear')), denied(u.arn));
  assert.equal(await refusal(send(u, 'starttls')), denied(u.arn));
});

it('a Deny on aws:SourceIp elsewhere lets 127.0.0.1 send', async () => {
  const u = await smtpUser('no-lan', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } });
  const info = (await send(u, 'clear')) as { response: string };
  assert.match(info.response, /^250 Ok /);
});

it('a Deny on aws:SecureTransport false refuses clear-text SMTP and accepts STARTTLS', async () => {
  const u = await smtpUser('tls-only', { Bool: { 'aws:SecureTransport': 'false' } });
  assert.equal(await refusal(send(u, 'clear')), denied(u.arn));
  const info = (await send(u, 'starttls')) as { response: string };
  assert.match(info.response, /^250 Ok /);
});
