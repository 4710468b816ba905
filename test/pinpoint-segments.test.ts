/**
 * Segments through @aws-sdk/client-pinpoint: CreateSegment (201), GetSegment(s), UpdateSegment (a new
 * version each time), DeleteSegment, GetSegmentVersion(s) (apireference/apps-application-id-segments*.html),
 * validation, segment groups through the SegmentResolver port, and IAM on the resource types
 * list_amazonpinpoint.html gives each action (app for Create/GetSegments, segment for the others).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAppCommand,
  CreateSegmentCommand,
  DeleteSegmentCommand,
  GetSegmentCommand,
  GetSegmentsCommand,
  GetSegmentVersionCommand,
  GetSegmentVersionsCommand,
  UpdateEndpointsBatchCommand,
  UpdateSegmentCommand,
  type EndpointBatchItem,
  type WriteSegmentRequest,
} from '@aws-sdk/client-pinpoint';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
const scope = { account: '000000000000', region: 'us-east-1' };

before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
});

const pinpoint = (creds?: Credentials) => server.pinpoint(creds);

async function newApp(): Promise<string> {
  const out = await pinpoint().send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'seg' } }));
  return out.ApplicationResponse!.Id!;
}

const create = (appId: string, w: WriteSegmentRequest, creds?: Credentials) =>
  pinpoint(creds).send(new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: w }));

/** The ids of a segment's members, through the port campaigns use. */
async function memberIds(appId: string, segmentId: string, version?: number): Promise<string[] | undefined> {
  const found = await server.runtime.pinpoint.context.ports.segments.members(
    scope,
    appId,
    segmentId,
    version,
  );
  if (!found) return undefined;
  const ids: string[] = [];
  for await (const e of found) ids.push(e.Id);
  return ids.sort();
}

test('CreateSegment answers 201 with a DIMENSIONAL version 1; GetSegment and GetSegments return it', async () => {
  const appId = await newApp();
  const out = await create(appId, {
    Name: 'Readers',
    Dimensions: { Attributes: { Interests: { AttributeType: 'INCLUSIVE', Values: ['mail'] } } },
    tags: { team: 'growth' },
  });
  assert.equal(out.$metadata.httpStatusCode, 201);
  const seg = out.SegmentResponse!;
  assert.match(seg.Id!, /^[0-9a-f]{32}$/);
  assert.equal(seg.ApplicationId, appId);
  assert.equal(seg.Arn, `arn:aws:mobiletargeting:us-east-1:000000000000:apps/${appId}/segments/${seg.Id}`);
  assert.equal(seg.Name, 'Readers');
  assert.equal(seg.SegmentType, 'DIMENSIONAL');
  assert.equal(seg.Version, 1);
  assert.deepEqual(seg.Dimensions, {
    Attributes: { Interests: { AttributeType: 'INCLUSIVE', Values: ['mail'] } },
  });
  assert.deepEqual(seg.tags, { team: 'growth' });
  assert.ok(!Number.isNaN(Date.parse(seg.CreationDate!)));
  assert.equal(seg.LastModifiedDate, seg.CreationDate);

  const got = await pinpoint().send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: seg.Id }));
  assert.deepEqual(got.SegmentResponse, seg);

  await create(appId, { Name: 'Second' });
  const page1 = await pinpoint().send(new GetSegmentsCommand({ ApplicationId: appId, PageSize: '1' }));
  assert.equal(page1.SegmentsResponse!.Item!.length, 1);
  assert.ok(page1.SegmentsResponse!.NextToken);
  const page2 = await pinpoint().send(
    new GetSegmentsCommand({ ApplicationId: appId, PageSize: '1', Token: page1.SegmentsResponse!.NextToken }),
  );
  assert.equal(page2.SegmentsResponse!.Item!.length, 1);
  assert.equal(page2.SegmentsResponse!.NextToken, undefined);
  const names = [...page1.SegmentsResponse!.Item!, ...page2.SegmentsResponse!.Item!]
    .map((s) => s.Name)
    .sort();
  assert.deepEqual(names, ['Readers', 'Second']);
});

