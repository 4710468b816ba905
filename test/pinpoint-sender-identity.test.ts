/**
 * The sender bypass through Pinpoint (issue 9, finding 1): SendMessages and SendUsersMessages with
 * an EmailMessage.FromAddress (or a RawEmail From header) outside the identity the email channel
 * names were sent, signed for the other domain. Now such a message is refused for its recipient —
 * PERMANENT_FAILURE, 400 and SES's MessageRejected text, as Pinpoint reports an SES refusal — and
 * nothing is sent for it, even when the other domain is a verified identity of the same account.
 * Addresses of the channel's identity still send, and SES is told that identity
 * (FromEmailAddressIdentityArn, apps-application-id-channels-email.html: Identity).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateAppCommand,
  SendMessagesCommand,
  SendUsersMessagesCommand,
  UpdateEmailChannelCommand,
  UpdateEndpointsBatchCommand,
  type EmailMessage,
} from '@aws-sdk/client-pinpoint';
import { CreateEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { seedPermissionsPolicy, seedTrustPolicy } from './fixtures/seed-policies.js';
import { startTestServer, type TestServer } from './support/server.js';

const ACCOUNT = '000000000000';
const identity = (name: string) => `arn:aws:ses:us-east-1:${ACCOUNT}:identity/${name}`;
const REFUSED = (address: string) =>
  `Email address is not verified. The following identities failed the check in region US-EAST-1: ${address}`;

let server: TestServer;
let roleArn: string;

before(async () => {
  server = await startTestServer();
  const ses = server.sesv2();
  // Both domains are verified in the account: only the channel's identity may be the sender.
  for (const name of ['example.com', 'other.org', 'news@example.net'])
    await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: name }));
  const iam = server.iam();
  await iam.send(
    new CreateRoleCommand({ RoleName: 'Sender', AssumeRolePolicyDocument: seedTrustPolicy(ACCOUNT) }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'Sender',
      PolicyName: 'ses',
      PolicyDocument: seedPermissionsPolicy(ACCOUNT),
    }),
  );
  roleArn = `arn:aws:iam::${ACCOUNT}:role/Sender`;
});
after(() => server.close());

interface Mail {
  Id: string;
  Source: string;
  RawData: string;
}

async function mailbox(): Promise<Mail[]> {
  await server.runtime.mail.drain();
  const res = await fetch(`${server.url}/_aws/ses`);
  return ((await res.json()) as { messages: Mail[] }).messages;
}

async function app(fromAddress: string, channelIdentity: string): Promise<string> {
  const p = server.pinpoint();
  const appId = (await p.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'from' } })))
    .ApplicationResponse!.Id!;
  await p.send(
    new UpdateEmailChannelCommand({
      ApplicationId: appId,
      EmailChannelRequest: {
        FromAddress: fromAddress,
        Identity: channelIdentity,
        OrchestrationSendingRoleArn: roleArn,
        Enabled: true,
      },
    }),
  );
  return appId;
}

const simple = (fromAddress?: string): EmailMessage => ({
  FromAddress: fromAddress,
  SimpleEmail: { Subject: { Data: 'Hi' }, TextPart: { Data: 'Hello' } },
});

async function send(appId: string, email: EmailMessage, to = 'reader@example.net') {
  const out = await server.pinpoint().send(
    new SendMessagesCommand({
      ApplicationId: appId,
      MessageRequest: {
        Addresses: { [to]: { ChannelType: 'EMAIL' } },
        MessageConfiguration: { EmailMessage: email },
      },
    }),
  );
  return out.MessageResponse!.Result![to];
}

test('SendMessages: a FromAddress outside the channel identity is refused per address and not sent', async () => {
  const appId = await app('news@example.com', identity('example.com'));
  const before = (await mailbox()).length;
  for (const from of ['ceo@other.org', 'CEO <ceo@other.org>', 'ops@mail.example.com']) {
    const r = await send(appId, simple(from));
    const address = from.replace(/^.*<(.*)>$/, '$1');
    assert.deepEqual(
      { status: r.DeliveryStatus, code: r.StatusCode, message: r.StatusMessage, id: r.MessageId },
      { status: 'PERMANENT_FAILURE', code: 400, message: REFUSED(address), id: undefined },
      from,
    );
  }
  assert.equal((await mailbox()).length, before, 'nothing was sent');

  // An address of the identity's domain sends, with SES told the channel's identity.
  const ok = await send(appId, simple('Offers <offers@example.com>'));
  assert.equal(ok.DeliveryStatus, 'SUCCESSFUL');
  const mail = (await mailbox()).find((m) => m.Id === ok.MessageId)!;
  assert.equal(mail.Source, 'offers@example.com');
  assert.match(mail.RawData, /d=example\.com/);
});

test('SendMessages: a RawEmail whose From header is outside the identity is refused', async () => {
  const appId = await app('news@example.com', identity('example.com'));
  const before = (await mailbox()).length;
  const raw = 'From: ceo@other.org\r\nTo: reader@example.net\r\nSubject: Raw\r\n\r\nBody\r\n';
  const r = await send(appId, { RawEmail: { Data: Buffer.from(raw) } });
  assert.equal(r.DeliveryStatus, 'PERMANENT_FAILURE');
  assert.equal(r.StatusMessage, REFUSED('ceo@other.org'));
  assert.equal((await mailbox()).length, before);
});

test('an address identity allows that address only; the channel’s own FromAddress is checked too', async () => {
  const appId = await app('news@example.net', identity('news@example.net'));
  assert.equal((await send(appId, simple())).DeliveryStatus, 'SUCCESSFUL');
  const other = await send(appId, simple('sales@example.net'));
  assert.equal(other.StatusMessage, REFUSED('sales@example.net'));

  // A channel whose FromAddress is outside its identity sends nothing either.
  const stray = await app('ceo@other.org', identity('example.com'));
  const r = await send(stray, simple());
  assert.equal(r.DeliveryStatus, 'PERMANENT_FAILURE');
  assert.equal(r.StatusMessage, REFUSED('ceo@other.org'));
});

test('SendUsersMessages: each endpoint of the user is refused the same way', async () => {
  const appId = await app('news@example.com', identity('example.com'));
  await server.pinpoint().send(
    new UpdateEndpointsBatchCommand({
      ApplicationId: appId,
      EndpointBatchRequest: {
        Item: [
          { Id: 'e1', ChannelType: 'EMAIL', Address: 'u1@example.net', User: { UserId: 'u' } },
          { Id: 'e2', ChannelType: 'EMAIL', Address: 'u2@example.net', User: { UserId: 'u' } },
        ],
      },
    }),
  );
  const before = (await mailbox()).length;
  const out = await server.pinpoint().send(
    new SendUsersMessagesCommand({
      ApplicationId: appId,
      SendUsersMessageRequest: {
        Users: { u: {} },
        MessageConfiguration: { EmailMessage: simple('ceo@other.org') },
      },
    }),
  );
  const results = out.SendUsersMessageResponse!.Result!['u'];
  assert.deepEqual(Object.keys(results).sort(), ['e1', 'e2']);
  for (const r of Object.values(results)) {
    assert.equal(r.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.equal(r.StatusCode, 400);
    assert.equal(r.StatusMessage, REFUSED('ceo@other.org'));
  }
  assert.equal((await mailbox()).length, before);
});
