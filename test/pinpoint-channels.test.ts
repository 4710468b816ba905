/**
 * The non-email channels through @aws-sdk/client-pinpoint (apireference/
 * apps-application-id-channels-<type>.html): Update/Get/Delete for SMS, voice, APNs (and its
 * sandbox and VoIP variants), GCM, Baidu and ADM with the members AWS answers and never a secret,
 * Version growing per update, "Missing credentials" for a push channel without them, GetChannels
 * keyed by ChannelType, and AccessDenied for a user without mobiletargeting permissions.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAppCommand,
  DeleteAdmChannelCommand,
  DeleteApnsVoipSandboxChannelCommand,
  DeleteGcmChannelCommand,
  DeleteSmsChannelCommand,
  GetAdmChannelCommand,
  GetApnsChannelCommand,
  GetApnsSandboxChannelCommand,
  GetApnsVoipChannelCommand,
  GetApnsVoipSandboxChannelCommand,
  GetBaiduChannelCommand,
  GetChannelsCommand,
  GetGcmChannelCommand,
  GetSmsChannelCommand,
  GetVoiceChannelCommand,
  UpdateAdmChannelCommand,
  UpdateApnsChannelCommand,
  UpdateApnsSandboxChannelCommand,
  UpdateApnsVoipChannelCommand,
  UpdateApnsVoipSandboxChannelCommand,
  UpdateBaiduChannelCommand,
  UpdateGcmChannelCommand,
  UpdateSmsChannelCommand,
  UpdateVoiceChannelCommand,
  DeleteVoiceChannelCommand,
  DeleteBaiduChannelCommand,
  type PinpointClient,
} from '@aws-sdk/client-pinpoint';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

const SECRETS = [
  'Certificate',
  'PrivateKey',
  'TokenKey',
  'ApiKey',
  'ServiceJson',
  'SecretKey',
  'ClientSecret',
  'Credential',
];

let server: TestServer;
let pp: PinpointClient;
before(async () => {
  server = await startTestServer();
  pp = server.pinpoint();
});
after(async () => {
  await server.close();
});

const newApp = async () =>
  (await pp.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'channels' } })))
    .ApplicationResponse!.Id!;

const noSecrets = (response: object) => {
  for (const k of SECRETS) assert.equal(k in response, false, `${k} must not be returned`);
};

describe('SMS and voice channels', () => {
  test('UpdateSmsChannel stores SenderId/ShortCode, answers AWS rates, Version grows; Delete then Get is NotFoundException', async () => {
    const appId = await newApp();
    const first = (
      await pp.send(
        new UpdateSmsChannelCommand({
          ApplicationId: appId,
          SMSChannelRequest: { Enabled: true, SenderId: 'PINPOST', ShortCode: '12345' },
        }),
      )
    ).SMSChannelResponse!;
    assert.equal(first.Platform, 'SMS');
    assert.equal(first.Id, 'sms');
    assert.equal(first.ApplicationId, appId);
    assert.equal(first.Enabled, true);
    assert.equal(first.IsArchived, false);
    assert.equal(first.Version, 1);
    assert.equal(first.SenderId, 'PINPOST');
    assert.equal(first.ShortCode, '12345');
    assert.equal(first.PromotionalMessagesPerSecond, 20);
    assert.equal(first.TransactionalMessagesPerSecond, 20);
    assert.ok(first.CreationDate && !Number.isNaN(Date.parse(first.CreationDate)));

    const second = (
      await pp.send(
        new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { Enabled: false } }),
      )
    ).SMSChannelResponse!;
    assert.equal(second.Version, 2);
    assert.equal(second.Enabled, false);
    assert.equal(second.SenderId, undefined);
    assert.equal(second.CreationDate, first.CreationDate);

    const got = (await pp.send(new GetSmsChannelCommand({ ApplicationId: appId }))).SMSChannelResponse!;
    assert.deepEqual(got, second);

    const deleted = (await pp.send(new DeleteSmsChannelCommand({ ApplicationId: appId })))
      .SMSChannelResponse!;
    assert.equal(deleted.Version, 2);
    assert.deepEqual(await fail(pp.send(new GetSmsChannelCommand({ ApplicationId: appId }))), {
      name: 'NotFoundException',
      message: 'Resource not found',
      status: 404,
    });
    assert.equal(
      (await fail(pp.send(new DeleteSmsChannelCommand({ ApplicationId: appId })))).name,
      'NotFoundException',
    );
  });

  test('the voice channel: Update, Get, Delete', async () => {
    const appId = await newApp();
    const v = (
      await pp.send(new UpdateVoiceChannelCommand({ ApplicationId: appId, VoiceChannelRequest: {} }))
    ).VoiceChannelResponse!;
    assert.equal(v.Platform, 'VOICE');
    assert.equal(v.Id, 'voice');
    assert.equal(v.Enabled, true);
    assert.equal(v.Version, 1);
    assert.equal(
      (await pp.send(new GetVoiceChannelCommand({ ApplicationId: appId }))).VoiceChannelResponse!.Version,
      1,
    );
    await pp.send(new DeleteVoiceChannelCommand({ ApplicationId: appId }));
    assert.equal(
      (await fail(pp.send(new GetVoiceChannelCommand({ ApplicationId: appId })))).name,
      'NotFoundException',
    );
  });

  test('a channel of a missing app is NotFoundException "Application not found", and nothing is stored', async () => {
    const e = await fail(
      pp.send(
        new UpdateSmsChannelCommand({ ApplicationId: 'f'.repeat(32), SMSChannelRequest: { Enabled: true } }),
      ),
    );
    assert.deepEqual(e, { name: 'NotFoundException', message: 'Application not found', status: 404 });
  });
});

describe('push channels', () => {
  test('the four APNs channels: certificate or token key, DefaultAuthenticationMethod, HasTokenKey, no secrets back', async () => {
    const appId = await newApp();
    const cert = { Certificate: '-----BEGIN CERTIFICATE-----x', PrivateKey: '-----BEGIN PRIVATE KEY-----y' };
    const token = { TokenKey: 'p8-key', TokenKeyId: 'ABC123', TeamId: 'TEAM', BundleId: 'com.example.app' };
    const apns = (
      await pp.send(
        new UpdateApnsChannelCommand({
          ApplicationId: appId,
          APNSChannelRequest: { ...cert, Enabled: true },
        }),
      )
    ).APNSChannelResponse!;
    assert.equal(apns.Platform, 'APNS');
    assert.equal(apns.Id, 'apns');
    assert.equal(apns.DefaultAuthenticationMethod, 'CERTIFICATE');
    assert.equal(apns.HasCredential, true);
    assert.equal(apns.HasTokenKey, false);
    noSecrets(apns);

    const sandbox = (
      await pp.send(
        new UpdateApnsSandboxChannelCommand({ ApplicationId: appId, APNSSandboxChannelRequest: token }),
      )
    ).APNSSandboxChannelResponse!;
    assert.equal(sandbox.Platform, 'APNS_SANDBOX');
    assert.equal(sandbox.Id, 'apns_sandbox');
    assert.equal(sandbox.DefaultAuthenticationMethod, 'TOKEN');
    assert.equal(sandbox.HasTokenKey, true);
    noSecrets(sandbox);

    const voip = (
      await pp.send(
        new UpdateApnsVoipChannelCommand({
          ApplicationId: appId,
          APNSVoipChannelRequest: { ...cert, ...token, DefaultAuthenticationMethod: 'TOKEN' },
        }),
      )
    ).APNSVoipChannelResponse!;
    assert.equal(voip.Platform, 'APNS_VOIP');
    assert.equal(voip.DefaultAuthenticationMethod, 'TOKEN');
    assert.equal(voip.HasTokenKey, true);

    await pp.send(
      new UpdateApnsVoipSandboxChannelCommand({ ApplicationId: appId, APNSVoipSandboxChannelRequest: cert }),
    );
    const got = (await pp.send(new GetApnsVoipSandboxChannelCommand({ ApplicationId: appId })))
      .APNSVoipSandboxChannelResponse!;
    assert.equal(got.Platform, 'APNS_VOIP_SANDBOX');
    assert.equal(got.Id, 'apns_voip_sandbox');
    noSecrets(got);
    assert.equal(
      (await pp.send(new GetApnsChannelCommand({ ApplicationId: appId }))).APNSChannelResponse!.Version,
      1,
    );
    assert.equal(
      (await pp.send(new GetApnsSandboxChannelCommand({ ApplicationId: appId }))).APNSSandboxChannelResponse!
        .Platform,
      'APNS_SANDBOX',
    );
    assert.equal(
      (await pp.send(new GetApnsVoipChannelCommand({ ApplicationId: appId }))).APNSVoipChannelResponse!
        .Platform,
      'APNS_VOIP',
    );
    await pp.send(new DeleteApnsVoipSandboxChannelCommand({ ApplicationId: appId }));
    assert.equal(
      (await fail(pp.send(new GetApnsVoipSandboxChannelCommand({ ApplicationId: appId })))).message,
      'Resource not found',
    );
  });

  test('an APNs channel without a certificate or token key is "Missing credentials" and is not stored', async () => {
    const appId = await newApp();
    const e = await fail(
      pp.send(
        new UpdateApnsSandboxChannelCommand({
          ApplicationId: appId,
          APNSSandboxChannelRequest: { Enabled: true },
        }),
      ),
    );
    assert.deepEqual(e, { name: 'BadRequestException', message: 'Missing credentials', status: 400 });
    assert.equal(
      (await fail(pp.send(new GetApnsSandboxChannelCommand({ ApplicationId: appId })))).name,
      'NotFoundException',
    );
  });

  test('GCM: ApiKey (KEY) or ServiceJson (TOKEN, HasFcmServiceCredentials); neither is refused; an existing channel stays as it was', async () => {
    const appId = await newApp();
    const key = (
      await pp.send(new UpdateGcmChannelCommand({ ApplicationId: appId, GCMChannelRequest: { ApiKey: 'k' } }))
    ).GCMChannelResponse!;
    assert.equal(key.Platform, 'GCM');
    assert.equal(key.Id, 'gcm');
    assert.equal(key.DefaultAuthenticationMethod, 'KEY');
    assert.equal(key.HasCredential, true);
    assert.equal(key.HasFcmServiceCredentials, false);
    noSecrets(key);
    const json = (
      await pp.send(
        new UpdateGcmChannelCommand({ ApplicationId: appId, GCMChannelRequest: { ServiceJson: '{"a":1}' } }),
      )
    ).GCMChannelResponse!;
    assert.equal(json.DefaultAuthenticationMethod, 'TOKEN');
    assert.equal(json.HasFcmServiceCredentials, true);
    assert.equal(json.Version, 2);

    const e = await fail(
      pp.send(new UpdateGcmChannelCommand({ ApplicationId: appId, GCMChannelRequest: { Enabled: false } })),
    );
    assert.deepEqual(e, { name: 'BadRequestException', message: 'Missing credentials', status: 400 });
    const kept = (await pp.send(new GetGcmChannelCommand({ ApplicationId: appId }))).GCMChannelResponse!;
    assert.equal(kept.Version, 2);
    assert.equal(kept.Enabled, true);
    await pp.send(new DeleteGcmChannelCommand({ ApplicationId: appId }));
    assert.equal(
      (await fail(pp.send(new GetGcmChannelCommand({ ApplicationId: appId })))).name,
      'NotFoundException',
    );
  });

  test('Baidu needs ApiKey and SecretKey, ADM ClientId and ClientSecret', async () => {
    const appId = await newApp();
    assert.equal(
      (
        await fail(
          pp.send(
            new UpdateBaiduChannelCommand({
              ApplicationId: appId,
              BaiduChannelRequest: { ApiKey: 'a', SecretKey: '' },
            }),
          ),
        )
      ).message,
      'Missing credentials',
    );
    const baidu = (
      await pp.send(
        new UpdateBaiduChannelCommand({
          ApplicationId: appId,
          BaiduChannelRequest: { ApiKey: 'a', SecretKey: 's' },
        }),
      )
    ).BaiduChannelResponse!;
    assert.equal(baidu.Platform, 'BAIDU');
    assert.equal(baidu.Id, 'baidu');
    assert.equal(baidu.HasCredential, true);
    noSecrets(baidu);
    assert.equal(
      (await pp.send(new GetBaiduChannelCommand({ ApplicationId: appId }))).BaiduChannelResponse!.Version,
      1,
    );
    await pp.send(new DeleteBaiduChannelCommand({ ApplicationId: appId }));
    assert.equal(
      (await fail(pp.send(new GetBaiduChannelCommand({ ApplicationId: appId })))).name,
      'NotFoundException',
    );

    assert.equal(
      (
        await fail(
          pp.send(
            new UpdateAdmChannelCommand({
              ApplicationId: appId,
              ADMChannelRequest: { ClientId: 'c', ClientSecret: '' },
            }),
          ),
        )
      ).status,
      400,
    );
    const adm = (
      await pp.send(
        new UpdateAdmChannelCommand({
          ApplicationId: appId,
          ADMChannelRequest: { ClientId: 'c', ClientSecret: 's' },
        }),
      )
    ).ADMChannelResponse!;
    assert.equal(adm.Platform, 'ADM');
    assert.equal(adm.Id, 'adm');
    noSecrets(adm);
    assert.equal(
      (await pp.send(new GetAdmChannelCommand({ ApplicationId: appId }))).ADMChannelResponse!.Enabled,
      true,
    );
    await pp.send(new DeleteAdmChannelCommand({ ApplicationId: appId }));
    assert.equal(
      (await fail(pp.send(new GetAdmChannelCommand({ ApplicationId: appId })))).name,
      'NotFoundException',
    );
  });
});

describe('GetChannels and authorization', () => {
  test('GetChannels lists each set-up channel under its ChannelType, and IN_APP always', async () => {
    const appId = await newApp();
    const empty = (await pp.send(new GetChannelsCommand({ ApplicationId: appId }))).ChannelsResponse!
      .Channels!;
    assert.deepEqual(empty, { IN_APP: { Enabled: true, IsArchived: false, Version: 0 } });
    await pp.send(
      new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { Enabled: true } }),
    );
    await pp.send(new UpdateGcmChannelCommand({ ApplicationId: appId, GCMChannelRequest: { ApiKey: 'k' } }));
    const channels = (await pp.send(new GetChannelsCommand({ ApplicationId: appId }))).ChannelsResponse!
      .Channels!;
    assert.deepEqual(Object.keys(channels).sort(), ['GCM', 'IN_APP', 'SMS']);
    assert.equal(channels.SMS.Id, 'sms');
    assert.equal(channels.SMS.ApplicationId, appId);
    assert.equal(channels.SMS.Version, 1);
    assert.equal(channels.GCM.Id, 'gcm');
    assert.equal('Platform' in channels.GCM, false);
    assert.equal(
      (await fail(pp.send(new GetChannelsCommand({ ApplicationId: 'f'.repeat(32) })))).message,
      'Application not found',
    );
  });

  test('a user without mobiletargeting permissions is denied; allowed on the channel ARN, allowed', async () => {
    const appId = await newApp();
    const iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: 'pusher' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'pusher' }))).AccessKey!;
    const user = server.pinpoint({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const denied = await fail(
      user.send(new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: {} })),
    );
    assert.equal(denied.name, 'AccessDeniedException');
    assert.equal(denied.status, 403);
    assert.match(denied.message, /mobiletargeting:UpdateSmsChannel/);
    assert.equal((await fail(user.send(new GetChannelsCommand({ ApplicationId: appId })))).status, 403);
    assert.equal(
      (await fail(pp.send(new GetSmsChannelCommand({ ApplicationId: appId })))).name,
      'NotFoundException',
    );

    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'pusher',
        PolicyName: 'sms',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['mobiletargeting:UpdateSmsChannel', 'mobiletargeting:GetSmsChannel'],
              Resource: `arn:aws:mobiletargeting:us-east-1:000000000000:apps/${appId}/channels/sms`,
            },
          ],
        }),
      }),
    );
    const ok = await user.send(new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: {} }));
    assert.equal(ok.SMSChannelResponse!.Version, 1);
    assert.equal((await fail(user.send(new DeleteSmsChannelCommand({ ApplicationId: appId })))).status, 403);
  });
});
