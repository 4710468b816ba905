/**
 * `pinpost start` as a user runs it: one ready line naming the HTTP endpoint and the SMTP port,
 * printed once both listen; /_pinpost/health answers 200; SIGTERM stops it cleanly; a bad flag is
 * a PinpostError naming the input; `--iam soft|off` warn at start.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { once } from 'node:events';
import { it } from 'node:test';
import { readFileSync } from 'node:fs';
import { runCli, startCli } from './support/cli.js';

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

it(
  'prints one ready line once HTTP and SMTP listen, answers /_pinpost/health, and exits 0 on SIGTERM',
  { timeout: 30_000 },
  async () => {
    const server = await startCli(['--port', '0', '--smtp-port', '0', '--data', ':memory:']);
    try {
      assert.match(
        server.line,
        /^pinpost ready at http:\/\/127\.0\.0\.1:\d+ \| console http:\/\/127\.0\.0\.1:\d+\/_pinpost\/console\/ \| smtp 127\.0\.0\.1:\d+ \| account 000000000000 \| access key test secret test \| region us-east-1 \| iam enforce \| data in memory \(:memory:, lost on exit\)$/,
      );
      const res = await fetch(`${server.url}/_pinpost/health`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: 'ready', version: PACKAGE_VERSION });
      // The SMTP port the line names greets at once: it listened before the line was printed.
      const smtpPort = Number(/ \| smtp 127\.0\.0\.1:(\d+) \| /.exec(server.line)![1]);
      const socket = connect(smtpPort, '127.0.0.1');
      socket.setEncoding('utf8');
      const [greeting] = (await once(socket, 'data')) as [string];
      socket.destroy();
      assert.match(greeting, /^220 /);
      assert.equal(server.stderr(), '', 'nothing but the ready line at log level warn');
    } finally {
      assert.equal(await server.stop(), 0);
    }
  },
);

it('with --smtp-port -1 the ready line says SMTP is off', { timeout: 30_000 }, async () => {
  const server = await startCli(['--port', '0', '--smtp-port', '-1', '--data', ':memory:']);
  try {
    assert.match(
      server.line,
      /^pinpost ready at http:\/\/127\.0\.0\.1:\d+ \| console http:\/\/127\.0\.0\.1:\d+\/_pinpost\/console\/ \| smtp off \| account 000000000000 \| /,
    );
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

it(
  '--iam off and --iam soft print one warning line at start saying what the mode means',
  { timeout: 30_000 },
  async () => {
    const [off, soft] = await Promise.all([
      startCli(['--port', '0', '--smtp-port', '-1', '--data', ':memory:', '--iam', 'off']),
      startCli(['--port', '0', '--smtp-port', '-1', '--data', ':memory:'], { PINPOST_IAM: 'soft' }),
    ]);
    try {
      assert.equal(
        off.stderr(),
        'pinpost: warning: `--iam off`: IAM is off; any credentials are accepted, unsigned requests act as the root user, and nothing is authorized\n',
      );
      assert.match(off.line, / \| iam off \| /);
      assert.equal(
        soft.stderr(),
        'pinpost: warning: `--iam soft`: IAM does not enforce; a request it would deny is logged and allowed\n',
      );
      assert.match(soft.line, / \| iam soft \| /);
    } finally {
      await Promise.all([off.stop(), soft.stop()]);
    }
  },
);

it(
  '--iam off beyond loopback adds a warning that the APIs and the mailbox are open to the network',
  { timeout: 30_000 },
  async () => {
    const args = [
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--smtp-port',
      '-1',
      '--data',
      ':memory:',
      '--iam',
      'off',
    ];
    const server = await startCli(args, {
      PINPOST_ROOT_ACCESS_KEY_ID: 'AKIDREADMEEXAMPLE',
      PINPOST_ROOT_SECRET_ACCESS_KEY: 'not-the-well-known-one',
    });
    try {
      assert.match(
        server.stderr(),
        /\npinpost: warning: `--iam off` beyond loopback: anyone who reaches this address can call every API and read or delete the mailbox\n$/,
      );
    } finally {
      await server.stop();
    }
  },
);

it('a bad flag exits 2 with the PinpostError naming it', async () => {
  const r = await runCli(['start', '--iam', 'maybe']);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    'pinpost: PINPOST_INVALID_IAM_MODE: invalid IAM mode `maybe` (from `--iam`): expected `enforce`, `soft` or `off`\n',
  );
});
