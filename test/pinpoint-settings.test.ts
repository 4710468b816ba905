/**
 * App settings through @aws-sdk/client-pinpoint: GetApplicationSettings, UpdateApplicationSettings
 * (apireference/apps-application-id-settings.html); ranges from the model's CampaignLimits and
 * QuietTime documentation (pinpoint/2016-12-01).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAppCommand,
  GetApplicationSettingsCommand,
  PinpointClient,
  UpdateApplicationSettingsCommand,
  type WriteApplicationSettingsRequest,
} from '@aws-sdk/client-pinpoint';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { readAppSettings } from '../src/services/pinpoint/settings.js';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
let appId: string;
before(async () => {
  server = await startTestServer();
  appId = (await pinpoint().send(new CreateAppCommand({ CreateApplicationRequest: { Name: 's' } })))
    .ApplicationResponse!.Id!;
});
after(async () => {
  await server.close();
});

const pinpoint = (creds?: Credentials): PinpointClient => server.pinpoint(creds);

const update = (req: WriteApplicationSettingsRequest, id = appId) =>
  pinpoint().send(
    new UpdateApplicationSettingsCommand({ ApplicationId: id, WriteApplicationSettingsRequest: req }),
  );

test('a new app has empty Limits, QuietTime and CampaignHook', async () => {
  const app = (await pinpoint().send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'fresh' } })))
    .ApplicationResponse!;
  const out = await pinpoint().send(new GetApplicationSettingsCommand({ ApplicationId: app.Id }));
  const s = out.ApplicationSettingsResource!;
  assert.equal(s.ApplicationId, app.Id);
  assert.deepEqual(s.Limits, {});
  assert.deepEqual(s.QuietTime, {});
  assert.deepEqual(s.CampaignHook, {});
  assert.equal(s.LastModifiedDate, app.CreationDate);
});

test('UpdateApplicationSettings stores Limits, QuietTime, CampaignHook and JourneyLimits; members not given are kept', async () => {
  const out = await update({
    Limits: { Daily: 5, MaximumDuration: 600, MessagesPerSecond: 50, Total: 20, Session: 3 },
    QuietTime: { Start: '22:00', End: '07:30' },
    CampaignHook: { LambdaFunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:f', Mode: 'FILTER' },
    CloudWatchMetricsEnabled: true,
    JourneyLimits: { DailyCap: 10, TotalCap: 0, TimeframeCap: { Cap: 4, Days: 7 } },
  });
  const s = out.ApplicationSettingsResource!;
  assert.deepEqual(s.Limits, {
    Daily: 5,
    MaximumDuration: 600,
    MessagesPerSecond: 50,
    Total: 20,
    Session: 3,
  });
  assert.deepEqual(s.QuietTime, { Start: '22:00', End: '07:30' });
  assert.equal(s.CampaignHook?.Mode, 'FILTER');
  assert.deepEqual(s.JourneyLimits, { DailyCap: 10, TotalCap: 0, TimeframeCap: { Cap: 4, Days: 7 } });
  assert.ok(!Number.isNaN(Date.parse(s.LastModifiedDate!)));

  await update({ QuietTime: { Start: '23:00', End: '06:00' } });
  const got = (await pinpoint().send(new GetApplicationSettingsCommand({ ApplicationId: appId })))
    .ApplicationSettingsResource!;
  assert.deepEqual(got.QuietTime, { Start: '23:00', End: '06:00' });
  assert.equal(got.Limits?.Daily, 5);

  // What the campaigns part reads.
  const typed = await readAppSettings(
    server.runtime.pinpoint.context,
    { account: '000000000000', region: 'us-east-1' },
    appId,
  );
  assert.equal(typed.Limits.MessagesPerSecond, 50);
  assert.equal(typed.QuietTime.Start, '23:00');
  assert.equal(typed.CloudWatchMetricsEnabled, true);
});

test('limits outside the documented ranges and a malformed quiet time are BadRequestException, nothing written', async () => {
  const before = (await pinpoint().send(new GetApplicationSettingsCommand({ ApplicationId: appId })))
    .ApplicationSettingsResource!;
  const bad: WriteApplicationSettingsRequest[] = [
    { Limits: { Daily: 101 } },
    { Limits: { Total: 101 } },
    { Limits: { MessagesPerSecond: 0 } },
    { Limits: { MessagesPerSecond: 20_001 } },
    { Limits: { MaximumDuration: 59 } },
    { QuietTime: { Start: '7:00', End: '08:00' } },
    { QuietTime: { Start: '24:00', End: '08:00' } },
    { CampaignHook: { Mode: 'PUSH' as never } },
    { JourneyLimits: { DailyCap: 101 } },
    // A valid member beside an invalid one is not written either.
    { QuietTime: { Start: '01:00', End: '02:00' }, Limits: { Daily: -1 } },
  ];
  for (const req of bad) {
    const e = await fail(update(req));
    assert.equal(e.name, 'BadRequestException', JSON.stringify(req));
    assert.equal(e.status, 400);
  }
  const after = (await pinpoint().send(new GetApplicationSettingsCommand({ ApplicationId: appId })))
    .ApplicationSettingsResource!;
  assert.deepEqual(after, before);
});

test('the settings of a missing app are NotFoundException', async () => {
  const missing = '0123456789abcdef0123456789abcdef';
  for (const call of [
    () => pinpoint().send(new GetApplicationSettingsCommand({ ApplicationId: missing })),
    () => update({ Limits: { Daily: 1 } }, missing),
  ]) {
    assert.deepEqual(await fail(call()), {
      name: 'NotFoundException',
      message: 'Application not found',
      status: 404,
    });
  }
});

test('an IAM user without policies cannot read or update settings (authorized on the app ARN)', async () => {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'nosettings' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'nosettings' }))).AccessKey!;
  const user = pinpoint({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  const e = await fail(user.send(new GetApplicationSettingsCommand({ ApplicationId: appId })));
  assert.equal(e.status, 403);
  assert.match(
    e.message,
    new RegExp(
      `mobiletargeting:GetApplicationSettings on resource: arn:aws:mobiletargeting:us-east-1:000000000000:apps/${appId}`,
    ),
  );
  const u = await fail(
    user.send(
      new UpdateApplicationSettingsCommand({
        ApplicationId: appId,
        WriteApplicationSettingsRequest: { Limits: { Daily: 1 } },
      }),
    ),
  );
  assert.equal(u.status, 403);
});
