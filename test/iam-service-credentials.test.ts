/**
 * Service-specific credentials through @aws-sdk/client-iam (API_CreateServiceSpecificCredential.html
 * and its siblings): CodeCommit and Keyspaces credentials with a generated user name
 * `<user>-at-<account>` and password, Bedrock API keys with an alias, secret and expiration,
 * listing (one user, one service, all users, paged), reset (a new secret), status updates,
 * deletion and read-after-delete NoSuchEntity, the per-user-per-service quota of two, unsupported
 * services (NotSupportedService), DeleteUser refused while a credential exists, a renamed user
 * keeping its credentials, and authorization on the user's ARN.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteUserCommand,
  ListServiceSpecificCredentialsCommand,
  PutUserPolicyCommand,
  ResetServiceSpecificCredentialCommand,
  UpdateServiceSpecificCredentialCommand,
  UpdateUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let iam: IAMClient;
const ACCOUNT = '000000000000';

before(async () => {
  server = await startTestServer();
  iam = server.iam();
});
after(async () => {
  await server.close();
});

async function failure(
  fn: () => Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await fn();
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

const create = (UserName: string, ServiceName: string, CredentialAgeDays?: number) =>
  iam.send(new CreateServiceSpecificCredentialCommand({ UserName, ServiceName, CredentialAgeDays }));

describe('service-specific credentials', () => {
  it('creates a CodeCommit credential with a generated user name and password, lists, resets, updates and deletes it', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'git-user' }));
    const { ServiceSpecificCredential: c } = await create('git-user', 'codecommit.amazonaws.com');
    assert.ok(c);
    assert.match(c.ServiceSpecificCredentialId!, /^ACCA[A-Z2-7]{17}$/);
    assert.equal(c.ServiceUserName, `git-user-at-${ACCOUNT}`);
    assert.match(c.ServicePassword!, /^[A-Za-z0-9+/=]{44}$/);
    assert.equal(c.ServiceCredentialAlias, undefined);
    assert.equal(c.Status, 'Active');
    assert.equal(c.UserName, 'git-user');
    assert.equal(c.ServiceName, 'codecommit.amazonaws.com');
    assert.ok(c.CreateDate instanceof Date);

    const listed = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'git-user' }));
    assert.deepEqual(
      listed.ServiceSpecificCredentials?.map((x) => [
        x.ServiceSpecificCredentialId,
        x.ServiceUserName,
        x.Status,
      ]),
      [[c.ServiceSpecificCredentialId, `git-user-at-${ACCOUNT}`, 'Active']],
    );
    assert.equal(listed.IsTruncated, false);
    // The listing never shows the password.
    assert.equal(
      (listed.ServiceSpecificCredentials![0] as unknown as Record<string, unknown>)['ServicePassword'],
      undefined,
    );

    const reset = await iam.send(
      new ResetServiceSpecificCredentialCommand({
        UserName: 'git-user',
        ServiceSpecificCredentialId: c.ServiceSpecificCredentialId,
      }),
    );
    assert.equal(reset.ServiceSpecificCredential?.ServiceSpecificCredentialId, c.ServiceSpecificCredentialId);
    assert.equal(reset.ServiceSpecificCredential?.ServiceUserName, `git-user-at-${ACCOUNT}`);
    assert.match(reset.ServiceSpecificCredential!.ServicePassword!, /^[A-Za-z0-9+/=]{44}$/);
    assert.notEqual(reset.ServiceSpecificCredential!.ServicePassword, c.ServicePassword);

    await iam.send(
      new UpdateServiceSpecificCredentialCommand({
        UserName: 'git-user',
        ServiceSpecificCredentialId: c.ServiceSpecificCredentialId,
        Status: 'Inactive',
      }),
    );
    const after = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'git-user' }));
    assert.equal(after.ServiceSpecificCredentials?.[0]?.Status, 'Inactive');

    await iam.send(
      new DeleteServiceSpecificCredentialCommand({
        UserName: 'git-user',
        ServiceSpecificCredentialId: c.ServiceSpecificCredentialId,
      }),
    );
    const gone = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'git-user' }));
    assert.deepEqual(gone.ServiceSpecificCredentials, []);
    for (const call of [
      () =>
        iam.send(
          new DeleteServiceSpecificCredentialCommand({
            UserName: 'git-user',
            ServiceSpecificCredentialId: c.ServiceSpecificCredentialId,
          }),
        ),
      () =>
        iam.send(
          new ResetServiceSpecificCredentialCommand({
            UserName: 'git-user',
            ServiceSpecificCredentialId: c.ServiceSpecificCredentialId,
          }),
        ),
      () =>
        iam.send(
          new UpdateServiceSpecificCredentialCommand({
            UserName: 'git-user',
            ServiceSpecificCredentialId: c.ServiceSpecificCredentialId,
            Status: 'Active',
          }),
        ),
    ]) {
      const err = await failure(call);
      assert.equal(err.name, 'NoSuchEntityException');
      assert.equal(err.status, 404);
    }
    await iam.send(new DeleteUserCommand({ UserName: 'git-user' }));
  });

  it('creates a Bedrock API key with an alias, a secret and an expiration date', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'ml' }));
    const { ServiceSpecificCredential: k } = await create('ml', 'bedrock.amazonaws.com', 30);
    assert.equal(k?.ServiceCredentialAlias, `ml-at-${ACCOUNT}`);
    assert.match(k!.ServiceCredentialSecret!, /^ABSK[A-Za-z0-9+/=]+$/);
    assert.equal(k?.ServiceUserName, undefined);
    assert.equal(k?.ServicePassword, undefined);
    assert.equal(k!.ExpirationDate!.getTime() - k!.CreateDate!.getTime(), 30 * 24 * 3600 * 1000);
    const listed = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'ml' }));
    assert.equal(listed.ServiceSpecificCredentials?.[0]?.ServiceCredentialAlias, `ml-at-${ACCOUNT}`);
    assert.equal(
      listed.ServiceSpecificCredentials?.[0]?.ExpirationDate?.getTime(),
      k!.ExpirationDate!.getTime(),
    );
    // CredentialAgeDays is only for Bedrock and CloudWatch Logs keys (the model's documentation).
    const err = await failure(() => create('ml', 'codecommit.amazonaws.com', 30));
    assert.equal(err.name, 'InvalidInputException');
    assert.equal(
      (await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'ml' })))
        .ServiceSpecificCredentials?.length,
      1,
    );
  });

  it('allows two credentials per user and service, refuses a third and unsupported services', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'quota' }));
    await create('quota', 'codecommit.amazonaws.com');
    await create('quota', 'codecommit.amazonaws.com');
    const third = await failure(() => create('quota', 'codecommit.amazonaws.com'));
    assert.equal(third.name, 'LimitExceededException');
    assert.equal(third.status, 409);
    // Another service has its own two.
    await create('quota', 'cassandra.amazonaws.com');
    const unsupported = await failure(() => create('quota', 's3.amazonaws.com'));
    assert.equal(unsupported.name, 'ServiceNotSupportedException');
    assert.equal(unsupported.status, 404);
    const listed = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'quota' }));
    assert.equal(listed.ServiceSpecificCredentials?.length, 3);
    const codecommit = await iam.send(
      new ListServiceSpecificCredentialsCommand({
        UserName: 'quota',
        ServiceName: 'codecommit.amazonaws.com',
      }),
    );
    assert.equal(codecommit.ServiceSpecificCredentials?.length, 2);
    const missing = await failure(() => create('nobody-here', 'codecommit.amazonaws.com'));
    assert.equal(missing.name, 'NoSuchEntityException');
  });

  it('pages with MaxItems and Marker, and lists every user with AllUsers', async () => {
    const pages: string[][] = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(
        new ListServiceSpecificCredentialsCommand({ UserName: 'quota', MaxItems: 2, Marker: marker }),
      );
      pages.push(page.ServiceSpecificCredentials!.map((c) => c.ServiceSpecificCredentialId!));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    assert.deepEqual(
      pages.map((p) => p.length),
      [2, 1],
    );
    const all = await iam.send(
      new ListServiceSpecificCredentialsCommand({ AllUsers: true, ServiceName: 'codecommit.amazonaws.com' }),
    );
    assert.deepEqual([...new Set(all.ServiceSpecificCredentials?.map((c) => c.UserName))].sort(), ['quota']);
    const both = await failure(() =>
      iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, UserName: 'quota' })),
    );
    assert.equal(both.name, 'InvalidInputException');
  });

  it('refuses DeleteUser while a credential exists; a renamed user keeps its credentials', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'keeper' }));
    const { ServiceSpecificCredential: c } = await create('keeper', 'codecommit.amazonaws.com');
    const conflict = await failure(() => iam.send(new DeleteUserCommand({ UserName: 'keeper' })));
    assert.equal(conflict.name, 'DeleteConflictException');
    assert.equal(conflict.status, 409);
    await iam.send(new UpdateUserCommand({ UserName: 'keeper', NewUserName: 'keeper2' }));
    const listed = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'keeper2' }));
    assert.equal(
      listed.ServiceSpecificCredentials?.[0]?.ServiceSpecificCredentialId,
      c!.ServiceSpecificCredentialId,
    );
    assert.equal(listed.ServiceSpecificCredentials?.[0]?.UserName, 'keeper2');
    await iam.send(
      new DeleteServiceSpecificCredentialCommand({
        UserName: 'keeper2',
        ServiceSpecificCredentialId: c!.ServiceSpecificCredentialId,
      }),
    );
    await iam.send(new DeleteUserCommand({ UserName: 'keeper2' }));
  });

  it("authorizes on the user's ARN; without UserName a user acts on its own credentials", async () => {
    await iam.send(new CreateUserCommand({ UserName: 'dev' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }));
    const dev = server.iam({
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    });
    const denied = await failure(() =>
      dev.send(
        new CreateServiceSpecificCredentialCommand({
          UserName: 'dev',
          ServiceName: 'codecommit.amazonaws.com',
        }),
      ),
    );
    assert.equal(denied.name, 'AccessDenied');
    assert.match(
      denied.message,
      new RegExp(`iam:CreateServiceSpecificCredential on resource: arn:aws:iam::${ACCOUNT}:user/dev`),
    );
    assert.deepEqual(
      (await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'dev' })))
        .ServiceSpecificCredentials,
      [],
    );
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'dev',
        PolicyName: 'own',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['iam:*ServiceSpecificCredential*'],
              Resource: `arn:aws:iam::${ACCOUNT}:user/dev`,
            },
          ],
        }),
      }),
    );
    const mine = await dev.send(
      new CreateServiceSpecificCredentialCommand({
        UserName: 'dev',
        ServiceName: 'codecommit.amazonaws.com',
      }),
    );
    const listed = await dev.send(new ListServiceSpecificCredentialsCommand({}));
    assert.deepEqual(
      listed.ServiceSpecificCredentials?.map((c) => c.ServiceSpecificCredentialId),
      [mine.ServiceSpecificCredential!.ServiceSpecificCredentialId],
    );
    const other = await failure(() =>
      dev.send(new ListServiceSpecificCredentialsCommand({ UserName: 'quota' })),
    );
    assert.equal(other.name, 'AccessDenied');
  });
});
