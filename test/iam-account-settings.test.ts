/**
 * The account alias and password policy through @aws-sdk/client-iam: one alias per account, unique
 * across accounts; the policy written whole with AWS's defaults, read, deleted, and NoSuchEntity
 * after; refused input changing nothing; authorization on `*`. Each case names the AWS page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateAccountAliasCommand,
  CreateUserCommand,
  DeleteAccountAliasCommand,
  DeleteAccountPasswordPolicyCommand,
  GetAccountPasswordPolicyCommand,
  ListAccountAliasesCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let iam: IAMClient;
const ACCOUNT = '000000000000';
const OTHER = '111122223333';
const OTHER_ROOT = { accessKeyId: 'AKIAOTHERROOT0000000', secretAccessKey: 'other-secret' };

before(async () => {
  server = await startTestServer();
  iam = server.iam();
  await server.runtime.iam.accounts.create(OTHER, OTHER_ROOT.accessKeyId, OTHER_ROOT.secretAccessKey);
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

const aliases = async (client = iam) => (await client.send(new ListAccountAliasesCommand({}))).AccountAliases;

describe('account alias (API_CreateAccountAlias.html, API_ListAccountAliases.html, API_DeleteAccountAlias.html)', () => {
  it('creates, replaces, is unique across accounts, deletes only its own', async () => {
    assert.deepEqual(await aliases(), []);
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'mail-dev' }));
    assert.deepEqual(await aliases(), ['mail-dev']);
    const listed = await iam.send(new ListAccountAliasesCommand({ MaxItems: 1 }));
    assert.equal(listed.IsTruncated, false);

    // The same alias again, and another account's request for it: EntityAlreadyExists.
    const taken = {
      name: 'EntityAlreadyExistsException',
      message: 'The account alias mail-dev already exists.',
      status: 409,
    };
    assert.deepEqual(
      await failure(() => iam.send(new CreateAccountAliasCommand({ AccountAlias: 'mail-dev' }))),
      taken,
    );
    const other = server.iam(OTHER_ROOT);
    assert.deepEqual(
      await failure(() => other.send(new CreateAccountAliasCommand({ AccountAlias: 'mail-dev' }))),
      taken,
    );
    assert.deepEqual(await aliases(other), []);

    // One alias per account: a new one replaces the old, which is free again.
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'mail-prod' }));
    assert.deepEqual(await aliases(), ['mail-prod']);
    await other.send(new CreateAccountAliasCommand({ AccountAlias: 'mail-dev' }));
    assert.deepEqual(await aliases(other), ['mail-dev']);

    assert.equal(
      (await failure(() => iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'mail-dev' })))).name,
      'NoSuchEntityException',
    );
    assert.deepEqual(await aliases(other), ['mail-dev']);
    await iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'mail-prod' }));
    assert.deepEqual(await aliases(), []);
  });

  it('refuses aliases outside accountAliasType and keeps none', async () => {
    for (const alias of ['ab', 'Upper-case', '-lead', 'trail-', 'two--dashes']) {
      const err = await failure(() => iam.send(new CreateAccountAliasCommand({ AccountAlias: alias })));
      assert.equal(err.name, 'ValidationError', alias);
      assert.match(
        err.message,
        new RegExp(`Value '${alias}' at 'accountAlias' failed to satisfy constraint`),
      );
    }
    assert.deepEqual(await aliases(), []);
  });
});

describe('account password policy (API_UpdateAccountPasswordPolicy.html, API_GetAccountPasswordPolicy.html)', () => {
  const missing = {
    name: 'NoSuchEntityException',
    message: `The Password Policy with domain name ${ACCOUNT} cannot be found.`,
    status: 404,
  };

  it('is absent, written whole with defaults, read, replaced, deleted, and absent again', async () => {
    assert.deepEqual(await failure(() => iam.send(new GetAccountPasswordPolicyCommand({}))), missing);
    await iam.send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 12,
        RequireSymbols: true,
        RequireNumbers: true,
        MaxPasswordAge: 90,
        PasswordReusePrevention: 5,
        AllowUsersToChangePassword: true,
      }),
    );
    assert.deepEqual((await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy, {
      MinimumPasswordLength: 12,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: true,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 5,
      HardExpiry: false,
    });
    // Members left out take their defaults again: the call replaces the whole policy.
    await iam.send(new UpdateAccountPasswordPolicyCommand({ RequireUppercaseCharacters: true }));
    assert.deepEqual((await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy, {
      MinimumPasswordLength: 6,
      RequireSymbols: false,
      RequireNumbers: false,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: false,
      ExpirePasswords: false,
      HardExpiry: false,
    });
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    assert.deepEqual(await failure(() => iam.send(new GetAccountPasswordPolicyCommand({}))), missing);
    assert.deepEqual(await failure(() => iam.send(new DeleteAccountPasswordPolicyCommand({}))), missing);
  });

  it('refuses out-of-range members with one ValidationError and writes nothing', async () => {
    const err = await failure(() =>
      iam.send(
        new UpdateAccountPasswordPolicyCommand({
          MinimumPasswordLength: 5,
          MaxPasswordAge: 2000,
          PasswordReusePrevention: 25,
        }),
      ),
    );
    assert.equal(err.name, 'ValidationError');
    assert.match(err.message, /^3 validation errors detected: /);
    assert.match(
      err.message,
      /Value '5' at 'minimumPasswordLength' failed to satisfy constraint: Member must have value greater than or equal to 6/,
    );
    assert.deepEqual(await failure(() => iam.send(new GetAccountPasswordPolicyCommand({}))), missing);
  });
});

describe('authorization (list_awsidentityandaccessmanagementiam.html: no resource type, so `*`)', () => {
  it('a user without permission is AccessDenied; a policy allowing the action on * lets it through', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'settings-admin' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'settings-admin' }));
    const admin = server.iam({
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    });
    const denied = await failure(() =>
      admin.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 10 })),
    );
    assert.equal(denied.name, 'AccessDenied');
    assert.equal(
      denied.message,
      `User: arn:aws:iam::${ACCOUNT}:user/settings-admin is not authorized to perform: iam:UpdateAccountPasswordPolicy because no identity-based policy allows the iam:UpdateAccountPasswordPolicy action`,
    );
    assert.equal((await failure(() => admin.send(new ListAccountAliasesCommand({})))).name, 'AccessDenied');
    assert.deepEqual(await failure(() => iam.send(new GetAccountPasswordPolicyCommand({}))), {
      name: 'NoSuchEntityException',
      message: `The Password Policy with domain name ${ACCOUNT} cannot be found.`,
      status: 404,
    });

    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'settings-admin',
        PolicyName: 'settings',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: [
                'iam:UpdateAccountPasswordPolicy',
                'iam:GetAccountPasswordPolicy',
                'iam:ListAccountAliases',
              ],
              Resource: '*',
            },
          ],
        }),
      }),
    );
    await admin.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 10 }));
    assert.equal(
      (await admin.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy?.MinimumPasswordLength,
      10,
    );
    assert.deepEqual(await aliases(admin), []);
    assert.equal(
      (await failure(() => admin.send(new DeleteAccountPasswordPolicyCommand({})))).name,
      'AccessDenied',
    );
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
  });
});
