/**
 * A session belongs to the role it was issued for, by the role's unique id (AROA…), not by its
 * name: "the permissions for the temporary security credentials are bound to … the role that was
 * assumed", evaluated at each request "based on the current permissions of the associated IAM user
 * or role" (STS, UsingSTS/TokenPermissions.html); "Once you remove all permissions from the
 * credentials, AWS requests that use them fail" (id_credentials_temp_control-access_disable-perms.html).
 * A role deleted and recreated under the same name is another role (another RoleId,
 * reference_identifiers.html, "Unique identifiers"), so the old session gets none of its policies
 * and its requests are denied as any request no policy allows. Long-term keys and GetSessionToken
 * sessions belong to their user's id the same way.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachRolePolicyCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';
import {
  ACCOUNT,
  ADMINISTRATOR_ACCESS,
  allow,
  awsError,
  makeCaller,
  policy,
  sessionCreds,
  trust,
} from './sts-fixtures.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const listUsersDenied = (who: string) =>
  awsError(
    'AccessDenied',
    `User: ${who} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCOUNT}:user/ because no identity-based policy allows the iam:ListUsers action`,
  );

async function assume(creds: Credentials, roleArn: string, session: string): Promise<Credentials> {
  return sessionCreds(
    await server.sts(creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: session })),
  );
}

describe('a role session after its role is deleted and recreated', () => {
  it('keeps none of the new role’s permissions, even when a session of the new role has the same ARN', async () => {
    const root = server.iam();
    const caller = await makeCaller(server, 'recreate-caller');
    const created = await root.send(
      new CreateRoleCommand({ RoleName: 'R1', AssumeRolePolicyDocument: trust({ AWS: caller.arn }) }),
    );
    const oldRoleId = created.Role!.RoleId!;
    const old = await assume(caller.creds, created.Role!.Arn!, 'same');
    const sessionArn = `arn:aws:sts::${ACCOUNT}:assumed-role/R1/same`;
    await assert.rejects(server.iam(old).send(new ListUsersCommand({})), listUsersDenied(sessionArn));

    await root.send(new DeleteRoleCommand({ RoleName: 'R1' }));
    const again = await root.send(
      new CreateRoleCommand({ RoleName: 'R1', AssumeRolePolicyDocument: trust({ AWS: caller.arn }) }),
    );
    assert.notEqual(again.Role!.RoleId, oldRoleId);
    await root.send(new AttachRolePolicyCommand({ RoleName: 'R1', PolicyArn: ADMINISTRATOR_ACCESS }));

    // A session of the new role, with the very same session ARN, is an administrator…
    const fresh = await assume(caller.creds, again.Role!.Arn!, 'same');
    assert.ok((await server.iam(fresh).send(new ListUsersCommand({}))).Users);
    // …and the old one is not, before or after the new one's permissions were worked out.
    await assert.rejects(server.iam(old).send(new ListUsersCommand({})), listUsersDenied(sessionArn));
    // GetCallerIdentity needs no permission and still names the old role's id (API_GetCallerIdentity.html).
    const who = await server.sts(old).send(new GetCallerIdentityCommand({}));
    assert.equal(who.UserId, `${oldRoleId}:same`);
    assert.equal(who.Arn, sessionArn);

    await root.send(new DetachRolePolicyCommand({ RoleName: 'R1', PolicyArn: ADMINISTRATOR_ACCESS }));
  });

  it('an old session of a recreated role is not the role a trust policy names (role chaining)', async () => {
    const root = server.iam();
    const caller = await makeCaller(server, 'chain-caller');
    const first = await root.send(
      new CreateRoleCommand({ RoleName: 'Hop', AssumeRolePolicyDocument: trust({ AWS: caller.arn }) }),
    );
    const old = await assume(caller.creds, first.Role!.Arn!, 'hop');
    await root.send(new DeleteRoleCommand({ RoleName: 'Hop' }));
    const hop = await root.send(
      new CreateRoleCommand({ RoleName: 'Hop', AssumeRolePolicyDocument: trust({ AWS: caller.arn }) }),
    );
    // The target trusts the new Hop by ARN; the old session carries the same role ARN.
    const target = await root.send(
      new CreateRoleCommand({ RoleName: 'Target', AssumeRolePolicyDocument: trust({ AWS: hop.Role!.Arn! }) }),
    );
    const fresh = await assume(caller.creds, hop.Role!.Arn!, 'hop');
    await server
      .sts(fresh)
      .send(new AssumeRoleCommand({ RoleArn: target.Role!.Arn!, RoleSessionName: 'next' }));
    await assert.rejects(
      server.sts(old).send(new AssumeRoleCommand({ RoleArn: target.Role!.Arn!, RoleSessionName: 'next' })),
      awsError(
        'AccessDenied',
        `User: arn:aws:sts::${ACCOUNT}:assumed-role/Hop/hop is not authorized to perform: sts:AssumeRole on resource: ${target.Role!.Arn!}`,
      ),
    );
  });
});

describe('a user deleted and recreated', () => {
  it('its old keys and sessions do not act as the new user with the same name', async () => {
    const root = server.iam();
    await root.send(new CreateUserCommand({ UserName: 'dora' }));
    await root.send(
      new PutUserPolicyCommand({
        UserName: 'dora',
        PolicyName: 'p',
        PolicyDocument: policy(allow('sts:GetSessionToken')),
      }),
    );
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'dora' }))).AccessKey!;
    const longTerm = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const session = sessionCreds(await server.sts(longTerm).send(new GetSessionTokenCommand({})));
    await assert.rejects(
      server.iam(session).send(new ListUsersCommand({})),
      listUsersDenied(`arn:aws:iam::${ACCOUNT}:user/dora`),
    );

    // DeleteUser needs the keys gone first (API_DeleteUser.html), so a key never outlives its user.
    await root.send(new DeleteAccessKeyCommand({ UserName: 'dora', AccessKeyId: key.AccessKeyId! }));
    await root.send(new DeleteUserPolicyCommand({ UserName: 'dora', PolicyName: 'p' }));
    await root.send(new DeleteUserCommand({ UserName: 'dora' }));
    await root.send(new CreateUserCommand({ UserName: 'dora' }));
    await root.send(
      new PutUserPolicyCommand({
        UserName: 'dora',
        PolicyName: 'admin',
        PolicyDocument: policy(allow('*')),
      }),
    );

    // Pinpost's rule where AWS documents no answer: credentials whose user is gone are unknown.
    const unknown = awsError(
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
    );
    await assert.rejects(server.iam(longTerm).send(new ListUsersCommand({})), unknown);
    await assert.rejects(server.iam(session).send(new ListUsersCommand({})), unknown);
  });
});
