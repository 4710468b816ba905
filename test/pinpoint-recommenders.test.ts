/**
 * Recommender model configurations through @aws-sdk/client-pinpoint (apireference/recommenders.html,
 * recommenders-recommender-id.html): create (201, defaults), get, list with paging, update, delete,
 * get-after-delete NotFoundException; the model's rules refused with nothing stored; iam:PassRole
 * on the role; and GetInAppMessages (no in-app campaigns in Pinpost: an empty list).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAppCommand,
  CreateRecommenderConfigurationCommand,
  DeleteRecommenderConfigurationCommand,
  GetInAppMessagesCommand,
  GetRecommenderConfigurationCommand,
  GetRecommenderConfigurationsCommand,
  UpdateRecommenderConfigurationCommand,
  type CreateRecommenderConfigurationShape,
  type PinpointClient,
} from '@aws-sdk/client-pinpoint';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

const CAMPAIGN = 'arn:aws:personalize:us-east-1:000000000000:campaign/products';
const ROLE = 'arn:aws:iam::000000000000:role/PinpointPersonalize';

let server: TestServer;
let pp: PinpointClient;
before(async () => {
  server = await startTestServer();
  pp = server.pinpoint();
});
after(async () => {
  await server.close();
});

const config = (
  extra: Partial<CreateRecommenderConfigurationShape> = {},
): CreateRecommenderConfigurationShape => ({
  RecommendationProviderUri: CAMPAIGN,
  RecommendationProviderRoleArn: ROLE,
  RecommendationsDisplayName: 'Products',
  ...extra,
});

const count = async () =>
  (await pp.send(new GetRecommenderConfigurationsCommand({}))).ListRecommenderConfigurationsResponse!.Item!
    .length;

describe('recommender configurations', () => {
  test('create, get, list, update, delete, get after delete', async () => {
    const created = await pp.send(
      new CreateRecommenderConfigurationCommand({
        CreateRecommenderConfiguration: config({ Name: 'products', Description: 'Top picks (v1)' }),
      }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    const r = created.RecommenderConfigurationResponse!;
    assert.ok(r.Id);
    assert.equal(r.Name, 'products');
    assert.equal(r.RecommendationProviderUri, CAMPAIGN);
    assert.equal(r.RecommendationProviderRoleArn, ROLE);
    assert.equal(r.RecommendationProviderIdType, 'PINPOINT_ENDPOINT_ID');
    assert.equal(r.RecommendationsPerMessage, 5);
    assert.ok(r.CreationDate && r.LastModifiedDate);

    const got = (await pp.send(new GetRecommenderConfigurationCommand({ RecommenderId: r.Id })))
      .RecommenderConfigurationResponse!;
    assert.deepEqual(got, r);

    const second = (
      await pp.send(new CreateRecommenderConfigurationCommand({ CreateRecommenderConfiguration: config() }))
    ).RecommenderConfigurationResponse!;
    const page1 = (await pp.send(new GetRecommenderConfigurationsCommand({ PageSize: '1' })))
      .ListRecommenderConfigurationsResponse!;
    assert.equal(page1.Item!.length, 1);
    assert.ok(page1.NextToken);
    const page2 = (
      await pp.send(new GetRecommenderConfigurationsCommand({ PageSize: '1', Token: page1.NextToken }))
    ).ListRecommenderConfigurationsResponse!;
    assert.equal(page2.Item!.length, 1);
    assert.equal(page2.NextToken, undefined);
    assert.deepEqual(new Set([page1.Item![0].Id, page2.Item![0].Id]), new Set([r.Id, second.Id]));

    const updated = (
      await pp.send(
        new UpdateRecommenderConfigurationCommand({
          RecommenderId: r.Id,
          UpdateRecommenderConfiguration: config({
            RecommendationProviderIdType: 'PINPOINT_USER_ID',
            RecommendationsPerMessage: 2,
            RecommendationTransformerUri: 'transform-recommendations',
            RecommendationsDisplayName: undefined,
            Attributes: { RecommendedTitle: 'Title' },
          }),
        }),
      )
    ).RecommenderConfigurationResponse!;
    assert.equal(updated.RecommendationProviderIdType, 'PINPOINT_USER_ID');
    assert.equal(updated.RecommendationsPerMessage, 2);
    assert.deepEqual(updated.Attributes, { RecommendedTitle: 'Title' });
    assert.equal(updated.Name, undefined);
    assert.equal(updated.CreationDate, r.CreationDate);

    const deleted = (await pp.send(new DeleteRecommenderConfigurationCommand({ RecommenderId: r.Id })))
      .RecommenderConfigurationResponse!;
    assert.equal(deleted.Id, r.Id);
    assert.deepEqual(await fail(pp.send(new GetRecommenderConfigurationCommand({ RecommenderId: r.Id }))), {
      name: 'NotFoundException',
      message: 'Resource not found',
      status: 404,
    });
    await pp.send(new DeleteRecommenderConfigurationCommand({ RecommenderId: second.Id }));
    assert.equal(await count(), 0);
  });

  test("the model's rules are BadRequestException and store nothing", async () => {
    const bad: Partial<CreateRecommenderConfigurationShape>[] = [
      { RecommendationProviderUri: 'arn:aws:s3:::bucket' },
      { RecommendationProviderRoleArn: 'not-a-role' },
      { RecommendationsPerMessage: 6 },
      { RecommendationProviderIdType: 'EMAIL' },
      { RecommendationsDisplayName: undefined },
      { Name: '-starts-with-hyphen' },
      { Attributes: { a: 'A' } },
      { RecommendationTransformerUri: 'fn', RecommendationsDisplayName: undefined },
    ];
    for (const extra of bad) {
      const e = await fail(
        pp.send(new CreateRecommenderConfigurationCommand({ CreateRecommenderConfiguration: config(extra) })),
      );
      assert.equal(e.name, 'BadRequestException', JSON.stringify(extra));
    }
    assert.equal(await count(), 0);
  });

  test('a user allowed the action but not iam:PassRole on the role is denied; nothing is stored', async () => {
    const iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: 'recommender' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'recommender' }))).AccessKey!;
    const user = server.pinpoint({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const create = () =>
      user.send(new CreateRecommenderConfigurationCommand({ CreateRecommenderConfiguration: config() }));
    assert.match((await fail(create())).message, /mobiletargeting:CreateRecommenderConfiguration/);
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'recommender',
        PolicyName: 'p',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:*', Resource: '*' }],
        }),
      }),
    );
    const denied = await fail(create());
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, /iam:PassRole/);
    assert.equal(await count(), 0);
  });
});

describe('GetInAppMessages', () => {
  test('no in-app campaigns: an empty list; a missing app is NotFoundException', async () => {
    const appId = (await pp.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'inapp' } })))
      .ApplicationResponse!.Id!;
    const out = await pp.send(new GetInAppMessagesCommand({ ApplicationId: appId, EndpointId: 'device-1' }));
    assert.deepEqual(out.InAppMessagesResponse, { InAppMessageCampaigns: [] });
    assert.equal(
      (await fail(pp.send(new GetInAppMessagesCommand({ ApplicationId: 'f'.repeat(32), EndpointId: 'x' }))))
        .message,
      'Application not found',
    );
  });
});
