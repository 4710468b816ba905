import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DependentsError, DuplicateError } from '../../store/index.js';
import { ACCOUNT, ALLOW_SEND, closeIamStores, memoryIamStore, TRUST } from './store-test-helpers.js';

after(closeIamStores);

test('a customer managed policy starts at v1, default, with its document as sent', async () => {
  const iam = await memoryIamStore();
  const p = await iam.policies.create(ACCOUNT, {
    PolicyName: 'Send',
    PolicyDocument: ALLOW_SEND,
    Description: 'd',
  });
  assert.match(p.PolicyId, /^ANPA/);
  assert.equal(p.Arn, 'arn:aws:iam::000000000000:policy/Send');
  assert.equal(p.DefaultVersionId, 'v1');
  assert.equal(p.AttachmentCount, 0);
  assert.equal(p.IsAttachable, true);
  assert.deepEqual(await iam.policies.versions(ACCOUNT, p.Arn), [
    { VersionId: 'v1', IsDefaultVersion: true, Document: ALLOW_SEND, CreateDate: p.CreateDate },
  ]);
  assert.equal(await iam.policies.defaultDocument(ACCOUNT, p.Arn), ALLOW_SEND);
});

test('policy names are unique per account without case, whatever the path', async () => {
  const iam = await memoryIamStore();
  await iam.policies.create(ACCOUNT, { PolicyName: 'Send', PolicyDocument: ALLOW_SEND });
  await assert.rejects(
    () => iam.policies.create(ACCOUNT, { PolicyName: 'SEND', Path: '/other/', PolicyDocument: ALLOW_SEND }),
    DuplicateError,
  );
  // The failed create wrote neither a policy nor a version.
  assert.equal(await iam.policies.count(ACCOUNT), 1);
  assert.equal((await iam.db.get<{ n: number }>('SELECT count(*) AS n FROM iam_policy_versions'))?.n, 1);
});

test('versions count up, are never reused, and the default moves only when asked', async () => {
  const iam = await memoryIamStore();
  const { Arn } = await iam.policies.create(ACCOUNT, { PolicyName: 'p', PolicyDocument: '{"n":1}' });
  const v2 = await iam.policies.createVersion(ACCOUNT, Arn, '{"n":2}', false);
  assert.deepEqual([v2.VersionId, v2.IsDefaultVersion], ['v2', false]);
  assert.equal((await iam.policies.get(ACCOUNT, Arn))?.DefaultVersionId, 'v1');
  await iam.policies.createVersion(ACCOUNT, Arn, '{"n":3}', true);
  assert.equal((await iam.policies.get(ACCOUNT, Arn))?.DefaultVersionId, 'v3');
  assert.equal(await iam.policies.defaultDocument(ACCOUNT, Arn), '{"n":3}');
  assert.equal(await iam.policies.deleteVersion(ACCOUNT, Arn, 'v2'), true);
  assert.equal((await iam.policies.createVersion(ACCOUNT, Arn, '{"n":4}', false)).VersionId, 'v4');
  assert.deepEqual(
    (await iam.policies.versions(ACCOUNT, Arn))?.map((v) => [v.VersionId, v.IsDefaultVersion]),
    [
      ['v1', false],
      ['v3', true],
      ['v4', false],
    ],
  );
  assert.equal(await iam.policies.countVersions(ACCOUNT, Arn), 3);
  await assert.rejects(() => iam.policies.deleteVersion(ACCOUNT, Arn, 'v3'), DependentsError);
  assert.equal(await iam.policies.setDefaultVersion(ACCOUNT, Arn, 'v1'), true);
  assert.equal(await iam.policies.setDefaultVersion(ACCOUNT, Arn, 'v2'), false);
});

