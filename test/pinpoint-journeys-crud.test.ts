/**
 * Journeys through @aws-sdk/client-pinpoint: CreateJourney (201), GetJourney, ListJourneys,
 * UpdateJourney, DeleteJourney (apireference/apps-application-id-journeys.html,
 * apps-application-id-journeys-journey-id.html); tags on the journey's ARN
 * (apireference/tags-resource-arn.html); NotFoundException for a missing app or journey; IAM on the
 * app's `journeys` resource and on the journey's ARN (list_amazonpinpoint.html).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DeleteJourneyCommand,
  GetJourneyCommand,
  ListJourneysCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateJourneyCommand,
} from '@aws-sdk/client-pinpoint';
import {
  ACCOUNT,
  createJourney,
  emailJourney,
  everyActivity,
  journeyApp,
  journeySetup,
  user,
  type JourneyApp,
} from './pinpoint-journeys-setup.js';
import { fail } from './support/failure.js';
import { startTestServer, type TestServer } from './support/server.js';
import { signedFetch } from './wire-fixtures.js';

let server: TestServer;
let app: JourneyApp;

before(async () => {
  server = await startTestServer();
  await journeySetup(server);
  app = await journeyApp(server, 'crud');
});
after(() => server.close());

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

test('CreateJourney answers 201 with every member as written plus Id, ApplicationId, dates, State DRAFT and tags; GetJourney returns the same', async () => {
  const written = everyActivity(app.segmentId);
  const out = await createJourney(server, app.appId, written);
  assert.equal(out.$metadata.httpStatusCode, 201);
  const j = out.JourneyResponse!;
  assert.match(j.Id!, /^[0-9a-f]{32}$/);
  assert.match(j.CreationDate!, ISO_MS);
  assert.equal(j.LastModifiedDate, j.CreationDate);
  assert.deepEqual(j, {
    ...written,
    Id: j.Id,
    ApplicationId: app.appId,
    CreationDate: j.CreationDate,
    LastModifiedDate: j.LastModifiedDate,
    State: 'DRAFT',
    tags: {},
  });
  const got = await server
    .pinpoint()
    .send(new GetJourneyCommand({ ApplicationId: app.appId, JourneyId: j.Id }));
  assert.deepEqual(got.JourneyResponse, j);
});

test('UpdateJourney replaces the settings: members left out are gone, Id and CreationDate stay, LastModifiedDate moves', async () => {
  const first = (await createJourney(server, app.appId, everyActivity(app.segmentId))).JourneyResponse!;
  await new Promise((r) => setTimeout(r, 5));
  const next = emailJourney(app.segmentId, { Name: 'renamed' });
  const out = await server
    .pinpoint()
    .send(
      new UpdateJourneyCommand({ ApplicationId: app.appId, JourneyId: first.Id, WriteJourneyRequest: next }),
    );
  const j = out.JourneyResponse!;
  assert.equal(out.$metadata.httpStatusCode, 200);
  assert.deepEqual(j, {
    ...next,
    Id: first.Id,
    ApplicationId: app.appId,
    CreationDate: first.CreationDate,
    LastModifiedDate: j.LastModifiedDate,
    State: 'DRAFT',
    tags: {},
  });
  assert.ok(j.LastModifiedDate! > first.CreationDate!, 'LastModifiedDate moved');
  assert.equal(j.Limits, undefined, 'a member the update left out is gone');
});

test('the CreationDate and LastModifiedDate a request writes are not taken: the service keeps its own', async () => {
  const j = (
    await createJourney(server, app.appId, {
      Name: 'dated',
      CreationDate: '2001-01-01T00:00:00.000Z',
      LastModifiedDate: '2001-01-02T00:00:00.000Z',
    })
  ).JourneyResponse!;
  assert.notEqual(j.CreationDate, '2001-01-01T00:00:00.000Z');
  assert.ok(Date.parse(j.CreationDate!) > Date.parse('2020-01-01T00:00:00Z'));
});

test('ListJourneys pages with page-size and token, every journey once', async () => {
  const { appId } = await journeyApp(server, 'paging');
  const ids = new Set<string>();
  for (let i = 0; i < 5; i++)
    ids.add((await createJourney(server, appId, { Name: `page-${i}` })).JourneyResponse!.Id!);
  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const out = await server
      .pinpoint()
      .send(new ListJourneysCommand({ ApplicationId: appId, PageSize: '2', Token: token }));
    const items = out.JourneysResponse!.Item!;
    assert.ok(items.length <= 2);
    seen.push(...items.map((j) => j.Id!));
    token = out.JourneysResponse!.NextToken;
    pages++;
  } while (token);
  assert.equal(pages, 3);
  assert.deepEqual(new Set(seen), ids);
  assert.equal(seen.length, 5);
  const all = await server.pinpoint().send(new ListJourneysCommand({ ApplicationId: appId }));
  assert.equal(all.JourneysResponse?.Item?.length, 5);
  assert.equal(all.JourneysResponse?.NextToken, undefined);
  const e = await fail(
    server.pinpoint().send(new ListJourneysCommand({ ApplicationId: appId, PageSize: '0' })),
  );
  assert.deepEqual(e, { name: 'BadRequestException', message: 'Invalid page-size: 0', status: 400 });
});

test('DeleteJourney answers the journey as it was; it is gone afterwards', async () => {
  const j = (await createJourney(server, app.appId, { Name: 'short-lived' })).JourneyResponse!;
  const out = await server
    .pinpoint()
    .send(new DeleteJourneyCommand({ ApplicationId: app.appId, JourneyId: j.Id }));
  assert.deepEqual(out.JourneyResponse, j);
  const e = await fail(
    server.pinpoint().send(new GetJourneyCommand({ ApplicationId: app.appId, JourneyId: j.Id })),
  );
  assert.deepEqual(e, { name: 'NotFoundException', message: 'Resource not found', status: 404 });
});

test('404: a missing app ("Application not found") and a missing journey ("Resource not found") for every operation', async () => {
  const missingApp = 'f'.repeat(32);
  const e = await fail(createJourney(server, missingApp, { Name: 'x' }));
  assert.deepEqual(e, { name: 'NotFoundException', message: 'Application not found', status: 404 });
  const l = await fail(server.pinpoint().send(new ListJourneysCommand({ ApplicationId: missingApp })));
  assert.equal(l.message, 'Application not found');
  const ids = { ApplicationId: app.appId, JourneyId: 'e'.repeat(32) };
  for (const call of [
    () => server.pinpoint().send(new GetJourneyCommand(ids)),
    () => server.pinpoint().send(new UpdateJourneyCommand({ ...ids, WriteJourneyRequest: { Name: 'x' } })),
    () => server.pinpoint().send(new DeleteJourneyCommand(ids)),
  ])
    assert.deepEqual(await fail(call()), {
      name: 'NotFoundException',
      message: 'Resource not found',
      status: 404,
    });
});

test('tags on the journey ARN: TagResource, ListTagsForResource, UntagResource; GetJourney shows them', async () => {
  const j = (await createJourney(server, app.appId, { Name: 'tagged' })).JourneyResponse!;
  const arn = `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${app.appId}/journeys/${j.Id}`;
  const tagged = await server
    .pinpoint()
    .send(
      new TagResourceCommand({ ResourceArn: arn, TagsModel: { tags: { team: 'growth', tier: 'gold' } } }),
    );
  assert.equal(tagged.$metadata.httpStatusCode, 204);
  const listed = await server.pinpoint().send(new ListTagsForResourceCommand({ ResourceArn: arn }));
  assert.deepEqual(listed.TagsModel?.tags, { team: 'growth', tier: 'gold' });
  await server.pinpoint().send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['tier'] }));
  const got = await server
    .pinpoint()
    .send(new GetJourneyCommand({ ApplicationId: app.appId, JourneyId: j.Id }));
  assert.deepEqual(got.JourneyResponse?.tags, { team: 'growth' });
  assert.equal(got.JourneyResponse?.Name, 'tagged', 'tagging leaves the rest of the journey as it was');
  const missing = await fail(
    server
      .pinpoint()
      .send(new ListTagsForResourceCommand({ ResourceArn: `${arn.slice(0, -32)}${'0'.repeat(32)}` })),
  );
  assert.equal(missing.status, 404);
});

test('IAM: a user allowed only GetJourney on one journey ARN reads it, and is denied CreateJourney with AWS text', async () => {
  const mine = (await createJourney(server, app.appId, { Name: 'mine' })).JourneyResponse!;
  const other = (await createJourney(server, app.appId, { Name: 'other' })).JourneyResponse!;
  const journeyArn = (id: string) =>
    `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${app.appId}/journeys/${id}`;
  const creds = await user(server, 'onejourney', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:GetJourney', Resource: journeyArn(mine.Id!) }],
  });
  const ok = await server
    .pinpoint(creds)
    .send(new GetJourneyCommand({ ApplicationId: app.appId, JourneyId: mine.Id }));
  assert.equal(ok.JourneyResponse?.Id, mine.Id);
  const g = await fail(
    server.pinpoint(creds).send(new GetJourneyCommand({ ApplicationId: app.appId, JourneyId: other.Id })),
  );
  assert.deepEqual(g, {
    name: 'AccessDeniedException',
    message: `User: arn:aws:iam::${ACCOUNT}:user/onejourney is not authorized to perform: mobiletargeting:GetJourney on resource: ${journeyArn(other.Id!)} because no identity-based policy allows the mobiletargeting:GetJourney action`,
    status: 403,
  });
  const before = (await server.pinpoint().send(new ListJourneysCommand({ ApplicationId: app.appId })))
    .JourneysResponse!.Item!.length;
  const e = await fail(createJourney(server, app.appId, { Name: 'denied' }, creds));
  assert.equal(e.status, 403);
  assert.equal(
    e.message,
    `User: arn:aws:iam::${ACCOUNT}:user/onejourney is not authorized to perform: mobiletargeting:CreateJourney on resource: arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${app.appId}/journeys because no identity-based policy allows the mobiletargeting:CreateJourney action`,
  );
  const after = (await server.pinpoint().send(new ListJourneysCommand({ ApplicationId: app.appId })))
    .JourneysResponse!.Item!.length;
  assert.equal(after, before, 'nothing was written');
});

test('IAM: CreateJourney allowed on the journeys resource; a passed role needs iam:PassRole; tags in the body are ignored', async () => {
  const journeys = `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${app.appId}/journeys`;
  const creds = await user(server, 'creator', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:CreateJourney', Resource: journeys }],
  });
  const created = await createJourney(server, app.appId, { Name: 'by-creator' }, creds);
  assert.equal(created.$metadata.httpStatusCode, 201);
  const role = await fail(
    createJourney(
      server,
      app.appId,
      {
        Name: 'connect',
        JourneyChannelSettings: { ConnectCampaignExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/connect` },
      },
      creds,
    ),
  );
  assert.match(
    role.message,
    /not authorized to perform: iam:PassRole on resource: arn:aws:iam::000000000000:role\/connect/,
  );
  // WriteJourneyRequest has no `tags` member (pinpoint/2016-12-01; the request body of
  // apireference/apps-application-id-journeys.html): a raw request's tags are ignored like any member
  // the model lacks, so they need no TagResource and tag nothing (TagResource tags a journey).
  const raw = await signedFetch(
    server.url,
    {
      method: 'POST',
      path: `/v1/apps/${app.appId}/journeys`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Name: 'raw-tags', tags: { a: 'b' } }),
    },
    { ...creds, service: 'mobiletargeting' },
  );
  assert.equal(raw.status, 201, raw.text);
  const body = JSON.parse(raw.text) as { Id: string; tags: object };
  assert.deepEqual(body.tags, {});
  const listed = await server
    .pinpoint()
    .send(new ListTagsForResourceCommand({ ResourceArn: `${journeys}/${body.Id}` }));
  assert.deepEqual(listed.TagsModel?.tags, {});
});
