/**
 * STS GetFederationToken (API_GetFederationToken.html) through @aws-sdk/client-sts against a whole
 * server: a federated user's ARN and id, its credentials used against Pinpost with the
 * intersection of the calling user's and the session's policies — nothing without a session
 * policy (id_credentials_temp_control-access_getfederationtoken.html) — and the refusals.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
} from '@aws-sdk/client-sts';
import { fail } from './support/failure.js';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';

const ACCOUNT = '000000000000';
let server: TestServer;
let alice: Credentials;

const policy = (actions: string[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

const sessionOf = (c: {
  AccessKeyId?: string;
  SecretAccessKey?: string;
  SessionToken?: string;
}): Credentials => ({
  accessKeyId: c.AccessKeyId!,
  secretAccessKey: c.SecretAccessKey!,
  sessionToken: c.SessionToken!,
});

before(async () => {
  server = await startTestServer();
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'alice',
      PolicyName: 'p',
      PolicyDocument: policy(['sts:GetFederationToken', 'iam:ListUsers', 'iam:ListRoles']),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
  alice = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
});
after(() => server.close());

describe('GetFederationToken', () => {
  it('issues a federated user whose permissions are the user’s and the session policy’s intersection', async () => {
    const out = await server
      .sts(alice)
      .send(
        new GetFederationTokenCommand({ Name: 'bob', Policy: policy(['iam:ListUsers', 'iam:CreateUser']) }),
      );
    assert.equal(out.FederatedUser?.Arn, `arn:aws:sts::${ACCOUNT}:federated-user/bob`);
    assert.equal(out.FederatedUser?.FederatedUserId, `${ACCOUNT}:bob`);
    assert.equal(typeof out.PackedPolicySize, 'number');
    const bob = sessionOf(out.Credentials!);
    const me = await server.sts(bob).send(new GetCallerIdentityCommand({}));
    assert.deepEqual(
      [me.Arn, me.UserId, me.Account],
      [`arn:aws:sts::${ACCOUNT}:federated-user/bob`, `${ACCOUNT}:bob`, ACCOUNT],
    );
    // Both allow ListUsers.
    await server.iam(bob).send(new ListUsersCommand({}));
    // The user allows ListRoles, the session policy does not.
    const roles = await fail(server.iam(bob).send(new ListRolesCommand({})));
    assert.equal(roles.name, 'AccessDenied');
    // The session policy allows CreateUser, the user does not.
    const create = await fail(server.iam(bob).send(new CreateUserCommand({ UserName: 'mallory' })));
    assert.equal(create.name, 'AccessDenied');
  });

  it('has no permissions without a session policy', async () => {
    const out = await server.sts(alice).send(new GetFederationTokenCommand({ Name: 'nopolicy' }));
    assert.equal(out.PackedPolicySize, undefined);
    const f = await fail(server.iam(sessionOf(out.Credentials!)).send(new ListUsersCommand({})));
    assert.equal(f.name, 'AccessDenied');
  });

  it('is authorized as sts:GetFederationToken on the federated user', async () => {
    const iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }))).AccessKey!;
    const carol = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const f = await fail(server.sts(carol).send(new GetFederationTokenCommand({ Name: 'dave' })));
    assert.equal(f.name, 'AccessDenied');
    assert.match(
      f.message,
      /user\/carol is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::000000000000:federated-user\/dave/,
    );
  });

  it('refuses session credentials and a bad session policy', async () => {
    const session = await server.sts(alice).send(new GetSessionTokenCommand({}));
    const f = await fail(
      server.sts(sessionOf(session.Credentials!)).send(new GetFederationTokenCommand({ Name: 'eve' })),
    );
    assert.deepEqual(
      [f.name, f.message],
      ['AccessDenied', 'Cannot call GetFederationToken with session credentials'],
    );
    const bad = await fail(
      server
        .sts(alice)
        .send(new GetFederationTokenCommand({ Name: 'eve', Policy: '{"Statement":[{"Effect":"Maybe"}]}' })),
    );
    assert.equal(bad.name, 'MalformedPolicyDocumentException');
    const shortName = await fail(server.sts(alice).send(new GetFederationTokenCommand({ Name: 'e' })));
    assert.equal(shortName.name, 'ValidationError');
  });

  it('gives the root user an hour at most', async () => {
    const out = await server.sts().send(
      new GetFederationTokenCommand({
        Name: 'rooted',
        DurationSeconds: 7200,
        Policy: policy(['iam:ListUsers']),
      }),
    );
    const seconds = (out.Credentials!.Expiration!.getTime() - Date.now()) / 1000;
    assert.ok(seconds <= 3600 && seconds > 3000, `expires in ${seconds}s`);
    await server.iam(sessionOf(out.Credentials!)).send(new ListUsersCommand({}));
    const f = await fail(server.iam(sessionOf(out.Credentials!)).send(new ListRolesCommand({})));
    assert.equal(f.name, 'AccessDenied');
  });
});
