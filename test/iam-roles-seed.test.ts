/**
 * The seed's authorization rule through a real IAM user (pinpoint/latest/developerguide/permissions-ses.html:
 * whoever creates or updates the role needs iam:PutRolePolicy and iam:UpdateAssumeRolePolicy), and
 * the condition keys the Service Authorization Reference lists for these actions
 * (list_awsidentityandaccessmanagementiam.html), each decided by the real policy engine.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRolePolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { seedPermissionsPolicy, seedTrustPolicy } from './fixtures/seed-policies.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let root: IAMClient;
const ACCOUNT = '000000000000';
const SEED = seedPermissionsPolicy(ACCOUNT);
const TRUST = seedTrustPolicy(ACCOUNT);

before(async () => {
  server = await startTestServer();
  root = server.iam();
});
after(() => server.close());

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

/** A user created as root with one inline policy, and an IAM client signing with its new key. */
async function userAllowed(name: string, statements: object[]): Promise<IAMClient> {
  await root.send(new CreateUserCommand({ UserName: name }));
  await root.send(
    new PutUserPolicyCommand({
      UserName: name,
      PolicyName: 'only',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    }),
  );
  const key = (await root.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
  return server.iam({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
}

const denied = (user: string, action: string, resource: string) =>
  `User: arn:aws:iam::${ACCOUNT}:user/${user} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

describe('the seed role, created by a user allowed only iam:CreateRole', () => {
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/PinpointEmailRole`;

  it('can create the role but not put its permissions policy nor update its trust policy', async () => {
    const x = await userAllowed('x', [{ Effect: 'Allow', Action: 'iam:CreateRole', Resource: '*' }]);
    const created = await x.send(
      new CreateRoleCommand({ RoleName: 'PinpointEmailRole', AssumeRolePolicyDocument: TRUST }),
    );
    assert.equal(created.Role?.Arn, roleArn);
    const put = await failure(() =>
      x.send(
        new PutRolePolicyCommand({ RoleName: 'PinpointEmailRole', PolicyName: 'ses', PolicyDocument: SEED }),
      ),
    );
    assert.deepEqual(put, {
      name: 'AccessDenied',
      message: denied('x', 'iam:PutRolePolicy', roleArn),
      status: 403,
    });
    assert.equal(
      await server.runtime.iam.inlinePolicies.get(ACCOUNT, 'role', 'PinpointEmailRole', 'ses'),
      undefined,
    );
    const upd = await failure(() =>
      x.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'PinpointEmailRole', PolicyDocument: TRUST })),
    );
    assert.deepEqual(upd, {
      name: 'AccessDenied',
      message: denied('x', 'iam:UpdateAssumeRolePolicy', roleArn),
      status: 403,
    });
  });

  it('with iam:PutRolePolicy and iam:UpdateAssumeRolePolicy added, it can do both', async () => {
    await root.send(
      new PutUserPolicyCommand({
        UserName: 'x',
        PolicyName: 'only',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'],
              Resource: '*',
            },
          ],
        }),
      }),
    );
    const key = (await server.runtime.iam.accessKeys.list(ACCOUNT, 'x'))[0];
    const stored = (await server.runtime.iam.accessKeys.find(key.AccessKeyId))?.key;
    const x = server.iam({ accessKeyId: key.AccessKeyId, secretAccessKey: stored?.SecretAccessKey ?? '' });
    await x.send(
      new PutRolePolicyCommand({ RoleName: 'PinpointEmailRole', PolicyName: 'ses', PolicyDocument: SEED }),
    );
    await x.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'PinpointEmailRole', PolicyDocument: TRUST }));
    const got = await root.send(
      new GetRolePolicyCommand({ RoleName: 'PinpointEmailRole', PolicyName: 'ses' }),
    );
    assert.equal(decodeURIComponent(got.PolicyDocument ?? ''), SEED);
  });
});

