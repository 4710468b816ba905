/**
 * The root key from configuration (issue 9, finding 4): `--root-access-key-id`/
 * `--root-secret-access-key` (or their variables) become the default account's root key at start,
 * replacing `test`/`test` and, on a restart with another key, the previous one; the account keeps
 * everything else. The secret is never printed. Through the real command and the SDK.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fail } from './support/failure.js';
import { runCli, startCli } from './support/cli.js';

const data = mkdtempSync(join(tmpdir(), 'pinpost-root-key-'));
const other = mkdtempSync(join(tmpdir(), 'pinpost-root-key-'));
after(() => [data, other].forEach((d) => rmSync(d, { recursive: true, force: true })));

const KEY_1 = {
  accessKeyId: 'AKIAPINPOSTROOT00001',
  secretAccessKey: 'first/Secret+Of40CharactersXXXXXXXXXXXXX',
};
const KEY_2 = {
  accessKeyId: 'AKIAPINPOSTROOT00002',
  secretAccessKey: 'second/Secret+Of40CharactersXXXXXXXXXXXX',
};
const DEFAULT = { accessKeyId: 'test', secretAccessKey: 'test' };
type Key = typeof KEY_1;

const client = { region: 'us-east-1', maxAttempts: 1 };
const sts = (url: string, credentials: Key) => new STSClient({ ...client, endpoint: url, credentials });
const iam = (url: string, credentials: Key) => new IAMClient({ ...client, endpoint: url, credentials });
const whoAmI = async (url: string, key: Key) =>
  (await sts(url, key).send(new GetCallerIdentityCommand({}))).Arn;
const refused = async (url: string, key: Key) =>
  (await fail(sts(url, key).send(new GetCallerIdentityCommand({})))).name;

const flags = ['--port', '0', '--smtp-port', '0', '--data', data];

it(
  'a configured key replaces test/test, then the previous configured key; the account keeps its users',
  { timeout: 60_000 },
  async () => {
    const first = await startCli(flags, {
      PINPOST_ROOT_ACCESS_KEY_ID: KEY_1.accessKeyId,
      PINPOST_ROOT_SECRET_ACCESS_KEY: KEY_1.secretAccessKey,
    });
    try {
      assert.match(
        first.line,
        / \| account 000000000000 \| access key AKIAPINPOSTROOT00001 secret from PINPOST_ROOT_SECRET_ACCESS_KEY \| /,
      );
      assert.equal(await whoAmI(first.url, KEY_1), 'arn:aws:iam::000000000000:root');
      assert.equal(await refused(first.url, DEFAULT), 'InvalidClientTokenId');
      await iam(first.url, KEY_1).send(new CreateUserCommand({ UserName: 'alice' }));
    } finally {
      assert.equal(await first.stop(), 0);
    }
    assert.ok(
      !(first.stdout() + first.stderr()).includes(KEY_1.secretAccessKey),
      'the secret is never printed',
    );

    const second = await startCli([
      ...flags,
      '--root-access-key-id',
      KEY_2.accessKeyId,
      '--root-secret-access-key',
      KEY_2.secretAccessKey,
    ]);
    try {
      assert.match(
        second.line,
        / \| access key AKIAPINPOSTROOT00002 secret from --root-secret-access-key \| /,
      );
      assert.equal(await whoAmI(second.url, KEY_2), 'arn:aws:iam::000000000000:root');
      assert.equal(await refused(second.url, KEY_1), 'InvalidClientTokenId');
      const alice = await iam(second.url, KEY_2).send(new GetUserCommand({ UserName: 'alice' }));
      assert.equal(alice.User?.Arn, 'arn:aws:iam::000000000000:user/alice');
    } finally {
      assert.equal(await second.stop(), 0);
    }
    assert.ok(!(second.stdout() + second.stderr()).includes(KEY_2.secretAccessKey));

    const third = await startCli(flags);
    try {
      assert.match(third.line, / \| access key test secret test \| /);
      assert.equal(await whoAmI(third.url, DEFAULT), 'arn:aws:iam::000000000000:root');
      assert.equal(await refused(third.url, KEY_2), 'InvalidClientTokenId');
    } finally {
      assert.equal(await third.stop(), 0);
    }
  },
);

it('beyond loopback with a key of your own, it starts and that key signs', { timeout: 30_000 }, async () => {
  const server = await startCli(
    ['--host', '0.0.0.0', '--port', '0', '--smtp-port', '0', '--data', ':memory:'],
    {
      PINPOST_ROOT_ACCESS_KEY_ID: KEY_1.accessKeyId,
      PINPOST_ROOT_SECRET_ACCESS_KEY: KEY_1.secretAccessKey,
    },
  );
  try {
    assert.match(
      server.line,
      /^pinpost ready at http:\/\/0\.0\.0\.0:\d+ \| console http:\/\/0\.0\.0\.0:\d+\/_pinpost\/console\/ \| smtp 0\.0\.0\.0:\d+ \| /,
    );
    const url = server.url.replace('0.0.0.0', '127.0.0.1');
    assert.equal(await whoAmI(url, KEY_1), 'arn:aws:iam::000000000000:root');
    assert.equal(await refused(url, DEFAULT), 'InvalidClientTokenId');
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

it(
  "an IAM user's key id configured as the root key: exit 1 naming it, and the user keeps the key",
  { timeout: 60_000 },
  async () => {
    const server = await startCli(['--port', '0', '--smtp-port', '-1', '--data', other]);
    let alice: Key;
    try {
      const root = iam(server.url, DEFAULT);
      await root.send(new CreateUserCommand({ UserName: 'alice' }));
      const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
      alice = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    } finally {
      assert.equal(await server.stop(), 0);
    }
    const r = await runCli(['start', '--port', '0', '--smtp-port', '-1', '--data', other], {
      PINPOST_ROOT_ACCESS_KEY_ID: alice.accessKeyId,
      PINPOST_ROOT_SECRET_ACCESS_KEY: 'anything-else',
    });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      `pinpost: PINPOST_ROOT_KEY_TAKEN: root access key id \`${alice.accessKeyId}\` (\`--root-access-key-id\`, PINPOST_ROOT_ACCESS_KEY_ID) is already the access key of an IAM user or of another account in this data directory: choose another\n`,
    );
    const again = await startCli(['--port', '0', '--smtp-port', '-1', '--data', other]);
    try {
      assert.equal(await whoAmI(again.url, alice), 'arn:aws:iam::000000000000:user/alice');
    } finally {
      assert.equal(await again.stop(), 0);
    }
  },
);
