/**
 * Inline policies of roles, users and groups through @aws-sdk/client-iam:
 * Put/Get/Delete/List{Role,User,Group}Policy (API_PutRolePolicy.html, API_GetRolePolicy.html,
 * API_DeleteRolePolicy.html, API_ListRolePolicies.html and the user and group pages).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteGroupPolicyCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  GetGroupPolicyCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListGroupPoliciesCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { seedPermissionsPolicy, seedTrustPolicy } from './fixtures/seed-policies.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let iam: IAMClient;
const ACCOUNT = '000000000000';
const SEED = seedPermissionsPolicy(ACCOUNT);

before(async () => {
  server = await startTestServer();
  iam = server.iam();
  await iam.send(
    new CreateRoleCommand({ RoleName: 'PinpointRole', AssumeRolePolicyDocument: seedTrustPolicy(ACCOUNT) }),
  );
  await iam.send(new CreateUserCommand({ UserName: 'carol' }));
  await iam.send(new CreateGroupCommand({ GroupName: 'senders' }));
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

/** A valid identity policy of about `size` characters (white space does not count). */
function policyOfSize(size: number): string {
  const base = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'X', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
  });
  return base.replace('"X"', `"${'X'.repeat(size - base.length + 1)}"`);
}

describe('the seed permissions policy on the seed role (pinpoint/latest/developerguide/permissions-ses.html)', () => {
  it('PutRolePolicy stores it; GetRolePolicy returns it URL-encoded, and it decodes to the same JSON', async () => {
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'PinpointRole', PolicyName: 'PinpointSES', PolicyDocument: SEED }),
    );
    const got = await iam.send(
      new GetRolePolicyCommand({ RoleName: 'pinpointrole', PolicyName: 'PinpointSES' }),
    );
    assert.equal(got.RoleName, 'PinpointRole');
    assert.equal(got.PolicyName, 'PinpointSES');
    assert.equal(got.PolicyDocument, encodeURIComponent(SEED));
    assert.match(got.PolicyDocument ?? '', /^%7B%22Version%22%3A%222012-10-17%22/);
    const decoded = JSON.parse(decodeURIComponent(got.PolicyDocument ?? '')) as {
      Statement: { Sid: string; Action: string[]; Resource: string[] }[];
    };
    assert.equal(decoded.Statement[0].Sid, 'PinpointUsesSESForEmailSends');
    assert.deepEqual(decoded.Statement[0].Action, ['ses:SendEmail', 'ses:SendRawEmail']);
    assert.deepEqual(decoded.Statement[0].Resource, [
      `arn:aws:ses:us-east-1:${ACCOUNT}:identity/*`,
      `arn:aws:ses:us-east-1:${ACCOUNT}:configuration-set/*`,
    ]);
  });

  it('a document with spaces, newlines and non-ASCII Latin-1 text round-trips exactly', async () => {
    const doc =
      '{\n  "Version": "2012-10-17",\n  "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*", "Condition": {"StringEquals": {"ses:FromDisplayName": "Café Ünïcode + 100%"}}}]\n}';
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'PinpointRole', PolicyName: 'Spaces', PolicyDocument: doc }),
    );
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'PinpointRole', PolicyName: 'Spaces' }));
    assert.match(got.PolicyDocument ?? '', /%0A%20%20%22Version%22/);
    assert.equal(decodeURIComponent(got.PolicyDocument ?? ''), doc);
  });
});

describe('PutRolePolicy errors (API_PutRolePolicy.html)', () => {
  it('a Principal in an identity policy is MalformedPolicyDocument and nothing is stored', async () => {
    const doc = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }],
    });
    const err = await failure(() =>
      iam.send(new PutRolePolicyCommand({ RoleName: 'PinpointRole', PolicyName: 'P', PolicyDocument: doc })),
    );
    assert.deepEqual(
      [err.name, err.message, err.status],
      ['MalformedPolicyDocumentException', 'Policy document should not specify a principal.', 400],
    );
    assert.equal(
      await server.runtime.iam.inlinePolicies.get(ACCOUNT, 'role', 'PinpointRole', 'P'),
      undefined,
    );
  });

  it('an action without vendor is refused with IAM text', async () => {
    const doc = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'SendEmail', Resource: '*' }],
    });
    const err = await failure(() =>
      iam.send(new PutRolePolicyCommand({ RoleName: 'PinpointRole', PolicyName: 'P', PolicyDocument: doc })),
    );
    assert.equal(err.message, 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
  });

  it('an unknown role is NoSuchEntity', async () => {
    const err = await failure(() =>
      iam.send(new PutRolePolicyCommand({ RoleName: 'Nope', PolicyName: 'P', PolicyDocument: SEED })),
    );
    assert.deepEqual(
      [err.name, err.message],
      ['NoSuchEntityException', 'The role with name Nope cannot be found.'],
    );
  });

  it('a missing document and a bad name are one ValidationError', async () => {
    const err = await failure(() =>
      iam.send(
        new PutRolePolicyCommand({ RoleName: 'PinpointRole', PolicyName: 'a b', PolicyDocument: undefined }),
      ),
    );
    assert.equal(
      err.message,
      "2 validation errors detected: Value 'a b' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; Value null at 'policyDocument' failed to satisfy constraint: Member must not be null",
    );
  });

  it("the 2,048-character quota covers all of a user's inline policies together (reference_iam-quotas.html)", async () => {
    await iam.send(
      new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'one', PolicyDocument: policyOfSize(1200) }),
    );
    const err = await failure(() =>
      iam.send(
        new PutUserPolicyCommand({
          UserName: 'carol',
          PolicyName: 'two',
          PolicyDocument: policyOfSize(1000),
        }),
      ),
    );
    assert.deepEqual(
      [err.name, err.message, err.status],
      ['LimitExceededException', 'Maximum policy size of 2048 bytes exceeded for user carol', 409],
    );
    assert.equal(await server.runtime.iam.inlinePolicies.get(ACCOUNT, 'user', 'carol', 'two'), undefined);
    // Replacing `one` by a policy of the same size is within the quota: it replaces, not adds.
    await iam.send(
      new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'ONE', PolicyDocument: policyOfSize(1900) }),
    );
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'carol', PolicyName: 'one' }));
  });

  it('a role policy over 10,240 characters is "Maximum policy size of 10240 bytes exceeded for role NAME"', async () => {
    const err = await failure(() =>
      iam.send(
        new PutRolePolicyCommand({
          RoleName: 'PinpointRole',
          PolicyName: 'big',
          PolicyDocument: policyOfSize(10300),
        }),
      ),
    );
    assert.deepEqual(
      [err.name, err.message],
      ['LimitExceededException', 'Maximum policy size of 10240 bytes exceeded for role PinpointRole'],
    );
  });
});

