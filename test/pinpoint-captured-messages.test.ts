/**
 * Messages to non-email channels through @aws-sdk/client-pinpoint: SendMessages and
 * SendUsersMessages to SMS, voice and push recipients answer as AWS does for an accepted message
 * (MessageResult: DeliveryStatus SUCCESSFUL, StatusCode 200, StatusMessage "MessageId: <id>";
 * apireference/apps-application-id-messages.html) and the message is captured, readable at
 * `GET /_pinpost/messages?channel=` and cleared by `DELETE /_pinpost/messages`.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAppCommand,
  CreateSmsTemplateCommand,
  SendMessagesCommand,
  SendUsersMessagesCommand,
  UpdateEndpointCommand,
  UpdateGcmChannelCommand,
  UpdateSmsChannelCommand,
  UpdateVoiceChannelCommand,
  type PinpointClient,
} from '@aws-sdk/client-pinpoint';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { signedHeaders } from './edge-fixtures.js';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

interface Captured {
  messageId: string;
  appId: string;
  channel: string;
  destination: string;
  endpointId?: string;
  title?: string;
  body: string;
  detail: Record<string, unknown>;
  capturedAt: string;
}

let server: TestServer;
let pp: PinpointClient;
before(async () => {
  server = await startTestServer();
  pp = server.pinpoint();
});
after(async () => {
  await server.close();
});
beforeEach(async () => {
  assert.equal((await fetch(`${server.url}/_pinpost/messages`, { method: 'DELETE' })).status, 204);
});

const captured = async (query = ''): Promise<Captured[]> => {
  const res = await fetch(`${server.url}/_pinpost/messages${query}`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { messages: Captured[] }).messages;
};

const appWith = async (...channels: ('SMS' | 'VOICE' | 'GCM')[]) => {
  const appId = (await pp.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'capture' } })))
    .ApplicationResponse!.Id!;
  if (channels.includes('SMS'))
    await pp.send(
      new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { Enabled: true } }),
    );
  if (channels.includes('VOICE'))
    await pp.send(
      new UpdateVoiceChannelCommand({ ApplicationId: appId, VoiceChannelRequest: { Enabled: true } }),
    );
  if (channels.includes('GCM'))
    await pp.send(new UpdateGcmChannelCommand({ ApplicationId: appId, GCMChannelRequest: { ApiKey: 'k' } }));
  return appId;
};

describe('SendMessages to non-email addresses', () => {
  test('an SMS is captured with its rendered body; the result is SUCCESSFUL 200 with the MessageId', async () => {
    const appId = await appWith('SMS');
    const out = await pp.send(
      new SendMessagesCommand({
        ApplicationId: appId,
        MessageRequest: {
          Addresses: { '+15555550100': { ChannelType: 'SMS', Substitutions: { name: ['Ann'] } } },
          MessageConfiguration: {
            SMSMessage: {
              Body: 'Hi {{name}}',
              MessageType: 'TRANSACTIONAL',
              OriginationNumber: '+15555550199',
            },
          },
        },
      }),
    );
    const result = out.MessageResponse!.Result!['+15555550100'];
    assert.equal(result.DeliveryStatus, 'SUCCESSFUL');
    assert.equal(result.StatusCode, 200);
    assert.ok(result.MessageId);
    assert.equal(result.StatusMessage, `MessageId: ${result.MessageId}`);

    const [m, ...rest] = await captured('?channel=SMS');
    assert.equal(rest.length, 0);
    assert.equal(m.messageId, result.MessageId);
    assert.equal(m.appId, appId);
    assert.equal(m.channel, 'SMS');
    assert.equal(m.destination, '+15555550100');
    assert.equal(m.body, 'Hi Ann');
    assert.equal(m.detail.MessageType, 'TRANSACTIONAL');
    assert.equal(m.detail.OriginationNumber, '+15555550199');
    assert.ok(!Number.isNaN(Date.parse(m.capturedAt)));
    assert.deepEqual(await captured('?channel=GCM'), []);
  });

  test('an SMS template and a voice message; DefaultMessage fills a channel with no message of its own', async () => {
    const appId = await appWith('SMS', 'VOICE');
    await pp.send(
      new CreateSmsTemplateCommand({
        TemplateName: 'capture-sms',
        SMSTemplateRequest: { Body: 'Code {{code}}', DefaultSubstitutions: '{"code":"0000"}' },
      }),
    );
    await pp.send(
      new SendMessagesCommand({
        ApplicationId: appId,
        MessageRequest: {
          Addresses: {
            '+15555550101': { ChannelType: 'SMS' },
            '+15555550102': { ChannelType: 'VOICE' },
          },
          MessageConfiguration: { DefaultMessage: { Body: 'default body' } },
          TemplateConfiguration: { SMSTemplate: { Name: 'capture-sms' } },
        },
      }),
    );
    const sms = await captured('?channel=SMS');
    assert.deepEqual(
      sms.map((m) => [m.destination, m.body]),
      [['+15555550101', 'Code 0000']],
    );
    const voice = await captured('?channel=voice');
    assert.deepEqual(
      voice.map((m) => [m.destination, m.body]),
      [['+15555550102', 'default body']],
    );
  });

  test('a channel not enabled is PERMANENT_FAILURE and nothing is captured; email recipients still go the email way', async () => {
    const appId = await appWith();
    const out = await pp.send(
      new SendMessagesCommand({
        ApplicationId: appId,
        MessageRequest: {
          Addresses: { '+15555550103': { ChannelType: 'SMS' } },
          MessageConfiguration: { SMSMessage: { Body: 'nope' } },
        },
      }),
    );
    const r = out.MessageResponse!.Result!['+15555550103'];
    assert.equal(r.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.equal(r.StatusCode, 400);
    assert.deepEqual(await captured(), []);
  });

  test('a missing SMS template is NotFoundException and nothing is captured', async () => {
    const appId = await appWith('SMS');
    const e = await fail(
      pp.send(
        new SendMessagesCommand({
          ApplicationId: appId,
          MessageRequest: {
            Addresses: { '+15555550104': { ChannelType: 'SMS' } },
            MessageConfiguration: {},
            TemplateConfiguration: { SMSTemplate: { Name: 'no-such-template' } },
          },
        }),
      ),
    );
    assert.deepEqual(e, { name: 'NotFoundException', message: 'Resource not found', status: 404 });
    assert.deepEqual(await captured(), []);
  });

  test('a user without mobiletargeting:SendMessages is denied and nothing is captured', async () => {
    const appId = await appWith('SMS');
    const iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: 'texter' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'texter' }))).AccessKey!;
    const user = server.pinpoint({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const e = await fail(
      user.send(
        new SendMessagesCommand({
          ApplicationId: appId,
          MessageRequest: {
            Addresses: { '+15555550105': { ChannelType: 'SMS' } },
            MessageConfiguration: { SMSMessage: { Body: 'x' } },
          },
        }),
      ),
    );
    assert.equal(e.name, 'AccessDeniedException');
    assert.deepEqual(await captured(), []);
  });
});

describe('SendUsersMessages to push and SMS endpoints', () => {
  test("each of a user's endpoints gets its channel's message; TitleOverride wins; an opted-out endpoint is OPT_OUT", async () => {
    const appId = await appWith('SMS', 'GCM');
    const endpoint = (id: string, ChannelType: 'GCM' | 'SMS', Address: string, OptOut = 'NONE') =>
      pp.send(
        new UpdateEndpointCommand({
          ApplicationId: appId,
          EndpointId: id,
          EndpointRequest: { ChannelType, Address, OptOut, User: { UserId: 'u1' } },
        }),
      );
    await endpoint('phone', 'GCM', 'fcm-token-1');
    await endpoint('sms', 'SMS', '+15555550106');
    await endpoint('sms-out', 'SMS', '+15555550107', 'ALL');
    const out = await pp.send(
      new SendUsersMessagesCommand({
        ApplicationId: appId,
        SendUsersMessageRequest: {
          Users: { u1: { TitleOverride: 'Hello!' } },
          MessageConfiguration: {
            GCMMessage: { Title: 'Title', Body: 'Push body', Action: 'OPEN_APP' },
            SMSMessage: { Body: 'Text body' },
          },
        },
      }),
    );
    const result = out.SendUsersMessageResponse!.Result!.u1;
    assert.equal(result.phone.DeliveryStatus, 'SUCCESSFUL');
    assert.equal(result.phone.Address, 'fcm-token-1');
    assert.equal(result.sms.DeliveryStatus, 'SUCCESSFUL');
    assert.equal(result['sms-out'].DeliveryStatus, 'OPT_OUT');
    const [push] = await captured('?channel=GCM');
    assert.equal(push.title, 'Hello!');
    assert.equal(push.body, 'Push body');
    assert.equal(push.endpointId, 'phone');
    assert.equal(push.detail.Action, 'OPEN_APP');
    assert.deepEqual(
      (await captured(`?channel=SMS&app=${appId}`)).map((m) => m.destination),
      ['+15555550106'],
    );
    assert.deepEqual(await captured('?destination=%2B15555550107'), []);
  });
});

describe('/_pinpost/messages beyond loopback (listening on 0.0.0.0), guarded as the mailbox', () => {
  let remote: TestServer;
  let base: string;
  let reader: { accessKeyId: string; secretAccessKey: string };
  before(async () => {
    remote = await startTestServer({ host: '0.0.0.0' });
    base = `http://127.0.0.1:${remote.server.port}`;
    const client = remote.pinpoint();
    const appId = (await client.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'edge' } })))
      .ApplicationResponse!.Id!;
    await client.send(
      new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { Enabled: true } }),
    );
    await client.send(
      new SendMessagesCommand({
        ApplicationId: appId,
        MessageRequest: {
          Addresses: { '+15555550110': { ChannelType: 'SMS' } },
          MessageConfiguration: { SMSMessage: { Body: 'edge' } },
        },
      }),
    );
    const iam = remote.iam();
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'reader',
        PolicyName: 'read',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'pinpost:ReadMailbox', Resource: '*' }],
        }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
    reader = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  });
  after(() => remote.close());

  test('unsigned is 403; pinpost:ReadMailbox reads its own account; DELETE needs pinpost:DeleteMailbox', async () => {
    const url = `${base}/_pinpost/messages?channel=SMS`;
    assert.equal((await fetch(url)).status, 403);
    const res = await fetch(url, { headers: await signedHeaders(url, {}, reader) });
    assert.equal(res.status, 200);
    assert.deepEqual(
      ((await res.json()) as { messages: Captured[] }).messages.map((m) => m.body),
      ['edge'],
    );
    const other = `${base}/_pinpost/messages?account=111111111111`;
    const none = await fetch(other, { headers: await signedHeaders(other, {}, reader) });
    assert.deepEqual(((await none.json()) as { messages: Captured[] }).messages, []);
    const del = await fetch(url, {
      method: 'DELETE',
      headers: await signedHeaders(url, { method: 'DELETE' }, reader),
    });
    assert.equal(del.status, 403);
    assert.equal(del.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    const rootDelete = await fetch(url, {
      method: 'DELETE',
      headers: await signedHeaders(url, { method: 'DELETE' }),
    });
    assert.equal(rootDelete.status, 204);
    const after = await fetch(url, { headers: await signedHeaders(url, {}, reader) });
    assert.deepEqual(((await after.json()) as { messages: Captured[] }).messages, []);
  });
});
