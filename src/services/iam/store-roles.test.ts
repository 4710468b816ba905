import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openTestDatabase } from '../../../test/support/database.js';
import { DependentsError, DuplicateError, migrate } from '../../store/index.js';
import { IamStore, iamMigrations } from './store.js';
import { ACCOUNT, ALLOW_SEND, closeIamStores, memoryIamStore, TRUST } from './store-test-helpers.js';

after(closeIamStores);

test('a role gets an AROA id, its ARN with path, and MaxSessionDuration 3600 by default (API_CreateRole.html)', async () => {
  const iam = await memoryIamStore();
  const r = await iam.roles.create(ACCOUNT, {
    RoleName: 'PinpointSender',
    Path: '/service/',
    AssumeRolePolicyDocument: TRUST,
  });
  assert.match(r.RoleId, /^AROA[A-Z2-7]{17}$/);
  assert.equal(r.Arn, 'arn:aws:iam::000000000000:role/service/PinpointSender');
  assert.equal(r.MaxSessionDuration, 3600);
  assert.equal(r.AssumeRolePolicyDocument, TRUST);
  assert.equal(r.Description, undefined);
  assert.deepEqual(r.Tags, []);
  assert.equal((await iam.roles.getById(r.RoleId))?.accountId, ACCOUNT);
});

test('role names are unique without regard to case', async () => {
  const iam = await memoryIamStore();
  await iam.roles.create(ACCOUNT, { RoleName: 'Sender', AssumeRolePolicyDocument: TRUST });
  await assert.rejects(
    () => iam.roles.create(ACCOUNT, { RoleName: 'sENDER', AssumeRolePolicyDocument: TRUST }),
    DuplicateError,
  );
  assert.equal(await iam.roles.count(ACCOUNT), 1);
});

test('UpdateRole changes description and duration; null clears the description', async () => {
  const iam = await memoryIamStore();
  await iam.roles.create(ACCOUNT, { RoleName: 'r', AssumeRolePolicyDocument: TRUST, Description: 'first' });
  let r = await iam.roles.update(ACCOUNT, 'r', { MaxSessionDuration: 7200 });
  assert.equal(r.Description, 'first');
  assert.equal(r.MaxSessionDuration, 7200);
  r = await iam.roles.update(ACCOUNT, 'r', { Description: null });
  assert.equal(r.Description, undefined);
  const newTrust = TRUST.replace('pinpoint', 'ses');
  assert.equal(await iam.roles.updateAssumeRolePolicy(ACCOUNT, 'R', newTrust), true);
  assert.equal((await iam.roles.get(ACCOUNT, 'r'))?.AssumeRolePolicyDocument, newTrust);
});