describe('List, Get and Delete for roles, users and groups', () => {
  it('ListRolePolicies pages the names; DeleteRolePolicy removes; a missing one is NoSuchEntity', async () => {
    for (const n of ['c', 'a', 'b'])
      await iam.send(
        new PutRolePolicyCommand({ RoleName: 'PinpointRole', PolicyName: `z${n}`, PolicyDocument: SEED }),
      );
    const p1 = await iam.send(new ListRolePoliciesCommand({ RoleName: 'PinpointRole', MaxItems: 2 }));
    assert.deepEqual([p1.PolicyNames, p1.IsTruncated], [['PinpointSES', 'Spaces'], true]);
    const p2 = await iam.send(new ListRolePoliciesCommand({ RoleName: 'PinpointRole', Marker: p1.Marker }));
    assert.deepEqual([p2.PolicyNames, p2.IsTruncated], [['za', 'zb', 'zc'], false]);
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'PinpointRole', PolicyName: 'za' }));
    const err = await failure(() =>
      iam.send(new DeleteRolePolicyCommand({ RoleName: 'PinpointRole', PolicyName: 'za' })),
    );
    assert.deepEqual(
      [err.name, err.message],
      ['NoSuchEntityException', 'The role policy with name za cannot be found.'],
    );
    const get = await failure(() =>
      iam.send(new GetRolePolicyCommand({ RoleName: 'PinpointRole', PolicyName: 'za' })),
    );
    assert.equal(get.message, 'The role policy with name za cannot be found.');
  });

  it('user inline policies: Put, Get (URL-encoded), List, Delete', async () => {
    await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'send', PolicyDocument: SEED }));
    const got = await iam.send(new GetUserPolicyCommand({ UserName: 'carol', PolicyName: 'send' }));
    assert.deepEqual([got.UserName, decodeURIComponent(got.PolicyDocument ?? '')], ['carol', SEED]);
    assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'carol' }))).PolicyNames, [
      'send',
    ]);
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'carol', PolicyName: 'send' }));
    const err = await failure(() =>
      iam.send(new GetUserPolicyCommand({ UserName: 'carol', PolicyName: 'send' })),
    );
    assert.equal(err.message, 'The user policy with name send cannot be found.');
    const nouser = await failure(() => iam.send(new ListUserPoliciesCommand({ UserName: 'dave' })));
    assert.deepEqual(
      [nouser.name, nouser.message],
      ['NoSuchEntityException', 'The user with name dave cannot be found.'],
    );
  });

  it('group inline policies: Put, Get, List, Delete', async () => {
    await iam.send(
      new PutGroupPolicyCommand({ GroupName: 'senders', PolicyName: 'send', PolicyDocument: SEED }),
    );
    const got = await iam.send(new GetGroupPolicyCommand({ GroupName: 'senders', PolicyName: 'send' }));
    assert.deepEqual([got.GroupName, decodeURIComponent(got.PolicyDocument ?? '')], ['senders', SEED]);
    assert.deepEqual((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'senders' }))).PolicyNames, [
      'send',
    ]);
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'senders', PolicyName: 'send' }));
    assert.deepEqual(
      (await iam.send(new ListGroupPoliciesCommand({ GroupName: 'senders' }))).PolicyNames,
      [],
    );
    const err = await failure(() =>
      iam.send(new DeleteGroupPolicyCommand({ GroupName: 'senders', PolicyName: 'send' })),
    );
    assert.equal(err.message, 'The group policy with name send cannot be found.');
    const nogroup = await failure(() =>
      iam.send(new PutGroupPolicyCommand({ GroupName: 'none', PolicyName: 'x', PolicyDocument: SEED })),
    );
    assert.equal(nogroup.message, 'The group with name none cannot be found.');
  });
});
