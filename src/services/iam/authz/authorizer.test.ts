/**
 * The authorizer over the real store: who may do what as policies change
 * (reference_policies_evaluation-logic.html), and AWS's AccessDenied texts
 * (troubleshoot_access-denied.html).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRuntime, type Runtime } from '../../runtime.js';
import { IamAuthorizer } from './authorizer.js';
import type { Principal } from '../../../wire/principal.js';
import type { RequestContext } from '../../../wire/context.js';
import { seedPermissionsPolicy } from '../../../../test/fixtures/seed-policies.js';
import { testData } from '../../../../test/support/database.js';

const ACCOUNT = '000000000000';

async function runtime(): Promise<Runtime> {
  return createRuntime({ data: testData(), region: 'us-east-1' });
}

async function userPrincipal(rt: Runtime, name: string): Promise<Principal> {
  const u = (await rt.iam.users.get(ACCOUNT, name))!;
  return {
    account: ACCOUNT,
    arn: u.Arn,
    kind: 'User',
    userId: u.UserId,
    userName: u.UserName,
    isRoot: false,
  };
}

const ctx = {} as RequestContext;
const ask = (rt: Runtime, principal: Principal, action: string, resource: string) =>
  rt.authorizer.authorize({ principal, action, resources: [resource], contextKeys: new Map(), ctx });

const roleArn = `arn:aws:iam::${ACCOUNT}:role/PinpointSES`;

test('the root user may do anything in its account', async () => {
  const rt = await runtime();
  const root: Principal = {
    account: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:root`,
    kind: 'Account',
    userId: ACCOUNT,
    isRoot: true,
  };
  assert.deepEqual(await ask(rt, root, 'iam:PutRolePolicy', roleArn), { allowed: true });
  await rt.close();
});

test('a user with no policy is denied with the implicit-deny text; its inline policy takes effect at once', async () => {
  const rt = await runtime();
  await rt.iam.users.create(ACCOUNT, { UserName: 'editor' });
  const editor = await userPrincipal(rt, 'editor');
  assert.deepEqual(await ask(rt, editor, 'iam:PutRolePolicy', roleArn), {
    allowed: false,
    resource: roleArn,
    message: `User: arn:aws:iam::${ACCOUNT}:user/editor is not authorized to perform: iam:PutRolePolicy on resource: ${roleArn} because no identity-based policy allows the iam:PutRolePolicy action`,
  });
  // The seed: whoever edits the role needs iam:PutRolePolicy and iam:UpdateAssumeRolePolicy.
  await rt.iam.inlinePolicies.put(
    ACCOUNT,
    'user',
    'editor',
    'EditPinpointRole',
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'], Resource: roleArn },
      ],
    }),
  );
  assert.deepEqual(await ask(rt, editor, 'iam:PutRolePolicy', roleArn), { allowed: true });
  assert.deepEqual(await ask(rt, editor, 'iam:UpdateAssumeRolePolicy', roleArn), { allowed: true });
  assert.equal((await ask(rt, editor, 'iam:DeleteRole', roleArn)).allowed, false);
  await rt.iam.inlinePolicies.delete(ACCOUNT, 'user', 'editor', 'EditPinpointRole');
  assert.equal(
    (await ask(rt, editor, 'iam:PutRolePolicy', roleArn)).allowed,
    false,
    'a deleted policy stops granting',
  );
  await rt.close();
});

test("a group's policies grant its members; a boundary limits them", async () => {
  const rt = await runtime();
  await rt.iam.users.create(ACCOUNT, { UserName: 'sender' });
  await rt.iam.groups.create(ACCOUNT, { GroupName: 'mailers' });
  await rt.iam.groups.addUser(ACCOUNT, 'mailers', 'sender');
  await rt.iam.inlinePolicies.put(ACCOUNT, 'group', 'mailers', 'Seed', seedPermissionsPolicy(ACCOUNT));
  const sender = await userPrincipal(rt, 'sender');
  const identity = `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`;
  assert.deepEqual(await ask(rt, sender, 'ses:SendEmail', identity), { allowed: true });
  const boundary = await rt.iam.policies.create(ACCOUNT, {
    PolicyName: 'OnlyRaw',
    PolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'ses:SendRawEmail', Resource: '*' }],
    }),
  });
  await rt.iam.users.setPermissionsBoundary(ACCOUNT, 'sender', boundary.Arn);
  const bounded = await userPrincipal(rt, 'sender');
  assert.deepEqual(await ask(rt, bounded, 'ses:SendEmail', identity), {
    allowed: false,
    resource: identity,
    message: `User: ${bounded.arn} is not authorized to perform: ses:SendEmail on resource: ${identity} because no permissions boundary allows the ses:SendEmail action`,
  });
  assert.deepEqual(await ask(rt, bounded, 'ses:SendRawEmail', identity), { allowed: true });
  await rt.close();
});

test('a role session is limited by its session policy', async () => {
  const rt = await runtime();
  const role = await rt.iam.roles.create(ACCOUNT, {
    RoleName: 'PinpointSES',
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    }),
  });
  await rt.iam.inlinePolicies.put(ACCOUNT, 'role', 'PinpointSES', 'Seed', seedPermissionsPolicy(ACCOUNT));
  const session: Principal = {
    account: ACCOUNT,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/PinpointSES/campaign`,
    kind: 'AssumedRole',
    // A session belongs to its role by RoleId (aws:userid is `AROA…:<session>`).
    userId: `${role.RoleId}:campaign`,
    roleArn,
    roleName: 'PinpointSES',
    isRoot: false,
  };
  const identity = `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`;
  assert.deepEqual(await ask(rt, session, 'ses:SendEmail', identity), { allowed: true });
  const limited = {
    ...session,
    sessionPolicies: [
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'ses:SendRawEmail', Resource: '*' }],
      }),
    ],
  };
  assert.deepEqual(await ask(rt, limited, 'ses:SendEmail', identity), {
    allowed: false,
    resource: identity,
    message: `User: ${session.arn} is not authorized to perform: ses:SendEmail on resource: ${identity} because no session policy allows the ses:SendEmail action`,
  });
  assert.deepEqual(await ask(rt, limited, 'ses:SendRawEmail', identity), { allowed: true });
  await rt.close();
});

test('a policy set holding a refused text is not cached; distinct session policies are held within a byte budget', async () => {
  const rt = await runtime();
  // The runtime's own budget is 32 MiB; a small one shows the bound with a few hundred texts.
  const authorizer = new IamAuthorizer(rt.iam, {
    principalBytes: 1024 * 1024,
    shownPolicyBytes: 1024 * 1024,
  });
  await rt.iam.users.create(ACCOUNT, { UserName: 'probe' });
  const probe = await userPrincipal(rt, 'probe');
  const withSession = (text: string): Principal => ({ ...probe, sessionPolicies: [text] });
  // No Resource: the engine refuses it, so the set is rebuilt each time and its text never kept.
  const refused = withSession(
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*' }] }),
  );
  assert.notEqual(
    await authorizer.principalSet(refused, 'aws'),
    await authorizer.principalSet(refused, 'aws'),
  );
  const valid = (n: number) =>
    withSession(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'ses:SendEmail',
            Resource: `arn:aws:ses:*:*:identity/${n}${'x'.repeat(2000)}`,
          },
        ],
      }),
    );
  const first = await authorizer.principalSet(valid(0), 'aws');
  assert.equal(await authorizer.principalSet(valid(0), 'aws'), first, 'a valid set is cached');
  // Over 8 KB an entry (the text in the key and in the set): 200 fill 1 MiB and push the first out.
  for (let n = 1; n <= 200; n++) await authorizer.principalSet(valid(n), 'aws');
  assert.notEqual(await authorizer.principalSet(valid(0), 'aws'), first);
  await rt.close();
});
