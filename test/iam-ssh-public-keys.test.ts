/**
 * IAM users' SSH public keys through @aws-sdk/client-iam: upload in OpenSSH and PEM form with the
 * fingerprint ssh-keygen computes (MD5), read back in either encoding, status changes, listing
 * with paging, the per-user quota, refused keys leaving nothing, DeleteUser refused while a key
 * exists, and authorization on the user's ARN. Keys are made by ssh-keygen for each run.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  GetSSHPublicKeyCommand,
  ListSSHPublicKeysCommand,
  PutUserPolicyCommand,
  UpdateSSHPublicKeyCommand,
  UpdateUserCommand,
  UploadSSHPublicKeyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let iam: IAMClient;
let dir: string;
const ACCOUNT = '000000000000';

interface Key {
  openssh: string;
  pem: string;
  md5: string;
}

function sshKey(name: string, type = 'rsa', bits = '2048'): Key {
  const file = join(dir, name);
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    type,
    ...(type === 'rsa' ? ['-b', bits] : []),
    '-N',
    '',
    '-C',
    'me@host',
    '-f',
    file,
  ]);
  const md5 = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', `${file}.pub`], {
    encoding: 'utf8',
  }).split(' ')[1];
  const pem =
    type === 'rsa'
      ? execFileSync('ssh-keygen', ['-e', '-m', 'PKCS8', '-f', `${file}.pub`], { encoding: 'utf8' })
      : '';
  return { openssh: readFileSync(`${file}.pub`, 'utf8').trim(), pem, md5: md5.replace(/^MD5:/, '') };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pinpost-ssh-'));
  server = await startTestServer();
  iam = server.iam();
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

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

const keyIds = async (UserName: string) =>
  ((await iam.send(new ListSSHPublicKeysCommand({ UserName }))).SSHPublicKeys ?? []).map(
    (k) => k.SSHPublicKeyId,
  );

describe('SSH public key lifecycle (API_UploadSSHPublicKey.html … API_DeleteSSHPublicKey.html)', () => {
  it('uploads, reads in both encodings, deactivates, follows a rename, blocks DeleteUser, deletes', async () => {
    const key = sshKey('a');
    await iam.send(new CreateUserCommand({ UserName: 'git' }));
    const up = (
      await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'git', SSHPublicKeyBody: key.openssh }))
    ).SSHPublicKey!;
    assert.match(up.SSHPublicKeyId ?? '', /^APKA[A-Z2-7]{16}$/);
    assert.equal(up.Fingerprint, key.md5);
    assert.equal(up.Status, 'Active');
    assert.equal(up.SSHPublicKeyBody, key.openssh.replace(/ me@host$/, ''));

    const ssh = await iam.send(
      new GetSSHPublicKeyCommand({ UserName: 'git', SSHPublicKeyId: up.SSHPublicKeyId, Encoding: 'SSH' }),
    );
    assert.equal(ssh.SSHPublicKey?.SSHPublicKeyBody, up.SSHPublicKeyBody);
    const pem = await iam.send(
      new GetSSHPublicKeyCommand({ UserName: 'git', SSHPublicKeyId: up.SSHPublicKeyId, Encoding: 'PEM' }),
    );
    assert.equal(pem.SSHPublicKey?.SSHPublicKeyBody?.trim(), key.pem.trim());

    // The same key again, in either form, is a duplicate.
    for (const body of [key.openssh, key.pem]) {
      const dup = await failure(() =>
        iam.send(new UploadSSHPublicKeyCommand({ UserName: 'git', SSHPublicKeyBody: body })),
      );
      assert.equal(dup.name, 'DuplicateSSHPublicKeyException');
      assert.equal(dup.status, 400);
    }

    await iam.send(
      new UpdateSSHPublicKeyCommand({
        UserName: 'git',
        SSHPublicKeyId: up.SSHPublicKeyId,
        Status: 'Inactive',
      }),
    );
    const listed = (await iam.send(new ListSSHPublicKeysCommand({ UserName: 'git' }))).SSHPublicKeys!;
    assert.deepEqual(
      listed.map((k) => [k.UserName, k.SSHPublicKeyId, k.Status]),
      [['git', up.SSHPublicKeyId, 'Inactive']],
    );

    const conflict = await failure(() => iam.send(new DeleteUserCommand({ UserName: 'git' })));
    assert.equal(conflict.name, 'DeleteConflictException');

    await iam.send(new UpdateUserCommand({ UserName: 'git', NewUserName: 'git2' }));
    assert.deepEqual(await keyIds('git2'), [up.SSHPublicKeyId]);

    await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'git2', SSHPublicKeyId: up.SSHPublicKeyId }));
    const gone = await failure(() =>
      iam.send(
        new GetSSHPublicKeyCommand({ UserName: 'git2', SSHPublicKeyId: up.SSHPublicKeyId, Encoding: 'SSH' }),
      ),
    );
    assert.equal(gone.name, 'NoSuchEntityException');
    assert.equal(gone.status, 404);
    assert.deepEqual(await keyIds('git2'), []);
    await iam.send(new DeleteUserCommand({ UserName: 'git2' }));
  });

  it('a PEM upload has the same fingerprint; five keys per user, paged; the sixth is LimitExceeded', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'many' }));
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'].map((n) => sshKey(n));
    const viaPem = (
      await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'many', SSHPublicKeyBody: keys[0].pem }))
    ).SSHPublicKey!;
    assert.equal(viaPem.Fingerprint, keys[0].md5);
    assert.equal(viaPem.SSHPublicKeyBody, keys[0].openssh.replace(/ me@host$/, ''));
    for (const k of keys.slice(1, 5))
      await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'many', SSHPublicKeyBody: k.openssh }));
    assert.deepEqual(
      await failure(() =>
        iam.send(new UploadSSHPublicKeyCommand({ UserName: 'many', SSHPublicKeyBody: keys[5].openssh })),
      ),
      {
        name: 'LimitExceededException',
        message: 'Cannot exceed quota for SSHPublicKeysPerUser: 5',
        status: 409,
      },
    );
    const first = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'many', MaxItems: 3 }));
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(
      new ListSSHPublicKeysCommand({ UserName: 'many', MaxItems: 3, Marker: first.Marker }),
    );
    assert.equal(rest.IsTruncated, false);
    assert.equal(
      new Set([...first.SSHPublicKeys!, ...rest.SSHPublicKeys!].map((k) => k.SSHPublicKeyId)).size,
      5,
    );
  });
});

describe('refused keys leave nothing behind', () => {
  it('unrecognized text, a non-RSA key, a short RSA key, a broken blob', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'picky' }));
    const upload = (body: string) =>
      failure(() => iam.send(new UploadSSHPublicKeyCommand({ UserName: 'picky', SSHPublicKeyBody: body })));
    assert.equal((await upload('hello there')).name, 'UnrecognizedPublicKeyEncodingException');
    assert.equal((await upload(sshKey('ed', 'ed25519').openssh)).name, 'InvalidPublicKeyException');
    assert.equal((await upload(sshKey('short', 'rsa', '1024').openssh)).name, 'InvalidPublicKeyException');
    assert.equal((await upload('ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB')).name, 'InvalidPublicKeyException');
    assert.deepEqual(await keyIds('picky'), []);
    const badStatus = await failure(() =>
      iam.send(
        new UpdateSSHPublicKeyCommand({
          UserName: 'picky',
          SSHPublicKeyId: 'APKAAAAAAAAAAAAAAAAA',
          Status: 'Off' as 'Active',
        }),
      ),
    );
    assert.equal(badStatus.name, 'ValidationError');
    assert.equal(
      (
        await failure(() =>
          iam.send(
            new DeleteSSHPublicKeyCommand({ UserName: 'picky', SSHPublicKeyId: 'APKAAAAAAAAAAAAAAAAA' }),
          ),
        )
      ).name,
      'NoSuchEntityException',
    );
  });
});

describe('authorization (list_awsidentityandaccessmanagementiam.html, resource type user)', () => {
  it("a user needs the action on the user's ARN; ListSSHPublicKeys without UserName lists its own", async () => {
    await iam.send(new CreateUserCommand({ UserName: 'dev' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }));
    const dev = server.iam({
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    });
    const key = sshKey('dev');
    const denied = await failure(() =>
      dev.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: key.openssh })),
    );
    assert.equal(denied.name, 'AccessDenied');
    assert.match(
      denied.message,
      new RegExp(`iam:UploadSSHPublicKey on resource: arn:aws:iam::${ACCOUNT}:user/dev`),
    );
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'dev',
        PolicyName: 'own-keys',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['iam:UploadSSHPublicKey', 'iam:ListSSHPublicKeys'],
              Resource: `arn:aws:iam::${ACCOUNT}:user/dev`,
            },
          ],
        }),
      }),
    );
    const up = await dev.send(
      new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: key.openssh }),
    );
    const own = await dev.send(new ListSSHPublicKeysCommand({}));
    assert.deepEqual(
      own.SSHPublicKeys?.map((k) => k.SSHPublicKeyId),
      [up.SSHPublicKey?.SSHPublicKeyId],
    );
    assert.equal(
      (await failure(() => dev.send(new ListSSHPublicKeysCommand({ UserName: 'many' })))).name,
      'AccessDenied',
    );
  });
});
