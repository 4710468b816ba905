import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DependentsError, DuplicateError } from '../../store/index.js';
import { ACCOUNT, ALLOW_SEND, memoryIamStore, TRUST } from './store-test-helpers.js';

test('a customer managed policy starts at v1, default, with its document as sent', () => {
  const iam = memoryIamStore();
  const p = iam.policies.create(ACCOUNT, {
    PolicyName: 'Send',
    PolicyDocument: ALLOW_SEND,
    Description: 'd',
  });
  assert.match(p.PolicyId, /^ANPA/);
  assert.equal(p.Arn, 'arn:aws:iam::000000000000:policy/Send');
  assert.equal(p.DefaultVersionId, 'v1');
  assert.equal(p.AttachmentCount, 0);
  assert.equal(p.IsAttachable, true);
  assert.deepEqual(iam.policies.versions(ACCOUNT, p.Arn), [
    { VersionId: 'v1', IsDefaultVersion: true, Document: ALLOW_SEND, CreateDate: p.CreateDate },
  ]);
  assert.equal(iam.policies.defaultDocument(ACCOUNT, p.Arn), ALLOW_SEND);
});

test('policy names are unique per account without case, whatever the path', () => {
  const iam = memoryIamStore();
  iam.policies.create(ACCOUNT, { PolicyName: 'Send', PolicyDocument: ALLOW_SEND });
  assert.throws(
    () => iam.policies.create(ACCOUNT, { PolicyName: 'SEND', Path: '/other/', PolicyDocument: ALLOW_SEND }),
    DuplicateError,
  );
  // The failed create wrote neither a policy nor a version.
  assert.equal(iam.policies.count(ACCOUNT), 1);
  assert.equal(iam.db.get<{ n: number }>('SELECT count(*) AS n FROM iam_policy_versions')?.n, 1);
});

test('versions count up, are never reused, and the default moves only when asked', () => {
  const iam = memoryIamStore();
  const { Arn } = iam.policies.create(ACCOUNT, { PolicyName: 'p', PolicyDocument: '{"n":1}' });
  const v2 = iam.policies.createVersion(ACCOUNT, Arn, '{"n":2}', false);
  assert.deepEqual([v2.VersionId, v2.IsDefaultVersion], ['v2', false]);
  assert.equal(iam.policies.get(ACCOUNT, Arn)?.DefaultVersionId, 'v1');
  iam.policies.createVersion(ACCOUNT, Arn, '{"n":3}', true);
  assert.equal(iam.policies.get(ACCOUNT, Arn)?.DefaultVersionId, 'v3');
  assert.equal(iam.policies.defaultDocument(ACCOUNT, Arn), '{"n":3}');
  assert.equal(iam.policies.deleteVersion(ACCOUNT, Arn, 'v2'), true);
  assert.equal(iam.policies.createVersion(ACCOUNT, Arn, '{"n":4}', false).VersionId, 'v4');
  assert.deepEqual(
    iam.policies.versions(ACCOUNT, Arn)?.map((v) => [v.VersionId, v.IsDefaultVersion]),
    [
      ['v1', false],
      ['v3', true],
      ['v4', false],
    ],
  );
  assert.equal(iam.policies.countVersions(ACCOUNT, Arn), 3);
  assert.throws(() => iam.policies.deleteVersion(ACCOUNT, Arn, 'v3'), DependentsError);
  assert.equal(iam.policies.setDefaultVersion(ACCOUNT, Arn, 'v1'), true);
  assert.equal(iam.policies.setDefaultVersion(ACCOUNT, Arn, 'v2'), false);
});