describe('condition keys (list_awsidentityandaccessmanagementiam.html)', () => {
  it('aws:RequestTag and aws:TagKeys on CreateRole', async () => {
    const u = await userAllowed('tagger', [
      {
        Effect: 'Allow',
        Action: 'iam:CreateRole',
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestTag/team': 'mail' } },
      },
      {
        Effect: 'Allow',
        Action: 'iam:TagRole',
        Resource: '*',
        Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } },
      },
    ]);
    const ok = await u.send(
      new CreateRoleCommand({
        RoleName: 'TaggedOk',
        AssumeRolePolicyDocument: TRUST,
        Tags: [{ Key: 'team', Value: 'mail' }],
      }),
    );
    assert.equal(ok.Role?.RoleName, 'TaggedOk');
    const err = await failure(() =>
      u.send(
        new CreateRoleCommand({
          RoleName: 'TaggedNo',
          AssumeRolePolicyDocument: TRUST,
          Tags: [{ Key: 'team', Value: 'web' }],
        }),
      ),
    );
    assert.equal(err.name, 'AccessDenied');
    assert.equal(await server.runtime.iam.roles.get(ACCOUNT, 'TaggedNo'), undefined);
    await u.send(new TagRoleCommand({ RoleName: 'TaggedOk', Tags: [{ Key: 'team', Value: 'x' }] }));
    const other = await failure(() =>
      u.send(new TagRoleCommand({ RoleName: 'TaggedOk', Tags: [{ Key: 'cost', Value: '1' }] })),
    );
    assert.equal(other.name, 'AccessDenied');
  });

  it('iam:PolicyARN on AttachRolePolicy and aws:ResourceTag of the role', async () => {
    await root.send(
      new CreateRoleCommand({
        RoleName: 'Mailer',
        AssumeRolePolicyDocument: TRUST,
        Tags: [{ Key: 'team', Value: 'mail' }],
      }),
    );
    await root.send(new CreateRoleCommand({ RoleName: 'Other', AssumeRolePolicyDocument: TRUST }));
    const u = await userAllowed('attacher', [
      {
        Effect: 'Allow',
        Action: 'iam:AttachRolePolicy',
        Resource: '*',
        Condition: {
          ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AmazonSESReadOnlyAccess' },
          StringEquals: { 'aws:ResourceTag/team': 'mail' },
        },
      },
    ]);
    await u.send(
      new AttachRolePolicyCommand({
        RoleName: 'Mailer',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonSESReadOnlyAccess',
      }),
    );
    const wrongPolicy = await failure(() =>
      u.send(
        new AttachRolePolicyCommand({
          RoleName: 'Mailer',
          PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        }),
      ),
    );
    assert.equal(wrongPolicy.name, 'AccessDenied');
    const untagged = await failure(() =>
      u.send(
        new AttachRolePolicyCommand({
          RoleName: 'Other',
          PolicyArn: 'arn:aws:iam::aws:policy/AmazonSESReadOnlyAccess',
        }),
      ),
    );
    assert.equal(untagged.name, 'AccessDenied');
    assert.equal(await server.runtime.iam.attachments.count(ACCOUNT, 'role', 'Other'), 0);
  });

  it('iam:PermissionsBoundary on CreateRole (access_policies_boundaries.html: require a boundary on new roles)', async () => {
    const boundary = 'arn:aws:iam::aws:policy/AmazonSESFullAccess';
    const u = await userAllowed('bounder', [
      {
        Effect: 'Allow',
        Action: 'iam:CreateRole',
        Resource: '*',
        Condition: { StringEquals: { 'iam:PermissionsBoundary': boundary } },
      },
    ]);
    await u.send(
      new CreateRoleCommand({
        RoleName: 'WithBoundary',
        AssumeRolePolicyDocument: TRUST,
        PermissionsBoundary: boundary,
      }),
    );
    const err = await failure(() =>
      u.send(new CreateRoleCommand({ RoleName: 'NoBoundary', AssumeRolePolicyDocument: TRUST })),
    );
    assert.equal(err.name, 'AccessDenied');
    assert.equal(await server.runtime.iam.roles.get(ACCOUNT, 'NoBoundary'), undefined);
  });
});
