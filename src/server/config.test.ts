import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseConfig } from './config.js';
import { PinpostError } from './errors.js';
import { START_FLAGS } from './flags.js';

const fails = (args: string[], env: Record<string, string>, code: string, message: string) =>
  assert.throws(
    () => parseConfig(args, env),
    (e: unknown) => e instanceof PinpostError && e.code === code && e.message === message,
  );

it('defaults: 127.0.0.1:4566, .pinpost/, us-east-1, enforce, account 000000000000, root key test/test', () => {
  assert.deepEqual(parseConfig([], {}), {
    host: '127.0.0.1',
    port: 4566,
    data: '.pinpost/',
    region: 'us-east-1',
    iam: 'enforce',
    account: '000000000000',
    logLevel: 'info',
    sesSandbox: false,
    sesVerification: 'instant',
    transport: 'capture',
    smtpRelay: undefined,
    sesUpstream: undefined,
    smtpPort: 2587,
    sesMaxSendRate: 14,
    sesMax24HourSend: 50000,
    rootAccessKeyId: 'test',
    rootSecretAccessKey: 'test',
    rootSecretSource: 'default',
    importRoot: '.pinpost/imports',
    allowPrivateEgress: false,
    maxConnections: 1024,
    clock: 'system',
    role: 'all',
  });
});

it('every flag of the table is read, from the flag and from its variable', () => {
  const values: Record<string, string> = {
    '--host': '::1',
    '--port': '8080',
    '--smtp-port': '-1',
    '--data': 'state',
    '--region': 'eu-west-1',
    '--iam': 'soft',
    '--root-access-key-id': 'AKIAPINPOSTROOT00001',
    '--root-secret-access-key': 'Secret/123+abc',
    '--transport': 'smtp',
    '--smtp-relay': 'smtp://relay.example:25',
    '--ses-upstream': 'https://email.us-east-1.amazonaws.com',
    '--ses-sandbox': 'true',
    '--ses-verification': 'email',
    '--ses-max-send-rate': '2.5',
    '--ses-max-24h-send': '10',
    '--import-root': '/srv/imports',
    '--allow-private-egress': 'true',
    '--max-connections': '7',
    '--clock': 'manual',
    '--role': 'worker',
    '--log-level': 'debug',
  };
  assert.deepEqual(Object.keys(values).sort(), START_FLAGS.map((f) => f.name).sort());
  const expected = {
    host: '::1',
    port: 8080,
    smtpPort: -1,
    data: 'state',
    region: 'eu-west-1',
    iam: 'soft',
    account: '000000000000',
    rootAccessKeyId: 'AKIAPINPOSTROOT00001',
    rootSecretAccessKey: 'Secret/123+abc',
    transport: 'smtp',
    smtpRelay: 'smtp://relay.example:25',
    sesUpstream: 'https://email.us-east-1.amazonaws.com',
    sesSandbox: true,
    sesVerification: 'email',
    sesMaxSendRate: 2.5,
    sesMax24HourSend: 10,
    importRoot: '/srv/imports',
    allowPrivateEgress: true,
    maxConnections: 7,
    clock: 'manual',
    role: 'worker',
    logLevel: 'debug',
  };
  const fromFlags = parseConfig(
    Object.entries(values).map(([flag, value]) => `${flag}=${value}`),
    {},
  );
  assert.deepEqual(fromFlags, { ...expected, rootSecretSource: '--root-secret-access-key' });
  const env = Object.fromEntries(START_FLAGS.map((f) => [f.env, values[f.name]]));
  assert.deepEqual(parseConfig([], env), { ...expected, rootSecretSource: 'PINPOST_ROOT_SECRET_ACCESS_KEY' });
});

it('--role is api, worker or all; another value names the input', () => {
  assert.equal(parseConfig(['--role', 'api'], {}).role, 'api');
  assert.equal(parseConfig([], { PINPOST_ROLE: 'worker' }).role, 'worker');
  assert.throws(() => parseConfig(['--role', 'both'], {}), /`both`/);
});

it('--clock is system or manual; another value names the input', () => {
  assert.equal(parseConfig(['--clock', 'manual'], {}).clock, 'manual');
  assert.equal(parseConfig([], { PINPOST_CLOCK: 'manual' }).clock, 'manual');
  fails(
    [],
    { PINPOST_CLOCK: 'frozen' },
    'PINPOST_INVALID_FLAG_VALUE',
    'invalid value `frozen` (from `PINPOST_CLOCK`): `pinpost start --help` says what it takes',
  );
});

