import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotFoundError } from '../../store/index.js';
import { ACCOUNT, memoryIamStore } from './store-test-helpers.js';

test('a user key is AKIA…, its secret 40 characters, Active, and listed without the secret', () => {
  const iam = memoryIamStore();
  iam.users.create(ACCOUNT, { UserName: 'u' });
  const k = iam.accessKeys.create(ACCOUNT, 'u');
  assert.match(k.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
  assert.equal(k.SecretAccessKey.length, 40);
  assert.equal(k.Status, 'Active');
  assert.equal(k.UserName, 'u');
  const listed = iam.accessKeys.list(ACCOUNT, 'u');
  assert.deepEqual(listed, [
    { AccessKeyId: k.AccessKeyId, Status: 'Active', CreateDate: k.CreateDate, UserName: 'u' },
  ]);
  assert.equal(iam.accessKeys.count(ACCOUNT, 'u'), 1);
});

test("a key is changed or deleted only through its owner; root keys are the account's own", () => {
  const iam = memoryIamStore();
  iam.users.create(ACCOUNT, { UserName: 'a' });
  iam.users.create(ACCOUNT, { UserName: 'b' });
  const ka = iam.accessKeys.create(ACCOUNT, 'a');
  assert.equal(iam.accessKeys.updateStatus(ACCOUNT, 'b', ka.AccessKeyId, 'Inactive'), false);
  assert.equal(iam.accessKeys.delete(ACCOUNT, null, ka.AccessKeyId), false);
  assert.equal(iam.accessKeys.updateStatus(ACCOUNT, 'a', ka.AccessKeyId, 'Inactive'), true);
  assert.equal(iam.accessKeys.find(ka.AccessKeyId)?.key.Status, 'Inactive');
  const root = iam.accessKeys.create(ACCOUNT, null);
  assert.deepEqual(
    iam.accessKeys.list(ACCOUNT, null).map((k) => k.AccessKeyId),
    ['test', root.AccessKeyId],
  );
  assert.equal(iam.accessKeys.count(ACCOUNT, null), 2);
  assert.throws(() => iam.accessKeys.create(ACCOUNT, 'nobody'), NotFoundError);
});

test('last use is recorded, and a never-used key reads N/A', () => {
  const iam = memoryIamStore();
  assert.deepEqual(iam.accessKeys.lastUsed('test'), { ServiceName: 'N/A', Region: 'N/A' });
  const when = new Date('2025-05-01T00:00:00Z');
  iam.accessKeys.recordUse('test', when, 'iam', 'us-east-1');
  assert.deepEqual(iam.accessKeys.lastUsed('test'), {
    ServiceName: 'iam',
    Region: 'us-east-1',
    LastUsedDate: when,
  });
  assert.equal(iam.accessKeys.lastUsed('AKIANOSUCHKEY0000000'), undefined);
});
