import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DuplicateError, openDatabase } from '../../store/index.js';
import { openTestDatabase } from '../../../test/support/database.js';
import { stsMigrations } from '../sts/store-migrations.js';
import { AccountPartitionError } from './store-accounts.js';
import { IamStore, iamMigrations } from './store.js';
import { ALLOW_SEND, closeIamStores, memoryIamStore, TRUST } from './store-test-helpers.js';

after(closeIamStores);

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('the default account 000000000000 exists from the first open with root key test/test', async () => {
  const iam = await memoryIamStore();
  assert.deepEqual(
    (await iam.accounts.list()).map((a) => a.AccountId),
    ['000000000000'],
  );
  const key = await iam.accessKeys.find('test');
  assert.equal(key?.accountId, '000000000000');
  assert.equal(key?.userId, null);
  assert.equal(key?.key.SecretAccessKey, 'test');
  assert.equal(key?.key.Status, 'Active');
  assert.equal(key?.key.UserName, undefined);
});

test('more accounts are created with their own root keys; a taken id or key is refused', async () => {
  const iam = await memoryIamStore();
  await iam.accounts.create('111122223333', 'AKIAROOTKEY111122223', 'secret-1');
  assert.equal((await iam.accessKeys.find('AKIAROOTKEY111122223'))?.accountId, '111122223333');
  await assert.rejects(() => iam.accounts.create('111122223333', 'other', 's'), DuplicateError);
  await assert.rejects(() => iam.accounts.create('444455556666', 'test', 's'), DuplicateError);
  assert.equal(await iam.accounts.get('444455556666'), undefined);
  await assert.rejects(() => iam.accounts.create('12345', 'k', 's'), /12 digits/);
});

test('IAM state survives closing and reopening a file database, and migrations do not rerun', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pinpost-iam-'));
  dirs.push(dir);
  const first = new IamStore(await openDatabase({ data: dir, migrations: iamMigrations }));
  const role = await first.roles.create('000000000000', {
    RoleName: 'Sender',
    AssumeRolePolicyDocument: TRUST,
  });
  await first.inlinePolicies.put('000000000000', 'role', 'Sender', 'send', ALLOW_SEND);
  await first.db.close();

  const again = new IamStore(await openDatabase({ data: dir, migrations: iamMigrations }));
  assert.equal((await again.roles.get('000000000000', 'sender'))?.RoleId, role.RoleId);
  assert.equal(
    (await again.inlinePolicies.get('000000000000', 'role', 'Sender', 'send'))?.PolicyDocument,
    ALLOW_SEND,
  );
  // Migration iam/2 seeds the default account: had it rerun, the insert would have failed.
  assert.equal((await again.accounts.list()).length, 1);
  await again.db.close();
});

test('account counts feed GetAccountSummary', async () => {
  const iam = await memoryIamStore();
  await iam.users.create('000000000000', { UserName: 'a' });
  await iam.roles.create('000000000000', { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
  await iam.policies.create('000000000000', { PolicyName: 'p', PolicyDocument: ALLOW_SEND });
  assert.deepEqual(await iam.accounts.counts('000000000000'), {
    Users: 1,
    Groups: 0,
    Roles: 1,
    Policies: 1,
    AccessKeysOfRoot: 1,
  });
});

test('an account lives in one partition: its ARNs name it, and it moves only while it holds nothing', async () => {
  const iam = new IamStore(await openTestDatabase([...iamMigrations, ...stsMigrations]));
  assert.equal(await iam.accounts.partitionOf('000000000000'), 'aws');
  await iam.accounts.movePartition('000000000000', 'aws-us-gov');
  assert.equal(await iam.accounts.partitionOf('000000000000'), 'aws-us-gov');
  const user = await iam.users.create('000000000000', { UserName: 'gov' });
  assert.equal(user.Arn, 'arn:aws-us-gov:iam::000000000000:user/gov');
  await assert.rejects(
    () => iam.accounts.movePartition('000000000000', 'aws'),
    (e: unknown) => e instanceof AccountPartitionError && e.partition === 'aws-us-gov' && e.wanted === 'aws',
  );
  await iam.accounts.movePartition('000000000000', 'aws-us-gov');
  await iam.accounts.create('111122223333', 'AKIACHINAROOT0000000', 's', new Date(), 'aws-cn');
  assert.equal(
    (await iam.roles.create('111122223333', { RoleName: 'R', AssumeRolePolicyDocument: TRUST })).Arn,
    'arn:aws-cn:iam::111122223333:role/R',
  );
  await iam.db.close();
});
