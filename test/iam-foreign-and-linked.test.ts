/**
 * What the account may not change, through @aws-sdk/client-iam:
 * - AWS managed policies (account `aws`) and other accounts' policies are another account's
 *   resources: changing them is AccessDenied with IAM's "… outside your own account." texts
 *   (src/services/iam/operations/foreign-policies.ts cites each), while reading and attaching work;
 * - service-linked roles (using-service-linked-roles.html: "An IAM administrator can view, but not
 *   edit the permissions for service-linked roles") answer UnmodifiableEntity, "Cannot perform the
 *   operation on the protected role '…' - this role is only modifiable by AWS" (aws-nuke#331,
 *   cloud-nuke#880), and leave the role as it was; their description stays editable.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetPolicyCommand,
  GetRoleCommand,
  ListRolePoliciesCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  SetDefaultPolicyVersionCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let iam: IAMClient;
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const DOC = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*' }],
});
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
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

describe("another account's managed policies (the `aws` account's AWS managed policies)", () => {
  const cases: [string, () => Promise<unknown>, string][] = [
    [
      'DeletePolicy',
      () => iam.send(new DeletePolicyCommand({ PolicyArn: ADMIN })),
      'Cannot delete policies outside your own account.',
    ],
    [
      'CreatePolicyVersion',
      () => iam.send(new CreatePolicyVersionCommand({ PolicyArn: ADMIN, PolicyDocument: DOC })),
      'Cannot create versions for policies outside your own account.',
    ],
    [
      'DeletePolicyVersion',
      () => iam.send(new DeletePolicyVersionCommand({ PolicyArn: ADMIN, VersionId: 'v1' })),
      'Cannot delete policy versions for policies outside your own account.',
    ],
    [
      'SetDefaultPolicyVersion',
      () => iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: ADMIN, VersionId: 'v1' })),
      'Cannot update policies outside your own account.',
    ],
  ];
  for (const [name, call, message] of cases) {
    it(`${name} is AccessDenied (403) even for the account's root user`, async () => {
      assert.deepEqual(await failure(call), { name: 'AccessDenied', message, status: 403 });
    });
  }

  it('reading and attaching an AWS managed policy still work, and it is unchanged', async () => {
    const got = await iam.send(new GetPolicyCommand({ PolicyArn: ADMIN }));
    assert.equal(got.Policy?.DefaultVersionId, 'v1');
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'reader', PolicyArn: ADMIN }));
  });
});

describe('service-linked roles (path /aws-service-role/)', () => {
  const name = 'AWSServiceRoleForAmazonSES';
  const protectedRole = `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`;

  before(async () => {
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ses.amazonaws.com' }));
  });

  it('CreateServiceLinkedRole makes the service’s role under /aws-service-role/<service>/, trusting the service', async () => {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: name }));
    assert.equal(Role?.Path, '/aws-service-role/ses.amazonaws.com/');
    assert.equal(Role?.Arn, `arn:aws:iam::000000000000:role/aws-service-role/ses.amazonaws.com/${name}`);
    assert.match(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ''), /"Service":"ses\.amazonaws\.com"/);
    assert.deepEqual(
      await failure(() =>
        iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ses.amazonaws.com' })),
      ),
      {
        name: 'InvalidInputException',
        message: `Service role name ${name} has been taken in this account, please try a different suffix.`,
        status: 400,
      },
    );
  });

  it('CreateRole refuses the service-linked path (tilfin/aws-iam-policy-tool#9)', async () => {
    const r = await failure(() =>
      iam.send(
        new CreateRoleCommand({
          RoleName: 'Fake',
          Path: '/aws-service-role/x.amazonaws.com/',
          AssumeRolePolicyDocument: TRUST,
        }),
      ),
    );
    assert.deepEqual(r, {
      name: 'InvalidInputException',
      message: "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles",
      status: 400,
    });
  });

  const changes: [string, () => Promise<unknown>][] = [
    [
      'PutRolePolicy',
      () => iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: DOC })),
    ],
    ['DeleteRolePolicy', () => iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'p' }))],
    ['AttachRolePolicy', () => iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: ADMIN }))],
    [
      'UpdateAssumeRolePolicy',
      () => iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: TRUST })),
    ],
    [
      'PutRolePermissionsBoundary',
      () => iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: name, PermissionsBoundary: ADMIN })),
    ],
    [
      'UpdateRole MaxSessionDuration',
      () => iam.send(new UpdateRoleCommand({ RoleName: name, MaxSessionDuration: 7200 })),
    ],
    ['DeleteRole', () => iam.send(new DeleteRoleCommand({ RoleName: name }))],
  ];
  for (const [op, call] of changes) {
    it(`${op} is UnmodifiableEntity (400)`, async () => {
      assert.deepEqual(await failure(call), {
        name: 'UnmodifiableEntityException',
        message: protectedRole,
        status: 400,
      });
    });
  }

  it('leaves the role as it was, and its description stays editable', async () => {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: name }));
    assert.match(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ''), /ses\.amazonaws\.com/);
    assert.equal(Role?.PermissionsBoundary, undefined);
    assert.equal(Role?.MaxSessionDuration, 3600);
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames, []);
    await iam.send(new UpdateRoleDescriptionCommand({ RoleName: name, Description: 'Sends for us' }));
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: name }))).Role?.Description, 'Sends for us');
  });
});
