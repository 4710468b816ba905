/**
 * Endpoints and users through @aws-sdk/client-pinpoint: UpdateEndpoint (202 "Accepted"),
 * UpdateEndpointsBatch (≤ 100), GetEndpoint, DeleteEndpoint, GetUserEndpoints, DeleteUserEndpoints
 * (apireference/apps-application-id-endpoints*.html, apps-application-id-users-user-id.html).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAppCommand,
  DeleteEndpointCommand,
  DeleteUserEndpointsCommand,
  GetEndpointCommand,
  GetUserEndpointsCommand,
  PinpointClient,
  UpdateEndpointCommand,
  UpdateEndpointsBatchCommand,
  type EndpointBatchItem,
} from '@aws-sdk/client-pinpoint';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
let appId: string;
before(async () => {
  server = await startTestServer();
  appId = (await pinpoint().send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'e' } })))
    .ApplicationResponse!.Id!;
});
after(async () => {
  await server.close();
});

function pinpoint(credentials: Credentials = { accessKeyId: 'test', secretAccessKey: 'test' }) {
  return new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

test('UpdateEndpoint answers 202 Accepted; GetEndpoint returns every member with AWS defaults', async () => {
  const out = await pinpoint().send(
    new UpdateEndpointCommand({
      ApplicationId: appId,
      EndpointId: 'ep-1',
      EndpointRequest: {
        ChannelType: 'EMAIL',
        Address: 'one@example.com',
        Demographic: { Timezone: 'Asia/Tokyo', Locale: 'ja_JP' },
        Location: { City: 'Tokyo', Country: 'JP', Latitude: 35.68, Longitude: 139.76 },
        Attributes: { Interests: ['mail', 'ses'] },
        Metrics: { visits: 3 },
        User: { UserId: 'user-1', UserAttributes: { FirstName: ['Hana'] } },
      },
    }),
  );
  assert.equal(out.$metadata.httpStatusCode, 202);
  assert.equal(out.MessageBody?.Message, 'Accepted');
  assert.ok(out.MessageBody?.RequestID);

  const ep = (await pinpoint().send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'ep-1' })))
    .EndpointResponse!;
  assert.equal(ep.Id, 'ep-1');
  assert.equal(ep.ApplicationId, appId);
  assert.equal(ep.ChannelType, 'EMAIL');
  assert.equal(ep.Address, 'one@example.com');
  assert.equal(ep.EndpointStatus, 'ACTIVE');
  assert.equal(ep.OptOut, 'NONE');
  assert.equal(ep.Demographic?.Timezone, 'Asia/Tokyo');
  assert.equal(ep.Location?.Latitude, 35.68);
  assert.deepEqual(ep.Attributes, { Interests: ['mail', 'ses'] });
  assert.deepEqual(ep.Metrics, { visits: 3 });
  assert.deepEqual(ep.User, { UserId: 'user-1', UserAttributes: { FirstName: ['Hana'] } });
  assert.match(ep.CohortId!, /^\d{1,2}$/);
  assert.ok(!Number.isNaN(Date.parse(ep.CreationDate!)));
  assert.ok(!Number.isNaN(Date.parse(ep.EffectiveDate!)));

  // An update replaces the members it gives and keeps the others.
  await pinpoint().send(
    new UpdateEndpointCommand({
      ApplicationId: appId,
      EndpointId: 'ep-1',
      EndpointRequest: { OptOut: 'ALL', EndpointStatus: 'INACTIVE' },
    }),
  );
  const after = (await pinpoint().send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'ep-1' })))
    .EndpointResponse!;
  assert.equal(after.OptOut, 'ALL');
  assert.equal(after.EndpointStatus, 'INACTIVE');
  assert.equal(after.Address, 'one@example.com');
  assert.equal(after.CreationDate, ep.CreationDate);
  assert.equal(after.CohortId, ep.CohortId);
});

test('an unknown ChannelType is a BadRequestException and writes nothing', async () => {
  const e = await fail(
    pinpoint().send(
      new UpdateEndpointCommand({
        ApplicationId: appId,
        EndpointId: 'bad',
        EndpointRequest: { ChannelType: 'PIGEON' as never, Address: 'x' },
      }),
    ),
  );
  assert.equal(e.name, 'BadRequestException');
  const missing = await fail(
    pinpoint().send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'bad' })),
  );
  assert.deepEqual(missing, { name: 'NotFoundException', message: 'Resource not found', status: 404 });
});

test('UpdateEndpointsBatch takes up to 100 endpoints; 101 is a BadRequestException with nothing written', async () => {
  const item = (i: number, user: string): EndpointBatchItem => ({
    Id: `b-${user}-${i}`,
    ChannelType: 'EMAIL',
    Address: `b${i}@example.com`,
    User: { UserId: user },
  });
  const hundred = Array.from({ length: 100 }, (_, i) => item(i, 'batch'));
  const out = await pinpoint().send(
    new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item: hundred } }),
  );
  assert.equal(out.$metadata.httpStatusCode, 202);
  assert.equal(out.MessageBody?.Message, 'Accepted');
  const users = await pinpoint().send(new GetUserEndpointsCommand({ ApplicationId: appId, UserId: 'batch' }));
  assert.equal(users.EndpointsResponse!.Item!.length, 100);

  const tooMany = Array.from({ length: 101 }, (_, i) => item(i, 'over'));
  const e = await fail(
    pinpoint().send(
      new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item: tooMany } }),
    ),
  );
  assert.equal(e.name, 'BadRequestException');
  assert.equal(e.status, 400);
  const none = await fail(
    pinpoint().send(new GetUserEndpointsCommand({ ApplicationId: appId, UserId: 'over' })),
  );
  assert.equal(none.name, 'NotFoundException');
});

test('GetUserEndpoints and DeleteUserEndpoints find a user by User.UserId; DeleteEndpoint deletes one', async () => {
  const batch: EndpointBatchItem[] = ['u-a', 'u-b', 'other'].map((id) => ({
    Id: id,
    ChannelType: 'EMAIL',
    Address: `${id}@example.com`,
    User: { UserId: id === 'other' ? 'someone-else' : 'user-2' },
  }));
  await pinpoint().send(
    new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item: batch } }),
  );
  const got = await pinpoint().send(new GetUserEndpointsCommand({ ApplicationId: appId, UserId: 'user-2' }));
  assert.deepEqual(got.EndpointsResponse!.Item!.map((e) => e.Id).sort(), ['u-a', 'u-b']);

  const deleted = await pinpoint().send(
    new DeleteUserEndpointsCommand({ ApplicationId: appId, UserId: 'user-2' }),
  );
  assert.equal(deleted.$metadata.httpStatusCode, 202);
  assert.deepEqual(deleted.EndpointsResponse!.Item!.map((e) => e.Id).sort(), ['u-a', 'u-b']);
  assert.equal(
    (await fail(pinpoint().send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'u-a' })))).status,
    404,
  );
  // The other user's endpoint is untouched.
  await pinpoint().send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'other' }));

  const one = await pinpoint().send(new DeleteEndpointCommand({ ApplicationId: appId, EndpointId: 'other' }));
  assert.equal(one.$metadata.httpStatusCode, 202);
  assert.equal(one.EndpointResponse!.Address, 'other@example.com');
  const again = await fail(
    pinpoint().send(new DeleteEndpointCommand({ ApplicationId: appId, EndpointId: 'other' })),
  );
  assert.deepEqual(again, { name: 'NotFoundException', message: 'Resource not found', status: 404 });
});

test('endpoints of a missing app are NotFoundException "Application not found"', async () => {
  const e = await fail(
    pinpoint().send(
      new UpdateEndpointCommand({
        ApplicationId: '0123456789abcdef0123456789abcdef',
        EndpointId: 'x',
        EndpointRequest: { ChannelType: 'EMAIL', Address: 'x@example.com' },
      }),
    ),
  );
  assert.deepEqual(e, { name: 'NotFoundException', message: 'Application not found', status: 404 });
});

test('an IAM user without mobiletargeting permissions cannot read or write endpoints', async () => {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'noendpoints' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'noendpoints' }))).AccessKey!;
  const user = pinpoint({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  const e = await fail(user.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'ep-1' })));
  assert.equal(e.status, 403);
  assert.match(
    e.message,
    new RegExp(
      `^User: arn:aws:iam::000000000000:user/noendpoints is not authorized to perform: mobiletargeting:GetEndpoint on resource: arn:aws:mobiletargeting:us-east-1:000000000000:apps/${appId}/endpoints/ep-1 `,
    ),
  );
  // Pinpoint authorizes a request before it reads the body: a refused body is denied first.
  const bad = await fail(
    user.send(
      new UpdateEndpointCommand({
        ApplicationId: appId,
        EndpointId: 'ep-1',
        EndpointRequest: { ChannelType: 'PIGEON' as never },
      }),
    ),
  );
  assert.equal(bad.status, 403);
});

// list_pinpoint.html, "Actions defined by Amazon Pinpoint": GetEndpoint/UpdateEndpoint/DeleteEndpoint on
// the endpoint resource type (apps/<id>/endpoints/<endpoint>), Get/DeleteUserEndpoints on the user
// resource type (apps/<id>/users/<user>), UpdateEndpointsBatch on the app.
test('endpoint and user operations are authorized on their own ARNs under the app', async () => {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'oneendpoint' }));
  const arn = `arn:aws:mobiletargeting:us-east-1:000000000000:apps/${appId}`;
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'oneendpoint',
      PolicyName: 'one',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['mobiletargeting:UpdateEndpoint', 'mobiletargeting:GetEndpoint'],
            Resource: `${arn}/endpoints/mine`,
          },
          { Effect: 'Allow', Action: 'mobiletargeting:GetUserEndpoints', Resource: `${arn}/users/me` },
        ],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'oneendpoint' }))).AccessKey!;
  const user = pinpoint({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  const put = (id: string) =>
    user.send(
      new UpdateEndpointCommand({
        ApplicationId: appId,
        EndpointId: id,
        EndpointRequest: { ChannelType: 'EMAIL', Address: `${id}@example.org`, User: { UserId: 'me' } },
      }),
    );
  await put('mine');
  assert.equal(
    (await user.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'mine' }))).EndpointResponse!
      .Address,
    'mine@example.org',
  );
  const other = await fail(put('other'));
  assert.equal(other.status, 403);
  assert.match(other.message, new RegExp(`on resource: ${arn}/endpoints/other `));
  const users = await user.send(new GetUserEndpointsCommand({ ApplicationId: appId, UserId: 'me' }));
  assert.deepEqual(
    users.EndpointsResponse!.Item!.map((e) => e.Id),
    ['mine'],
  );
  const batch = await fail(
    user.send(
      new UpdateEndpointsBatchCommand({
        ApplicationId: appId,
        EndpointBatchRequest: { Item: [{ Id: 'mine', ChannelType: 'EMAIL', Address: 'x@example.org' }] },
      }),
    ),
  );
  assert.match(batch.message, new RegExp(`UpdateEndpointsBatch on resource: ${arn} `));
});
