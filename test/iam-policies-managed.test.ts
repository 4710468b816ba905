/**
 * Managed policies, versions, tags and attachments through @aws-sdk/client-iam
 * (API_CreatePolicy.html, API_CreatePolicyVersion.html, API_AttachRolePolicy.html and siblings).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  PutRolePermissionsBoundaryCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  UntagPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { seedPermissionsPolicy, seedTrustPolicy } from './fixtures/seed-policies.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let iam: IAMClient;
const ACCOUNT = '000000000000';
const SEED = seedPermissionsPolicy(ACCOUNT);
const TRUST = seedTrustPolicy(ACCOUNT);
const arnOf = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;

before(async () => {
  server = await startTestServer();
  iam = server.iam();
});
after(() => server.close());

async function failure(
  fn: () => Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await fn();
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

const doc = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

describe('CreatePolicy / GetPolicy / DeletePolicy (API_CreatePolicy.html, API_GetPolicy.html, API_DeletePolicy.html)', () => {
  it('creates the seed policy with path, description and tags', async () => {
    const out = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'PinpointSES',
        Path: '/pinpoint/',
        PolicyDocument: SEED,
        Description: 'seed',
        Tags: [{ Key: 'app', Value: 'mail' }],
      }),
    );
    assert.equal(out.Policy?.Arn, arnOf('PinpointSES', '/pinpoint/'));
    assert.match(out.Policy?.PolicyId ?? '', /^ANPA[A-Z2-7]{17}$/);
    assert.deepEqual(
      [out.Policy?.DefaultVersionId, out.Policy?.AttachmentCount, out.Policy?.IsAttachable],
      ['v1', 0, true],
    );
    const got = await iam.send(new GetPolicyCommand({ PolicyArn: out.Policy?.Arn }));
    assert.deepEqual([got.Policy?.Description, got.Policy?.Tags], ['seed', [{ Key: 'app', Value: 'mail' }]]);
    const v1 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: out.Policy?.Arn, VersionId: 'v1' }));
    assert.equal(decodeURIComponent(v1.PolicyVersion?.Document ?? ''), SEED);
    assert.equal(v1.PolicyVersion?.IsDefaultVersion, true);
  });

  it('a duplicate name, whatever the path, is EntityAlreadyExists', async () => {
    const err = await failure(() =>
      iam.send(new CreatePolicyCommand({ PolicyName: 'pinpointses', PolicyDocument: SEED })),
    );
    assert.deepEqual(
      [err.name, err.message, err.status],
      [
        'EntityAlreadyExistsException',
        'A policy called pinpointses already exists. Duplicate names are not allowed.',
        409,
      ],
    );
  });

  it('a managed policy must be version 2012-10-17 and nothing is written otherwise', async () => {
    const old = JSON.stringify({
      Version: '2008-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
    });
    const err = await failure(() =>
      iam.send(new CreatePolicyCommand({ PolicyName: 'Old', PolicyDocument: old })),
    );
    assert.deepEqual(
      [err.name, err.message],
      ['MalformedPolicyDocumentException', 'Policy document must be version 2012-10-17 or greater.'],
    );
    assert.equal(await server.runtime.iam.policies.get(ACCOUNT, arnOf('Old')), undefined);
  });

  it('GetPolicy of an unknown ARN is NoSuchEntity "Policy ARN was not found."', async () => {
    const err = await failure(() => iam.send(new GetPolicyCommand({ PolicyArn: arnOf('Missing') })));
    assert.deepEqual(
      [err.name, err.message],
      ['NoSuchEntityException', `Policy ${arnOf('Missing')} was not found.`],
    );
  });

  it('GetPolicy of an AWS managed policy works', async () => {
    const got = await iam.send(
      new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
    );
    assert.equal(got.Policy?.PolicyName, 'AdministratorAccess');
  });

  it('DeletePolicy refuses while attached or used as boundary, or with versions; then deletes', async () => {
    const arn =
      (await iam.send(new CreatePolicyCommand({ PolicyName: 'Del', PolicyDocument: doc('s3:GetObject') })))
        .Policy?.Arn ?? '';
    await iam.send(new CreateRoleCommand({ RoleName: 'DelRole', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'DelRole', PolicyArn: arn }));
    let err = await failure(() => iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
    assert.deepEqual(
      [err.name, err.message, err.status],
      ['DeleteConflictException', 'Cannot delete a policy attached to entities.', 409],
    );
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'DelRole', PolicyArn: arn }));
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'DelRole', PermissionsBoundary: arn }));
    err = await failure(() => iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
    assert.equal(err.message, 'Cannot delete a policy attached to entities.');
    await server.runtime.iam.roles.setPermissionsBoundary(ACCOUNT, 'DelRole', undefined);
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:PutObject') }));
    err = await failure(() => iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
    assert.equal(
      err.message,
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    );
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    assert.equal(await server.runtime.iam.policies.get(ACCOUNT, arn), undefined);
  });
});

describe('policy versions (API_CreatePolicyVersion.html, access_policies_managed-versioning.html)', () => {
  it('creates up to five versions, sets the default, refuses a sixth and deleting the default', async () => {
    const arn =
      (
        await iam.send(
          new CreatePolicyCommand({ PolicyName: 'Versioned', PolicyDocument: doc('s3:GetObject') }),
        )
      ).Policy?.Arn ?? '';
    const v2 = await iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: arn,
        PolicyDocument: doc('s3:PutObject'),
        SetAsDefault: true,
      }),
    );
    assert.deepEqual(
      [v2.PolicyVersion?.VersionId, v2.PolicyVersion?.IsDefaultVersion, v2.PolicyVersion?.Document],
      ['v2', true, undefined],
    );
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId, 'v2');
    for (let i = 3; i <= 5; i++)
      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(`s3:Get${i}`) }));
    const err = await failure(() =>
      iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:X') })),
    );
    assert.deepEqual(
      [err.name, err.message, err.status],
      [
        'LimitExceededException',
        'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
        409,
      ],
    );
    const del = await failure(() =>
      iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })),
    );
    assert.deepEqual(
      [del.name, del.message, del.status],
      ['DeleteConflictException', 'Cannot delete the default version of a policy.', 409],
    );
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v4' }));
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
    const listed = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    assert.deepEqual(
      listed.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion, v.Document]),
      [
        ['v5', false, undefined],
        ['v4', true, undefined],
        ['v3', false, undefined],
        ['v1', false, undefined],
      ],
    );
    const page = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, MaxItems: 3 }));
    assert.deepEqual([page.Versions?.length, page.IsTruncated], [3, true]);
    const rest = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, Marker: page.Marker }));
    assert.deepEqual(
      rest.Versions?.map((v) => v.VersionId),
      ['v1'],
    );
    const v6 = await iam.send(
      new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:Y') }),
    );
    assert.equal(v6.PolicyVersion?.VersionId, 'v6');
  });

  it('an unknown version is NoSuchEntity; a malformed VersionId is a ValidationError', async () => {
    const arn = arnOf('Versioned');
    const err = await failure(() =>
      iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })),
    );
    assert.deepEqual(
      [err.name, err.message],
      ['NoSuchEntityException', `Policy ${arn} version v9 does not exist or is not attachable.`],
    );
    const bad = await failure(() =>
      iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'x1' })),
    );
    assert.equal(
      bad.message,
      "1 validation error detected: Value 'x1' at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?",
    );
  });
});

describe('ListPolicies (API_ListPolicies.html)', () => {
  it('filters by Scope, OnlyAttached and PathPrefix and pages', async () => {
    const local = await startTestServer();
    try {
      const c = local.iam();
      for (const n of ['p1', 'p2', 'p3'])
        await c.send(
          new CreatePolicyCommand({
            PolicyName: n,
            Path: n === 'p3' ? '/x/' : '/',
            PolicyDocument: doc('s3:GetObject'),
          }),
        );
      const localOnly = await c.send(new ListPoliciesCommand({ Scope: 'Local' }));
      assert.deepEqual(
        localOnly.Policies?.map((p) => p.PolicyName),
        ['p1', 'p2', 'p3'],
      );
      assert.equal(localOnly.Policies?.[0].Tags, undefined);
      const aws = await c.send(new ListPoliciesCommand({ Scope: 'AWS' }));
      assert.ok(aws.Policies?.some((p) => p.Arn === 'arn:aws:iam::aws:policy/AdministratorAccess'));
      assert.ok(aws.Policies?.every((p) => p.Arn?.startsWith('arn:aws:iam::aws:policy/')));
      const p1 = await c.send(new ListPoliciesCommand({ Scope: 'Local', MaxItems: 2 }));
      assert.deepEqual([p1.Policies?.map((p) => p.PolicyName), p1.IsTruncated], [['p1', 'p2'], true]);
      const p2 = await c.send(new ListPoliciesCommand({ Scope: 'Local', MaxItems: 2, Marker: p1.Marker }));
      assert.deepEqual([p2.Policies?.map((p) => p.PolicyName), p2.IsTruncated], [['p3'], false]);
      assert.deepEqual(
        (await c.send(new ListPoliciesCommand({ PathPrefix: '/x/' }))).Policies?.map((p) => p.PolicyName),
        ['p3'],
      );
      await c.send(new CreateRoleCommand({ RoleName: 'R', AssumeRolePolicyDocument: TRUST }));
      await c.send(new AttachRolePolicyCommand({ RoleName: 'R', PolicyArn: arnOf('p2') }));
      await c.send(
        new AttachRolePolicyCommand({
          RoleName: 'R',
          PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
        }),
      );
      const attached = await c.send(new ListPoliciesCommand({ OnlyAttached: true }));
      assert.deepEqual(
        attached.Policies?.map((p) => [p.PolicyName, p.AttachmentCount]),
        [
          ['IAMReadOnlyAccess', 1],
          ['p2', 1],
        ],
      );
      const err = await failure(() => c.send(new ListPoliciesCommand({ Scope: 'Mine' as 'All' })));
      assert.equal(
        err.message,
        "1 validation error detected: Value 'Mine' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]",
      );
    } finally {
      await local.close();
    }
  });
});

describe('TagPolicy / UntagPolicy / ListPolicyTags (API_TagPolicy.html)', () => {
  it('adds, lists and removes tags of a customer managed policy', async () => {
    const arn = arnOf('PinpointSES', '/pinpoint/');
    await iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'owner', Value: 'ops' }] }));
    assert.deepEqual((await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags, [
      { Key: 'app', Value: 'mail' },
      { Key: 'owner', Value: 'ops' },
    ]);
    await iam.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ['APP'] }));
    assert.deepEqual((await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags, [
      { Key: 'owner', Value: 'ops' },
    ]);
    const err = await failure(() =>
      iam.send(new TagPolicyCommand({ PolicyArn: arnOf('Missing'), Tags: [{ Key: 'a', Value: 'b' }] })),
    );
    assert.deepEqual(
      [err.name, err.message],
      ['NoSuchEntityException', `Policy ${arnOf('Missing')} was not found.`],
    );
  });
});

describe('attachments (API_AttachRolePolicy.html, API_AttachUserPolicy.html, API_AttachGroupPolicy.html)', () => {
  it('attaches customer and AWS managed policies to a role, user and group; lists and detaches them', async () => {
    const seedArn = arnOf('PinpointSES', '/pinpoint/');
    await iam.send(new CreateRoleCommand({ RoleName: 'AttRole', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new CreateUserCommand({ UserName: 'attuser' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'attgroup' }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'AttRole', PolicyArn: seedArn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'AttRole', PolicyArn: seedArn }));
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'AttRole',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonSESFullAccess',
      }),
    );
    await iam.send(new AttachUserPolicyCommand({ UserName: 'attuser', PolicyArn: seedArn }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'attgroup', PolicyArn: seedArn }));
    const roleList = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'AttRole' }));
    // Listed in policy ARN order, the store's sort key (the account's policies before AWS's).
    assert.deepEqual(roleList.AttachedPolicies, [
      { PolicyName: 'PinpointSES', PolicyArn: seedArn },
      { PolicyName: 'AmazonSESFullAccess', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSESFullAccess' },
    ]);
    const prefixed = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: 'AttRole', PathPrefix: '/pinpoint/' }),
    );
    assert.deepEqual(
      prefixed.AttachedPolicies?.map((p) => p.PolicyName),
      ['PinpointSES'],
    );
    assert.deepEqual(
      (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'attuser' }))).AttachedPolicies?.map(
        (p) => p.PolicyName,
      ),
      ['PinpointSES'],
    );
    assert.deepEqual(
      (await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'attgroup' }))).AttachedPolicies?.map(
        (p) => p.PolicyName,
      ),
      ['PinpointSES'],
    );
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: seedArn }))).Policy?.AttachmentCount, 3);

    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: seedArn }));
    assert.deepEqual(
      entities.PolicyRoles?.map((r) => r.RoleName),
      ['AttRole'],
    );
    assert.deepEqual(
      entities.PolicyUsers?.map((u) => u.UserName),
      ['attuser'],
    );
    assert.deepEqual(
      entities.PolicyGroups?.map((g) => g.GroupName),
      ['attgroup'],
    );
    const rolesOnly = await iam.send(
      new ListEntitiesForPolicyCommand({ PolicyArn: seedArn, EntityFilter: 'Role' }),
    );
    assert.deepEqual(
      [rolesOnly.PolicyRoles?.length, rolesOnly.PolicyUsers, rolesOnly.PolicyGroups],
      [1, [], []],
    );
    const firstPage = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: seedArn, MaxItems: 1 }));
    assert.deepEqual(
      [firstPage.PolicyGroups?.map((g) => g.GroupName), firstPage.IsTruncated],
      [['attgroup'], true],
    );

    await iam.send(new DetachUserPolicyCommand({ UserName: 'attuser', PolicyArn: seedArn }));
    await iam.send(new DetachGroupPolicyCommand({ GroupName: 'attgroup', PolicyArn: seedArn }));
    const err = await failure(() =>
      iam.send(new DetachUserPolicyCommand({ UserName: 'attuser', PolicyArn: seedArn })),
    );
    assert.deepEqual([err.name, err.message], ['NoSuchEntityException', `Policy ${seedArn} was not found.`]);
  });

  it('an unknown policy is "Policy ARN does not exist or is not attachable." (getmoto/moto#6482 quoting AWS)', async () => {
    const arn = arnOf('Nothing');
    const err = await failure(() =>
      iam.send(new AttachRolePolicyCommand({ RoleName: 'AttRole', PolicyArn: arn })),
    );
    assert.deepEqual(
      [err.name, err.message, err.status],
      ['NoSuchEntityException', `Policy ${arn} does not exist or is not attachable.`, 404],
    );
    const nouser = await failure(() =>
      iam.send(new AttachUserPolicyCommand({ UserName: 'nobody', PolicyArn: arn })),
    );
    assert.equal(nouser.message, 'The user with name nobody cannot be found.');
  });

  it('the eleventh managed policy is LimitExceeded "Cannot exceed quota for PoliciesPerRole: 10" and is not attached', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'Full', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new CreateGroupCommand({ GroupName: 'full' }));
    const arns: string[] = [];
    for (let i = 0; i < 11; i++) {
      arns.push(
        (
          await iam.send(
            new CreatePolicyCommand({ PolicyName: `q${i}`, PolicyDocument: doc('s3:GetObject') }),
          )
        ).Policy?.Arn ?? '',
      );
    }
    for (const arn of arns.slice(0, 10)) {
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'Full', PolicyArn: arn }));
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'full', PolicyArn: arn }));
    }
    const err = await failure(() =>
      iam.send(new AttachRolePolicyCommand({ RoleName: 'Full', PolicyArn: arns[10] })),
    );
    assert.deepEqual(
      [err.name, err.message, err.status],
      ['LimitExceededException', 'Cannot exceed quota for PoliciesPerRole: 10', 409],
    );
    const g = await failure(() =>
      iam.send(new AttachGroupPolicyCommand({ GroupName: 'full', PolicyArn: arns[10] })),
    );
    assert.equal(g.message, 'Cannot exceed quota for PoliciesPerGroup: 10');
    assert.equal(await server.runtime.iam.attachments.count(ACCOUNT, 'role', 'Full'), 10);
    // Attaching one already attached is still fine at the quota.
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'Full', PolicyArn: arns[0] }));
  });
});
