import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DependentsError, DuplicateError, migrate, openDatabase } from '../../store/index.js';
import { IamStore, iamMigrations } from './store.js';
import { ACCOUNT, ALLOW_SEND, memoryIamStore, TRUST } from './store-test-helpers.js';

test('a role gets an AROA id, its ARN with path, and MaxSessionDuration 3600 by default (API_CreateRole.html)', () => {
  const iam = memoryIamStore();
  const r = iam.roles.create(ACCOUNT, {
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
  assert.equal(iam.roles.getById(r.RoleId)?.accountId, ACCOUNT);
});

test('role names are unique without regard to case', () => {
  const iam = memoryIamStore();
  iam.roles.create(ACCOUNT, { RoleName: 'Sender', AssumeRolePolicyDocument: TRUST });
  assert.throws(
    () => iam.roles.create(ACCOUNT, { RoleName: 'sENDER', AssumeRolePolicyDocument: TRUST }),
    DuplicateError,
  );
  assert.equal(iam.roles.count(ACCOUNT), 1);
});

test('UpdateRole changes description and duration; null clears the description', () => {
  const iam = memoryIamStore();
  iam.roles.create(ACCOUNT, { RoleName: 'r', AssumeRolePolicyDocument: TRUST, Description: 'first' });
  let r = iam.roles.update(ACCOUNT, 'r', { MaxSessionDuration: 7200 });
  assert.equal(r.Description, 'first');
  assert.equal(r.MaxSessionDuration, 7200);
  r = iam.roles.update(ACCOUNT, 'r', { Description: null });
  assert.equal(r.Description, undefined);
  const newTrust = TRUST.replace('pinpoint', 'ses');
  assert.equal(iam.roles.updateAssumeRolePolicy(ACCOUNT, 'R', newTrust), true);
  assert.equal(iam.roles.get(ACCOUNT, 'r')?.AssumeRolePolicyDocument, newTrust);
});

test('RoleLastUsed is recorded by role id', () => {
  const iam = memoryIamStore();
  const r = iam.roles.create(ACCOUNT, { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
  const when = new Date('2025-01-02T03:04:05Z');
  iam.roles.recordUse(r.RoleId, when, 'us-east-1');
  assert.deepEqual(iam.roles.get(ACCOUNT, 'r')?.RoleLastUsed, { LastUsedDate: when, Region: 'us-east-1' });
});

test('a role with inline or attached policies cannot be deleted', () => {
  const iam = memoryIamStore();
  iam.roles.create(ACCOUNT, { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
  iam.inlinePolicies.put(ACCOUNT, 'role', 'r', 'send', ALLOW_SEND);
  iam.attachments.attach(ACCOUNT, 'role', 'r', 'arn:aws:iam::aws:policy/AmazonSESFullAccess');
  assert.deepEqual(iam.roles.dependents(ACCOUNT, 'r'), { inlinePolicies: 1, attachedPolicies: 1 });
  assert.throws(() => iam.roles.delete(ACCOUNT, 'r'), DependentsError);
  iam.inlinePolicies.delete(ACCOUNT, 'role', 'r', 'SEND');
  iam.attachments.detach(ACCOUNT, 'role', 'r', 'arn:aws:iam::aws:policy/AmazonSESFullAccess');
  assert.equal(iam.roles.delete(ACCOUNT, 'r'), true);
});

test('inline policies: put replaces by name without case, lists names in pages', () => {
  const iam = memoryIamStore();
  iam.roles.create(ACCOUNT, { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
  iam.inlinePolicies.put(ACCOUNT, 'role', 'r', 'Send', '{"v":1}');
  iam.inlinePolicies.put(ACCOUNT, 'role', 'r', 'send', '{"v":2}');
  iam.inlinePolicies.put(ACCOUNT, 'role', 'r', 'another', '{"v":3}');
  assert.equal(iam.inlinePolicies.count(ACCOUNT, 'role', 'r'), 2);
  assert.deepEqual(iam.inlinePolicies.get(ACCOUNT, 'role', 'r', 'SEND'), {
    PolicyName: 'send',
    PolicyDocument: '{"v":2}',
  });
  const page = iam.inlinePolicies.listNames(ACCOUNT, 'role', 'r', { maxItems: 1 });
  assert.deepEqual(page.items, ['another']);
  assert.deepEqual(iam.inlinePolicies.listNames(ACCOUNT, 'role', 'r', { marker: page.marker }).items, [
    'send',
  ]);
});

test('managed policy attachments: idempotent attach, per-role count, listing with names', () => {
  const iam = memoryIamStore();
  iam.roles.create(ACCOUNT, { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
  const mine = iam.policies.create(ACCOUNT, {
    PolicyName: 'Send',
    Path: '/mail/',
    PolicyDocument: ALLOW_SEND,
  });
  assert.equal(iam.attachments.attach(ACCOUNT, 'role', 'r', mine.Arn), true);
  assert.equal(iam.attachments.attach(ACCOUNT, 'role', 'r', mine.Arn), false);
  iam.attachments.attach(ACCOUNT, 'role', 'r', 'arn:aws:iam::aws:policy/AdministratorAccess');
  assert.equal(iam.attachments.count(ACCOUNT, 'role', 'r'), 2);
  assert.deepEqual(iam.attachments.list(ACCOUNT, 'role', 'r', { pathPrefix: '/mail/' }).items, [
    { PolicyName: 'Send', PolicyArn: 'arn:aws:iam::000000000000:policy/mail/Send' },
  ]);
  assert.equal(iam.policies.get(ACCOUNT, mine.Arn)?.AttachmentCount, 1);
  assert.deepEqual(iam.attachments.entitiesForPolicy(ACCOUNT, mine.Arn).PolicyRoles, [
    { RoleName: 'r', RoleId: iam.roles.get(ACCOUNT, 'r')!.RoleId },
  ]);
  assert.equal(iam.attachments.detach(ACCOUNT, 'role', 'r', mine.Arn), true);
  assert.equal(iam.attachments.detach(ACCOUNT, 'role', 'r', mine.Arn), false);
});

test('a trust policy is stored with user and role principals as unique ids, and read back as ARNs', () => {
  const iam = memoryIamStore();
  const user = iam.users.create(ACCOUNT, { UserName: 'carol' });
  const doc = TRUST.replace('{"Service":"pinpoint.amazonaws.com"}', `{"AWS":"${user.Arn}"}`);
  assert.ok(doc.includes(user.Arn));
  const role = iam.roles.create(ACCOUNT, { RoleName: 'R', AssumeRolePolicyDocument: doc });
  const raw = () =>
    iam.db.get<{ d: string }>('SELECT assume_role_policy_document AS d FROM iam_roles WHERE role_id = ?', [
      role.RoleId,
    ])!.d;
  assert.equal(raw(), doc.replace(user.Arn, user.UserId));
  assert.equal(iam.roles.get(ACCOUNT, 'R')!.AssumeRolePolicyDocument, doc);
  iam.roles.updateAssumeRolePolicy(ACCOUNT, 'R', TRUST);
  assert.equal(raw(), TRUST);
});

test('upgrading binds the trust policies written before principals were bound (iam migration 3)', () => {
  const db = openDatabase({ data: ':memory:', migrations: iamMigrations.slice(0, 2) });
  const iam = new IamStore(db);
  // Today's store writes the partition column (migration 4); a database of that time had none.
  db.run("ALTER TABLE iam_accounts ADD COLUMN partition TEXT NOT NULL DEFAULT 'aws'");
  const user = iam.users.create(ACCOUNT, { UserName: 'carol' });
  const role = iam.roles.create(ACCOUNT, { RoleName: 'R', AssumeRolePolicyDocument: TRUST });
  db.run('ALTER TABLE iam_accounts DROP COLUMN partition');
  const legacy = TRUST.replace('{"Service":"pinpoint.amazonaws.com"}', `{"AWS":"${user.Arn}"}`);
  assert.ok(legacy.includes(user.Arn));
  db.run('UPDATE iam_roles SET assume_role_policy_document = ? WHERE role_id = ?', [legacy, role.RoleId]);
  assert.deepEqual(
    migrate(db, iamMigrations).map((m) => m.version),
    [3, 4, 5],
  );
  const stored = db.get<{ d: string }>('SELECT assume_role_policy_document AS d FROM iam_roles')!.d;
  assert.equal(stored, legacy.replace(user.Arn, user.UserId));
  assert.equal(iam.roles.get(ACCOUNT, 'R')!.AssumeRolePolicyDocument, legacy);
});
