/** IAM groups and membership through @aws-sdk/client-iam (API_CreateGroup.html … API_ListGroupsForUser.html). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
  GetGroupCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListUsersCommand,
  RemoveUserFromGroupCommand,
  UpdateGroupCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let iam: IAMClient;
const ACCOUNT = '000000000000';

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

describe('groups (API_CreateGroup.html, API_GetGroup.html, API_UpdateGroup.html, API_DeleteGroup.html)', () => {
  it('creates, lists, renames; a taken name is EntityAlreadyExists', async () => {
    const g = await iam.send(new CreateGroupCommand({ GroupName: 'admins', Path: '/ops/' }));
    assert.equal(g.Group?.Arn, `arn:aws:iam::${ACCOUNT}:group/ops/admins`);
    assert.match(g.Group?.GroupId ?? '', /^AGPA[A-Z2-7]{17}$/);
    const dup = await failure(() => iam.send(new CreateGroupCommand({ GroupName: 'ADMINS' })));
    assert.equal(dup.name, 'EntityAlreadyExistsException');
    assert.equal(dup.message, 'Group with name ADMINS already exists.');
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    const list = await iam.send(new ListGroupsCommand({ PathPrefix: '/ops/' }));
    assert.deepEqual(
      list.Groups?.map((x) => x.GroupName),
      ['admins'],
    );
    await iam.send(new UpdateGroupCommand({ GroupName: 'devs', NewGroupName: 'developers' }));
    assert.equal(
      (await iam.send(new GetGroupCommand({ GroupName: 'developers' }))).Group?.GroupName,
      'developers',
    );
    const missing = await failure(() => iam.send(new GetGroupCommand({ GroupName: 'devs' })));
    assert.equal(missing.name, 'NoSuchEntityException');
    assert.equal(missing.message, 'The group with name devs cannot be found.');
  });

  it('adds members, pages GetGroup Users, refuses to delete a group with members', async () => {
    for (const u of ['m1', 'm2', 'm3']) {
      await iam.send(new CreateUserCommand({ UserName: u }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: u }));
    }
    await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'm1' }));
    const page1 = await iam.send(new GetGroupCommand({ GroupName: 'admins', MaxItems: 2 }));
    assert.deepEqual(
      page1.Users?.map((u) => u.UserName),
      ['m1', 'm2'],
    );
    assert.equal(page1.IsTruncated, true);
    const page2 = await iam.send(new GetGroupCommand({ GroupName: 'admins', Marker: page1.Marker }));
    assert.deepEqual(
      page2.Users?.map((u) => u.UserName),
      ['m3'],
    );
    const forUser = await iam.send(new ListGroupsForUserCommand({ UserName: 'm1' }));
    assert.deepEqual(
      forUser.Groups?.map((g) => g.GroupName),
      ['admins'],
    );
    const conflict = await failure(() => iam.send(new DeleteGroupCommand({ GroupName: 'admins' })));
    assert.equal(conflict.name, 'DeleteConflictException');
    assert.equal(conflict.message, 'Cannot delete entity, must remove users from group first.');
    for (const u of ['m1', 'm2', 'm3'])
      await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'admins', UserName: u }));
    await iam.send(new DeleteGroupCommand({ GroupName: 'admins' }));
    assert.deepEqual((await iam.send(new ListGroupsForUserCommand({ UserName: 'm1' }))).Groups, []);
  });

  it('refuses to delete a group with an inline policy ("must delete policies first.")', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'withpolicy' }));
    await server.runtime.iam.inlinePolicies.put(
      ACCOUNT,
      'group',
      'withpolicy',
      'p',
      '{"Version":"2012-10-17","Statement":[]}',
    );
    const err = await failure(() => iam.send(new DeleteGroupCommand({ GroupName: 'withpolicy' })));
    assert.equal(err.message, 'Cannot delete entity, must delete policies first.');
  });

  it("grants a group's policy to its members, and only while they are members", async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'readers' }));
    await server.runtime.iam.inlinePolicies.put(
      ACCOUNT,
      'group',
      'readers',
      'list-users',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }],
      }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }));
    const reader = server.iam({
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    });
    assert.equal((await failure(() => reader.send(new ListUsersCommand({})))).name, 'AccessDenied');
    await iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'reader' }));
    const users = await reader.send(new ListUsersCommand({}));
    assert.ok(users.Users?.some((u) => u.UserName === 'reader'));
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'readers', UserName: 'reader' }));
    assert.equal((await failure(() => reader.send(new ListUsersCommand({})))).name, 'AccessDenied');
  });

  it('validates groupNameType and leaves nothing written', async () => {
    const err = await failure(() => iam.send(new CreateGroupCommand({ GroupName: 'bad name' })));
    assert.equal(
      err.message,
      "1 validation error detected: Value 'bad name' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
    const none = await failure(() =>
      iam.send(new AddUserToGroupCommand({ GroupName: 'nogroup', UserName: 'm1' })),
    );
    assert.equal(none.message, 'The group with name nogroup cannot be found.');
  });
});

describe('account (API_GetAccountSummary.html, API_GetAccountAuthorizationDetails.html)', () => {
  it('summarizes usage with the default quotas of reference_iam-quotas.html', async () => {
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    assert.equal(SummaryMap?.Users, (await iam.send(new ListUsersCommand({}))).Users?.length);
    assert.equal(SummaryMap?.UsersQuota, 5000);
    assert.equal(SummaryMap?.GroupsQuota, 300);
    assert.equal(SummaryMap?.RolesQuota, 1000);
    assert.equal(SummaryMap?.PoliciesQuota, 1500);
    assert.equal(SummaryMap?.AccessKeysPerUserQuota, 2);
    assert.equal(SummaryMap?.AccountAccessKeysPresent, 1, 'root has the test/test key');
    assert.equal(SummaryMap?.Groups, 3);
  });

  it('details users with their groups and URL-encoded inline policies, paginated, filtered', async () => {
    const all = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Group'] }));
    const withPolicy = all.GroupDetailList?.find((g) => g.GroupName === 'withpolicy');
    assert.equal(
      withPolicy?.GroupPolicyList?.[0].PolicyDocument,
      encodeURIComponent('{"Version":"2012-10-17","Statement":[]}'),
    );
    assert.deepEqual(all.RoleDetailList, []);
    const total = (all.UserDetailList?.length ?? 0) + (all.GroupDetailList?.length ?? 0);
    const first = await iam.send(
      new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Group'], MaxItems: 2 }),
    );
    assert.equal(first.IsTruncated, true);
    assert.equal(first.UserDetailList?.length, 2);
    let seen = 2;
    let marker = first.Marker;
    while (marker) {
      const next = await iam.send(
        new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Group'], MaxItems: 2, Marker: marker }),
      );
      seen += (next.UserDetailList?.length ?? 0) + (next.GroupDetailList?.length ?? 0);
      marker = next.Marker;
    }
    assert.equal(seen, total);
    const bad = await failure(() =>
      iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Users' as 'User'] })),
    );
    assert.equal(
      bad.message,
      "1 validation error detected: Value 'Users' at 'filter.1.member' failed to satisfy constraint: Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]",
    );
  });
});
