import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DependentsError, DuplicateError, NotFoundError } from '../../store/index.js';
import { ACCOUNT, memoryIamStore } from './store-test-helpers.js';

test('groups: AGPA ids, names unique without case ("ADMINS" and "admins")', () => {
  const iam = memoryIamStore();
  const g = iam.groups.create(ACCOUNT, { GroupName: 'ADMINS' });
  assert.match(g.GroupId, /^AGPA/);
  assert.equal(g.Arn, 'arn:aws:iam::000000000000:group/ADMINS');
  assert.throws(() => iam.groups.create(ACCOUNT, { GroupName: 'admins' }), DuplicateError);
});

test('membership is idempotent and readable from both sides', () => {
  const iam = memoryIamStore();
  iam.groups.create(ACCOUNT, { GroupName: 'g' });
  iam.groups.create(ACCOUNT, { GroupName: 'h' });
  iam.users.create(ACCOUNT, { UserName: 'u1' });
  iam.users.create(ACCOUNT, { UserName: 'u2' });
  assert.equal(iam.groups.addUser(ACCOUNT, 'g', 'u1'), true);
  assert.equal(iam.groups.addUser(ACCOUNT, 'G', 'U1'), false);
  iam.groups.addUser(ACCOUNT, 'g', 'u2');
  iam.groups.addUser(ACCOUNT, 'h', 'u1');
  assert.deepEqual(
    iam.groups.members(ACCOUNT, 'g').items.map((u) => u.UserName),
    ['u1', 'u2'],
  );
  assert.deepEqual(
    iam.groups.groupsOfUser(ACCOUNT, 'u1').items.map((x) => x.GroupName),
    ['g', 'h'],
  );
  assert.throws(() => iam.groups.addUser(ACCOUNT, 'g', 'nobody'), NotFoundError);
});

test('a group with members cannot be deleted; an empty one can', () => {
  const iam = memoryIamStore();
  iam.groups.create(ACCOUNT, { GroupName: 'g' });
  iam.users.create(ACCOUNT, { UserName: 'u' });
  iam.groups.addUser(ACCOUNT, 'g', 'u');
  assert.throws(() => iam.groups.delete(ACCOUNT, 'g'), DependentsError);
  iam.groups.removeUser(ACCOUNT, 'g', 'u');
  assert.equal(iam.groups.delete(ACCOUNT, 'g'), true);
  assert.equal(iam.groups.count(ACCOUNT), 0);
});

test('renaming a group keeps its members', () => {
  const iam = memoryIamStore();
  iam.groups.create(ACCOUNT, { GroupName: 'g' });
  iam.users.create(ACCOUNT, { UserName: 'u' });
  iam.groups.addUser(ACCOUNT, 'g', 'u');
  assert.equal(
    iam.groups.update(ACCOUNT, 'g', { NewGroupName: 'mailers' }).Arn,
    'arn:aws:iam::000000000000:group/mailers',
  );
  assert.deepEqual(
    iam.groups.members(ACCOUNT, 'mailers').items.map((u) => u.UserName),
    ['u'],
  );
});
