/**
 * Direct messages through @aws-sdk/client-pinpoint: SendMessages and SendUsersMessages
 * (apireference/apps-application-id-messages.html, apps-application-id-users-messages.html) sent
 * through SES under the email channel's OrchestrationSendingRoleArn, assumed by
 * pinpoint.amazonaws.com with the seed's trust and permissions policies
 * (developerguide/permissions-ses.html). Every path that must fail sends nothing and says why in
 * the recipient's StatusMessage, with SES's or IAM's own text.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateAppCommand,
  CreateEmailTemplateCommand,
  SendMessagesCommand,
  SendUsersMessagesCommand,
  UpdateEmailChannelCommand,
  UpdateEndpointsBatchCommand,
  type EmailChannelRequest,
  type MessageRequest,
} from '@aws-sdk/client-pinpoint';
import { CreateEmailIdentityCommand, DeleteEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { seedPermissionsPolicy, seedTrustPolicy } from './fixtures/seed-policies.js';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

const ACCOUNT = '000000000000';
const OTHER_ACCOUNT = '111122223333';
const IDENTITY = `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`;
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

let server: TestServer;
const pinpoint = (creds?: Credentials) => server.pinpoint(creds);

interface Mail {
  Id: string;
  Source: string;
  Destination: { ToAddresses: string[] };
  Subject: string;
  Body: { text_part: string | null; html_part: string | null };
  RawData: string;
}

async function mailbox(query = ''): Promise<Mail[]> {
  await server.runtime.mail.drain();
  const res = await fetch(`${server.url}/_aws/ses${query}`);
  return ((await res.json()) as { messages: Mail[] }).messages;
}

async function mailOf(messageId: string): Promise<Mail> {
  const found = await mailbox(`?id=${encodeURIComponent(messageId)}`);
  assert.equal(found.length, 1, `one mail for ${messageId}`);
  return found[0];
}

async function role(name: string, trust: string, permissions?: string): Promise<string> {
  const iam = server.iam();
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
  if (permissions) {
    await iam.send(
      new PutRolePolicyCommand({ RoleName: name, PolicyName: 'send', PolicyDocument: permissions }),
    );
  }
  return roleArn(name);
}

/** A new app whose email channel is `channel` (FromAddress news@example.com, the example.com identity). */
async function app(channel: Partial<EmailChannelRequest> | undefined): Promise<string> {
  const out = await pinpoint().send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'mail' } }));
  const appId = out.ApplicationResponse!.Id!;
  if (channel) {
    await pinpoint().send(
      new UpdateEmailChannelCommand({
        ApplicationId: appId,
        EmailChannelRequest: { FromAddress: 'news@example.com', Identity: IDENTITY, ...channel },
      }),
    );
  }
  return appId;
}

const simple = (subject: string, html: string, text?: string): MessageRequest['MessageConfiguration'] => ({
  EmailMessage: {
    SimpleEmail: {
      Subject: { Data: subject, Charset: 'UTF-8' },
      HtmlPart: { Data: html, Charset: 'UTF-8' },
      ...(text !== undefined ? { TextPart: { Data: text, Charset: 'UTF-8' } } : {}),
    },
  },
});

const sendTo = (appId: string, addresses: string[], config = simple('Hello', '<p>Hello</p>', 'Hello')) =>
  pinpoint().send(
    new SendMessagesCommand({
      ApplicationId: appId,
      MessageRequest: {
        Addresses: Object.fromEntries(addresses.map((a) => [a, { ChannelType: 'EMAIL' }])),
        MessageConfiguration: config,
      },
    }),
  );

let seedRole: string;
before(async () => {
  server = await startTestServer();
  const ses = server.sesv2();
  await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
  seedRole = await role('PinpointSeed', seedTrustPolicy(ACCOUNT), seedPermissionsPolicy(ACCOUNT));
});
after(() => server.close());

