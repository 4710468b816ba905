/**
 * DeleteServiceLinkedRole and GetServiceLinkedRoleDeletionStatus through the SDK
 * (API_DeleteServiceLinkedRole.html: the task id is
 * `task/aws-service-role/<service-principal-name>/<role-name>/<task-uuid>`; nothing in Pinpost uses
 * the SES or Access Analyzer role, so the deletion has SUCCEEDED when the answer comes).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { seedTrustPolicy } from './fixtures/seed-policies.js';
import { startTestServer, type TestServer } from './support/server.js';

const ACCOUNT = '000000000000';
const SES_ROLE = 'AWSServiceRoleForAmazonSES';
const TASK = new RegExp(
  `^task/aws-service-role/ses\\.amazonaws\\.com/${SES_ROLE}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`,
);

const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('the request succeeded');
};

let server: TestServer;
let iam: IAMClient;
before(async () => {
  server = await startTestServer();
  iam = server.iam();
});
after(() => server.close());

describe('DeleteServiceLinkedRole', () => {
  it('deletes the role and answers a task id whose status is SUCCEEDED; the role can be made again', async () => {
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ses.amazonaws.com' }));
    const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: SES_ROLE }));
    assert.match(DeletionTaskId ?? '', TASK);
    const gone = await failure(iam.send(new GetRoleCommand({ RoleName: SES_ROLE })));
    assert.equal(gone.name, 'NoSuchEntityException');
    const out = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
    assert.equal(out.Status, 'SUCCEEDED');
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ses.amazonaws.com' }));
    const again = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: SES_ROLE }));
    assert.notEqual(again.DeletionTaskId, DeletionTaskId);
  });

  it('a role that is not service-linked, or none, is NoSuchEntity, and an ordinary role stays', async () => {
    await iam.send(
      new CreateRoleCommand({ RoleName: 'Ordinary', AssumeRolePolicyDocument: seedTrustPolicy(ACCOUNT) }),
    );
    assert.deepEqual(await failure(iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'Ordinary' }))), {
      name: 'NoSuchEntityException',
      message: 'Role `Ordinary` is not a service-linked role.',
      status: 404,
    });
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'Ordinary' }))).Role?.RoleName, 'Ordinary');
    const none = await failure(iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'Nobody' })));
    assert.equal(none.name, 'NoSuchEntityException');
    assert.equal(none.status, 404);
  });

  it('is authorized as iam:DeleteServiceLinkedRole on the role’s ARN', async () => {
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'access-analyzer.amazonaws.com' }));
    await iam.send(new CreateUserCommand({ UserName: 'no-rights' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'no-rights' }))).AccessKey!;
    const user = server.iam({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const denied = await failure(
      user.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForAccessAnalyzer' })),
    );
    assert.equal(denied.name, 'AccessDenied');
    assert.equal(
      denied.message,
      `User: arn:aws:iam::${ACCOUNT}:user/no-rights is not authorized to perform: iam:DeleteServiceLinkedRole on resource: arn:aws:iam::${ACCOUNT}:role/aws-service-role/access-analyzer.amazonaws.com/AWSServiceRoleForAccessAnalyzer because no identity-based policy allows the iam:DeleteServiceLinkedRole action`,
    );
    assert.ok((await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAccessAnalyzer' }))).Role);
  });
});

describe('GetServiceLinkedRoleDeletionStatus', () => {
  it('an unknown task is NoSuchEntity, an id not in the task format InvalidInput', async () => {
    const unknown = `task/aws-service-role/ses.amazonaws.com/${SES_ROLE}/00000000-0000-4000-8000-000000000000`;
    assert.deepEqual(
      await failure(iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: unknown }))),
      {
        name: 'NoSuchEntityException',
        message: `Deletion task \`${unknown}\` cannot be found.`,
        status: 404,
      },
    );
    const bad = await failure(
      iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: 'task/1' })),
    );
    assert.deepEqual(bad, {
      name: 'InvalidInputException',
      message: 'Invalid deletion task id `task/1`.',
      status: 400,
    });
  });
});
