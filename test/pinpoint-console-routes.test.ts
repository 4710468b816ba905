/**
 * The console's Pinpoint read routes (src/services/pinpoint/console/routes.ts) on loopback: the
 * endpoint table's pages, the segment builder's count through the campaigns' predicate, and the
 * template preview rendered by the engine campaigns render with. Data is written through
 * @aws-sdk/client-pinpoint.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateAppCommand,
  CreateSegmentCommand,
  UpdateEndpointsBatchCommand,
  type EndpointBatchItem,
} from '@aws-sdk/client-pinpoint';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { signedHeaders } from './edge-fixtures.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let appId: string;
const SCOPE = 'account=000000000000&region=us-east-1';

const reader = (i: number, country: string): EndpointBatchItem => ({
  Id: `ep-${String(i).padStart(3, '0')}`,
  ChannelType: 'EMAIL',
  Address: `r${i}@example.org`,
  Location: { Country: country },
  User: { UserId: `u${i}`, UserAttributes: { FirstName: [`Name${i}`] } },
});

before(async () => {
  server = await startTestServer();
  const app = await server
    .pinpoint()
    .send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'console' } }));
  appId = app.ApplicationResponse!.Id!;
  const items = Array.from({ length: 120 }, (_, i) => reader(i, i % 3 === 0 ? 'PT' : 'US'));
  for (let i = 0; i < items.length; i += 100)
    await server.pinpoint().send(
      new UpdateEndpointsBatchCommand({
        ApplicationId: appId,
        EndpointBatchRequest: { Item: items.slice(i, i + 100) },
      }),
    );
});
after(() => server.close());

const get = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

test('endpoints come in Id order, a page at a time, with a NextToken and the total', async () => {
  const first = await get(`/_pinpost/pinpoint/endpoints?app=${appId}&limit=50&${SCOPE}`);
  assert.equal(first.status, 200);
  const items = first.body.Item as { Id: string; ApplicationId: string; Address: string }[];
  assert.equal(items.length, 50);
  assert.equal(items[0].Id, 'ep-000');
  assert.equal(items[0].ApplicationId, appId);
  assert.equal(items[0].Address, 'r0@example.org');
  assert.equal(first.body.NextToken, 'ep-049');
  assert.equal(first.body.Total, 120);
  const last = await get(`/_pinpost/pinpoint/endpoints?app=${appId}&limit=100&after=ep-099&${SCOPE}`);
  assert.deepEqual(
    (last.body.Item as { Id: string }[]).map((e) => e.Id),
    Array.from({ length: 20 }, (_, i) => `ep-${100 + i}`),
  );
  assert.equal(last.body.NextToken, undefined);
});

test('the endpoints route names what is wrong: no scope, no app, a limit out of range', async () => {
  assert.deepEqual(await get(`/_pinpost/pinpoint/endpoints?app=${appId}`), {
    status: 400,
    body: { message: '`account` is required' },
  });
  assert.deepEqual(await get(`/_pinpost/pinpoint/endpoints?app=nope&${SCOPE}`), {
    status: 404,
    body: { message: 'No app `nope` in this account and region' },
  });
  assert.deepEqual(await get(`/_pinpost/pinpoint/endpoints?app=${appId}&limit=101&${SCOPE}`), {
    status: 400,
    body: { message: '`limit` must be an integer from 1 to 100' },
  });
  // Another account sees no app of this one.
  const other = await get(`/_pinpost/pinpoint/endpoints?app=${appId}&account=111111111111&region=us-east-1`);
  assert.equal(other.status, 404);
});

test('the count applies the dimensions as a campaign would, and counts a saved segment', async () => {
  const dims = { Location: { Country: { DimensionType: 'INCLUSIVE', Values: ['PT'] } } };
  const q = encodeURIComponent(JSON.stringify(dims));
  assert.deepEqual(await get(`/_pinpost/pinpoint/segments/count?app=${appId}&dimensions=${q}&${SCOPE}`), {
    status: 200,
    body: { count: 40, total: 120 },
  });
  const seg = await server.pinpoint().send(
    new CreateSegmentCommand({
      ApplicationId: appId,
      WriteSegmentRequest: {
        Name: 'not PT',
        Dimensions: { Location: { Country: { DimensionType: 'EXCLUSIVE', Values: ['PT'] } } },
      },
    }),
  );
  const id = seg.SegmentResponse!.Id!;
  assert.deepEqual(await get(`/_pinpost/pinpoint/segments/count?app=${appId}&segment=${id}&${SCOPE}`), {
    status: 200,
    body: { count: 80, total: 120 },
  });
  const bad = await get(`/_pinpost/pinpoint/segments/count?app=${appId}&dimensions=%7B&${SCOPE}`);
  assert.deepEqual(bad, { status: 400, body: { message: '`dimensions` must be a JSON object' } });
});

test('the preview renders unsaved content for an endpoint, with Pinpoint’s variables and defaults', async () => {
  const res = await fetch(
    `${server.url}/_pinpost/pinpoint/templates/preview?app=${appId}&endpoint=ep-007&${SCOPE}`,
    {
      method: 'POST',
      body: JSON.stringify({
        Subject: 'Hi {{User.UserAttributes.FirstName}}',
        HtmlPart: '<p>{{Address}} in {{Location.Country}}, {{Attributes.Team}}</p>',
        DefaultSubstitutions: JSON.stringify({ 'Attributes.Team': 'friend' }),
      }),
    },
  );
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {
    subject: 'Hi Name7',
    html: '<p>r7@example.org in US, friend</p>',
  });
  const broken = await fetch(`${server.url}/_pinpost/pinpoint/templates/preview?${SCOPE}`, {
    method: 'POST',
    body: JSON.stringify({ Subject: 'Hi {{#if}}' }),
  });
  assert.equal(broken.status, 400);
  assert.match(((await broken.json()) as { message: string }).message, /Subject/);
});

test('beyond loopback the routes need the pinpost action (declared in pinpost-actions.ts)', async () => {
  const routes = server.runtime.routes.filter((r) => r.prefix.startsWith('/_pinpost/pinpoint/'));
  const access = Object.fromEntries(routes.map((r) => [r.prefix, r.access]));
  assert.deepEqual(access['/_pinpost/pinpoint/endpoints'], { GET: 'pinpost:ListEndpoints' });
  assert.deepEqual(access['/_pinpost/pinpoint/segments/count'], { GET: 'pinpost:CountSegment' });
  assert.deepEqual(access['/_pinpost/pinpoint/templates/preview'], { POST: 'pinpost:PreviewTemplate' });
});

test('beyond loopback a signed caller reads its own account, when IAM allows the pinpost action', async () => {
  const wide = await startTestServer({ host: '0.0.0.0' });
  try {
    const base = `http://127.0.0.1:${wide.server.port}`;
    const app = await wide
      .pinpoint()
      .send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'wide' } }));
    const id = app.ApplicationResponse!.Id!;
    await wide.pinpoint().send(
      new UpdateEndpointsBatchCommand({
        ApplicationId: id,
        EndpointBatchRequest: { Item: [reader(1, 'PT')] },
      }),
    );
    const iam = wide.iam();
    await iam.send(new CreateUserCommand({ UserName: 'counter' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'counter',
        PolicyName: 'count',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'pinpost:CountSegment', Resource: '*' }],
        }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'counter' }))).AccessKey!;
    const keys = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };

    assert.equal((await fetch(`${base}/_pinpost/pinpoint/segments/count?app=${id}`)).status, 403);
    // No account or region in the query: the signature names them.
    const count = `${base}/_pinpost/pinpoint/segments/count?app=${id}`;
    const ok = await fetch(count, { headers: await signedHeaders(count, {}, keys) });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { count: 1, total: 1 });

    const list = `${base}/_pinpost/pinpoint/endpoints?app=${id}`;
    const denied = await fetch(list, { headers: await signedHeaders(list, {}, keys) });
    assert.equal(denied.status, 403);
    assert.match(
      ((await denied.json()) as { message: string }).message,
      /user\/counter is not authorized to perform: pinpost:ListEndpoints on resource: arn:aws:pinpost:us-east-1:000000000000:pinpoint/,
    );
  } finally {
    await wide.close();
  }
});
