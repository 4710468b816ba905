import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DependentsError, DuplicateError, NotFoundError } from '../../store/index.js';
import { ACCOUNT, closeIamStores, memoryIamStore } from './store-test-helpers.js';

after(closeIamStores);

test('groups: AGPA ids, names unique without case ("ADMINS" and "admins")', async () => {
  const iam = await memoryIamStore();
  const g = await iam.groups.create(ACCOUNT, { GroupName: 'ADMINS' });
  assert.match(g.GroupId, /^AGPA/);
  assert.equal(g.Arn, 'arn:aws:iam::000000000000:group/ADMINS');
  await assert.rejects(() => iam.groups.create(ACCOUNT, { GroupName: 'admins' }), DuplicateError);
});

test('membership is idempotent and readable from both sides', async () => {
  const iam = await memoryIamStore();
  await iam.groups.create(ACCOUNT, { GroupName: 'g' });
  await iam.groups.create(ACCOUNT, { GroupName: 'h' });
  await iam.users.create(ACCOUNT, { UserName: 'u1' });
  await iam.users.create(ACCOUNT, { UserName: 'u2' });
  assert.equal(await iam.groups.addUser(ACCOUNT, 'g', 'u1'), true);
  assert.equal(await iam.groups.addUser(ACCOUNT, 'G', 'U1'), false);
  await iam.groups.addUser(ACCOUNT, 'g', 'u2');
  await iam.groups.addUser(ACCOUNT, 'h', 'u1');
  assert.deepEqual(
    (await iam.groups.members(ACCOUNT, 'g')).items.map((u) => u.UserName),
    ['u1', 'u2'],
  );
  assert.deepEqual(
    (await iam.groups.groupsOfUser(ACCOUNT, 'u1')).items.map((x) => x.GroupName),
    ['g', 'h'],
  );
  await assert.rejects(() => iam.groups.addUser(ACCOUNT, 'g', 'nobody'), NotFoundError);
});

test('a group with members cannot be deleted; an empty one can', async () => {
  const iam = await memoryIamStore();
  await iam.groups.create(ACCOUNT, { GroupName: 'g' });
  await iam.users.create(ACCOUNT, { UserName: 'u' });
  await iam.groups.addUser(ACCOUNT, 'g', 'u');
  await assert.rejects(() => iam.groups.delete(ACCOUNT, 'g'), DependentsError);
  await iam.groups.removeUser(ACCOUNT, 'g', 'u');
  assert.equal(await iam.groups.delete(ACCOUNT, 'g'), true);
  assert.equal(await iam.groups.count(ACCOUNT), 0);
});

test('renaming a group keeps its members', async () => {
  const iam = await memoryIamStore();
  await iam.groups.create(ACCOUNT, { GroupName: 'g' });
  await iam.users.create(ACCOUNT, { UserName: 'u' });
  await iam.groups.addUser(ACCOUNT, 'g', 'u');
  assert.equal(
    (await iam.groups.update(ACCOUNT, 'g', { NewGroupName: 'mailers' })).Arn,
    'arn:aws:iam::000000000000:group/mailers',
  );
  assert.deepEqual(
    (await iam.groups.members(ACCOUNT, 'mailers')).items.map((u) => u.UserName),
    ['u'],
  );
});
