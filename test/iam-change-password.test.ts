/**
 * ChangePassword through @aws-sdk/client-iam (API_ChangePassword.html): an IAM user changes its
 * own console password, proving the old one; the new one must meet the account's password
 * policy; refusals change nothing; the root user is not an IAM user; and the action is authorized
 * on the caller's user ARN.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let iam: IAMClient;
const ACCOUNT = '000000000000';
const FIRST = 'Corr3ct-Horse';
const SECOND = 'Batt3ry-Staple';

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

/** A user with access keys and, when allowed, iam:ChangePassword on itself. */
async function userClient(name: string, allowed: boolean): Promise<IAMClient> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  if (allowed)
    await iam.send(
      new PutUserPolicyCommand({
        UserName: name,
        PolicyName: 'own-password',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'iam:ChangePassword',
              Resource: `arn:aws:iam::${ACCOUNT}:user/${name}`,
            },
          ],
        }),
      }),
    );
  return server.iam({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
}

const change = (client: IAMClient, OldPassword: string, NewPassword: string) =>
  client.send(new ChangePasswordCommand({ OldPassword, NewPassword }));

describe('ChangePassword (API_ChangePassword.html)', () => {
  it('checks the old password and the policy, changes nothing when refused, then changes it', async () => {
    const carol = await userClient('carol', true);
    await iam.send(
      new CreateLoginProfileCommand({ UserName: 'carol', Password: FIRST, PasswordResetRequired: true }),
    );

    const wrong = await failure(() => change(carol, 'Not-The-0ne', SECOND));
    assert.equal(wrong.name, 'AccessDenied');
    assert.equal(wrong.status, 403);
    assert.match(wrong.message, /OldPassword given is not the current password of user carol/);

    // The default policy wants 8 characters (id_credentials_passwords_account-policy.html).
    assert.deepEqual(await failure(() => change(carol, FIRST, 'Sh0rt!')), {
      name: 'PasswordPolicyViolationException',
      message: 'Password should have a minimum length of 8',
      status: 400,
    });
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 20 }));
    assert.deepEqual(await failure(() => change(carol, FIRST, SECOND)), {
      name: 'PasswordPolicyViolationException',
      message: 'Password should have a minimum length of 20',
      status: 400,
    });
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));

    // Refusals left FIRST in place and the reset still required.
    assert.equal(
      (await iam.send(new GetLoginProfileCommand({ UserName: 'carol' }))).LoginProfile?.PasswordResetRequired,
      true,
    );
    await change(carol, FIRST, SECOND);
    // Changing the password is what a required reset asks for.
    assert.equal(
      (await iam.send(new GetLoginProfileCommand({ UserName: 'carol' }))).LoginProfile?.PasswordResetRequired,
      false,
    );
    assert.equal((await failure(() => change(carol, FIRST, 'Th1rd-Password'))).name, 'AccessDenied');
    await change(carol, SECOND, FIRST);
  });

  it('a user without a login profile gets NoSuchEntity', async () => {
    const dan = await userClient('dan', true);
    assert.deepEqual(await failure(() => change(dan, FIRST, SECOND)), {
      name: 'NoSuchEntityException',
      message: 'Login Profile for User dan cannot be found.',
      status: 404,
    });
  });

  it('the root user is not an IAM user: InvalidUserType', async () => {
    const root = await failure(() => change(iam, FIRST, SECOND));
    assert.equal(root.name, 'InvalidUserTypeException');
    assert.equal(root.status, 400);
  });

  it("needs iam:ChangePassword on the caller's user ARN (list_awsidentityandaccessmanagementiam.html)", async () => {
    const erin = await userClient('erin', false);
    await iam.send(new CreateLoginProfileCommand({ UserName: 'erin', Password: FIRST }));
    const denied = await failure(() => change(erin, FIRST, SECOND));
    assert.equal(denied.name, 'AccessDenied');
    assert.match(
      denied.message,
      new RegExp(`iam:ChangePassword on resource: arn:aws:iam::${ACCOUNT}:user/erin`),
    );
    // Still the first password: the owner with permission can prove it.
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'erin',
        PolicyName: 'own-password',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'iam:ChangePassword', Resource: `arn:aws:iam::${ACCOUNT}:user/erin` },
          ],
        }),
      }),
    );
    await change(erin, FIRST, SECOND);
  });
});