test('RoleLastUsed is recorded by role id', async () => {
  const iam = await memoryIamStore();
  const r = await iam.roles.create(ACCOUNT, { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
  const when = new Date('2025-01-02T03:04:05Z');
  await iam.roles.recordUse(r.RoleId, when, 'us-east-1');
  assert.deepEqual((await iam.roles.get(ACCOUNT, 'r'))?.RoleLastUsed, {
    LastUsedDate: when,
    Region: 'us-east-1',
  });
});

test('a role with inline or attached policies cannot be deleted', async () => {
  const iam = await memoryIamStore();
  await iam.roles.create(ACCOUNT, { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
  await iam.inlinePolicies.put(ACCOUNT, 'role', 'r', 'send', ALLOW_SEND);
  await iam.attachments.attach(ACCOUNT, 'role', 'r', 'arn:aws:iam::aws:policy/AmazonSESFullAccess');
  assert.deepEqual(await iam.roles.dependents(ACCOUNT, 'r'), { inlinePolicies: 1, attachedPolicies: 1 });
  await assert.rejects(() => iam.roles.delete(ACCOUNT, 'r'), DependentsError);
  await iam.inlinePolicies.delete(ACCOUNT, 'role', 'r', 'SEND');
  await iam.attachments.detach(ACCOUNT, 'role', 'r', 'arn:aws:iam::aws:policy/AmazonSESFullAccess');
  assert.equal(await iam.roles.delete(ACCOUNT, 'r'), true);
});

test('inline policies: put replaces by name without case, lists names in pages', async () => {
  const iam = await memoryIamStore();
  await iam.roles.create(ACCOUNT, { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
  await iam.inlinePolicies.put(ACCOUNT, 'role', 'r', 'Send', '{"v":1}');
  await iam.inlinePolicies.put(ACCOUNT, 'role', 'r', 'send', '{"v":2}');
  await iam.inlinePolicies.put(ACCOUNT, 'role', 'r', 'another', '{"v":3}');
  assert.equal(await iam.inlinePolicies.count(ACCOUNT, 'role', 'r'), 2);
  assert.deepEqual(await iam.inlinePolicies.get(ACCOUNT, 'role', 'r', 'SEND'), {
    PolicyName: 'send',
    PolicyDocument: '{"v":2}',
  });
  const page = await iam.inlinePolicies.listNames(ACCOUNT, 'role', 'r', { maxItems: 1 });
  assert.deepEqual(page.items, ['another']);
  assert.deepEqual(
    (await iam.inlinePolicies.listNames(ACCOUNT, 'role', 'r', { marker: page.marker })).items,
    ['send'],
  );
});

test('managed policy attachments: idempotent attach, per-role count, listing with names', async () => {
  const iam = await memoryIamStore();
  await iam.roles.create(ACCOUNT, { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
  const mine = await iam.policies.create(ACCOUNT, {
    PolicyName: 'Send',
    Path: '/mail/',
    PolicyDocument: ALLOW_SEND,
  });
  assert.equal(await iam.attachments.attach(ACCOUNT, 'role', 'r', mine.Arn), true);
  assert.equal(await iam.attachments.attach(ACCOUNT, 'role', 'r', mine.Arn), false);
  await iam.attachments.attach(ACCOUNT, 'role', 'r', 'arn:aws:iam::aws:policy/AdministratorAccess');
  assert.equal(await iam.attachments.count(ACCOUNT, 'role', 'r'), 2);
  assert.deepEqual((await iam.attachments.list(ACCOUNT, 'role', 'r', { pathPrefix: '/mail/' })).items, [
    { PolicyName: 'Send', PolicyArn: 'arn:aws:iam::000000000000:policy/mail/Send' },
  ]);
  assert.equal((await iam.policies.get(ACCOUNT, mine.Arn))?.AttachmentCount, 1);
  assert.deepEqual((await iam.attachments.entitiesForPolicy(ACCOUNT, mine.Arn)).PolicyRoles, [
    { RoleName: 'r', RoleId: (await iam.roles.get(ACCOUNT, 'r'))!.RoleId },
  ]);
  assert.equal(await iam.attachments.detach(ACCOUNT, 'role', 'r', mine.Arn), true);
  assert.equal(await iam.attachments.detach(ACCOUNT, 'role', 'r', mine.Arn), false);
});

test('a trust policy is stored with user and role principals as unique ids, and read back as ARNs', async () => {
  const iam = await memoryIamStore();
  const user = await iam.users.create(ACCOUNT, { UserName: 'carol' });
  const doc = TRUST.replace('{"Service":"pinpoint.amazonaws.com"}', `{"AWS":"${user.Arn}"}`);
  assert.ok(doc.includes(user.Arn));
  const role = await iam.roles.create(ACCOUNT, { RoleName: 'R', AssumeRolePolicyDocument: doc });
  const raw = async () =>
    (await iam.db.get<{ d: string }>(
      'SELECT assume_role_policy_document AS d FROM iam_roles WHERE role_id = ?',
      [role.RoleId],
    ))!.d;
  assert.equal(await raw(), doc.replace(user.Arn, user.UserId));
  assert.equal((await iam.roles.get(ACCOUNT, 'R'))!.AssumeRolePolicyDocument, doc);
  await iam.roles.updateAssumeRolePolicy(ACCOUNT, 'R', TRUST);
  assert.equal(await raw(), TRUST);
});

test('upgrading binds the trust policies written before principals were bound (iam migration 3)', async () => {
  const db = await openTestDatabase(iamMigrations.slice(0, 2));
  const iam = new IamStore(db);
  // Today's store writes the partition column (migration 4); a database of that time had none.
  await db.run("ALTER TABLE iam_accounts ADD COLUMN partition TEXT NOT NULL DEFAULT 'aws'");
  const user = await iam.users.create(ACCOUNT, { UserName: 'carol' });
  const role = await iam.roles.create(ACCOUNT, { RoleName: 'R', AssumeRolePolicyDocument: TRUST });
  await db.run('ALTER TABLE iam_accounts DROP COLUMN partition');
  const legacy = TRUST.replace('{"Service":"pinpoint.amazonaws.com"}', `{"AWS":"${user.Arn}"}`);
  assert.ok(legacy.includes(user.Arn));
  await db.run('UPDATE iam_roles SET assume_role_policy_document = ? WHERE role_id = ?', [
    legacy,
    role.RoleId,
  ]);
  assert.deepEqual(
    (await migrate(db, iamMigrations)).filter((m) => m.context === 'iam').map((m) => m.version),
    [3, 4, 5],
  );
  const stored = (await db.get<{ d: string }>('SELECT assume_role_policy_document AS d FROM iam_roles'))!.d;
  assert.equal(stored, legacy.replace(user.Arn, user.UserId));
  assert.equal((await iam.roles.get(ACCOUNT, 'R'))!.AssumeRolePolicyDocument, legacy);
  await db.close();
});