test('UpdateSegment makes a new version and keeps the earlier ones (GetSegmentVersion/GetSegmentVersions)', async () => {
  const appId = await newApp();
  const id = (
    await create(appId, { Name: 'v1', Dimensions: { Demographic: { Channel: { Values: ['EMAIL'] } } } })
  ).SegmentResponse!.Id!;
  const updated = await pinpoint().send(
    new UpdateSegmentCommand({
      ApplicationId: appId,
      SegmentId: id,
      WriteSegmentRequest: { Dimensions: { Location: { Country: { Values: ['JP'] } } } },
    }),
  );
  const v2 = updated.SegmentResponse!;
  assert.equal(v2.Version, 2);
  assert.equal(v2.Name, 'v1', 'a write without Name keeps the name');
  assert.deepEqual(v2.Dimensions, { Location: { Country: { Values: ['JP'] } } });

  const one = await pinpoint().send(
    new GetSegmentVersionCommand({ ApplicationId: appId, SegmentId: id, Version: '1' }),
  );
  assert.equal(one.SegmentResponse!.Version, 1);
  assert.deepEqual(one.SegmentResponse!.Dimensions, { Demographic: { Channel: { Values: ['EMAIL'] } } });

  const all = await pinpoint().send(new GetSegmentVersionsCommand({ ApplicationId: appId, SegmentId: id }));
  assert.deepEqual(
    all.SegmentsResponse!.Item!.map((s) => s.Version),
    [1, 2],
  );
  const missing = await fail(
    pinpoint().send(new GetSegmentVersionCommand({ ApplicationId: appId, SegmentId: id, Version: '3' })),
  );
  assert.deepEqual(missing, { name: 'NotFoundException', message: 'Resource not found', status: 404 });
  const bad = await fail(
    pinpoint().send(new GetSegmentVersionCommand({ ApplicationId: appId, SegmentId: id, Version: 'x' })),
  );
  assert.equal(bad.name, 'BadRequestException');
  assert.equal(await server.runtime.pinpoint.context.ports.segments.latestVersion(scope, appId, id), 2);
});

test('DeleteSegment returns the segment and removes it with its versions', async () => {
  const appId = await newApp();
  const id = (await create(appId, { Name: 'gone' })).SegmentResponse!.Id!;
  const out = await pinpoint().send(new DeleteSegmentCommand({ ApplicationId: appId, SegmentId: id }));
  assert.equal(out.SegmentResponse!.Id, id);
  const e = await fail(pinpoint().send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: id })));
  assert.deepEqual(e, { name: 'NotFoundException', message: 'Resource not found', status: 404 });
  assert.equal(await memberIds(appId, id, 1), undefined);
  const again = await fail(
    pinpoint().send(new DeleteSegmentCommand({ ApplicationId: appId, SegmentId: id })),
  );
  assert.equal(again.status, 404);
});

test('bad input is a BadRequestException and writes nothing', async () => {
  const appId = await newApp();
  const id = (await create(appId, { Name: 'keep' })).SegmentResponse!.Id!;
  const cases: WriteSegmentRequest[] = [
    // create-segment: "a Dimensions object or a SegmentGroups object, but not both".
    { Dimensions: {}, SegmentGroups: { Groups: [] } },
    { Dimensions: { Attributes: { a: { AttributeType: 'NOT_A_TYPE' as never, Values: ['x'] } } } },
    { Dimensions: { Attributes: { a: { AttributeType: 'BETWEEN', Values: ['2026-01-01T00:00:00Z'] } } } },
    { Dimensions: { Attributes: { a: { AttributeType: 'BEFORE', Values: ['yesterday'] } } } },
    { Dimensions: { Attributes: { a: {} as never } } },
    { Dimensions: { Behavior: { Recency: { Duration: 'DAY_3' as never, RecencyType: 'ACTIVE' } } } },
    { Dimensions: { Metrics: { m: { ComparisonOperator: 'ABOUT', Value: 1 } } } },
    { Dimensions: { Location: { GPSPoint: { Coordinates: { Latitude: 91, Longitude: 0 } } } } },
    { SegmentGroups: { Include: 'SOME' as never } },
    { SegmentGroups: { Groups: [{ SourceSegments: [{ Id: 'f'.repeat(32) }] }] } },
  ];
  for (const w of cases) {
    const e = await fail(create(appId, w));
    assert.equal(e.name, 'BadRequestException', JSON.stringify(w));
    assert.equal(e.status, 400);
    const u = await fail(
      pinpoint().send(
        new UpdateSegmentCommand({ ApplicationId: appId, SegmentId: id, WriteSegmentRequest: w }),
      ),
    );
    assert.equal(u.name, 'BadRequestException', JSON.stringify(w));
  }
  const list = await pinpoint().send(new GetSegmentsCommand({ ApplicationId: appId }));
  assert.equal(list.SegmentsResponse!.Item!.length, 1);
  assert.equal(list.SegmentsResponse!.Item![0].Version, 1);
  const e = await fail(create('0'.repeat(32), { Name: 'x' }));
  assert.deepEqual(e, { name: 'NotFoundException', message: 'Application not found', status: 404 });
});

