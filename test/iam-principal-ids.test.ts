/**
 * Resource-based policies trust the users and roles they name by unique id, not by name
 * (reference_policies_elements_principal.html, "IAM role principals"): a policy written while
 * `carol` exists admits that carol; once she is deleted the policy shows her unique id (AIDA… for
 * users, AROA… for roles — repost.aws/knowledge-center/iam-resource-policy-format) and a new user
 * named carol is not admitted. Role trust policies through @aws-sdk/client-iam and client-sts, SES
 * sending authorization policies through client-ses and client-sesv2.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  GetRoleCommand,
  ListRolesCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { GetIdentityPoliciesCommand, PutIdentityPolicyCommand } from '@aws-sdk/client-ses';
import {
  CreateEmailIdentityCommand,
  CreateEmailIdentityPolicyCommand,
  GetEmailIdentityPoliciesCommand,
  SendEmailCommand,
} from '@aws-sdk/client-sesv2';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';
import { ACCOUNT, awsError, trust } from './sts-fixtures.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

/** A user with an access key and no policy of its own: only a resource policy can admit it. */
async function makeUser(name: string): Promise<{ id: string; creds: Credentials }> {
  const iam = server.iam();
  const { User } = await iam.send(new CreateUserCommand({ UserName: name }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return {
    id: User!.UserId!,
    creds: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! },
  };
}

async function deleteUser(name: string, creds: Credentials): Promise<void> {
  const iam = server.iam();
  await iam.send(new DeleteAccessKeyCommand({ UserName: name, AccessKeyId: creds.accessKeyId }));
  await iam.send(new DeleteUserCommand({ UserName: name }));
}

/** The trust policy GetRole returns (URL-encoded, API_GetRole.html), parsed. */
async function trustOf(roleName: string): Promise<{ text: string; principal: unknown }> {
  const { Role } = await server.iam().send(new GetRoleCommand({ RoleName: roleName }));
  const text = decodeURIComponent(Role!.AssumeRolePolicyDocument!);
  const doc = JSON.parse(text) as { Statement: { Principal: unknown }[] };
  return { text, principal: doc.Statement[0].Principal };
}

const assume = (creds: Credentials, roleArn: string) =>
  server.sts(creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ss' }));

describe('a role trust policy naming a user', () => {
  it('admits the user it was written for, shows her id once she is deleted, and refuses a recreated namesake', async () => {
    const iam = server.iam();
    const carol = await makeUser('carol');
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'CarolRole',
        AssumeRolePolicyDocument: trust({ AWS: userArn('carol') }),
      }),
    );
    const roleArn = Role!.Arn!;
    // Written while carol exists: it admits carol, and shows her ARN.
    await assume(carol.creds, roleArn);
    assert.deepEqual((await trustOf('CarolRole')).principal, { AWS: userArn('carol') });

    await deleteUser('carol', carol.creds);
    assert.deepEqual((await trustOf('CarolRole')).principal, { AWS: carol.id });
    assert.match(carol.id, /^AIDA[A-Z2-7]{17}$/);
    const listed = await iam.send(new ListRolesCommand({}));
    const shown = listed.Roles!.find((r) => r.RoleName === 'CarolRole')!;
    assert.match(decodeURIComponent(shown.AssumeRolePolicyDocument!), new RegExp(`"AWS":"${carol.id}"`));

    const again = await makeUser('carol');
    assert.notEqual(again.id, carol.id);
    await assert.rejects(
      assume(again.creds, roleArn),
      awsError(
        'AccessDenied',
        `User: ${userArn('carol')} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      ),
    );

    // The orphaned id cannot be written back; the trust policy is left as it was.
    const orphaned = (await trustOf('CarolRole')).text;
    await assert.rejects(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'CarolRole', PolicyDocument: orphaned })),
      awsError('MalformedPolicyDocumentException', `Invalid principal in policy: "AWS":"${carol.id}"`),
    );
    assert.equal((await trustOf('CarolRole')).text, orphaned);

    // Naming carol again binds the policy to the new carol.
    await iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'CarolRole',
        PolicyDocument: trust({ AWS: userArn('carol') }),
      }),
    );
    assert.deepEqual((await trustOf('CarolRole')).principal, { AWS: userArn('carol') });
    await assume(again.creds, roleArn);
  });

  it('follows a renamed user ("policies that refer to the user as the principal … are automatically updated", Using_Renaming.html)', async () => {
    const iam = server.iam();
    const erin = await makeUser('erin');
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'ErinRole',
        AssumeRolePolicyDocument: trust({ AWS: userArn('erin') }),
      }),
    );
    await iam.send(new UpdateUserCommand({ UserName: 'erin', NewUserName: 'frank' }));
    assert.deepEqual((await trustOf('ErinRole')).principal, { AWS: userArn('frank') });
    await assume(erin.creds, Role!.Arn!);
  });

  it('a principal that does not exist is refused when the policy is written', async () => {
    await assert.rejects(
      server.iam().send(
        new CreateRoleCommand({
          RoleName: 'Nobody',
          AssumeRolePolicyDocument: trust({ AWS: userArn('nobody') }),
        }),
      ),
      awsError(
        'MalformedPolicyDocumentException',
        `Invalid principal in policy: "AWS":"${userArn('nobody')}"`,
      ),
    );
  });
});

describe('a role trust policy naming a role', () => {
  it('shows the deleted role’s AROA… id; Conditions naming the same ARN are left as written', async () => {
    const iam = server.iam();
    const { Role: hop } = await iam.send(
      new CreateRoleCommand({ RoleName: 'Hop2', AssumeRolePolicyDocument: trust({ AWS: ACCOUNT }) }),
    );
    const condition = { ArnEquals: { 'aws:PrincipalArn': hop!.Arn! } };
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'Dest',
        AssumeRolePolicyDocument: trust({ AWS: [hop!.Arn!, `arn:aws:iam::${ACCOUNT}:root`] }, condition),
      }),
    );
    await iam.send(new DeleteRoleCommand({ RoleName: 'Hop2' }));
    const shown = JSON.parse((await trustOf('Dest')).text) as {
      Statement: { Principal: unknown; Condition: unknown }[];
    };
    assert.deepEqual(shown.Statement[0].Principal, { AWS: [hop!.RoleId!, `arn:aws:iam::${ACCOUNT}:root`] });
    assert.match(hop!.RoleId!, /^AROA[A-Z2-7]{17}$/);
    assert.deepEqual(shown.Statement[0].Condition, condition);
  });
});

describe('an SES sending authorization policy naming a user (sending-authorization.html)', () => {
  const identityArn = `arn:aws:ses:us-east-1:${ACCOUNT}:identity/ids.example`;
  const sendPolicy = (principal: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: principal }, Action: 'ses:SendEmail', Resource: identityArn },
      ],
    });
  const send = (creds: Credentials) =>
    server.sesv2(creds).send(
      new SendEmailCommand({
        FromEmailAddress: 'news@ids.example',
        Destination: { ToAddresses: ['to@example.org'] },
        Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
      }),
    );

  it('admits the user it was written for and not a recreated namesake; both APIs show the id', async () => {
    await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'ids.example' }));
    const gina = await makeUser('gina');
    await server.sesv2().send(
      new CreateEmailIdentityPolicyCommand({
        EmailIdentity: 'ids.example',
        PolicyName: 'gina',
        Policy: sendPolicy(userArn('gina')),
      }),
    );
    assert.ok((await send(gina.creds)).MessageId);
    const v2Shown = async () =>
      (await server.sesv2().send(new GetEmailIdentityPoliciesCommand({ EmailIdentity: 'ids.example' })))
        .Policies!.gina;
    assert.equal(await v2Shown(), sendPolicy(userArn('gina')));

    await deleteUser('gina', gina.creds);
    const again = await makeUser('gina');
    await assert.rejects(send(again.creds), (e: Error) => {
      assert.equal(e.name, 'AccessDeniedException');
      assert.match(
        e.message,
        new RegExp(`^User: ${userArn('gina')} is not authorized to perform: ses:SendEmail`),
      );
      return true;
    });
    assert.equal(await v2Shown(), sendPolicy(gina.id));
    const v1 = await server
      .ses()
      .send(new GetIdentityPoliciesCommand({ Identity: 'ids.example', PolicyNames: ['gina'] }));
    assert.equal(v1.Policies!.gina, sendPolicy(gina.id));
  });

  it('a user that does not exist is refused: InvalidPolicy (v1), BadRequestException (v2)', async () => {
    const message = `Invalid principal in policy: "AWS":"${userArn('nobody')}"`;
    await assert.rejects(
      server.ses().send(
        new PutIdentityPolicyCommand({
          Identity: 'ids.example',
          PolicyName: 'x',
          Policy: sendPolicy(userArn('nobody')),
        }),
      ),
      (e: Error) => e.name === 'InvalidPolicyException' && e.message === message,
    );
    await assert.rejects(
      server.sesv2().send(
        new CreateEmailIdentityPolicyCommand({
          EmailIdentity: 'ids.example',
          PolicyName: 'x',
          Policy: sendPolicy(userArn('nobody')),
        }),
      ),
      (e: Error) => e.name === 'BadRequestException' && e.message === message,
    );
    const all = await server
      .sesv2()
      .send(new GetEmailIdentityPoliciesCommand({ EmailIdentity: 'ids.example' }));
    assert.deepEqual(Object.keys(all.Policies ?? {}), ['gina']);
  });
});