test('a policy still attached or with other versions cannot be deleted', async () => {
  const iam = await memoryIamStore();
  const { Arn } = await iam.policies.create(ACCOUNT, { PolicyName: 'p', PolicyDocument: ALLOW_SEND });
  await iam.roles.create(ACCOUNT, { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
  await iam.attachments.attach(ACCOUNT, 'role', 'r', Arn);
  await iam.policies.createVersion(ACCOUNT, Arn, ALLOW_SEND, false);
  assert.deepEqual(await iam.policies.dependents(ACCOUNT, Arn), {
    attachments: 1,
    permissionsBoundaryUses: 0,
    nonDefaultVersions: 1,
  });
  await assert.rejects(() => iam.policies.delete(ACCOUNT, Arn), DependentsError);
  await iam.attachments.detach(ACCOUNT, 'role', 'r', Arn);
  await iam.policies.deleteVersion(ACCOUNT, Arn, 'v2');
  assert.equal(await iam.policies.delete(ACCOUNT, Arn), true);
  assert.equal(await iam.policies.get(ACCOUNT, Arn), undefined);
  assert.equal((await iam.db.get<{ n: number }>('SELECT count(*) AS n FROM iam_policy_versions'))?.n, 0);
});

test('AWS managed policies are readable from every account with per-account attachment counts', async () => {
  const iam = await memoryIamStore();
  await iam.accounts.create('111122223333', 'AKIAOTHERROOT0000000', 's');
  await iam.roles.create(ACCOUNT, { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
  await iam.attachments.attach(ACCOUNT, 'role', 'r', 'arn:aws:iam::aws:policy/AdministratorAccess');
  const here = await iam.policies.get(ACCOUNT, 'arn:aws:iam::aws:policy/AdministratorAccess');
  const there = await iam.policies.get('111122223333', 'arn:aws:iam::aws:policy/AdministratorAccess');
  assert.equal(here?.AttachmentCount, 1);
  assert.equal(there?.AttachmentCount, 0);
  assert.equal(there?.PolicyId, 'ANPAIWMBCKSKIEE64ZLYK');
  assert.equal(
    await iam.policies.defaultDocument(ACCOUNT, 'arn:aws:iam::aws:policy/AdministratorAccess'),
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
  );
  // An AWS managed policy cannot be changed or deleted through the store.
  assert.equal(await iam.policies.delete(ACCOUNT, 'arn:aws:iam::aws:policy/AdministratorAccess'), false);
  assert.equal(
    await iam.policies.setDefaultVersion(ACCOUNT, 'arn:aws:iam::aws:policy/AdministratorAccess', 'v1'),
    false,
  );
});

test('ListPolicies honours Scope, OnlyAttached and pagination across both sources', async () => {
  const iam = await memoryIamStore();
  await iam.policies.create(ACCOUNT, { PolicyName: 'Zeta', PolicyDocument: ALLOW_SEND });
  await iam.policies.create(ACCOUNT, { PolicyName: 'alpha', PolicyDocument: ALLOW_SEND });
  assert.deepEqual(
    (await iam.policies.list(ACCOUNT, { scope: 'Local' })).items.map((p) => p.PolicyName),
    ['alpha', 'Zeta'],
  );
  assert.equal((await iam.policies.list(ACCOUNT, { scope: 'AWS' })).items.length, 6);
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.policies.list(ACCOUNT, { maxItems: 3, marker });
    names.push(...page.items.map((p) => p.PolicyName));
    marker = page.marker;
  } while (marker);
  assert.equal(names.length, 8);
  assert.equal(new Set(names).size, 8);
  await iam.users.create(ACCOUNT, { UserName: 'u' });
  await iam.attachments.attach(ACCOUNT, 'user', 'u', 'arn:aws:iam::000000000000:policy/Zeta');
  assert.deepEqual(
    (await iam.policies.list(ACCOUNT, { onlyAttached: true })).items.map((p) => p.PolicyName),
    ['Zeta'],
  );
});

test('a write spanning repositories inside IamStore.transaction rolls back entirely on error', async () => {
  const iam = await memoryIamStore();
  await assert.rejects(() =>
    iam.transaction(async (s) => {
      await s.roles.create(ACCOUNT, { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
      await s.inlinePolicies.put(ACCOUNT, 'role', 'r', 'p', ALLOW_SEND);
      throw new Error('policy engine said no');
    }),
  );
  assert.equal(await iam.roles.get(ACCOUNT, 'r'), undefined);
  assert.equal((await iam.db.get<{ n: number }>('SELECT count(*) AS n FROM iam_inline_policies'))?.n, 0);
});