test('segment members: dimensions filter the endpoints; no dimensions is every endpoint', async () => {
  const appId = await newApp();
  const items: EndpointBatchItem[] = [
    {
      Id: 'jp-mail',
      ChannelType: 'EMAIL',
      Address: 'a@example.com',
      Location: { Country: 'JP' },
      Metrics: { score: 9 },
    },
    {
      Id: 'us-mail',
      ChannelType: 'EMAIL',
      Address: 'b@example.com',
      Location: { Country: 'US' },
      Metrics: { score: 2 },
    },
    { Id: 'jp-sms', ChannelType: 'SMS', Address: '+15555550100', Location: { Country: 'JP' } },
  ];
  await pinpoint().send(
    new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item: items } }),
  );
  const everyone = (await create(appId, { Name: 'all' })).SegmentResponse!.Id!;
  assert.deepEqual(await memberIds(appId, everyone), ['jp-mail', 'jp-sms', 'us-mail']);
  const jpMail = (
    await create(appId, {
      Dimensions: {
        Location: { Country: { Values: ['JP'] } },
        Demographic: { Channel: { Values: ['EMAIL'] } },
      },
    })
  ).SegmentResponse!.Id!;
  assert.deepEqual(await memberIds(appId, jpMail), ['jp-mail']);
  // Version 1 keeps its own criteria after an update.
  await pinpoint().send(
    new UpdateSegmentCommand({
      ApplicationId: appId,
      SegmentId: jpMail,
      WriteSegmentRequest: {
        Dimensions: { Metrics: { score: { ComparisonOperator: 'LESS_THAN', Value: 5 } } },
      },
    }),
  );
  assert.deepEqual(await memberIds(appId, jpMail), ['us-mail']);
  assert.deepEqual(await memberIds(appId, jpMail, 1), ['jp-mail']);
  assert.equal(await memberIds(appId, jpMail, 9), undefined);
  assert.equal(await memberIds(appId, 'nope'), undefined);
});

