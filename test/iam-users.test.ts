/**
 * IAM users, tags, boundaries and access keys through @aws-sdk/client-iam against a whole server.
 * Each case names the AWS page it follows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DeleteUserPermissionsBoundaryCommand,
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  PutUserPermissionsBoundaryCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
  UpdateUserCommand,
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

/** Runs `fn` and returns the AWS error it fails with (name = the code, message = AWS's text). */
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

describe('CreateUser / GetUser (API_CreateUser.html, API_GetUser.html)', () => {
  it('creates a user with path and tags and gets it back', async () => {
    const out = await iam.send(
      new CreateUserCommand({ UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'team', Value: 'mail' }] }),
    );
    assert.equal(out.User?.UserName, 'alice');
    assert.equal(out.User?.Path, '/eng/');
    assert.equal(out.User?.Arn, `arn:aws:iam::${ACCOUNT}:user/eng/alice`);
    assert.match(out.User?.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
    assert.deepEqual(out.User?.Tags, [{ Key: 'team', Value: 'mail' }]);
    const got = await iam.send(new GetUserCommand({ UserName: 'ALICE' }));
    assert.equal(got.User?.UserId, out.User?.UserId, 'names are not distinguished by case');
  });

  it('refuses a taken name with EntityAlreadyExists (409) and IAM text', async () => {
    const err = await failure(() => iam.send(new CreateUserCommand({ UserName: 'Alice' })));
    assert.equal(err.name, 'EntityAlreadyExistsException');
    assert.equal(err.message, 'User with name Alice already exists.');
    assert.equal(err.status, 409);
  });

  it('validates the name as userNameType does, every violation in one ValidationError', async () => {
    const err = await failure(() => iam.send(new CreateUserCommand({ UserName: 'a b', Path: 'x' })));
    assert.equal(err.name, 'ValidationError');
    assert.equal(
      err.message,
      "2 validation errors detected: Value 'x' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F); " +
        "Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
    const long = await failure(() => iam.send(new CreateUserCommand({ UserName: 'u'.repeat(65) })));
    assert.match(long.message, /Member must have length less than or equal to 64$/);
  });

  it('leaves nothing written when a boundary does not exist (NoSuchEntity, "Scope ARN")', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/missing`;
    const err = await failure(() =>
      iam.send(new CreateUserCommand({ UserName: 'bob', PermissionsBoundary: arn })),
    );
    assert.equal(err.name, 'NoSuchEntityException');
    assert.equal(err.message, `Scope ARN: ${arn} does not exist or is not attachable.`);
    const gone = await failure(() => iam.send(new GetUserCommand({ UserName: 'bob' })));
    assert.equal(gone.message, 'The user with name bob cannot be found.');
  });

  it('refuses duplicate tag keys without writing (InvalidInput)', async () => {
    const err = await failure(() =>
      iam.send(
        new CreateUserCommand({
          UserName: 'carol',
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'A', Value: '2' },
          ],
        }),
      ),
    );
    assert.equal(err.name, 'InvalidInputException');
    assert.equal(err.message, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    assert.equal((await failure(() => iam.send(new GetUserCommand({ UserName: 'carol' })))).status, 404);
  });

  it('GetUser without UserName under root answers the root user as AWS does', async () => {
    const got = await iam.send(new GetUserCommand({}));
    assert.equal(got.User?.UserId, ACCOUNT);
    assert.equal(got.User?.Arn, `arn:aws:iam::${ACCOUNT}:root`);
    assert.equal(got.User?.UserName, undefined);
  });
});

describe('UpdateUser / DeleteUser / ListUsers (API_UpdateUser.html, API_DeleteUser.html, API_ListUsers.html)', () => {
  it('renames and moves a user; the ARN follows', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'dave' }));
    await iam.send(new UpdateUserCommand({ UserName: 'dave', NewUserName: 'david', NewPath: '/ops/' }));
    const got = await iam.send(new GetUserCommand({ UserName: 'david' }));
    assert.equal(got.User?.Arn, `arn:aws:iam::${ACCOUNT}:user/ops/david`);
    const taken = await failure(() =>
      iam.send(new UpdateUserCommand({ UserName: 'david', NewUserName: 'alice' })),
    );
    assert.equal(taken.message, 'User with name alice already exists.');
  });

  it('paginates with MaxItems and Marker, and filters by PathPrefix', async () => {
    for (const n of ['p1', 'p2', 'p3']) await iam.send(new CreateUserCommand({ UserName: n, Path: '/pg/' }));
    const first = await iam.send(new ListUsersCommand({ PathPrefix: '/pg/', MaxItems: 2 }));
    assert.deepEqual(
      first.Users?.map((u) => u.UserName),
      ['p1', 'p2'],
    );
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(
      new ListUsersCommand({ PathPrefix: '/pg/', MaxItems: 2, Marker: first.Marker }),
    );
    assert.deepEqual(
      rest.Users?.map((u) => u.UserName),
      ['p3'],
    );
    assert.equal(rest.IsTruncated, false);
    assert.equal(rest.Marker, undefined);
    const bad = await failure(() => iam.send(new ListUsersCommand({ MaxItems: 1001 })));
    assert.equal(
      bad.message,
      "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
  });

  it('refuses to delete a user with access keys, then deletes it once they are gone', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'erin' }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'erin' }));
    const err = await failure(() => iam.send(new DeleteUserCommand({ UserName: 'erin' })));
    assert.equal(err.name, 'DeleteConflictException');
    assert.equal(err.message, 'Cannot delete entity, must delete access keys first.');
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'erin', AccessKeyId: key.AccessKey!.AccessKeyId }));
    await iam.send(new DeleteUserCommand({ UserName: 'erin' }));
    const gone = await failure(() => iam.send(new DeleteUserCommand({ UserName: 'erin' })));
    assert.equal(gone.name, 'NoSuchEntityException');
    assert.equal(gone.message, 'The user with name erin cannot be found.');
  });

  it('refuses to delete a user with an inline policy (DeleteConflict, "must delete policies first.")', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'frank' }));
    await server.runtime.iam.inlinePolicies.put(
      ACCOUNT,
      'user',
      'frank',
      'p',
      '{"Version":"2012-10-17","Statement":[]}',
    );
    const err = await failure(() => iam.send(new DeleteUserCommand({ UserName: 'frank' })));
    assert.equal(err.message, 'Cannot delete entity, must delete policies first.');
  });
});

describe('tags and permissions boundary (API_TagUser.html, API_UntagUser.html, API_PutUserPermissionsBoundary.html)', () => {
  it('tags, lists and untags; tag keys are case-insensitive', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'gina' }));
    await iam.send(
      new TagUserCommand({
        UserName: 'gina',
        Tags: [
          { Key: 'env', Value: 'dev' },
          { Key: 'x', Value: '1' },
        ],
      }),
    );
    await iam.send(new TagUserCommand({ UserName: 'gina', Tags: [{ Key: 'ENV', Value: 'prod' }] }));
    const tags = await iam.send(new ListUserTagsCommand({ UserName: 'gina' }));
    assert.deepEqual(tags.Tags, [
      { Key: 'x', Value: '1' },
      { Key: 'ENV', Value: 'prod' },
    ]);
    assert.equal(tags.IsTruncated, false);
    await iam.send(new UntagUserCommand({ UserName: 'gina', TagKeys: ['env'] }));
    assert.deepEqual((await iam.send(new ListUserTagsCommand({ UserName: 'gina' }))).Tags, [
      { Key: 'x', Value: '1' },
    ]);
    const missing = await failure(() => iam.send(new ListUserTagsCommand({ UserName: 'nobody' })));
    assert.equal(missing.message, 'The user with name nobody cannot be found.');
  });

  it('puts and deletes an AWS managed policy as boundary', async () => {
    const arn = 'arn:aws:iam::aws:policy/AdministratorAccess';
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'gina', PermissionsBoundary: arn }));
    const got = await iam.send(new GetUserCommand({ UserName: 'gina' }));
    assert.deepEqual(got.User?.PermissionsBoundary, {
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: arn,
    });
    await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'gina' }));
    assert.equal(
      (await iam.send(new GetUserCommand({ UserName: 'gina' }))).User?.PermissionsBoundary,
      undefined,
    );
  });
});

describe('access keys (API_CreateAccessKey.html, API_UpdateAccessKey.html, reference_iam-quotas.html)', () => {
  it('creates AKIA keys, two at most per user (LimitExceeded "AccessKeysPerUser: 2")', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'hank' }));
    const a = await iam.send(new CreateAccessKeyCommand({ UserName: 'hank' }));
    assert.match(a.AccessKey!.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(a.AccessKey!.SecretAccessKey!.length, 40);
    assert.equal(a.AccessKey!.Status, 'Active');
    assert.equal(a.AccessKey!.UserName, 'hank');
    await iam.send(new CreateAccessKeyCommand({ UserName: 'hank' }));
    const err = await failure(() => iam.send(new CreateAccessKeyCommand({ UserName: 'hank' })));
    assert.equal(err.name, 'LimitExceededException');
    assert.equal(err.message, 'Cannot exceed quota for AccessKeysPerUser: 2');
    const list = await iam.send(new ListAccessKeysCommand({ UserName: 'hank' }));
    assert.equal(list.AccessKeyMetadata?.length, 2);
    assert.equal(
      list.AccessKeyMetadata?.some((k) => 'SecretAccessKey' in k),
      false,
    );
  });

  it("signs requests with a new user's key at once; denied by default with AWS's text", async () => {
    await iam.send(new CreateUserCommand({ UserName: 'ivy' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'ivy' }));
    const ivy = server.iam({
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    });
    const err = await failure(() => ivy.send(new ListUsersCommand({})));
    assert.equal(err.name, 'AccessDenied');
    assert.equal(err.status, 403);
    // troubleshoot_access-denied.html; ListUsers authorizes on `user/` as IAM's own denials show.
    assert.equal(
      err.message,
      `User: arn:aws:iam::${ACCOUNT}:user/ivy is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCOUNT}:user/ because no identity-based policy allows the iam:ListUsers action`,
    );
    // The caller's own keys without UserName: also an iam:ListAccessKeys on its own ARN, denied.
    const own = await failure(() => ivy.send(new ListAccessKeysCommand({})));
    assert.match(own.message, /iam:ListAccessKeys on resource: arn:aws:iam::000000000000:user\/ivy /);
  });

  it('an Inactive key gets InvalidClientTokenId; Active again, it signs again', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'jack' }));
    await server.runtime.iam.inlinePolicies.put(
      ACCOUNT,
      'user',
      'jack',
      'self',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }],
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'jack' }));
    const jack = server.iam({
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    });
    assert.equal(
      (await jack.send(new GetUserCommand({}))).User?.UserName,
      'jack',
      'no UserName = the caller',
    );
    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: 'jack',
        AccessKeyId: AccessKey!.AccessKeyId!,
        Status: 'Inactive',
      }),
    );
    const err = await failure(() => jack.send(new GetUserCommand({})));
    assert.equal(err.name, 'InvalidClientTokenId');
    assert.equal(err.status, 403);
    await iam.send(
      new UpdateAccessKeyCommand({ UserName: 'jack', AccessKeyId: AccessKey!.AccessKeyId, Status: 'Active' }),
    );
    assert.equal((await jack.send(new GetUserCommand({}))).User?.UserName, 'jack');
  });

  it('answers NoSuchEntity for an unknown key id and reports last use as N/A', async () => {
    const err = await failure(() =>
      iam.send(
        new UpdateAccessKeyCommand({
          UserName: 'jack',
          AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA',
          Status: 'Inactive',
        }),
      ),
    );
    assert.equal(err.message, 'The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found.');
    const { AccessKeyMetadata } = await iam.send(new ListAccessKeysCommand({ UserName: 'hank' }));
    const used = await iam.send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: AccessKeyMetadata![0].AccessKeyId }),
    );
    assert.equal(used.UserName, 'hank');
    assert.deepEqual(used.AccessKeyLastUsed, { ServiceName: 'N/A', Region: 'N/A' });
  });

  it('root without UserName manages the root user’s own keys (one more besides test/test)', async () => {
    const out = await iam.send(new CreateAccessKeyCommand({}));
    assert.equal(out.AccessKey?.UserName, undefined);
    const rootKeys = await iam.send(new ListAccessKeysCommand({}));
    assert.deepEqual(
      rootKeys.AccessKeyMetadata?.map((k) => k.AccessKeyId).sort(),
      [out.AccessKey!.AccessKeyId, 'test'].sort(),
    );
    const err = await failure(() => iam.send(new CreateAccessKeyCommand({})));
    assert.equal(err.message, 'Cannot exceed quota for AccessKeysPerUser: 2');
    await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: out.AccessKey!.AccessKeyId }));
  });
});
