/**
 * IAM instance profiles through @aws-sdk/client-iam against a whole server: a Terraform-style
 * lifecycle (create, read, tag, list, add and remove the role, delete, read after delete), AWS's
 * errors and quotas, refused input that leaves nothing, and authorization on the profile's ARN.
 * Each case names the AWS page it follows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddRoleToInstanceProfileCommand,
  CreateAccessKeyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
  GetInstanceProfileCommand,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  ListInstanceProfileTagsCommand,
  PutUserPolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
  TagInstanceProfileCommand,
  UntagInstanceProfileCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let iam: IAMClient;
const ACCOUNT = '000000000000';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

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

describe('instance profile lifecycle (API_CreateInstanceProfile.html … API_DeleteInstanceProfile.html)', () => {
  it('creates, reads, tags, lists, holds one role, refuses deletes while it does, and is gone after delete', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'web-role', AssumeRolePolicyDocument: TRUST }));
    const created = await iam.send(
      new CreateInstanceProfileCommand({
        InstanceProfileName: 'web',
        Path: '/app/',
        Tags: [{ Key: 'team', Value: 'mail' }],
      }),
    );
    const p = created.InstanceProfile!;
    assert.equal(p.Arn, `arn:aws:iam::${ACCOUNT}:instance-profile/app/web`);
    assert.match(p.InstanceProfileId ?? '', /^AIPA[A-Z2-7]{17}$/);
    assert.deepEqual(p.Roles, []);
    assert.deepEqual(p.Tags, [{ Key: 'team', Value: 'mail' }]);

    // Names are not distinguished by case.
    const dup = await failure(() =>
      iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'WEB' })),
    );
    assert.deepEqual(dup, {
      name: 'EntityAlreadyExistsException',
      message: 'Instance Profile WEB already exists.',
      status: 409,
    });

    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'web-role' }));
    const got = (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'Web' })))
      .InstanceProfile!;
    assert.equal(got.InstanceProfileName, 'web');
    assert.equal(got.Roles?.length, 1);
    assert.equal(got.Roles?.[0].RoleName, 'web-role');
    assert.equal(got.Roles?.[0].Arn, `arn:aws:iam::${ACCOUNT}:role/web-role`);
    assert.equal(decodeURIComponent(got.Roles?.[0].AssumeRolePolicyDocument ?? ''), TRUST);

    // One role per profile, the same one included (API_AddRoleToInstanceProfile.html).
    await iam.send(new CreateRoleCommand({ RoleName: 'other-role', AssumeRolePolicyDocument: TRUST }));
    for (const RoleName of ['other-role', 'web-role']) {
      assert.deepEqual(
        await failure(() =>
          iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName })),
        ),
        {
          name: 'LimitExceededException',
          message: 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
          status: 409,
        },
      );
    }

    const forRole = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'web-role' }));
    assert.deepEqual(
      forRole.InstanceProfiles?.map((x) => x.InstanceProfileName),
      ['web'],
    );
    assert.equal(forRole.IsTruncated, false);
    assert.deepEqual(
      (await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'other-role' }))).InstanceProfiles,
      [],
    );

    // DeleteRole and DeleteInstanceProfile both wait for the role to leave (API_DeleteRole.html).
    const conflict = {
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must remove roles from instance profile first.',
      status: 409,
    };
    assert.deepEqual(
      await failure(() => iam.send(new DeleteRoleCommand({ RoleName: 'web-role' }))),
      conflict,
    );
    assert.deepEqual(
      await failure(() => iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' }))),
      conflict,
    );

    // GetAccountAuthorizationDetails lists the role's profiles (API_RoleDetail.html).
    const details = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    const detail = details.RoleDetailList?.find((r) => r.RoleName === 'web-role');
    assert.deepEqual(
      detail?.InstanceProfileList?.map((x) => x.Arn),
      [p.Arn],
    );
    const summary = await iam.send(new GetAccountSummaryCommand({}));
    assert.equal(summary.SummaryMap?.InstanceProfiles, 1);

    // Tags: a tag with an existing key replaces it; untag removes (API_TagInstanceProfile.html).
    await iam.send(
      new TagInstanceProfileCommand({
        InstanceProfileName: 'web',
        Tags: [
          { Key: 'TEAM', Value: 'ops' },
          { Key: 'env', Value: 'prod' },
        ],
      }),
    );
    assert.deepEqual(
      (await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'web' }))).Tags,
      [
        { Key: 'TEAM', Value: 'ops' },
        { Key: 'env', Value: 'prod' },
      ],
    );
    await iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'web', TagKeys: ['team'] }));
    assert.deepEqual(
      (await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'web' }))).Tags,
      [{ Key: 'env', Value: 'prod' }],
    );

    await iam.send(
      new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'web-role' }),
    );
    assert.equal(
      (
        await failure(() =>
          iam.send(
            new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'web-role' }),
          ),
        )
      ).name,
      'NoSuchEntityException',
    );
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'web-role' }));

    const gone = {
      name: 'NoSuchEntityException',
      message: 'Instance Profile web cannot be found.',
      status: 404,
    };
    assert.deepEqual(
      await failure(() => iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }))),
      gone,
    );
    assert.deepEqual(
      await failure(() => iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' }))),
      gone,
    );
    assert.deepEqual(
      await failure(() => iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'web' }))),
      gone,
    );
    assert.deepEqual(
      await failure(() => iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'web-role' }))),
      { name: 'NoSuchEntityException', message: 'The role with name web-role cannot be found.', status: 404 },
    );
  });
});

describe('ListInstanceProfiles (API_ListInstanceProfiles.html)', () => {
  it('pages with Marker/MaxItems/IsTruncated in name order and filters by PathPrefix', async () => {
    for (const [name, path] of [
      ['p-c', '/a/'],
      ['p-a', '/a/'],
      ['p-b', '/b/'],
    ]) {
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name, Path: path }));
    }
    const first = await iam.send(new ListInstanceProfilesCommand({ MaxItems: 2 }));
    assert.equal(first.IsTruncated, true);
    assert.ok(first.Marker);
    const rest = await iam.send(new ListInstanceProfilesCommand({ MaxItems: 2, Marker: first.Marker }));
    assert.equal(rest.IsTruncated, false);
    assert.equal(rest.Marker, undefined);
    const names = [...first.InstanceProfiles!, ...rest.InstanceProfiles!].map((p) => p.InstanceProfileName);
    assert.deepEqual(names, ['p-a', 'p-b', 'p-c']);
    const underA = await iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/a/' }));
    assert.deepEqual(
      underA.InstanceProfiles?.map((p) => p.InstanceProfileName),
      ['p-a', 'p-c'],
    );
    for (const n of names) await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: n! }));
  });
});

describe('refused input leaves nothing behind', () => {
  it('a bad name, a bad path, duplicate tag keys: ValidationError / InvalidInput, and no profile', async () => {
    const badName = await failure(() =>
      iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'a b' })),
    );
    assert.equal(badName.name, 'ValidationError');
    assert.match(badName.message, /Value 'a b' at 'instanceProfileName' failed to satisfy constraint/);
    const badPath = await failure(() =>
      iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'x1', Path: 'nope' })),
    );
    assert.equal(badPath.name, 'ValidationError');
    const dupTags = await failure(() =>
      iam.send(
        new CreateInstanceProfileCommand({
          InstanceProfileName: 'x2',
          Tags: [
            { Key: 'k', Value: '1' },
            { Key: 'K', Value: '2' },
          ],
        }),
      ),
    );
    assert.deepEqual(dupTags, {
      name: 'InvalidInputException',
      message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      status: 400,
    });
    assert.deepEqual((await iam.send(new ListInstanceProfilesCommand({}))).InstanceProfiles, []);
    // Adding a role that does not exist changes nothing.
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'x3' }));
    const noRole = await failure(() =>
      iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'x3', RoleName: 'missing' })),
    );
    assert.equal(noRole.message, 'The role with name missing cannot be found.');
    assert.deepEqual(
      (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'x3' }))).InstanceProfile?.Roles,
      [],
    );
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'x3' }));
  });
});

describe('authorization (list_awsidentityandaccessmanagementiam.html, instance-profile resource)', () => {
  it('a user without permission is AccessDenied; a policy on the profile ARN allows exactly that', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'builder' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'builder' }));
    const builder = server.iam({
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    });
    const denied = await failure(() =>
      builder.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'ci' })),
    );
    assert.equal(denied.name, 'AccessDenied');
    assert.match(
      denied.message,
      new RegExp(`iam:CreateInstanceProfile on resource: arn:aws:iam::${ACCOUNT}:instance-profile/ci`),
    );

    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'builder',
        PolicyName: 'profiles',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['iam:CreateInstanceProfile', 'iam:GetInstanceProfile', 'iam:AddRoleToInstanceProfile'],
              Resource: `arn:aws:iam::${ACCOUNT}:instance-profile/ci`,
            },
          ],
        }),
      }),
    );
    const made = await builder.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'ci' }));
    assert.equal(made.InstanceProfile?.InstanceProfileName, 'ci');
    assert.equal(
      (await builder.send(new GetInstanceProfileCommand({ InstanceProfileName: 'ci' }))).InstanceProfile?.Arn,
      `arn:aws:iam::${ACCOUNT}:instance-profile/ci`,
    );
    // Another profile's ARN is not covered.
    assert.equal(
      (await failure(() => builder.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'other' }))))
        .name,
      'AccessDenied',
    );
    // Adding a role also needs iam:PassRole on it (API_AddRoleToInstanceProfile.html).
    await iam.send(new CreateRoleCommand({ RoleName: 'ci-role', AssumeRolePolicyDocument: TRUST }));
    const noPass = await failure(() =>
      builder.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'ci', RoleName: 'ci-role' })),
    );
    assert.equal(noPass.name, 'AccessDenied');
    assert.match(noPass.message, /iam:PassRole/);
    assert.deepEqual(
      (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'ci' }))).InstanceProfile?.Roles,
      [],
    );
  });
});
