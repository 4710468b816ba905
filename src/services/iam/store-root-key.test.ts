import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openDatabase } from '../../store/index.js';
import { applyRootKey, RootKeyTakenError, rootKeyMigrations } from './store-root-key.js';
import { IamStore, iamMigrations } from './store.js';

const ACCOUNT = '000000000000';
const store = () =>
  new IamStore(openDatabase({ data: ':memory:', migrations: [...iamMigrations, ...rootKeyMigrations] }));
const rootKeys = (iam: IamStore) => iam.accessKeys.list(ACCOUNT, null).map((k) => k.AccessKeyId);

it('a configured key replaces test/test; the account keeps its users and the root keys it made itself', () => {
  const iam = store();
  iam.users.create(ACCOUNT, { UserName: 'alice' });
  const own = iam.accessKeys.create(ACCOUNT, null).AccessKeyId;
  applyRootKey(iam.db, ACCOUNT, { accessKeyId: 'AKIAPINPOSTROOT00001', secretAccessKey: 'one' });
  assert.equal(iam.accessKeys.find('test'), undefined);
  assert.deepEqual(rootKeys(iam).sort(), [own, 'AKIAPINPOSTROOT00001'].sort());
  assert.equal(iam.accessKeys.find('AKIAPINPOSTROOT00001')?.key.SecretAccessKey, 'one');

  // A restart with another key replaces the previous configured one, not the account's own.
  applyRootKey(iam.db, ACCOUNT, { accessKeyId: 'AKIAPINPOSTROOT00002', secretAccessKey: 'two' });
  assert.deepEqual(rootKeys(iam).sort(), [own, 'AKIAPINPOSTROOT00002'].sort());
  // The same id with a new secret keeps the key and takes the secret; a deactivated key is restored.
  iam.accessKeys.updateStatus(ACCOUNT, null, 'AKIAPINPOSTROOT00002', 'Inactive');
  applyRootKey(iam.db, ACCOUNT, { accessKeyId: 'AKIAPINPOSTROOT00002', secretAccessKey: 'three' });
  const key = iam.accessKeys.find('AKIAPINPOSTROOT00002')!.key;
  assert.equal(key.SecretAccessKey, 'three');
  assert.equal(key.Status, 'Active');
  // Back to the default.
  applyRootKey(iam.db, ACCOUNT, { accessKeyId: 'test', secretAccessKey: 'test' });
  assert.deepEqual(rootKeys(iam).sort(), [own, 'test'].sort());
  assert.equal(iam.users.get(ACCOUNT, 'alice')?.UserName, 'alice');
});

it("a key id that is an IAM user's key is refused, and nothing changes", () => {
  const iam = store();
  iam.users.create(ACCOUNT, { UserName: 'alice' });
  const alice = iam.accessKeys.create(ACCOUNT, 'alice').AccessKeyId;
  assert.throws(
    () => applyRootKey(iam.db, ACCOUNT, { accessKeyId: alice, secretAccessKey: 'x' }),
    (e: unknown) => e instanceof RootKeyTakenError && e.accessKeyId === alice,
  );
  assert.deepEqual(rootKeys(iam), ['test']);
  assert.equal(iam.accessKeys.find(alice)?.userId !== null, true);
});
