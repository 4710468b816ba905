/**
 * Campaigns through @aws-sdk/client-pinpoint: CreateCampaign (201), GetCampaign(s), UpdateCampaign
 * (a new version), DeleteCampaign, GetCampaignVersion(s) and GetCampaignActivities
 * (apireference/apps-application-id-campaigns.html and the campaign-id pages); bad input answers
 * BadRequestException and writes nothing; IAM authorizes on the app or the campaign's ARN
 * (list_amazonpinpoint.html).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateCampaignCommand,
  DeleteCampaignCommand,
  GetCampaignActivitiesCommand,
  GetCampaignCommand,
  GetCampaignsCommand,
  GetCampaignVersionCommand,
  GetCampaignVersionsCommand,
  TagResourceCommand,
  UpdateCampaignCommand,
  type WriteCampaignRequest,
} from '@aws-sdk/client-pinpoint';
import {
  ACCOUNT,
  campaignApp,
  reader,
  verifiedIdentity,
  welcomeTemplate,
} from './pinpoint-campaigns-setup.js';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
let appId: string;
let segmentId: string;
/** Far in the future: these campaigns are never due while the tests run. */
const LATER = '2030-01-01T00:00:00.000Z';

before(async () => {
  server = await startTestServer();
  await verifiedIdentity(server);
  await welcomeTemplate(server);
  ({ appId, segmentId } = await campaignApp(server, undefined, [reader('crud', 1)]));
});
after(() => server.close());

const write = (extra: Partial<WriteCampaignRequest> = {}): WriteCampaignRequest => ({
  Name: 'spring',
  SegmentId: segmentId,
  Schedule: { StartTime: LATER, Frequency: 'ONCE' },
  MessageConfiguration: { EmailMessage: { Title: 'Spring', HtmlBody: '<p>Spring</p>' } },
  ...extra,
});

const create = (w: WriteCampaignRequest, creds?: Credentials) =>
  server.pinpoint(creds).send(new CreateCampaignCommand({ ApplicationId: appId, WriteCampaignRequest: w }));

const count = async () =>
  (await server.pinpoint().send(new GetCampaignsCommand({ ApplicationId: appId }))).CampaignsResponse!.Item!
    .length;

test('CreateCampaign answers 201 with the campaign, version 1, SCHEDULED; GetCampaign returns the same', async () => {
  const out = await create(write({ tags: { team: 'growth' }, HoldoutPercent: 5, Limits: { Daily: 3 } }));
  assert.equal(out.$metadata.httpStatusCode, 201);
  const c = out.CampaignResponse!;
  assert.match(c.Id!, /^[0-9a-f]{32}$/);
  assert.equal(c.Arn, `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${appId}/campaigns/${c.Id}`);
  assert.equal(c.ApplicationId, appId);
  assert.equal(c.Version, 1);
  assert.equal(c.SegmentId, segmentId);
  assert.equal(c.SegmentVersion, 1);
  assert.equal(c.State?.CampaignStatus, 'SCHEDULED');
  assert.equal(c.DefaultState?.CampaignStatus, 'SCHEDULED');
  assert.equal(c.IsPaused, false);
  assert.equal(c.HoldoutPercent, 5);
  assert.deepEqual(c.Limits, { Daily: 3 });
  assert.deepEqual(c.Schedule, { StartTime: LATER, Frequency: 'ONCE', IsLocalTime: false, Timezone: 'UTC' });
  assert.deepEqual(c.tags, { team: 'growth' });
  assert.ok(c.CreationDate && c.LastModifiedDate);
  const got = await server
    .pinpoint()
    .send(new GetCampaignCommand({ ApplicationId: appId, CampaignId: c.Id }));
  assert.deepEqual(got.CampaignResponse, c);
  const none = await server
    .pinpoint()
    .send(new GetCampaignActivitiesCommand({ ApplicationId: appId, CampaignId: c.Id }));
  assert.deepEqual(none.ActivitiesResponse?.Item, []);
});

