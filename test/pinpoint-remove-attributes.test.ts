/**
 * RemoveAttributes through @aws-sdk/client-pinpoint
 * (apireference/apps-application-id-attributes-attribute-type.html; the model's
 * UpdateAttributesRequest.Blacklist: exact names or glob patterns, removed "from all the endpoints
 * that are associated with the application"): per attribute type, the names removed answered,
 * other maps and apps untouched, bad types refused, AccessDenied without permission.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAppCommand,
  GetEndpointCommand,
  RemoveAttributesCommand,
  UpdateEndpointCommand,
  type PinpointClient,
} from '@aws-sdk/client-pinpoint';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
let pp: PinpointClient;
before(async () => {
  server = await startTestServer();
  pp = server.pinpoint();
});
after(async () => {
  await server.close();
});

async function appWithEndpoint(): Promise<string> {
  const appId = (await pp.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'attrs' } })))
    .ApplicationResponse!.Id!;
  await pp.send(
    new UpdateEndpointCommand({
      ApplicationId: appId,
      EndpointId: 'e1',
      EndpointRequest: {
        ChannelType: 'EMAIL',
        Address: 'a@example.com',
        Attributes: { plan: ['pro'], promo_spring: ['x'], promo_fall: ['y'] },
        Metrics: { sessions: 3, cart: 1 },
        User: { UserId: 'u1', UserAttributes: { FirstName: ['Ann'], Age: ['30'] } },
      },
    }),
  );
  return appId;
}

const endpoint = async (appId: string) =>
  (await pp.send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'e1' }))).EndpointResponse!;

describe('RemoveAttributes', () => {
  test('custom attributes by glob, metrics and user attributes by name; the others stay', async () => {
    const appId = await appWithEndpoint();
    const custom = await pp.send(
      new RemoveAttributesCommand({
        ApplicationId: appId,
        AttributeType: 'endpoint-custom-attributes',
        UpdateAttributesRequest: { Blacklist: ['promo_*'] },
      }),
    );
    assert.deepEqual(custom.AttributesResource, {
      ApplicationId: appId,
      AttributeType: 'endpoint-custom-attributes',
      Attributes: ['promo_fall', 'promo_spring'],
    });
    await pp.send(
      new RemoveAttributesCommand({
        ApplicationId: appId,
        AttributeType: 'endpoint-metric-attributes',
        UpdateAttributesRequest: { Blacklist: ['cart'] },
      }),
    );
    await pp.send(
      new RemoveAttributesCommand({
        ApplicationId: appId,
        AttributeType: 'endpoint-user-attributes',
        UpdateAttributesRequest: { Blacklist: ['Age', 'Missing'] },
      }),
    );
    const e = await endpoint(appId);
    assert.deepEqual(e.Attributes, { plan: ['pro'] });
    assert.deepEqual(e.Metrics, { sessions: 3 });
    assert.deepEqual(e.User, { UserId: 'u1', UserAttributes: { FirstName: ['Ann'] } });
  });

  test('an unknown attribute type is BadRequestException and nothing changes; a missing app is NotFoundException', async () => {
    const appId = await appWithEndpoint();
    const e = await fail(
      pp.send(
        new RemoveAttributesCommand({
          ApplicationId: appId,
          AttributeType: 'endpoint-attributes',
          UpdateAttributesRequest: { Blacklist: ['*'] },
        }),
      ),
    );
    assert.equal(e.name, 'BadRequestException');
    assert.equal(Object.keys((await endpoint(appId)).Attributes!).length, 3);
    const missing = await fail(
      pp.send(
        new RemoveAttributesCommand({
          ApplicationId: 'f'.repeat(32),
          AttributeType: 'endpoint-custom-attributes',
          UpdateAttributesRequest: { Blacklist: ['*'] },
        }),
      ),
    );
    assert.deepEqual(missing, { name: 'NotFoundException', message: 'Application not found', status: 404 });
  });

  test('a user without mobiletargeting:RemoveAttributes is denied and nothing is removed', async () => {
    const appId = await appWithEndpoint();
    const iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: 'remover' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'remover' }))).AccessKey!;
    const user = server.pinpoint({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const e = await fail(
      user.send(
        new RemoveAttributesCommand({
          ApplicationId: appId,
          AttributeType: 'endpoint-custom-attributes',
          UpdateAttributesRequest: { Blacklist: ['*'] },
        }),
      ),
    );
    assert.equal(e.name, 'AccessDeniedException');
    assert.match(e.message, /mobiletargeting:RemoveAttributes/);
    assert.equal(Object.keys((await endpoint(appId)).Attributes!).length, 3);
  });
});
