import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DependentsError, DuplicateError } from '../../store/index.js';
import { ACCOUNT, ALLOW_SEND, closeIamStores, memoryIamStore } from './store-test-helpers.js';

after(closeIamStores);

test('user names are unique per account without regard to case (API_CreateUser.html)', async () => {
  const iam = await memoryIamStore();
  const bob = await iam.users.create(ACCOUNT, { UserName: 'Bob', Path: '/eng/' });
  assert.match(bob.UserId, /^AIDA/);
  assert.equal(bob.Arn, 'arn:aws:iam::000000000000:user/eng/Bob');
  await assert.rejects(() => iam.users.create(ACCOUNT, { UserName: 'BOB' }), DuplicateError);
  assert.equal((await iam.users.get(ACCOUNT, 'bob'))?.UserName, 'Bob');
  // Another account may reuse the name.
  await iam.accounts.create('111122223333', 'AKIAOTHERROOT0000000', 's');
  assert.equal((await iam.users.create('111122223333', { UserName: 'bob' })).UserName, 'bob');
});

test('ListUsers pages through every user once, sorted by name, and filters by path prefix', async () => {
  const iam = await memoryIamStore();
  for (const n of ['carol', 'Alice', 'dave', 'bob', 'erin']) {
    await iam.users.create(ACCOUNT, { UserName: n, Path: n === 'bob' || n === 'erin' ? '/ops/' : '/' });
  }
  const first = await iam.users.list(ACCOUNT, { maxItems: 2 });
  assert.deepEqual(
    first.items.map((u) => u.UserName),
    ['Alice', 'bob'],
  );
  assert.equal(first.isTruncated, true);
  const second = await iam.users.list(ACCOUNT, { maxItems: 2, marker: first.marker });
  assert.deepEqual(
    second.items.map((u) => u.UserName),
    ['carol', 'dave'],
  );
  const last = await iam.users.list(ACCOUNT, { maxItems: 2, marker: second.marker });
  assert.deepEqual(
    last.items.map((u) => u.UserName),
    ['erin'],
  );
  assert.equal(last.isTruncated, false);
  assert.equal(last.marker, undefined);
  assert.deepEqual(
    (await iam.users.list(ACCOUNT, { pathPrefix: '/ops/' })).items.map((u) => u.UserName),
    ['bob', 'erin'],
  );
});

test('a path prefix containing % or _ is matched literally', async () => {
  const iam = await memoryIamStore();
  await iam.users.create(ACCOUNT, { UserName: 'a', Path: '/a_b/' });
  await iam.users.create(ACCOUNT, { UserName: 'b', Path: '/axb/' });
  assert.deepEqual(
    (await iam.users.list(ACCOUNT, { pathPrefix: '/a_' })).items.map((u) => u.UserName),
    ['a'],
  );
});

test('renaming a user moves its ARN; renaming onto another user is refused', async () => {
  const iam = await memoryIamStore();
  await iam.users.create(ACCOUNT, { UserName: 'old' });
  await iam.users.create(ACCOUNT, { UserName: 'taken' });
  await iam.inlinePolicies.put(ACCOUNT, 'user', 'old', 'p', ALLOW_SEND);
  const renamed = await iam.users.update(ACCOUNT, 'old', { NewUserName: 'new', NewPath: '/x/' });
  assert.equal(renamed.Arn, 'arn:aws:iam::000000000000:user/x/new');
  assert.equal((await iam.inlinePolicies.get(ACCOUNT, 'user', 'new', 'p'))?.PolicyDocument, ALLOW_SEND);
  await assert.rejects(() => iam.users.update(ACCOUNT, 'new', { NewUserName: 'TAKEN' }), DuplicateError);
  // Changing only the case of one's own name is allowed.
  assert.equal((await iam.users.update(ACCOUNT, 'new', { NewUserName: 'NEW' })).UserName, 'NEW');
});

test('a user with keys, policies or groups cannot be deleted until they are gone', async () => {
  const iam = await memoryIamStore();
  await iam.users.create(ACCOUNT, { UserName: 'u' });
  await iam.groups.create(ACCOUNT, { GroupName: 'g' });
  await iam.groups.addUser(ACCOUNT, 'g', 'u');
  const key = await iam.accessKeys.create(ACCOUNT, 'u');
  await iam.inlinePolicies.put(ACCOUNT, 'user', 'u', 'p', ALLOW_SEND);
  await iam.attachments.attach(ACCOUNT, 'user', 'u', 'arn:aws:iam::aws:policy/IAMReadOnlyAccess');
  assert.deepEqual(await iam.users.dependents(ACCOUNT, 'u'), {
    accessKeys: 1,
    inlinePolicies: 1,
    attachedPolicies: 1,
    groups: 1,
  });
  await assert.rejects(() => iam.users.delete(ACCOUNT, 'u'), DependentsError);
  assert.ok(await iam.users.get(ACCOUNT, 'u'));
  await iam.groups.removeUser(ACCOUNT, 'g', 'u');
  await iam.accessKeys.delete(ACCOUNT, 'u', key.AccessKeyId);
  await iam.inlinePolicies.delete(ACCOUNT, 'user', 'u', 'p');
  await iam.attachments.detach(ACCOUNT, 'user', 'u', 'arn:aws:iam::aws:policy/IAMReadOnlyAccess');
  assert.equal(await iam.users.delete(ACCOUNT, 'U'), true);
  assert.equal(await iam.users.get(ACCOUNT, 'u'), undefined);
  assert.equal(await iam.users.delete(ACCOUNT, 'u'), false);
});

test('tags and permissions boundary are stored on the user', async () => {
  const iam = await memoryIamStore();
  await iam.users.create(ACCOUNT, { UserName: 'u', Tags: [{ Key: 'team', Value: 'mail' }] });
  await iam.users.setPermissionsBoundary(ACCOUNT, 'u', 'arn:aws:iam::aws:policy/AmazonSESFullAccess');
  const u = (await iam.users.get(ACCOUNT, 'u'))!;
  assert.deepEqual(u.Tags, [{ Key: 'team', Value: 'mail' }]);
  assert.deepEqual(u.PermissionsBoundary, {
    PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
    PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/AmazonSESFullAccess',
  });
  assert.equal(
    (await iam.policies.get(ACCOUNT, 'arn:aws:iam::aws:policy/AmazonSESFullAccess'))
      ?.PermissionsBoundaryUsageCount,
    1,
  );
  await iam.users.setPermissionsBoundary(ACCOUNT, 'u', undefined);
  assert.equal((await iam.users.get(ACCOUNT, 'u'))?.PermissionsBoundary, undefined);
});
