/**
 * The email channel through @aws-sdk/client-pinpoint: Update/Get/DeleteEmailChannel with the fields
 * AWS answers (apireference/apps-application-id-channels-email.html), an identity that must exist
 * and be verified in SES, and iam:PassRole (iam:PassedToService = mobiletargeting.amazonaws.com, list_pinpoint.html) on each
 * role the request passes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAppCommand,
  DeleteAppCommand,
  DeleteEmailChannelCommand,
  GetEmailChannelCommand,
  PinpointClient,
  UpdateEmailChannelCommand,
  type EmailChannelRequest,
} from '@aws-sdk/client-pinpoint';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

const ROOT = { accessKeyId: 'test', secretAccessKey: 'test' };
const IDENTITY = 'arn:aws:ses:us-east-1:000000000000:identity/example.com';
const ROLE = 'arn:aws:iam::000000000000:role/PinpointSES';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

const client = (server: TestServer, credentials: Credentials = ROOT) =>
  new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });

const newApp = async (server: TestServer) =>
  (await client(server).send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'mail' } })))
    .ApplicationResponse!.Id!;

describe('with verified identities', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
    await server
      .iam()
      .send(new CreateRoleCommand({ RoleName: 'PinpointSES', AssumeRolePolicyDocument: TRUST }));
  });
  after(async () => {
    await server.close();
  });

  test('UpdateEmailChannel stores the channel and answers what AWS answers; Get returns it; Version grows', async () => {
    const appId = await newApp(server);
    const request: EmailChannelRequest = {
      FromAddress: 'sender@example.com',
      Identity: IDENTITY,
      OrchestrationSendingRoleArn: ROLE,
      ConfigurationSet: 'tracking',
      Enabled: true,
    };
    const out = await client(server).send(
      new UpdateEmailChannelCommand({ ApplicationId: appId, EmailChannelRequest: request }),
    );
    assert.equal(out.$metadata.httpStatusCode, 200);
    const ch = out.EmailChannelResponse!;
    assert.equal(ch.ApplicationId, appId);
    assert.equal(ch.Platform, 'EMAIL');
    assert.equal(ch.Id, 'email');
    assert.equal(ch.FromAddress, 'sender@example.com');
    assert.equal(ch.Identity, IDENTITY);
    assert.equal(ch.OrchestrationSendingRoleArn, ROLE);
    assert.equal(ch.RoleArn, undefined);
    assert.equal(ch.ConfigurationSet, 'tracking');
    assert.equal(ch.Enabled, true);
    assert.equal(ch.IsArchived, false);
    assert.equal(ch.HasCredential, false);
    assert.equal(ch.Version, 1);
    assert.equal(typeof ch.MessagesPerSecond, 'number');
    assert.ok(ch.MessagesPerSecond! >= 1);
    assert.ok(!Number.isNaN(Date.parse(ch.CreationDate!)));
    assert.ok(!Number.isNaN(Date.parse(ch.LastModifiedDate!)));

    const got = await client(server).send(new GetEmailChannelCommand({ ApplicationId: appId }));
    assert.deepEqual(got.EmailChannelResponse, ch);

    const again = await client(server).send(
      new UpdateEmailChannelCommand({
        ApplicationId: appId,
        EmailChannelRequest: { ...request, Enabled: false, RoleArn: ROLE },
      }),
    );
    assert.equal(again.EmailChannelResponse!.Version, 2);
    assert.equal(again.EmailChannelResponse!.Enabled, false);
    assert.equal(again.EmailChannelResponse!.RoleArn, ROLE);
    assert.equal(again.EmailChannelResponse!.CreationDate, ch.CreationDate);
  });

  test('DeleteEmailChannel answers the channel; then Get and Delete are NotFoundException', async () => {
    const appId = await newApp(server);
    await client(server).send(
      new UpdateEmailChannelCommand({
        ApplicationId: appId,
        EmailChannelRequest: { FromAddress: 'a@example.com', Identity: IDENTITY },
      }),
    );
    const out = await client(server).send(new DeleteEmailChannelCommand({ ApplicationId: appId }));
    assert.equal(out.EmailChannelResponse!.FromAddress, 'a@example.com');
    assert.equal(out.EmailChannelResponse!.Enabled, true);
    // One call at a time: a second call started beside the first could reject before it is awaited.
    for (const call of [
      () => client(server).send(new GetEmailChannelCommand({ ApplicationId: appId })),
      () => client(server).send(new DeleteEmailChannelCommand({ ApplicationId: appId })),
    ]) {
      assert.deepEqual(await fail(call()), {
        name: 'NotFoundException',
        message: 'Resource not found',
        status: 404,
      });
    }
  });

  test('the channel of a missing app, and the channel of a deleted app, are NotFoundException', async () => {
    const missing = await fail(
      client(server).send(new GetEmailChannelCommand({ ApplicationId: '0123456789abcdef0123456789abcdef' })),
    );
    assert.deepEqual(missing, { name: 'NotFoundException', message: 'Application not found', status: 404 });
    const appId = await newApp(server);
    await client(server).send(
      new UpdateEmailChannelCommand({
        ApplicationId: appId,
        EmailChannelRequest: { FromAddress: 'a@example.com', Identity: IDENTITY },
      }),
    );
    await client(server).send(new DeleteAppCommand({ ApplicationId: appId }));
    const gone = await fail(client(server).send(new GetEmailChannelCommand({ ApplicationId: appId })));
    assert.equal(gone.message, 'Application not found');
  });

  test('an identity SES does not have, or a non-ARN identity, is a BadRequestException and writes nothing', async () => {
    const appId = await newApp(server);
    for (const Identity of ['arn:aws:ses:us-east-1:000000000000:identity/other.example', 'example.com']) {
      const e = await fail(
        client(server).send(
          new UpdateEmailChannelCommand({
            ApplicationId: appId,
            EmailChannelRequest: { FromAddress: 'a@other.example', Identity },
          }),
        ),
      );
      assert.equal(e.name, 'BadRequestException');
      assert.equal(e.status, 400);
    }
    const none = await fail(client(server).send(new GetEmailChannelCommand({ ApplicationId: appId })));
    assert.equal(none.name, 'NotFoundException');
  });

  test('a caller without iam:PassRole on the role, or with PassRole for another service, is denied; with it, allowed', async () => {
    const iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: 'channeler' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'channeler' }))).AccessKey!;
    const user = client(server, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const allow = (Statement: object[]) =>
      iam.send(
        new PutUserPolicyCommand({
          UserName: 'channeler',
          PolicyName: 'p',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement }),
        }),
      );
    const pinpointAll = { Effect: 'Allow', Action: 'mobiletargeting:*', Resource: '*' };
    const passRoleTo = (service: string) => ({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: ROLE,
      Condition: { StringEquals: { 'iam:PassedToService': service } },
    });
    await allow([pinpointAll]);
    const appId = (await user.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'u' } })))
      .ApplicationResponse!.Id!;
    const update = (extra: Partial<EmailChannelRequest>) =>
      user.send(
        new UpdateEmailChannelCommand({
          ApplicationId: appId,
          EmailChannelRequest: { FromAddress: 'a@example.com', Identity: IDENTITY, ...extra },
        }),
      );

    const denied = await fail(update({ OrchestrationSendingRoleArn: ROLE }));
    assert.equal(denied.status, 403);
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(
      denied.message,
      /^User: arn:aws:iam::000000000000:user\/channeler is not authorized to perform: iam:PassRole on resource: arn:aws:iam::000000000000:role\/PinpointSES/,
    );
    assert.equal(
      (await fail(user.send(new GetEmailChannelCommand({ ApplicationId: appId })))).name,
      'NotFoundException',
      'nothing written on denial',
    );
    // RoleArn is passed too, and checked the same way.
    assert.equal((await fail(update({ RoleArn: ROLE }))).status, 403);

    await allow([pinpointAll, passRoleTo('ses.amazonaws.com')]);
    assert.match((await fail(update({ OrchestrationSendingRoleArn: ROLE }))).message, /iam:PassRole/);

    // The assuming principal is not the value: list_pinpoint.html gives mobiletargeting.amazonaws.com.
    await allow([pinpointAll, passRoleTo('pinpoint.amazonaws.com')]);
    assert.match((await fail(update({ OrchestrationSendingRoleArn: ROLE }))).message, /iam:PassRole/);

    await allow([pinpointAll, passRoleTo('mobiletargeting.amazonaws.com')]);
    const ok = await update({ OrchestrationSendingRoleArn: ROLE, RoleArn: ROLE });
    assert.equal(ok.EmailChannelResponse!.OrchestrationSendingRoleArn, ROLE);
    // Without a role to pass, no PassRole permission is needed.
    await allow([pinpointAll]);
    const plain = await update({});
    assert.equal(plain.EmailChannelResponse!.OrchestrationSendingRoleArn, undefined);
  });
});

describe('with identities verified by email', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ sesVerification: 'email' });
    await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'pending@example.com' }));
  });
  after(async () => {
    await server.close();
  });

  test('an identity not yet verified is refused with BadRequestException', async () => {
    const appId = await newApp(server);
    const e = await fail(
      client(server).send(
        new UpdateEmailChannelCommand({
          ApplicationId: appId,
          EmailChannelRequest: {
            FromAddress: 'pending@example.com',
            Identity: 'arn:aws:ses:us-east-1:000000000000:identity/pending@example.com',
          },
        }),
      ),
    );
    assert.equal(e.name, 'BadRequestException');
    assert.equal(e.status, 400);
    assert.match(e.message, /not verified/);
  });
});