describe('SendMessages with the seed role', () => {
  test('to an address: SUCCESSFUL, 200, "MessageId: <id>"; the mail is in the mailbox as written', async () => {
    const appId = await app({ OrchestrationSendingRoleArn: seedRole });
    const out = await sendTo(appId, ['reader@example.net'], simple('Spring sale', '<p>Spring</p>', 'Spring'));
    assert.equal(out.$metadata.httpStatusCode, 200);
    const response = out.MessageResponse!;
    assert.equal(response.ApplicationId, appId);
    assert.match(response.RequestId!, /^[0-9a-f-]{36}$/);
    assert.equal(response.EndpointResult, undefined);
    const result = response.Result!['reader@example.net'];
    assert.equal(result.DeliveryStatus, 'SUCCESSFUL');
    assert.equal(result.StatusCode, 200);
    assert.ok(result.MessageId);
    assert.equal(result.StatusMessage, `MessageId: ${result.MessageId}`);
    const mail = await mailOf(result.MessageId!);
    assert.equal(mail.Source, 'news@example.com');
    assert.deepEqual(mail.Destination.ToAddresses, ['reader@example.net']);
    assert.equal(mail.Subject, 'Spring sale');
    assert.equal(mail.Body.text_part?.trim(), 'Spring');
    assert.match(mail.Body.html_part ?? '', /<p>Spring<\/p>/);
  });

  test('EmailMessage.FromAddress, ReplyToAddresses, headers and RawEmail reach SES', async () => {
    const appId = await app({ OrchestrationSendingRoleArn: seedRole });
    const out = await pinpoint().send(
      new SendMessagesCommand({
        ApplicationId: appId,
        MessageRequest: {
          Addresses: { 'a@example.net': { ChannelType: 'EMAIL' } },
          MessageConfiguration: {
            EmailMessage: {
              FromAddress: 'Offers <offers@example.com>',
              ReplyToAddresses: ['help@example.com'],
              SimpleEmail: {
                Subject: { Data: 'Offer' },
                TextPart: { Data: 'An offer' },
                Headers: [{ Name: 'X-Campaign', Value: 'spring' }],
              },
            },
          },
        },
      }),
    );
    const id = out.MessageResponse!.Result!['a@example.net'].MessageId!;
    const mail = await mailOf(id);
    assert.equal(mail.Source, 'offers@example.com');
    assert.match(mail.RawData, /^Reply-To: help@example\.com\r?$/m);
    assert.match(mail.RawData, /^X-Campaign: spring\r?$/m);

    const raw = 'From: news@example.com\r\nTo: raw@example.net\r\nSubject: Raw one\r\n\r\nRaw body\r\n';
    const rawOut = await pinpoint().send(
      new SendMessagesCommand({
        ApplicationId: appId,
        MessageRequest: {
          Addresses: { 'raw@example.net': { ChannelType: 'EMAIL' } },
          MessageConfiguration: { EmailMessage: { RawEmail: { Data: Buffer.from(raw) } } },
        },
      }),
    );
    const rawResult = rawOut.MessageResponse!.Result!['raw@example.net'];
    assert.equal(rawResult.DeliveryStatus, 'SUCCESSFUL');
    const rawMail = await mailOf(rawResult.MessageId!);
    assert.equal(rawMail.Subject, 'Raw one');
    assert.equal(rawMail.Body.text_part?.trim(), 'Raw body');
  });

  test('TitleOverride and BodyOverride tailor one address; the others get the message as written', async () => {
    const appId = await app({ OrchestrationSendingRoleArn: seedRole });
    const out = await pinpoint().send(
      new SendMessagesCommand({
        ApplicationId: appId,
        MessageRequest: {
          Addresses: {
            'plain@example.net': { ChannelType: 'EMAIL' },
            'vip@example.net': { ChannelType: 'EMAIL', TitleOverride: 'For you', BodyOverride: '<p>VIP</p>' },
          },
          MessageConfiguration: simple('For all', '<p>All</p>'),
        },
      }),
    );
    const result = out.MessageResponse!.Result!;
    const plain = await mailOf(result['plain@example.net'].MessageId!);
    const vip = await mailOf(result['vip@example.net'].MessageId!);
    assert.equal(plain.Subject, 'For all');
    assert.match(plain.Body.html_part ?? '', /<p>All<\/p>/);
    assert.equal(vip.Subject, 'For you');
    assert.match(vip.Body.html_part ?? '', /<p>VIP<\/p>/);
  });

  test('without an orchestration role the app sends with the account’s own SES', async () => {
    const appId = await app({});
    const out = await sendTo(appId, ['plain@example.net']);
    const result = out.MessageResponse!.Result!['plain@example.net'];
    assert.equal(result.DeliveryStatus, 'SUCCESSFUL');
    assert.equal((await mailOf(result.MessageId!)).Source, 'news@example.com');
  });

  test('to endpoints: EMAIL endpoints are sent to; opted-out, inactive, non-EMAIL and unknown ones are not', async () => {
    const appId = await app({ OrchestrationSendingRoleArn: seedRole });
    await pinpoint().send(
      new UpdateEndpointsBatchCommand({
        ApplicationId: appId,
        EndpointBatchRequest: {
          Item: [
            { Id: 'ok', ChannelType: 'EMAIL', Address: 'ok@example.net' },
            { Id: 'out', ChannelType: 'EMAIL', Address: 'out@example.net', OptOut: 'ALL' },
            { Id: 'asleep', ChannelType: 'EMAIL', Address: 'asleep@example.net', EndpointStatus: 'INACTIVE' },
            { Id: 'phone', ChannelType: 'SMS', Address: '+12065550100' },
            { Id: 'twin', ChannelType: 'EMAIL', Address: 'OK@example.net' },
          ],
        },
      }),
    );
    const before = (await mailbox()).length;
    const out = await pinpoint().send(
      new SendMessagesCommand({
        ApplicationId: appId,
        MessageRequest: {
          Endpoints: { ok: {}, out: {}, asleep: {}, phone: {}, missing: {}, twin: {} },
          MessageConfiguration: simple('Hi', '<p>Hi</p>'),
        },
      }),
    );
    const r = out.MessageResponse!.EndpointResult!;
    assert.equal(out.MessageResponse!.Result, undefined);
    assert.equal(r.ok.DeliveryStatus, 'SUCCESSFUL');
    assert.equal(r.ok.Address, 'ok@example.net');
    assert.deepEqual(
      { status: r.out.DeliveryStatus, code: r.out.StatusCode, address: r.out.Address },
      { status: 'OPT_OUT', code: 400, address: 'out@example.net' },
    );
    assert.equal(r.asleep.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.match(r.asleep.StatusMessage!, /inactive/);
    assert.equal(r.phone.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.match(r.phone.StatusMessage!, /SMS/);
    assert.deepEqual(
      { status: r.missing.DeliveryStatus, code: r.missing.StatusCode, message: r.missing.StatusMessage },
      { status: 'PERMANENT_FAILURE', code: 404, message: 'Resource not found' },
    );
    // The same address twice in one request: the second is a DUPLICATE and is not sent.
    assert.equal(r.twin.DeliveryStatus, 'DUPLICATE');
    assert.equal((await mailbox()).length, before + 1);
  });
});

describe('personalized messages (message variables and templates)', () => {
  test('Substitutions: the address’s win over the message’s, key by key', async () => {
    const appId = await app({ OrchestrationSendingRoleArn: seedRole });
    const out = await pinpoint().send(
      new SendMessagesCommand({
        ApplicationId: appId,
        MessageRequest: {
          Addresses: {
            'hana@example.net': { ChannelType: 'EMAIL', Substitutions: { name: ['Hana'] } },
            'guest@example.net': { ChannelType: 'EMAIL' },
          },
          MessageConfiguration: {
            EmailMessage: {
              Substitutions: { name: ['friend'], city: ['Tokyo'] },
              SimpleEmail: {
                Subject: { Data: 'Hello {{name}}' },
                HtmlPart: { Data: '<p>{{name}} in {{city}}</p>' },
                TextPart: { Data: '{{name}} in {{city}}' },
              },
            },
          },
        },
      }),
    );
    const result = out.MessageResponse!.Result!;
    const hana = await mailOf(result['hana@example.net'].MessageId!);
    const guest = await mailOf(result['guest@example.net'].MessageId!);
    assert.equal(hana.Subject, 'Hello Hana');
    assert.match(hana.Body.html_part ?? '', /<p>Hana in Tokyo<\/p>/);
    assert.equal(hana.Body.text_part?.trim(), 'Hana in Tokyo');
    assert.equal(guest.Subject, 'Hello friend');
  });

  test('an email template (active version or a named one) rendered with each endpoint’s attributes', async () => {
    const appId = await app({ OrchestrationSendingRoleArn: seedRole });
    await pinpoint().send(
      new CreateEmailTemplateCommand({
        TemplateName: 'welcome',
        EmailTemplateRequest: {
          Subject: 'Welcome {{User.UserAttributes.FirstName}}',
          HtmlPart: '<p>Hi {{User.UserAttributes.FirstName}} from {{Attributes.City}}</p>',
          DefaultSubstitutions: JSON.stringify({
            'User.UserAttributes.FirstName': 'there',
            'Attributes.City': 'home',
          }),
        },
      }),
    );
    await pinpoint().send(
      new UpdateEndpointsBatchCommand({
        ApplicationId: appId,
        EndpointBatchRequest: {
          Item: [
            {
              Id: 'ken',
              ChannelType: 'EMAIL',
              Address: 'ken@example.net',
              Attributes: { City: ['Osaka'] },
              User: { UserId: 'ken', UserAttributes: { FirstName: ['Ken'] } },
            },
            { Id: 'anon', ChannelType: 'EMAIL', Address: 'anon@example.net' },
          ],
        },
      }),
    );
    const out = await pinpoint().send(
      new SendMessagesCommand({
        ApplicationId: appId,
        MessageRequest: {
          Endpoints: { ken: {}, anon: {} },
          MessageConfiguration: { EmailMessage: {} },
          TemplateConfiguration: { EmailTemplate: { Name: 'welcome', Version: '1' } },
        },
      }),
    );
    const r = out.MessageResponse!.EndpointResult!;
    const ken = await mailOf(r.ken.MessageId!);
    assert.equal(ken.Subject, 'Welcome Ken');
    assert.match(ken.Body.html_part ?? '', /<p>Hi Ken from Osaka<\/p>/);
    const anon = await mailOf(r.anon.MessageId!);
    assert.equal(anon.Subject, 'Welcome there');
    assert.match(anon.Body.html_part ?? '', /<p>Hi there from home<\/p>/);
  });

  test('content that does not compile is a BadRequestException and nothing is sent', async () => {
    const appId = await app({ OrchestrationSendingRoleArn: seedRole });
    const before = (await mailbox()).length;
    const e = await fail(sendTo(appId, ['a@example.net', 'b@example.net'], simple('Hi {{#if}}', '<p>x</p>')));
    assert.deepEqual([e.name, e.status], ['BadRequestException', 400]);
    assert.equal((await mailbox()).length, before);
  });
});

describe('open and click tracking of Pinpoint email', () => {
  test('the HTML carries a pixel and tracked links without any configuration set; following them records SES OPEN and CLICK', async () => {
    const appId = await app({ OrchestrationSendingRoleArn: seedRole });
    const html = '<html><body><a href="https://shop.example.org/spring">Shop</a></body></html>';
    const out = await sendTo(appId, ['tracked@example.net'], simple('Tracked', html));
    const id = out.MessageResponse!.Result!['tracked@example.net'].MessageId!;
    const delivered = (await mailOf(id)).Body.html_part ?? '';
    const link = /<a href="([^"]*\/_pinpost\/t\/c\/[^"]+)"/.exec(delivered)?.[1];
    const pixel = /<img src="([^"]*\/_pinpost\/t\/o\/[^"]+)"/.exec(delivered)?.[1];
    assert.ok(link, `a tracked link in ${delivered}`);
    assert.ok(pixel, `an open pixel in ${delivered}`);
    assert.doesNotMatch(delivered, /shop\.example\.org/);

    const onServer = (url: string) => fetch(`${server.url}${new URL(url).pathname}`, { redirect: 'manual' });
    const click = await onServer(link);
    assert.equal(click.status, 302);
    assert.equal(click.headers.get('location'), 'https://shop.example.org/spring');
    assert.equal((await onServer(pixel)).status, 200);

    const res = await fetch(`${server.url}/_pinpost/mailbox/${encodeURIComponent(id)}`);
    const events = (
      (await res.json()) as { events: { eventType: string; detail: Record<string, unknown> }[] }
    ).events;
    const types = events.map((e) => e.eventType);
    assert.ok(types.includes('OPEN'), types.join());
    assert.ok(types.includes('CLICK'), types.join());
    const clicked = events.find((e) => e.eventType === 'CLICK')!.detail['click'] as { link: string };
    assert.equal(clicked.link, 'https://shop.example.org/spring');
  });
});

describe('what must fail sends nothing and says why', () => {
  /** Sends to one address; asserts nothing reached the mailbox; returns its result. */
  async function refused(appId: string, fromAddress?: string) {
    const before = (await mailbox()).length;
    const out = await pinpoint().send(
      new SendMessagesCommand({
        ApplicationId: appId,
        MessageRequest: {
          Addresses: { 'reader@example.net': { ChannelType: 'EMAIL' } },
          MessageConfiguration: {
            EmailMessage: {
              FromAddress: fromAddress,
              SimpleEmail: { Subject: { Data: 'No' }, TextPart: { Data: 'No' } },
            },
          },
        },
      }),
    );
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.equal((await mailbox()).length, before, 'nothing sent');
    const result = out.MessageResponse!.Result!['reader@example.net'];
    assert.equal(result.MessageId, undefined);
    return result;
  }

  test('a trust policy whose aws:SourceAccount is another account: STS refuses pinpoint.amazonaws.com', async () => {
    const arn = await role(
      'OtherAccountTrust',
      seedTrustPolicy(OTHER_ACCOUNT),
      seedPermissionsPolicy(ACCOUNT),
    );
    const r = await refused(await app({ OrchestrationSendingRoleArn: arn }));
    assert.equal(r.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.equal(r.StatusCode, 403);
    assert.match(
      r.StatusMessage!,
      new RegExp(
        `^User: pinpoint\\.amazonaws\\.com is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
      ),
    );
  });

  test('a role that does not exist is refused the same way', async () => {
    const r = await refused(await app({ OrchestrationSendingRoleArn: roleArn('NoSuchRole') }));
    assert.equal(r.StatusCode, 403);
    assert.match(r.StatusMessage!, /sts:AssumeRole on resource: arn:aws:iam::000000000000:role\/NoSuchRole/);
  });

  test('a permissions policy without ses:SendEmail: SES’s AccessDenied names the role session', async () => {
    const only = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'ses:SendRawEmail',
          Resource: [`arn:aws:ses:us-east-1:${ACCOUNT}:identity/*`],
        },
      ],
    });
    const arn = await role('RawOnly', seedTrustPolicy(ACCOUNT), only);
    const appId = await app({ OrchestrationSendingRoleArn: arn });
    const r = await refused(appId);
    assert.equal(r.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.equal(r.StatusCode, 403);
    assert.match(
      r.StatusMessage!,
      new RegExp(
        `^User: arn:aws:sts::${ACCOUNT}:assumed-role/RawOnly/pinpoint-${appId} is not authorized to perform: ses:SendEmail on resource: ${IDENTITY}`,
      ),
    );
  });

  test('a channel identity outside the resources the role allows', async () => {
    const narrow = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['ses:SendEmail', 'ses:SendRawEmail'],
          Resource: [`arn:aws:ses:us-east-1:${ACCOUNT}:identity/allowed.example.com`],
        },
      ],
    });
    const arn = await role('NarrowSender', seedTrustPolicy(ACCOUNT), narrow);
    const r = await refused(await app({ OrchestrationSendingRoleArn: arn }));
    assert.equal(r.StatusCode, 403);
    assert.match(r.StatusMessage!, new RegExp(`ses:SendEmail on resource: ${IDENTITY}`));
  });

  test('an identity SES no longer has verified: MessageRejected, as SES words it', async () => {
    await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'gone.example.org' }));
    const appId = await app({
      OrchestrationSendingRoleArn: seedRole,
      FromAddress: 'news@gone.example.org',
      Identity: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/gone.example.org`,
    });
    await server.sesv2().send(new DeleteEmailIdentityCommand({ EmailIdentity: 'gone.example.org' }));
    const r = await refused(appId);
    assert.equal(r.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.equal(r.StatusCode, 400);
    assert.equal(
      r.StatusMessage,
      'Email address is not verified. The following identities failed the check in region US-EAST-1: news@gone.example.org',
    );
  });

  test('a From address the account has not verified', async () => {
    const r = await refused(
      await app({ OrchestrationSendingRoleArn: seedRole }),
      'someone@unverified.example',
    );
    assert.equal(r.StatusCode, 400);
    assert.match(r.StatusMessage!, /not verified.*someone@unverified\.example/);
  });

  test('an app without an email channel, or with a disabled one', async () => {
    const none = await refused(await app(undefined));
    assert.equal(none.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.match(none.StatusMessage!, /email channel .* is not set up/);
    const disabled = await refused(await app({ OrchestrationSendingRoleArn: seedRole, Enabled: false }));
    assert.equal(disabled.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.match(disabled.StatusMessage!, /email channel .* is disabled/);
  });
});

describe('SendUsersMessages', () => {
  test("sends to each user's endpoints; a user without endpoints has an empty result", async () => {
    const appId = await app({ OrchestrationSendingRoleArn: seedRole });
    await pinpoint().send(
      new UpdateEndpointsBatchCommand({
        ApplicationId: appId,
        EndpointBatchRequest: {
          Item: [
            { Id: 'work', ChannelType: 'EMAIL', Address: 'hana@work.example', User: { UserId: 'hana' } },
            { Id: 'home', ChannelType: 'EMAIL', Address: 'hana@home.example', User: { UserId: 'hana' } },
            { Id: 'ken', ChannelType: 'EMAIL', Address: 'ken.other@example.net', User: { UserId: 'ken' } },
          ],
        },
      }),
    );
    const out = await pinpoint().send(
      new SendUsersMessagesCommand({
        ApplicationId: appId,
        SendUsersMessageRequest: {
          Users: { hana: {}, nobody: {} },
          MessageConfiguration: simple('For Hana', '<p>Hana</p>'),
        },
      }),
    );
    assert.equal(out.$metadata.httpStatusCode, 200);
    const response = out.SendUsersMessageResponse!;
    assert.equal(response.ApplicationId, appId);
    assert.ok(response.RequestId);
    assert.deepEqual(Object.keys(response.Result!).sort(), ['hana', 'nobody']);
    assert.deepEqual(response.Result!['nobody'], {});
    const hana = response.Result!['hana'];
    assert.deepEqual(Object.keys(hana).sort(), ['home', 'work']);
    for (const [id, address] of [
      ['work', 'hana@work.example'],
      ['home', 'hana@home.example'],
    ]) {
      assert.equal(hana[id].DeliveryStatus, 'SUCCESSFUL');
      assert.equal(hana[id].Address, address);
      const mail = await mailOf(hana[id].MessageId!);
      assert.deepEqual(mail.Destination.ToAddresses, [address]);
      assert.equal(mail.Subject, 'For Hana');
    }
    assert.equal(
      (await mailbox('?email=news@example.com')).filter(
        (m) => m.Destination.ToAddresses[0] === 'ken.other@example.net',
      ).length,
      0,
    );
  });

  test('more than 100 users, or no Users, is a BadRequestException', async () => {
    const appId = await app({ OrchestrationSendingRoleArn: seedRole });
    const users = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`u${i}`, {}]));
    const many = await fail(
      pinpoint().send(
        new SendUsersMessagesCommand({
          ApplicationId: appId,
          SendUsersMessageRequest: { Users: users, MessageConfiguration: simple('x', 'x') },
        }),
      ),
    );
    assert.deepEqual([many.name, many.status], ['BadRequestException', 400]);
    assert.match(many.message, /maximum of 100 users/);
    const none = await fail(
      pinpoint().send(
        new SendUsersMessagesCommand({
          ApplicationId: appId,
          SendUsersMessageRequest: { MessageConfiguration: simple('x', 'x') } as never,
        }),
      ),
    );
    assert.deepEqual([none.name, none.message], ['BadRequestException', 'Missing Users']);
  });
});

describe('bad input is refused whole, and nothing is sent', () => {
  let appId: string;
  before(async () => {
    appId = await app({ OrchestrationSendingRoleArn: seedRole });
  });

  const send = (request: MessageRequest, id = appId) =>
    pinpoint().send(new SendMessagesCommand({ ApplicationId: id, MessageRequest: request }));

  test('each case answers AWS’s error and leaves the mailbox as it was', async () => {
    const before = (await mailbox()).length;
    const to = { 'reader@example.net': { ChannelType: 'EMAIL' as const } };
    // Thunks: each call starts when its turn comes, so no rejection waits unhandled meanwhile.
    const cases: [string, () => Promise<unknown>, string, number, RegExp | string][] = [
      [
        'no MessageConfiguration',
        () => send({ Addresses: to } as unknown as MessageRequest),
        'BadRequestException',
        400,
        'Missing MessageConfiguration',
      ],
      [
        'no content for any channel',
        () => send({ Addresses: to, MessageConfiguration: {} }),
        'BadRequestException',
        400,
        /EmailMessage/,
      ],
      [
        '101 recipients',
        () =>
          send({
            Addresses: Object.fromEntries(
              Array.from({ length: 101 }, (_, i) => [`r${i}@example.net`, { ChannelType: 'EMAIL' }]),
            ),
            MessageConfiguration: simple('x', 'x'),
          }),
        'BadRequestException',
        400,
        /maximum of 100 recipients/,
      ],
      [
        'Substitutions that are not lists',
        () =>
          send({
            Addresses: {
              'reader@example.net': {
                ChannelType: 'EMAIL',
                Substitutions: { name: 'Hana' as unknown as string[] },
              },
            },
            MessageConfiguration: simple('x', 'x'),
          }),
        'BadRequestException',
        400,
        /Substitutions/,
      ],
      [
        'a template that does not exist',
        () =>
          send({
            Addresses: to,
            MessageConfiguration: {},
            TemplateConfiguration: { EmailTemplate: { Name: 'nope' } },
          }),
        'NotFoundException',
        404,
        'Resource not found',
      ],
      [
        'an app that does not exist',
        () =>
          send({ Addresses: to, MessageConfiguration: simple('x', 'x') }, '0123456789abcdef0123456789abcdef'),
        'NotFoundException',
        404,
        'Application not found',
      ],
    ];
    for (const [label, call, name, status, message] of cases) {
      const e = await fail(call());
      assert.equal(e.name, name, label);
      assert.equal(e.status, status, label);
      if (typeof message === 'string') assert.equal(e.message, message, label);
      else assert.match(e.message, message, label);
    }
    assert.equal((await mailbox()).length, before);
  });

  test('an address without ChannelType, or of another channel, is answered per address and not sent', async () => {
    const out = await send({
      Addresses: {
        'a@example.net': {},
        '+12065550100': { ChannelType: 'SMS' },
        'b@example.net': { ChannelType: 'EMAIL' },
      },
      MessageConfiguration: simple('x', 'x'),
    });
    const r = out.MessageResponse!.Result!;
    assert.equal(r['a@example.net'].DeliveryStatus, 'PERMANENT_FAILURE');
    assert.match(r['a@example.net'].StatusMessage!, /ChannelType is required/);
    assert.equal(r['+12065550100'].DeliveryStatus, 'PERMANENT_FAILURE');
    assert.equal(r['b@example.net'].DeliveryStatus, 'SUCCESSFUL');
    // Content for other channels only: an email address is answered per address, not sent.
    const smsOnly = await send({
      Addresses: { 'c@example.net': { ChannelType: 'EMAIL' } },
      MessageConfiguration: { SMSMessage: { Body: 'hi' } },
    });
    const [only] = Object.values(smsOnly.MessageResponse!.Result!);
    assert.equal(only.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.match(only.StatusMessage!, /no content for the EMAIL channel/);
  });
});

describe('IAM', () => {
  async function user(name: string, statements?: object[]): Promise<Credentials> {
    const iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: name }));
    if (statements) {
      await iam.send(
        new PutUserPolicyCommand({
          UserName: name,
          PolicyName: 'p',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
        }),
      );
    }
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  }

  test('a user without policies is denied SendMessages and SendUsersMessages on apps/<id>/messages; nothing is sent', async () => {
    const appId = await app({ OrchestrationSendingRoleArn: seedRole });
    const creds = await user('nobody');
    const before = (await mailbox()).length;
    const denied = await fail(
      pinpoint(creds).send(
        new SendMessagesCommand({
          ApplicationId: appId,
          MessageRequest: {
            Addresses: { 'reader@example.net': { ChannelType: 'EMAIL' } },
            MessageConfiguration: simple('x', 'x'),
          },
        }),
      ),
    );
    assert.equal(denied.status, 403);
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(
      denied.message,
      new RegExp(
        `^User: arn:aws:iam::${ACCOUNT}:user/nobody is not authorized to perform: mobiletargeting:SendMessages on resource: arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${appId}/messages`,
      ),
    );
    const users = await fail(
      pinpoint(creds).send(
        new SendUsersMessagesCommand({
          ApplicationId: appId,
          SendUsersMessageRequest: { Users: { hana: {} }, MessageConfiguration: simple('x', 'x') },
        }),
      ),
    );
    assert.match(users.message, /mobiletargeting:SendUsersMessages on resource: .*\/messages/);
    assert.equal((await mailbox()).length, before);
  });

  test('a user allowed SendMessages on the app’s messages resource may send', async () => {
    const appId = await app({ OrchestrationSendingRoleArn: seedRole });
    const creds = await user('sender', [
      {
        Effect: 'Allow',
        Action: 'mobiletargeting:SendMessages',
        Resource: `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${appId}/messages`,
      },
    ]);
    const out = await pinpoint(creds).send(
      new SendMessagesCommand({
        ApplicationId: appId,
        MessageRequest: {
          Addresses: { 'reader@example.net': { ChannelType: 'EMAIL' } },
          MessageConfiguration: simple('x', 'x'),
        },
      }),
    );
    assert.equal(out.MessageResponse!.Result!['reader@example.net'].DeliveryStatus, 'SUCCESSFUL');
  });
});
