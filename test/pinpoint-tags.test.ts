/**
 * Tags through @aws-sdk/client-pinpoint: TagResource (204), UntagResource (204),
 * ListTagsForResource (apireference/tags-resource-arn.html) on apps, campaigns, segments and email
 * templates; limits from developerguide/tagging-resources.html; authorization on the resource's
 * ARN with aws:RequestTag, aws:TagKeys and aws:ResourceTag (list_amazonpinpoint.html).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAppCommand,
  CreateEmailTemplateCommand,
  CreateSegmentCommand,
  GetAppCommand,
  GetEmailTemplateCommand,
  GetSegmentCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type PinpointClient,
} from '@aws-sdk/client-pinpoint';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

const SCOPE = { account: '000000000000', region: 'us-east-1' };
const ARN = 'arn:aws:mobiletargeting:us-east-1:000000000000';

let server: TestServer;
let appId: string;
let appArn: string;
before(async () => {
  server = await startTestServer();
  const app = (
    await pinpoint().send(
      new CreateAppCommand({ CreateApplicationRequest: { Name: 't', tags: { team: 'mail' } } }),
    )
  ).ApplicationResponse!;
  appId = app.Id!;
  appArn = app.Arn!;
});
after(async () => {
  await server.close();
});

const pinpoint = (creds?: Credentials): PinpointClient => server.pinpoint(creds);

const list = async (arn: string) =>
  (await pinpoint().send(new ListTagsForResourceCommand({ ResourceArn: arn }))).TagsModel!.tags!;

async function userWith(name: string, policy?: object): Promise<PinpointClient> {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (policy)
    await iam.send(
      new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }),
    );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return pinpoint({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
}

test('an app: tags given at creation are listed; TagResource adds and replaces; UntagResource removes; both answer 204', async () => {
  assert.deepEqual(await list(appArn), { team: 'mail' });
  const tagged = await pinpoint().send(
    new TagResourceCommand({ ResourceArn: appArn, TagsModel: { tags: { team: 'growth', env: 'test' } } }),
  );
  assert.equal(tagged.$metadata.httpStatusCode, 204);
  assert.deepEqual(await list(appArn), { team: 'growth', env: 'test' });
  // Only the tags member changed: the app is as it was.
  const app = (await pinpoint().send(new GetAppCommand({ ApplicationId: appId }))).ApplicationResponse!;
  assert.equal(app.Name, 't');
  assert.deepEqual(app.tags, { team: 'growth', env: 'test' });

  const untagged = await pinpoint().send(
    new UntagResourceCommand({ ResourceArn: appArn, TagKeys: ['team', 'nope'] }),
  );
  assert.equal(untagged.$metadata.httpStatusCode, 204);
  assert.deepEqual(await list(appArn), { env: 'test' });
});

test('campaigns, segments and email templates are tagged by their ARNs, in their own documents', async () => {
  const store = server.runtime.pinpoint.context.store;
  // Documents as the campaigns, segments and templates parts store them (tags in `tags`).
  await store.put(SCOPE, appId, 'campaign', 'c1', { Id: 'c1', Name: 'camp', tags: {} });
  await store.put(SCOPE, appId, 'segment', 's1', { Id: 's1', Name: 'seg', tags: { a: '1' } });
  await store.put(SCOPE, '', 'template', 'welcome', { TemplateName: 'welcome', tags: {} });
  const resources = [
    [`${ARN}:apps/${appId}/campaigns/c1`, appId, 'campaign', 'c1'],
    [`${ARN}:apps/${appId}/segments/s1`, appId, 'segment', 's1'],
    [`${ARN}:templates/welcome/EMAIL`, '', 'template', 'welcome'],
  ] as const;
  for (const [arn, app, kind, key] of resources) {
    await pinpoint().send(new TagResourceCommand({ ResourceArn: arn, TagsModel: { tags: { owner: kind } } }));
    assert.equal((await list(arn)).owner, kind, arn);
    const doc = (await store.get<{ tags: Record<string, string>; Id?: string; TemplateName?: string }>(
      SCOPE,
      app,
      kind,
      key,
    ))!.doc;
    assert.equal(doc.tags.owner, kind);
    assert.ok(doc.Id ?? doc.TemplateName, 'the rest of the document is kept');
  }
  assert.deepEqual(await list(`${ARN}:apps/${appId}/segments/s1`), { a: '1', owner: 'segment' });
});

test('tags set by ARN are what GetSegment and GetEmailTemplate answer, and their own tags are listed', async () => {
  const segment = (
    await pinpoint().send(
      new CreateSegmentCommand({
        ApplicationId: appId,
        WriteSegmentRequest: { Name: 'readers', Dimensions: {}, tags: { from: 'create' } },
      }),
    )
  ).SegmentResponse!;
  const segmentArn = `${ARN}:apps/${appId}/segments/${segment.Id}`;
  assert.deepEqual(await list(segmentArn), { from: 'create' });
  await pinpoint().send(
    new TagResourceCommand({ ResourceArn: segmentArn, TagsModel: { tags: { team: 'mail' } } }),
  );
  const got = (await pinpoint().send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: segment.Id })))
    .SegmentResponse!;
  assert.deepEqual(got.tags, { from: 'create', team: 'mail' });
  assert.equal(got.Name, 'readers');

  await pinpoint().send(
    new CreateEmailTemplateCommand({
      TemplateName: 'news',
      EmailTemplateRequest: { Subject: 'News', TextPart: 'Hello' },
    }),
  );
  const templateArn = `${ARN}:templates/news/EMAIL`;
  await pinpoint().send(
    new TagResourceCommand({ ResourceArn: templateArn, TagsModel: { tags: { kind: 'news' } } }),
  );
  const template = (await pinpoint().send(new GetEmailTemplateCommand({ TemplateName: 'news' })))
    .EmailTemplateResponse!;
  assert.deepEqual(template.tags, { kind: 'news' });
  assert.equal(template.Subject, 'News');
  await pinpoint().send(new UntagResourceCommand({ ResourceArn: templateArn, TagKeys: ['kind'] }));
  assert.deepEqual(await list(templateArn), {});
});

test('an unknown resource is NotFoundException; text that is not a Pinpoint ARN is BadRequestException', async () => {
  for (const arn of [
    `${ARN}:apps/0123456789abcdef0123456789abcdef`,
    `${ARN}:apps/${appId}/campaigns/missing`,
    `${ARN}:templates/missing/EMAIL`,
    `${ARN}:templates/welcome/SMS`,
  ]) {
    const e = await fail(pinpoint().send(new ListTagsForResourceCommand({ ResourceArn: arn })));
    assert.deepEqual(e, { name: 'NotFoundException', message: 'Resource not found', status: 404 }, arn);
  }
  // Another account's resource is not the caller's to read: IAM denies it before anything is looked up.
  const other = await fail(
    pinpoint().send(
      new ListTagsForResourceCommand({
        ResourceArn: `arn:aws:mobiletargeting:us-east-1:111111111111:apps/${appId}`,
      }),
    ),
  );
  assert.equal(other.status, 403);
  const bad = await fail(
    pinpoint().send(new TagResourceCommand({ ResourceArn: 'not-an-arn', TagsModel: { tags: { a: 'b' } } })),
  );
  assert.equal(bad.name, 'BadRequestException');
});

test('tag limits: 50 per resource, keys up to 128, values up to 256, no aws: prefix; a refused request writes nothing', async () => {
  const { Id, Arn } = (
    await pinpoint().send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'limits' } }))
  ).ApplicationResponse!;
  const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, `v${i}`]));
  await pinpoint().send(new TagResourceCommand({ ResourceArn: Arn, TagsModel: { tags: fifty } }));
  assert.equal(Object.keys(await list(Arn!)).length, 50);
  // Replacing an existing key keeps the count at 50; one more key is refused.
  await pinpoint().send(new TagResourceCommand({ ResourceArn: Arn, TagsModel: { tags: { k0: 'new' } } }));
  const over = await fail(
    pinpoint().send(new TagResourceCommand({ ResourceArn: Arn, TagsModel: { tags: { k50: 'x' } } })),
  );
  assert.equal(over.name, 'BadRequestException');
  const after = await list(Arn!);
  assert.equal(Object.keys(after).length, 50);
  assert.equal(after.k0, 'new');

  const refused: Record<string, string>[] = [
    { ['k'.repeat(129)]: 'v' },
    { k: 'v'.repeat(257) },
    { 'aws:owner': 'me' },
    { k: 'a<b' },
  ];
  for (const tags of refused) {
    const e = await fail(pinpoint().send(new TagResourceCommand({ ResourceArn: Arn, TagsModel: { tags } })));
    assert.equal(e.name, 'BadRequestException', JSON.stringify(tags).slice(0, 40));
  }
  await pinpoint()
    .send(
      new TagResourceCommand({
        ResourceArn: Arn,
        TagsModel: { tags: { ['k'.repeat(128)]: 'v'.repeat(256) } },
      }),
    )
    .then(
      () => assert.fail('51 tags'),
      (e: Error) => assert.equal(e.name, 'BadRequestException'),
    );
  assert.equal(Object.keys(await list(Arn!)).length, 50, `app ${Id} keeps 50 tags`);
});

test('IAM: no policy is AccessDenied on the resource ARN; aws:RequestTag and aws:ResourceTag conditions decide', async () => {
  const nobody = await userWith('notags');
  const e = await fail(nobody.send(new ListTagsForResourceCommand({ ResourceArn: appArn })));
  assert.equal(e.status, 403);
  assert.match(e.message, new RegExp(`mobiletargeting:ListTagsForResource on resource: ${appArn}`));

  await pinpoint().send(
    new TagResourceCommand({ ResourceArn: appArn, TagsModel: { tags: { env: 'test' } } }),
  );
  const scoped = await userWith('tagger', {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'mobiletargeting:TagResource',
        Resource: `${ARN}:apps/*`,
        Condition: { StringEquals: { 'aws:RequestTag/color': 'blue', 'aws:ResourceTag/env': 'test' } },
      },
      {
        Effect: 'Allow',
        Action: 'mobiletargeting:UntagResource',
        Resource: '*',
        Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['color'] } },
      },
    ],
  });
  await scoped.send(new TagResourceCommand({ ResourceArn: appArn, TagsModel: { tags: { color: 'blue' } } }));
  const red = await fail(
    scoped.send(new TagResourceCommand({ ResourceArn: appArn, TagsModel: { tags: { color: 'red' } } })),
  );
  assert.equal(red.status, 403);
  await scoped.send(new UntagResourceCommand({ ResourceArn: appArn, TagKeys: ['color'] }));
  const envKey = await fail(scoped.send(new UntagResourceCommand({ ResourceArn: appArn, TagKeys: ['env'] })));
  assert.equal(envKey.status, 403);
  assert.deepEqual(await list(appArn), { env: 'test' });
});