test('UpdateCampaign makes a new version; GetCampaignVersion(s) keep every version', async () => {
  const id = (await create(write({ Name: 'v1' }))).CampaignResponse!.Id!;
  const out = await server.pinpoint().send(
    new UpdateCampaignCommand({
      ApplicationId: appId,
      CampaignId: id,
      WriteCampaignRequest: { Name: 'v2', IsPaused: true, tags: { ignored: 'on update' } },
    }),
  );
  const c = out.CampaignResponse!;
  assert.equal(c.Version, 2);
  assert.equal(c.Name, 'v2');
  assert.equal(c.State?.CampaignStatus, 'PAUSED');
  assert.equal(c.SegmentId, segmentId, 'members not given keep their value');
  assert.deepEqual(c.tags, {}, 'tags are not processed on update');
  const v1 = await server
    .pinpoint()
    .send(new GetCampaignVersionCommand({ ApplicationId: appId, CampaignId: id, Version: '1' }));
  assert.equal(v1.CampaignResponse?.Name, 'v1');
  assert.equal(v1.CampaignResponse?.Version, 1);
  const all = await server
    .pinpoint()
    .send(new GetCampaignVersionsCommand({ ApplicationId: appId, CampaignId: id }));
  assert.deepEqual(
    all.CampaignsResponse?.Item?.map((v) => [v.Version, v.Name]),
    [
      [1, 'v1'],
      [2, 'v2'],
    ],
  );
  const page = await server
    .pinpoint()
    .send(new GetCampaignVersionsCommand({ ApplicationId: appId, CampaignId: id, PageSize: '1' }));
  assert.equal(page.CampaignsResponse?.Item?.length, 1);
  const rest = await server.pinpoint().send(
    new GetCampaignVersionsCommand({
      ApplicationId: appId,
      CampaignId: id,
      PageSize: '1',
      Token: page.CampaignsResponse!.NextToken,
    }),
  );
  assert.equal(rest.CampaignsResponse?.Item?.[0].Version, 2);
  assert.equal(rest.CampaignsResponse?.NextToken, undefined);
  const e = await fail(
    server
      .pinpoint()
      .send(new GetCampaignVersionCommand({ ApplicationId: appId, CampaignId: id, Version: '9' })),
  );
  assert.deepEqual(e, { name: 'NotFoundException', message: 'Resource not found', status: 404 });
});

test('TagResource on the campaign ARN shows in GetCampaign (the campaign keeps its tags in `tags`)', async () => {
  const c = (await create(write({ tags: { a: '1' } }))).CampaignResponse!;
  await server
    .pinpoint()
    .send(new TagResourceCommand({ ResourceArn: c.Arn, TagsModel: { tags: { b: '2' } } }));
  const got = await server
    .pinpoint()
    .send(new GetCampaignCommand({ ApplicationId: appId, CampaignId: c.Id }));
  assert.deepEqual(got.CampaignResponse?.tags, { a: '1', b: '2' });
});

test('GetCampaigns pages with page-size and token', async () => {
  await create(write({ Name: 'page-a' }));
  await create(write({ Name: 'page-b' }));
  const first = await server
    .pinpoint()
    .send(new GetCampaignsCommand({ ApplicationId: appId, PageSize: '1' }));
  assert.equal(first.CampaignsResponse?.Item?.length, 1);
  assert.ok(first.CampaignsResponse?.NextToken);
  const second = await server.pinpoint().send(
    new GetCampaignsCommand({
      ApplicationId: appId,
      PageSize: '1',
      Token: first.CampaignsResponse!.NextToken,
    }),
  );
  assert.notEqual(second.CampaignsResponse?.Item?.[0].Id, first.CampaignsResponse?.Item?.[0].Id);
});

test('DeleteCampaign answers the campaign as DELETED; it is gone afterwards', async () => {
  const id = (await create(write())).CampaignResponse!.Id!;
  const out = await server
    .pinpoint()
    .send(new DeleteCampaignCommand({ ApplicationId: appId, CampaignId: id }));
  assert.equal(out.CampaignResponse?.Id, id);
  assert.equal(out.CampaignResponse?.State?.CampaignStatus, 'DELETED');
  const e = await fail(
    server.pinpoint().send(new GetCampaignCommand({ ApplicationId: appId, CampaignId: id })),
  );
  assert.deepEqual(e, { name: 'NotFoundException', message: 'Resource not found', status: 404 });
  const v = await fail(
    server.pinpoint().send(new GetCampaignVersionsCommand({ ApplicationId: appId, CampaignId: id })),
  );
  assert.equal(v.status, 404);
});

test('an unknown app answers NotFoundException', async () => {
  const e = await fail(
    server
      .pinpoint()
      .send(new CreateCampaignCommand({ ApplicationId: 'f'.repeat(32), WriteCampaignRequest: write() })),
  );
  assert.deepEqual(e, { name: 'NotFoundException', message: 'Application not found', status: 404 });
});