test('segment groups: base segments by SourceType, dimensions by Type, groups by Include (ALL, ANY, NONE)', async () => {
  const appId = await newApp();
  const items: EndpointBatchItem[] = ['a', 'b', 'c', 'd'].map((id) => ({
    Id: id,
    ChannelType: id === 'd' ? 'SMS' : 'EMAIL',
    Address: `${id}@example.com`,
    Attributes: {
      tier: [id === 'a' || id === 'b' ? 'gold' : 'basic'],
      color: [id === 'b' || id === 'c' ? 'red' : 'blue'],
    },
  }));
  await pinpoint().send(
    new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item: items } }),
  );
  const gold = (await create(appId, { Dimensions: { Attributes: { tier: { Values: ['gold'] } } } }))
    .SegmentResponse!.Id!;
  const red = (await create(appId, { Dimensions: { Attributes: { color: { Values: ['red'] } } } }))
    .SegmentResponse!.Id!;
  const group = async (w: WriteSegmentRequest) =>
    await memberIds(appId, (await create(appId, w)).SegmentResponse!.Id!);

  const sources = [{ Id: gold }, { Id: red }];
  assert.deepEqual(
    await group({ SegmentGroups: { Groups: [{ SourceSegments: sources, SourceType: 'ALL' }] } }),
    ['b'],
  );
  assert.deepEqual(
    await group({ SegmentGroups: { Groups: [{ SourceSegments: sources, SourceType: 'ANY' }] } }),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(
    await group({ SegmentGroups: { Groups: [{ SourceSegments: sources, SourceType: 'NONE' }] } }),
    ['d'],
  );

  const dims = [
    { Attributes: { tier: { Values: ['gold'] } } },
    { Demographic: { Channel: { Values: ['SMS'] } } },
  ];
  assert.deepEqual(await group({ SegmentGroups: { Groups: [{ Dimensions: dims, Type: 'ANY' }] } }), [
    'a',
    'b',
    'd',
  ]);
  assert.deepEqual(await group({ SegmentGroups: { Groups: [{ Dimensions: dims, Type: 'ALL' }] } }), []);
  assert.deepEqual(await group({ SegmentGroups: { Groups: [{ Dimensions: dims, Type: 'NONE' }] } }), ['c']);
  // A base segment filtered by a dimension.
  assert.deepEqual(
    await group({
      SegmentGroups: {
        Groups: [
          { SourceSegments: [{ Id: red }], Dimensions: [{ Attributes: { tier: { Values: ['basic'] } } }] },
        ],
      },
    }),
    ['c'],
  );

  const g1 = { SourceSegments: [{ Id: gold }] };
  const g2 = { SourceSegments: [{ Id: red }] };
  assert.deepEqual(await group({ SegmentGroups: { Groups: [g1, g2], Include: 'ALL' } }), ['b']);
  assert.deepEqual(await group({ SegmentGroups: { Groups: [g1, g2], Include: 'ANY' } }), ['a', 'b', 'c']);
  assert.deepEqual(await group({ SegmentGroups: { Groups: [g1, g2], Include: 'NONE' } }), ['d']);
  // A base segment's version is honoured.
  await pinpoint().send(
    new UpdateSegmentCommand({
      ApplicationId: appId,
      SegmentId: gold,
      WriteSegmentRequest: { Dimensions: { Attributes: { tier: { Values: ['basic'] } } } },
    }),
  );
  assert.deepEqual(
    await group({ SegmentGroups: { Groups: [{ SourceSegments: [{ Id: gold, Version: 1 }] }] } }),
    ['a', 'b'],
  );
  assert.deepEqual(await group({ SegmentGroups: { Groups: [{ SourceSegments: [{ Id: gold }] }] } }), [
    'c',
    'd',
  ]);
});

test('IAM: CreateSegment/GetSegments on the app ARN, the others on the segment ARN; tags need TagResource', async () => {
  const appId = await newApp();
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'segmenter' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'segmenter' }))).AccessKey!;
  const user = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  const allow = (Statement: object[]) =>
    iam.send(
      new PutUserPolicyCommand({
        UserName: 'segmenter',
        PolicyName: 'p',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement }),
      }),
    );
  const appArn = `arn:aws:mobiletargeting:us-east-1:000000000000:apps/${appId}`;
  const segmentActions = ['CreateSegment', 'GetSegments', 'GetSegment', 'DeleteSegment'].map(
    (a) => `mobiletargeting:${a}`,
  );
  await allow([{ Effect: 'Allow', Action: segmentActions, Resource: appArn }]);

  const id = (await create(appId, { Name: 'mine' }, user)).SegmentResponse!.Id!;
  const listed = await pinpoint(user).send(new GetSegmentsCommand({ ApplicationId: appId }));
  assert.equal(listed.SegmentsResponse!.Item!.length, 1);
  const denied = await fail(
    pinpoint(user).send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: id })),
  );
  assert.equal(denied.status, 403);
  assert.equal(denied.name, 'AccessDeniedException');
  assert.match(
    denied.message,
    new RegExp(
      `^User: arn:aws:iam::000000000000:user/segmenter is not authorized to perform: mobiletargeting:GetSegment on resource: ${appArn}/segments/${id}`,
    ),
  );
  const tagged = await fail(create(appId, { Name: 'tagged', tags: { k: 'v' } }, user));
  assert.match(tagged.message, /mobiletargeting:TagResource/);
  const after = await pinpoint().send(new GetSegmentsCommand({ ApplicationId: appId }));
  assert.equal(after.SegmentsResponse!.Item!.length, 1, 'nothing written on denial');

  await allow([{ Effect: 'Allow', Action: segmentActions, Resource: [appArn, `${appArn}/segments/*`] }]);
  const got = await pinpoint(user).send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: id }));
  assert.equal(got.SegmentResponse!.Name, 'mine');
  const deleted = await pinpoint(user).send(
    new DeleteSegmentCommand({ ApplicationId: appId, SegmentId: id }),
  );
  assert.equal(deleted.SegmentResponse!.Id, id);
});
