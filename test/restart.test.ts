/**
 * State survives a restart (issue 3, "a restart keeps everything"): roles and their policies,
 * users and their keys, and STS sessions live in the SQLite file under the data directory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startTestServer } from './support/server.js';
import { seedPermissionsPolicy } from './fixtures/seed-policies.js';

const ACCOUNT = '000000000000';

test('roles, policies, users, keys and sessions survive a restart on the same data directory', async () => {
  const data = mkdtempSync(join(tmpdir(), 'pinpost-restart-'));
  try {
    const first = await startTestServer({ data });
    const root = first.iam();
    await root.send(new CreateUserCommand({ UserName: 'alice' }));
    await root.send(
      new CreateRoleCommand({
        RoleName: 'Assumable',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
    await root.send(
      new PutRolePolicyCommand({
        RoleName: 'Assumable',
        PolicyName: 'Seed',
        PolicyDocument: seedPermissionsPolicy(ACCOUNT),
      }),
    );
    await root.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'Assume',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
        }),
      }),
    );
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    const alice = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const session = (
      await first.sts(alice).send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${ACCOUNT}:role/Assumable`,
          RoleSessionName: 'before',
        }),
      )
    ).Credentials!;
    await first.close();

    const second = await startTestServer({ data });
    try {
      const role = (await second.iam().send(new GetRoleCommand({ RoleName: 'Assumable' }))).Role!;
      assert.equal(role.Arn, `arn:aws:iam::${ACCOUNT}:role/Assumable`);
      const policy = await second
        .iam()
        .send(new GetRolePolicyCommand({ RoleName: 'Assumable', PolicyName: 'Seed' }));
      assert.deepEqual(
        JSON.parse(decodeURIComponent(policy.PolicyDocument!)),
        JSON.parse(seedPermissionsPolicy(ACCOUNT)),
      );
      const me = await second.sts(alice).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Arn, `arn:aws:iam::${ACCOUNT}:user/alice`, "alice's key still signs");
      const stillSession = await second
        .sts({
          accessKeyId: session.AccessKeyId!,
          secretAccessKey: session.SecretAccessKey!,
          sessionToken: session.SessionToken!,
        })
        .send(new GetCallerIdentityCommand({}));
      assert.equal(
        stillSession.Arn,
        `arn:aws:sts::${ACCOUNT}:assumed-role/Assumable/before`,
        'the session still works',
      );
    } finally {
      await second.close();
    }
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});
