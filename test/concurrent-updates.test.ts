/**
 * Read-modify-writes of one document sent at once all land. On PostgreSQL the API calls run side by
 * side at READ COMMITTED; each locks the document (or its app) before reading it (src/store/documents.ts,
 * getForUpdate), so none writes over another's change. Run on PostgreSQL with
 * `node scripts/run-tests.mjs --postgres test/concurrent-updates.test.ts`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAppCommand,
  CreateSegmentCommand,
  GetSegmentVersionsCommand,
  GetApplicationSettingsCommand,
  GetEmailChannelCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateApplicationSettingsCommand,
  UpdateEmailChannelCommand,
  UpdateSegmentCommand,
  type WriteApplicationSettingsRequest,
} from '@aws-sdk/client-pinpoint';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  CreateContactListCommand,
  CreateEmailIdentityCommand,
  ListTagsForResourceCommand as SesListTagsCommand,
  TagResourceCommand as SesTagCommand,
} from '@aws-sdk/client-sesv2';
import { startTestServer, type TestServer } from './support/server.js';

const N = 16;
const keys = Array.from({ length: N }, (_, n) => `k${String(n).padStart(2, '0')}`);
const IDENTITY = 'arn:aws:ses:us-east-1:000000000000:identity/example.com';
const ROLE = 'arn:aws:iam::000000000000:role/PinpointSES';

let server: TestServer;
before(async () => {
  server = await startTestServer();
  await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
  await server.iam().send(
    new CreateRoleCommand({
      RoleName: 'PinpointSES',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
});
after(async () => {
  await server.close();
});

const newApp = async () =>
  (
    await server
      .pinpoint()
      .send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'a', tags: { team: 'mail' } } }))
  ).ApplicationResponse!;

test(`Pinpoint TagResource ${N} times at once on one app, each with its own key: every key is kept (tags-resource-arn.html)`, async () => {
  const app = await newApp();
  await Promise.all(
    keys.map((k) =>
      server
        .pinpoint()
        .send(new TagResourceCommand({ ResourceArn: app.Arn!, TagsModel: { tags: { [k]: 'v' } } })),
    ),
  );
  const tags = (await server.pinpoint().send(new ListTagsForResourceCommand({ ResourceArn: app.Arn! })))
    .TagsModel!.tags!;
  assert.deepEqual(Object.keys(tags).sort(), [...keys, 'team']);
});

test(`SES v2 TagResource ${N} times at once on one contact list: every key is kept (API_TagResource.html)`, async () => {
  await server.sesv2().send(new CreateContactListCommand({ ContactListName: 'news' }));
  const arn = 'arn:aws:ses:us-east-1:000000000000:contact-list/news';
  await Promise.all(
    keys.map((k) =>
      server.sesv2().send(new SesTagCommand({ ResourceArn: arn, Tags: [{ Key: k, Value: 'v' }] })),
    ),
  );
  const tags = (await server.sesv2().send(new SesListTagsCommand({ ResourceArn: arn }))).Tags!;
  assert.deepEqual(tags.map((t) => t.Key).sort(), keys);
});

test('UpdateApplicationSettings at once with different members: every member is kept (apps-application-id-settings.html)', async () => {
  const app = await newApp();
  const updates: WriteApplicationSettingsRequest[] = [
    { Limits: { Daily: 7 } },
    { QuietTime: { Start: '22:00', End: '06:00' } },
    { CampaignHook: { Mode: 'FILTER', WebUrl: 'https://example.com/hook' } },
    { JourneyLimits: { DailyCap: 3 } },
  ];
  await Promise.all(
    updates.map((u) =>
      server.pinpoint().send(
        new UpdateApplicationSettingsCommand({
          ApplicationId: app.Id!,
          WriteApplicationSettingsRequest: u,
        }),
      ),
    ),
  );
  const s = (await server.pinpoint().send(new GetApplicationSettingsCommand({ ApplicationId: app.Id! })))
    .ApplicationSettingsResource!;
  assert.deepEqual(
    [s.Limits, s.QuietTime, s.CampaignHook, s.JourneyLimits],
    [
      { Daily: 7 },
      { Start: '22:00', End: '06:00' },
      { Mode: 'FILTER', WebUrl: 'https://example.com/hook' },
      { DailyCap: 3 },
    ],
  );
});

test(`UpdateEmailChannel ${N} times at once: the Version counts every update (apps-application-id-channels-email.html)`, async () => {
  const app = await newApp();
  await Promise.all(
    keys.map((k) =>
      server.pinpoint().send(
        new UpdateEmailChannelCommand({
          ApplicationId: app.Id!,
          EmailChannelRequest: {
            FromAddress: `${k}@example.com`,
            Identity: IDENTITY,
            OrchestrationSendingRoleArn: ROLE,
          },
        }),
      ),
    ),
  );
  const channel = (await server.pinpoint().send(new GetEmailChannelCommand({ ApplicationId: app.Id! })))
    .EmailChannelResponse!;
  assert.equal(channel.Version, N);
});

test(`UpdateSegment ${N} times at once: every update is its own version (apps-application-id-segments-segment-id.html)`, async () => {
  const app = await newApp();
  const created = await server.pinpoint().send(
    new CreateSegmentCommand({
      ApplicationId: app.Id!,
      WriteSegmentRequest: { Name: 'start', Dimensions: { Demographic: { Platform: { Values: ['ios'] } } } },
    }),
  );
  const segmentId = created.SegmentResponse!.Id!;
  await Promise.all(
    keys.map((k) =>
      server.pinpoint().send(
        new UpdateSegmentCommand({
          ApplicationId: app.Id!,
          SegmentId: segmentId,
          WriteSegmentRequest: { Name: k },
        }),
      ),
    ),
  );
  const versions = (
    await server
      .pinpoint()
      .send(new GetSegmentVersionsCommand({ ApplicationId: app.Id!, SegmentId: segmentId, PageSize: '100' }))
  ).SegmentsResponse!.Item!;
  assert.deepEqual(
    versions.map((v) => v.Version).sort((a, b) => a! - b!),
    Array.from({ length: N + 1 }, (_, n) => n + 1),
  );
  assert.deepEqual(
    versions
      .filter((v) => v.Version !== 1)
      .map((v) => v.Name)
      .sort(),
    keys,
  );
});