it('mail flags: a relay implies the smtp transport; a bad value names the input; passwords are masked', () => {
  const c = parseConfig(['--smtp-relay', 'smtp://u:secret@127.0.0.1:2525', '--ses-sandbox'], {});
  assert.equal(c.transport, 'smtp');
  assert.equal(c.sesSandbox, true);
  assert.throws(() => parseConfig(['--transport', 'smtp'], {}), /flag `--smtp-relay` needs a value/);
  assert.throws(
    () => parseConfig(['--ses-verification', 'maybe'], {}),
    /invalid value `maybe` \(from `--ses-verification`\)/,
  );
  assert.throws(
    () => parseConfig(['--smtp-relay', 'http://u:secret@host'], {}),
    (e: Error) => e.message.includes('http://u:****@host') && !e.message.includes('secret'),
  );
});

it('switches take no value: `--flag` turns on, `--flag=true|false` says which, the variable takes true|false', () => {
  assert.equal(parseConfig(['--ses-sandbox'], {}).sesSandbox, true);
  assert.equal(parseConfig(['--allow-private-egress', '--port', '0'], {}).allowPrivateEgress, true);
  assert.equal(parseConfig(['--ses-sandbox=false'], { PINPOST_SES_SANDBOX: 'true' }).sesSandbox, false);
  assert.equal(parseConfig([], { PINPOST_ALLOW_PRIVATE_EGRESS: 'true' }).allowPrivateEgress, true);
  fails(
    ['--ses-sandbox', 'true'],
    {},
    'PINPOST_SWITCH_TAKES_NO_VALUE',
    'flag `--ses-sandbox` takes no value (got `true`): write `--ses-sandbox` to turn it on, `--ses-sandbox=false` to turn it off',
  );
  fails(
    ['--ses-sandbox=yes'],
    {},
    'PINPOST_INVALID_BOOLEAN',
    'invalid value `yes` (from `--ses-sandbox`): expected `true` or `false`',
  );
  fails(
    [],
    { PINPOST_ALLOW_PRIVATE_EGRESS: '1' },
    'PINPOST_INVALID_BOOLEAN',
    'invalid value `1` (from `PINPOST_ALLOW_PRIVATE_EGRESS`): expected `true` or `false`',
  );
});

it('flags win over env vars; --flag=value works', () => {
  const c = parseConfig(['--port=0', '--iam', 'soft'], {
    PINPOST_PORT: '9',
    PINPOST_DATA: ':memory:',
    PINPOST_IAM: 'off',
  });
  assert.equal(c.port, 0);
  assert.equal(c.data, ':memory:');
  assert.equal(c.iam, 'soft');
});

it('an IPv6 host may be written in brackets, as in a URL', () => {
  assert.equal(parseConfig(['--host', '[::1]'], {}).host, '::1');
});

it('the root key: the id is IAM-shaped, the secret is never part of a message', () => {
  fails(
    ['--root-access-key-id', 'has space'],
    {},
    'PINPOST_INVALID_ACCESS_KEY_ID',
    'invalid access key id `has space` (from `--root-access-key-id`): expected 1 to 128 letters, digits or underscores',
  );
  const secret = 'pasted with a newline\n';
  assert.throws(
    () => parseConfig([], { PINPOST_ROOT_SECRET_ACCESS_KEY: secret }),
    (e: unknown) =>
      e instanceof PinpostError &&
      e.code === 'PINPOST_INVALID_SECRET_ACCESS_KEY' &&
      e.message ===
        'invalid secret access key (from `PINPOST_ROOT_SECRET_ACCESS_KEY`, not shown): expected 1 to 128 visible ASCII characters, without spaces' &&
      !e.message.includes('pasted'),
  );
});

it('bad input is a PinpostError naming the input and its source in backticks', () => {
  fails(
    ['--port', 'x'],
    {},
    'PINPOST_INVALID_PORT',
    'invalid port `x` (from `--port`): expected an integer from 0 to 65535',
  );
  fails(
    [],
    { PINPOST_IAM: 'maybe' },
    'PINPOST_INVALID_IAM_MODE',
    'invalid IAM mode `maybe` (from `PINPOST_IAM`): expected `enforce`, `soft` or `off`',
  );
  fails(
    ['--colour'],
    {},
    'PINPOST_UNKNOWN_FLAG',
    'unknown flag `--colour`; `pinpost start --help` lists them',
  );
  fails(['--region'], {}, 'PINPOST_FLAG_NEEDS_VALUE', 'flag `--region` needs a value');
  fails(['--data', '--port', '0'], {}, 'PINPOST_FLAG_NEEDS_VALUE', 'flag `--data` needs a value');
  fails(
    ['state'],
    {},
    'PINPOST_UNEXPECTED_ARGUMENT',
    'unexpected argument `state`; `pinpost start` takes flags only (`pinpost start --help`)',
  );
  fails(
    ['--region', 'mars'],
    {},
    'PINPOST_INVALID_REGION',
    'invalid region `mars` (from `--region`): expected a region name such as `us-east-1`',
  );
  fails(
    ['--max-connections', '0'],
    {},
    'PINPOST_INVALID_FLAG_VALUE',
    'invalid value `0` (from `--max-connections`): `pinpost start --help` says what it takes',
  );
});
