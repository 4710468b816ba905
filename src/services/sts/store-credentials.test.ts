import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { findCredentials, mergeTags } from './store-credentials.js';
import { closeStores, memoryStores, roleSession } from './store.test-fixture.js';

after(closeStores);

const TRUST = '{"Version":"2012-10-17","Statement":[]}';

test('the default root key test/test resolves to the root of 000000000000', async () => {
  const { iam, sts } = await memoryStores();
  const c = await findCredentials(iam, sts, 'test');
  assert.equal(c?.secretAccessKey, 'test');
  assert.equal(c?.sessionToken, undefined);
  assert.deepEqual(
    [c?.principal.kind, c?.principal.arn, c?.principal.userId, c?.principal.temporary],
    ['Account', 'arn:aws:iam::000000000000:root', '000000000000', false],
  );
});

test('a configured account resolves with its own root key', async () => {
  const { iam, sts } = await memoryStores();
  await iam.accounts.create('111122223333', 'AKIAROOTOFSECOND0000', 'shh');
  const c = await findCredentials(iam, sts, 'AKIAROOTOFSECOND0000');
  assert.equal(c?.principal.accountId, '111122223333');
  assert.equal(c?.principal.arn, 'arn:aws:iam::111122223333:root');
});

test("a user's key resolves to the user with tags and boundary; an inactive key says so", async () => {
  const { iam, sts } = await memoryStores();
  await iam.users.create('000000000000', {
    UserName: 'alice',
    Tags: [{ Key: 'team', Value: 'mail' }],
    PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonSESFullAccess',
  });
  const k = await iam.accessKeys.create('000000000000', 'alice');
  const c = (await findCredentials(iam, sts, k.AccessKeyId))!;
  assert.equal(c.principal.kind, 'User');
  assert.equal(c.principal.arn, 'arn:aws:iam::000000000000:user/alice');
  assert.match(c.principal.userId, /^AIDA/);
  assert.equal(c.principal.userName, 'alice');
  assert.deepEqual(c.principal.tags, [{ Key: 'team', Value: 'mail' }]);
  assert.equal(c.principal.permissionsBoundaryArn, 'arn:aws:iam::aws:policy/AmazonSESFullAccess');
  assert.equal(c.active, true);
  await iam.accessKeys.updateStatus('000000000000', 'alice', k.AccessKeyId, 'Inactive');
  assert.equal((await findCredentials(iam, sts, k.AccessKeyId))?.active, false);
});

test('a role session resolves with token, expiry, session policies and role tags overridden by session tags', async () => {
  const { iam, sts } = await memoryStores();
  const role = await iam.roles.create('000000000000', {
    RoleName: 'Sender',
    AssumeRolePolicyDocument: TRUST,
    Tags: [
      { Key: 'Project', Value: 'role' },
      { Key: 'tier', Value: 'gold' },
    ],
  });
  const now = new Date('2026-03-01T00:00:00Z');
  const s = await sts.sessions.create(
    roleSession(role.RoleId, {
      roleArn: role.Arn,
      tags: [{ Key: 'project', Value: 'session' }],
      policy: '{"p":1}',
      policyArns: ['arn:aws:iam::aws:policy/AmazonSESReadOnlyAccess'],
    }),
    now,
  );
  const c = (await findCredentials(iam, sts, s.AccessKeyId, now))!;
  assert.equal(c.sessionToken, s.SessionToken);
  assert.deepEqual(c.expiration, s.Expiration);
  assert.equal(c.expired, false);
  assert.equal(c.principal.kind, 'AssumedRole');
  assert.equal(c.principal.arn, 'arn:aws:sts::000000000000:assumed-role/Sender/campaign-42');
  assert.equal(c.principal.userId, `${role.RoleId}:campaign-42`);
  assert.equal(c.principal.roleArn, 'arn:aws:iam::000000000000:role/Sender');
  assert.deepEqual(c.principal.tags, [
    { Key: 'project', Value: 'session' },
    { Key: 'tier', Value: 'gold' },
  ]);
  assert.equal(c.principal.sessionPolicy, '{"p":1}');
  assert.deepEqual(c.principal.sessionPolicyArns, ['arn:aws:iam::aws:policy/AmazonSESReadOnlyAccess']);
  assert.equal(c.principal.temporary, true);
  assert.equal(
    (await findCredentials(iam, sts, s.AccessKeyId, new Date('2026-03-01T01:00:00Z')))?.expired,
    true,
  );
});

test("a GetSessionToken session acts as its user, with the session's token", async () => {
  const { iam, sts } = await memoryStores();
  const u = await iam.users.create('000000000000', { UserName: 'bob' });
  const s = await sts.sessions.create({
    kind: 'SessionToken',
    accountId: '000000000000',
    Arn: u.Arn,
    principalId: u.UserId,
    userId: u.UserId,
    durationSeconds: 3600,
    policyArns: [],
    tags: [],
    transitiveTagKeys: [],
    chained: false,
  });
  const c = (await findCredentials(iam, sts, s.AccessKeyId))!;
  assert.equal(c.principal.kind, 'User');
  assert.equal(c.principal.arn, u.Arn);
  assert.equal(c.principal.userName, 'bob');
  assert.equal(c.principal.temporary, true);
  assert.equal(c.sessionToken, s.SessionToken);
});

test('an unknown key resolves to nothing', async () => {
  const { iam, sts } = await memoryStores();
  assert.equal(await findCredentials(iam, sts, 'AKIANOBODY0000000000'), undefined);
});

test('tag merge keeps the override and compares keys without case', () => {
  assert.deepEqual(mergeTags([{ Key: 'A', Value: '1' }], [{ Key: 'a', Value: '2' }]), [
    { Key: 'a', Value: '2' },
  ]);
});
