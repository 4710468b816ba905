/**
 * Console passwords through @aws-sdk/client-iam: the login profile lifecycle, passwords checked
 * against the default and the account's password policy (PasswordPolicyViolation with AWS's
 * texts), DeleteUser refused while a profile exists, the caller's own profile without UserName,
 * and authorization on the user's ARN. Each case names the AWS page it follows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccountPasswordPolicyCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  GetLoginProfileCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
  UpdateUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let iam: IAMClient;
const ACCOUNT = '000000000000';
const GOOD = 'Corr3ct-Horse';

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

const violation = (message: string) => ({ name: 'PasswordPolicyViolationException', message, status: 400 });

describe('login profile lifecycle (API_CreateLoginProfile.html … API_DeleteLoginProfile.html)', () => {
  it('creates, reads, updates, blocks DeleteUser, follows a rename, deletes, and is gone after', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const missing = {
      name: 'NoSuchEntityException',
      message: 'Login Profile for User alice cannot be found.',
      status: 404,
    };
    assert.deepEqual(
      await failure(() => iam.send(new GetLoginProfileCommand({ UserName: 'alice' }))),
      missing,
    );

    const created = await iam.send(
      new CreateLoginProfileCommand({ UserName: 'alice', Password: GOOD, PasswordResetRequired: true }),
    );
    assert.equal(created.LoginProfile?.UserName, 'alice');
    assert.equal(created.LoginProfile?.PasswordResetRequired, true);
    assert.ok(created.LoginProfile?.CreateDate instanceof Date);
    assert.equal(
      (await failure(() => iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: GOOD }))))
        .name,
      'EntityAlreadyExistsException',
    );
    // The password is stored hashed, never as given.
    const row = await server.runtime.db.get<{ password_hash: string }>(
      'SELECT password_hash FROM iam_login_profiles',
    );
    assert.match(row?.password_hash ?? '', /^scrypt:/);
    assert.ok(!row?.password_hash.includes(GOOD));

    await iam.send(new UpdateLoginProfileCommand({ UserName: 'alice', PasswordResetRequired: false }));
    const got = await iam.send(new GetLoginProfileCommand({ UserName: 'ALICE' }));
    assert.equal(got.LoginProfile?.PasswordResetRequired, false);
    assert.equal(got.LoginProfile?.CreateDate?.getTime(), created.LoginProfile?.CreateDate?.getTime());

    // API_DeleteUser.html: the password goes first (text quoted in rebuy-de/aws-nuke#169).
    assert.deepEqual(await failure(() => iam.send(new DeleteUserCommand({ UserName: 'alice' }))), {
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must delete login profile first.',
      status: 409,
    });

    await iam.send(new UpdateUserCommand({ UserName: 'alice', NewUserName: 'alice2' }));
    assert.equal(
      (await iam.send(new GetLoginProfileCommand({ UserName: 'alice2' }))).LoginProfile?.UserName,
      'alice2',
    );

    await iam.send(new DeleteLoginProfileCommand({ UserName: 'alice2' }));
    const gone = { ...missing, message: 'Login Profile for User alice2 cannot be found.' };
    assert.deepEqual(await failure(() => iam.send(new GetLoginProfileCommand({ UserName: 'alice2' }))), gone);
    assert.deepEqual(
      await failure(() => iam.send(new DeleteLoginProfileCommand({ UserName: 'alice2' }))),
      gone,
    );
    assert.deepEqual(
      await failure(() => iam.send(new UpdateLoginProfileCommand({ UserName: 'alice2', Password: GOOD }))),
      gone,
    );
    await iam.send(new DeleteUserCommand({ UserName: 'alice2' }));
    assert.deepEqual(await failure(() => iam.send(new GetLoginProfileCommand({ UserName: 'alice2' }))), {
      name: 'NoSuchEntityException',
      message: 'The user with name alice2 cannot be found.',
      status: 404,
    });
  });
});

describe('passwords against the password policy (id_credentials_passwords_account-policy.html)', () => {
  it('the default policy: 8 characters and three of four character types', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    assert.deepEqual(
      await failure(() => iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'Ab1!' }))),
      violation('Password should have a minimum length of 8'),
    );
    assert.deepEqual(
      await failure(() =>
        iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'lowercase123' })),
      ),
      violation(
        'Password should meet 1 more of the following requirements: Password should have at least one uppercase letter, Password should have at least one symbol',
      ),
    );
    // Refused passwords leave no profile behind.
    assert.equal(
      (await failure(() => iam.send(new GetLoginProfileCommand({ UserName: 'bob' })))).name,
      'NoSuchEntityException',
    );
  });

  it("a custom policy's length and required character types, on create and update", async () => {
    await iam.send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 14,
        RequireSymbols: true,
        RequireNumbers: true,
      }),
    );
    assert.deepEqual(
      await failure(() => iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: GOOD }))),
      violation('Password should have a minimum length of 14'),
    );
    assert.deepEqual(
      await failure(() =>
        iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'onlyletters1234' })),
      ),
      violation('Password should have at least one symbol'),
    );
    await iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'lower-case-1234' }));
    assert.deepEqual(
      await failure(() =>
        iam.send(new UpdateLoginProfileCommand({ UserName: 'bob', Password: 'no-digits-here!' })),
      ),
      violation('Password should have at least one number'),
    );
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'bob' }));
  });

  it('refuses a missing password with a ValidationError', async () => {
    const err = await failure(() => iam.send(new CreateLoginProfileCommand({ UserName: 'bob' })));
    assert.equal(err.name, 'ValidationError');
    assert.match(
      err.message,
      /Value null at 'password' failed to satisfy constraint: Member must not be null/,
    );
  });
});

describe('authorization and the caller itself (list_awsidentityandaccessmanagementiam.html, resource type user)', () => {
  it("a user needs iam:*LoginProfile on a user's ARN; without UserName it is its own", async () => {
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    await iam.send(new CreateUserCommand({ UserName: 'dave' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }));
    const carol = server.iam({
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    });
    const denied = await failure(() => carol.send(new CreateLoginProfileCommand({ Password: GOOD })));
    assert.equal(denied.name, 'AccessDenied');
    assert.match(
      denied.message,
      new RegExp(`iam:CreateLoginProfile on resource: arn:aws:iam::${ACCOUNT}:user/carol`),
    );

    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'carol',
        PolicyName: 'own-password',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['iam:CreateLoginProfile', 'iam:GetLoginProfile'],
              Resource: `arn:aws:iam::${ACCOUNT}:user/carol`,
            },
          ],
        }),
      }),
    );
    const own = await carol.send(new CreateLoginProfileCommand({ Password: GOOD }));
    assert.equal(own.LoginProfile?.UserName, 'carol');
    assert.equal((await carol.send(new GetLoginProfileCommand({}))).LoginProfile?.UserName, 'carol');
    assert.equal(
      (await failure(() => carol.send(new CreateLoginProfileCommand({ UserName: 'dave', Password: GOOD }))))
        .name,
      'AccessDenied',
    );
    assert.equal(
      (await failure(() => iam.send(new GetLoginProfileCommand({ UserName: 'dave' })))).name,
      'NoSuchEntityException',
    );
  });
});
