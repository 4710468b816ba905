import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { NotFoundError } from '../../store/index.js';
import { ACCOUNT, closeIamStores, memoryIamStore } from './store-test-helpers.js';

after(closeIamStores);

test('a user key is AKIA…, its secret 40 characters, Active, and listed without the secret', async () => {
  const iam = await memoryIamStore();
  await iam.users.create(ACCOUNT, { UserName: 'u' });
  const k = await iam.accessKeys.create(ACCOUNT, 'u');
  assert.match(k.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
  assert.equal(k.SecretAccessKey.length, 40);
  assert.equal(k.Status, 'Active');
  assert.equal(k.UserName, 'u');
  const listed = await iam.accessKeys.list(ACCOUNT, 'u');
  assert.deepEqual(listed, [
    { AccessKeyId: k.AccessKeyId, Status: 'Active', CreateDate: k.CreateDate, UserName: 'u' },
  ]);
  assert.equal(await iam.accessKeys.count(ACCOUNT, 'u'), 1);
});

test("a key is changed or deleted only through its owner; root keys are the account's own", async () => {
  const iam = await memoryIamStore();
  await iam.users.create(ACCOUNT, { UserName: 'a' });
  await iam.users.create(ACCOUNT, { UserName: 'b' });
  const ka = await iam.accessKeys.create(ACCOUNT, 'a');
  assert.equal(await iam.accessKeys.updateStatus(ACCOUNT, 'b', ka.AccessKeyId, 'Inactive'), false);
  assert.equal(await iam.accessKeys.delete(ACCOUNT, null, ka.AccessKeyId), false);
  assert.equal(await iam.accessKeys.updateStatus(ACCOUNT, 'a', ka.AccessKeyId, 'Inactive'), true);
  assert.equal((await iam.accessKeys.find(ka.AccessKeyId))?.key.Status, 'Inactive');
  const root = await iam.accessKeys.create(ACCOUNT, null);
  assert.deepEqual(
    (await iam.accessKeys.list(ACCOUNT, null)).map((k) => k.AccessKeyId),
    ['test', root.AccessKeyId],
  );
  assert.equal(await iam.accessKeys.count(ACCOUNT, null), 2);
  await assert.rejects(() => iam.accessKeys.create(ACCOUNT, 'nobody'), NotFoundError);
});

test('last use is recorded, and a never-used key reads N/A', async () => {
  const iam = await memoryIamStore();
  assert.deepEqual(await iam.accessKeys.lastUsed('test'), { ServiceName: 'N/A', Region: 'N/A' });
  const when = new Date('2025-05-01T00:00:00Z');
  await iam.accessKeys.recordUse('test', when, 'iam', 'us-east-1');
  assert.deepEqual(await iam.accessKeys.lastUsed('test'), {
    ServiceName: 'iam',
    Region: 'us-east-1',
    LastUsedDate: when,
  });
  assert.equal(await iam.accessKeys.lastUsed('AKIANOSUCHKEY0000000'), undefined);
});