test('a policy still attached or with other versions cannot be deleted', () => {
  const iam = memoryIamStore();
  const { Arn } = iam.policies.create(ACCOUNT, { PolicyName: 'p', PolicyDocument: ALLOW_SEND });
  iam.roles.create(ACCOUNT, { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
  iam.attachments.attach(ACCOUNT, 'role', 'r', Arn);
  iam.policies.createVersion(ACCOUNT, Arn, ALLOW_SEND, false);
  assert.deepEqual(iam.policies.dependents(ACCOUNT, Arn), {
    attachments: 1,
    permissionsBoundaryUses: 0,
    nonDefaultVersions: 1,
  });
  assert.throws(() => iam.policies.delete(ACCOUNT, Arn), DependentsError);
  iam.attachments.detach(ACCOUNT, 'role', 'r', Arn);
  iam.policies.deleteVersion(ACCOUNT, Arn, 'v2');
  assert.equal(iam.policies.delete(ACCOUNT, Arn), true);
  assert.equal(iam.policies.get(ACCOUNT, Arn), undefined);
  assert.equal(iam.db.get<{ n: number }>('SELECT count(*) AS n FROM iam_policy_versions')?.n, 0);
});

test('AWS managed policies are readable from every account with per-account attachment counts', () => {
  const iam = memoryIamStore();
  iam.accounts.create('111122223333', 'AKIAOTHERROOT0000000', 's');
  iam.roles.create(ACCOUNT, { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
  iam.attachments.attach(ACCOUNT, 'role', 'r', 'arn:aws:iam::aws:policy/AdministratorAccess');
  const here = iam.policies.get(ACCOUNT, 'arn:aws:iam::aws:policy/AdministratorAccess');
  const there = iam.policies.get('111122223333', 'arn:aws:iam::aws:policy/AdministratorAccess');
  assert.equal(here?.AttachmentCount, 1);
  assert.equal(there?.AttachmentCount, 0);
  assert.equal(there?.PolicyId, 'ANPAIWMBCKSKIEE64ZLYK');
  assert.equal(
    iam.policies.defaultDocument(ACCOUNT, 'arn:aws:iam::aws:policy/AdministratorAccess'),
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
  );
  // An AWS managed policy cannot be changed or deleted through the store.
  assert.equal(iam.policies.delete(ACCOUNT, 'arn:aws:iam::aws:policy/AdministratorAccess'), false);
  assert.equal(
    iam.policies.setDefaultVersion(ACCOUNT, 'arn:aws:iam::aws:policy/AdministratorAccess', 'v1'),
    false,
  );
});

test('ListPolicies honours Scope, OnlyAttached and pagination across both sources', () => {
  const iam = memoryIamStore();
  iam.policies.create(ACCOUNT, { PolicyName: 'Zeta', PolicyDocument: ALLOW_SEND });
  iam.policies.create(ACCOUNT, { PolicyName: 'alpha', PolicyDocument: ALLOW_SEND });
  assert.deepEqual(
    iam.policies.list(ACCOUNT, { scope: 'Local' }).items.map((p) => p.PolicyName),
    ['alpha', 'Zeta'],
  );
  assert.equal(iam.policies.list(ACCOUNT, { scope: 'AWS' }).items.length, 6);
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = iam.policies.list(ACCOUNT, { maxItems: 3, marker });
    names.push(...page.items.map((p) => p.PolicyName));
    marker = page.marker;
  } while (marker);
  assert.equal(names.length, 8);
  assert.equal(new Set(names).size, 8);
  iam.users.create(ACCOUNT, { UserName: 'u' });
  iam.attachments.attach(ACCOUNT, 'user', 'u', 'arn:aws:iam::000000000000:policy/Zeta');
  assert.deepEqual(
    iam.policies.list(ACCOUNT, { onlyAttached: true }).items.map((p) => p.PolicyName),
    ['Zeta'],
  );
});

test('a write spanning repositories inside IamStore.transaction rolls back entirely on error', () => {
  const iam = memoryIamStore();
  assert.throws(() =>
    iam.transaction((s) => {
      s.roles.create(ACCOUNT, { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
      s.inlinePolicies.put(ACCOUNT, 'role', 'r', 'p', ALLOW_SEND);
      throw new Error('policy engine said no');
    }),
  );
  assert.equal(iam.roles.get(ACCOUNT, 'r'), undefined);
  assert.equal(iam.db.get<{ n: number }>('SELECT count(*) AS n FROM iam_inline_policies')?.n, 0);
});
