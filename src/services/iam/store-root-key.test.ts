import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { openTestDatabase } from '../../../test/support/database.js';
import { applyRootKey, RootKeyTakenError, rootKeyMigrations } from './store-root-key.js';
import { IamStore, iamMigrations } from './store.js';

const ACCOUNT = '000000000000';
const opened: IamStore[] = [];
after(async () => {
  for (const iam of opened) await iam.db.close();
});
const store = async () => {
  const iam = new IamStore(await openTestDatabase([...iamMigrations, ...rootKeyMigrations]));
  opened.push(iam);
  return iam;
};
const rootKeys = async (iam: IamStore) =>
  (await iam.accessKeys.list(ACCOUNT, null)).map((k) => k.AccessKeyId);

it('a configured key replaces test/test; the account keeps its users and the root keys it made itself', async () => {
  const iam = await store();
  await iam.users.create(ACCOUNT, { UserName: 'alice' });
  const own = (await iam.accessKeys.create(ACCOUNT, null)).AccessKeyId;
  await applyRootKey(iam.db, ACCOUNT, { accessKeyId: 'AKIAPINPOSTROOT00001', secretAccessKey: 'one' });
  assert.equal(await iam.accessKeys.find('test'), undefined);
  assert.deepEqual((await rootKeys(iam)).sort(), [own, 'AKIAPINPOSTROOT00001'].sort());
  assert.equal((await iam.accessKeys.find('AKIAPINPOSTROOT00001'))?.key.SecretAccessKey, 'one');

  // A restart with another key replaces the previous configured one, not the account's own.
  await applyRootKey(iam.db, ACCOUNT, { accessKeyId: 'AKIAPINPOSTROOT00002', secretAccessKey: 'two' });
  assert.deepEqual((await rootKeys(iam)).sort(), [own, 'AKIAPINPOSTROOT00002'].sort());
  // The same id with a new secret keeps the key and takes the secret; a deactivated key is restored.
  await iam.accessKeys.updateStatus(ACCOUNT, null, 'AKIAPINPOSTROOT00002', 'Inactive');
  await applyRootKey(iam.db, ACCOUNT, { accessKeyId: 'AKIAPINPOSTROOT00002', secretAccessKey: 'three' });
  const key = (await iam.accessKeys.find('AKIAPINPOSTROOT00002'))!.key;
  assert.equal(key.SecretAccessKey, 'three');
  assert.equal(key.Status, 'Active');
  // Back to the default.
  await applyRootKey(iam.db, ACCOUNT, { accessKeyId: 'test', secretAccessKey: 'test' });
  assert.deepEqual((await rootKeys(iam)).sort(), [own, 'test'].sort());
  assert.equal((await iam.users.get(ACCOUNT, 'alice'))?.UserName, 'alice');
});

it("a key id that is an IAM user's key is refused, and nothing changes", async () => {
  const iam = await store();
  await iam.users.create(ACCOUNT, { UserName: 'alice' });
  const alice = (await iam.accessKeys.create(ACCOUNT, 'alice')).AccessKeyId;
  await assert.rejects(
    () => applyRootKey(iam.db, ACCOUNT, { accessKeyId: alice, secretAccessKey: 'x' }),
    (e: unknown) => e instanceof RootKeyTakenError && e.accessKeyId === alice,
  );
  assert.deepEqual(await rootKeys(iam), ['test']);
  assert.equal((await iam.accessKeys.find(alice))?.userId !== null, true);
});