test('bad input answers BadRequestException and writes nothing', async () => {
  const before = await count();
  const cases: [string, Partial<WriteCampaignRequest>, RegExp][] = [
    ['no SegmentId', { SegmentId: undefined }, /SegmentId is required/],
    ['an unknown segment', { SegmentId: 'f'.repeat(32) }, /Segment f+ was not found/],
    ['an unknown segment version', { SegmentVersion: 7 }, /has no version 7/],
    ['no Schedule', { Schedule: undefined }, /Schedule is required/],
    [
      'a StartTime that is no time',
      { Schedule: { StartTime: 'tomorrow' } },
      /StartTime must be IMMEDIATE or a time/,
    ],
    [
      'an EndTime before StartTime',
      { Schedule: { StartTime: LATER, EndTime: '2029-01-01T00:00:00Z' } },
      /EndTime must be after/,
    ],
    [
      'a DAILY campaign without EndTime',
      { Schedule: { StartTime: LATER, Frequency: 'DAILY' } },
      /EndTime is required/,
    ],
    [
      'an EVENT campaign without EventFilter',
      { Schedule: { StartTime: LATER, Frequency: 'EVENT' } },
      /EventFilter is required/,
    ],
    [
      'a Timezone not in the list',
      { Schedule: { StartTime: LATER, Timezone: 'UTC+99' } },
      /Timezone must be one of/,
    ],
    [
      'a QuietTime not in HH:MM',
      { Schedule: { StartTime: LATER, QuietTime: { Start: '25:00', End: '07:00' } } },
      /HH:MM/,
    ],
    [
      'no email message or template',
      { MessageConfiguration: { SMSMessage: { Body: 'x' } } },
      /EmailMessage or an EmailTemplate/,
    ],
    ['HoldoutPercent over 100', { HoldoutPercent: 101 }, /HoldoutPercent must be between 0 and 100/],
    [
      'treatments and holdout over 100',
      { HoldoutPercent: 50, AdditionalTreatments: [{ SizePercent: 60 }] },
      /must not exceed 100/,
    ],
    ['Limits.Daily over 100', { Limits: { Daily: 101 } }, /Daily must be between 0 and 100/],
    [
      'Limits.MessagesPerSecond under 1',
      { Limits: { MessagesPerSecond: 0 } },
      /MessagesPerSecond must be between 1 and 20000/,
    ],
    [
      'Limits.MaximumDuration under 60',
      { Limits: { MaximumDuration: 59 } },
      /MaximumDuration must be at least 60/,
    ],
  ];
  for (const [what, extra, message] of cases) {
    const e = await fail(create(write(extra)));
    assert.equal(e.name, 'BadRequestException', what);
    assert.equal(e.status, 400, what);
    assert.match(e.message, message, what);
  }
  const missing = await fail(
    create(
      write({ MessageConfiguration: undefined, TemplateConfiguration: { EmailTemplate: { Name: 'nope' } } }),
    ),
  );
  assert.deepEqual(missing, {
    name: 'NotFoundException',
    message: 'Email template nope was not found',
    status: 404,
  });
  assert.equal(await count(), before, 'nothing was written');
  // An update with bad input leaves the campaign as it was.
  const id = (await create(write({ Name: 'keep' }))).CampaignResponse!.Id!;
  const e = await fail(
    server.pinpoint().send(
      new UpdateCampaignCommand({
        ApplicationId: appId,
        CampaignId: id,
        WriteCampaignRequest: { HoldoutPercent: 200 },
      }),
    ),
  );
  assert.equal(e.name, 'BadRequestException');
  const still = await server
    .pinpoint()
    .send(new GetCampaignCommand({ ApplicationId: appId, CampaignId: id }));
  assert.equal(still.CampaignResponse?.Version, 1);
});

async function user(name: string, policy?: object): Promise<Credentials> {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (policy)
    await iam.send(
      new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }),
    );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

test('IAM: a user without policies is denied CreateCampaign on the app and GetCampaign on the campaign', async () => {
  const creds = await user('nocampaigns');
  const before = await count();
  const e = await fail(create(write(), creds));
  assert.equal(e.status, 403);
  assert.match(
    e.message,
    new RegExp(
      `^User: arn:aws:iam::${ACCOUNT}:user/nocampaigns is not authorized to perform: mobiletargeting:CreateCampaign on resource: arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${appId}`,
    ),
  );
  assert.equal(await count(), before);
  const id = (await create(write())).CampaignResponse!.Id!;
  const g = await fail(
    server.pinpoint(creds).send(new GetCampaignCommand({ ApplicationId: appId, CampaignId: id })),
  );
  assert.match(
    g.message,
    new RegExp(`mobiletargeting:GetCampaign on resource: .*:apps/${appId}/campaigns/${id}`),
  );
});

test('IAM: GetCampaign allowed on one campaign ARN reads that campaign only; tagging on create needs TagResource', async () => {
  const mine = (await create(write())).CampaignResponse!.Id!;
  const other = (await create(write())).CampaignResponse!.Id!;
  const creds = await user('onecampaign', {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'mobiletargeting:GetCampaign',
        Resource: `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${appId}/campaigns/${mine}`,
      },
      { Effect: 'Allow', Action: 'mobiletargeting:CreateCampaign', Resource: '*' },
    ],
  });
  const ok = await server
    .pinpoint(creds)
    .send(new GetCampaignCommand({ ApplicationId: appId, CampaignId: mine }));
  assert.equal(ok.CampaignResponse?.Id, mine);
  const e = await fail(
    server.pinpoint(creds).send(new GetCampaignCommand({ ApplicationId: appId, CampaignId: other })),
  );
  assert.equal(e.status, 403);
  const created = await create(write(), creds);
  assert.equal(created.$metadata.httpStatusCode, 201);
  const tagged = await fail(create(write({ tags: { a: 'b' } }), creds));
  assert.match(tagged.message, /mobiletargeting:TagResource/);
});
