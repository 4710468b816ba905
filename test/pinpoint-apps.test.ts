/**
 * Pinpoint apps through @aws-sdk/client-pinpoint: CreateApp (201), GetApp, GetApps (PageSize and
 * Token), DeleteApp, NotFoundException for a missing app, and an IAM user without mobiletargeting
 * permissions denied (apireference/apps.html, apps-application-id.html).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAppCommand,
  DeleteAppCommand,
  GetAppCommand,
  GetAppsCommand,
  PinpointClient,
} from '@aws-sdk/client-pinpoint';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
});

const pinpoint = (credentials: Credentials = { accessKeyId: 'test', secretAccessKey: 'test' }) =>
  new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });

test('CreateApp answers 201 with a 32-hex Id, the app ARN, Name, tags and CreationDate', async () => {
  const out = await pinpoint().send(
    new CreateAppCommand({ CreateApplicationRequest: { Name: 'seed', tags: { team: 'mail' } } }),
  );
  assert.equal(out.$metadata.httpStatusCode, 201);
  const app = out.ApplicationResponse!;
  assert.match(app.Id!, /^[0-9a-f]{32}$/);
  assert.equal(app.Arn, `arn:aws:mobiletargeting:us-east-1:000000000000:apps/${app.Id}`);
  assert.equal(app.Name, 'seed');
  assert.deepEqual(app.tags, { team: 'mail' });
  assert.ok(!Number.isNaN(Date.parse(app.CreationDate!)));

  const got = await pinpoint().send(new GetAppCommand({ ApplicationId: app.Id }));
  assert.deepEqual(got.ApplicationResponse, app);
});

test('CreateApp without a Name is a BadRequestException', async () => {
  const e = await fail(pinpoint().send(new CreateAppCommand({ CreateApplicationRequest: {} as never })));
  assert.equal(e.name, 'BadRequestException');
  assert.equal(e.status, 400);
});

test('GetApps pages with PageSize and Token and lists every app once', async () => {
  const ids = new Set<string>();
  for (const n of ['a', 'b', 'c']) {
    const out = await pinpoint().send(new CreateAppCommand({ CreateApplicationRequest: { Name: n } }));
    ids.add(out.ApplicationResponse!.Id!);
  }
  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const out = await pinpoint().send(new GetAppsCommand({ PageSize: '2', Token: token }));
    const items = out.ApplicationsResponse!.Item!;
    assert.ok(items.length <= 2);
    seen.push(...items.map((a) => a.Id!));
    token = out.ApplicationsResponse!.NextToken;
    pages++;
  } while (token);
  assert.equal(new Set(seen).size, seen.length, 'no app twice');
  for (const id of ids) assert.ok(seen.includes(id), `${id} listed`);
  assert.ok(pages >= 2);
  const all = await pinpoint().send(new GetAppsCommand({}));
  assert.equal(all.ApplicationsResponse!.Item!.length, seen.length);
  assert.equal(all.ApplicationsResponse!.NextToken, undefined);
});

test('DeleteApp answers the app it deleted; then GetApp and DeleteApp are NotFoundException 404', async () => {
  const app = (await pinpoint().send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'gone' } })))
    .ApplicationResponse!;
  const out = await pinpoint().send(new DeleteAppCommand({ ApplicationId: app.Id }));
  assert.deepEqual(out.ApplicationResponse, app);
  // One call at a time: a second call started beside the first could reject before it is awaited.
  for (const call of [
    () => pinpoint().send(new GetAppCommand({ ApplicationId: app.Id })),
    () => pinpoint().send(new DeleteAppCommand({ ApplicationId: app.Id })),
  ]) {
    const e = await fail(call());
    assert.deepEqual(e, { name: 'NotFoundException', message: 'Application not found', status: 404 });
  }
});

test('an IAM user without mobiletargeting permissions is denied with AWS AccessDenied text', async () => {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'nopinpoint' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'nopinpoint' }))).AccessKey!;
  const user = pinpoint({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });

  const list = await fail(user.send(new GetAppsCommand({})));
  assert.equal(list.status, 403);
  assert.equal(list.name, 'AccessDeniedException');
  assert.match(
    list.message,
    /^User: arn:aws:iam::000000000000:user\/nopinpoint is not authorized to perform: mobiletargeting:GetApps on resource: arn:aws:mobiletargeting:us-east-1:000000000000:\*/,
  );
  const create = await fail(user.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'x' } })));
  assert.match(
    create.message,
    /not authorized to perform: mobiletargeting:CreateApp on resource: arn:aws:mobiletargeting:us-east-1:000000000000:apps\/\*/,
  );

  // Allowed CreateApp but not TagResource: creating with tags is denied on the TagResource action.
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'nopinpoint',
      PolicyName: 'create',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:CreateApp', Resource: '*' }],
      }),
    }),
  );
  const made = await user.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'plain' } }));
  assert.equal(made.$metadata.httpStatusCode, 201);
  const tagged = await fail(
    user.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 't', tags: { a: 'b' } } })),
  );
  assert.equal(tagged.status, 403);
  assert.match(tagged.message, /not authorized to perform: mobiletargeting:TagResource/);
});
