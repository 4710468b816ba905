import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseConfig } from './config.js';
import { PinpostError } from './errors.js';

it('defaults: 127.0.0.1:4566, .pinpost/, us-east-1, enforce, account 000000000000', () => {
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
  });
});

it('mail flags: a relay implies the smtp transport; a bad value names the input; passwords are masked', () => {
  const c = parseConfig(['--smtp-relay', 'smtp://u:secret@127.0.0.1:2525', '--ses-sandbox', 'true'], {});
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

it('bad input is a PinpostError naming the input and its source in backticks', () => {
  const bad = (args: string[], env: Record<string, string>, code: string, message: string) =>
    assert.throws(
      () => parseConfig(args, env),
      (e: unknown) => e instanceof PinpostError && e.code === code && e.message === message,
    );
  bad(
    ['--port', 'x'],
    {},
    'PINPOST_INVALID_PORT',
    'invalid port `x` (from `--port`): expected an integer from 0 to 65535',
  );
  bad(
    [],
    { PINPOST_IAM: 'maybe' },
    'PINPOST_INVALID_IAM_MODE',
    'invalid IAM mode `maybe` (from `PINPOST_IAM`): expected `enforce`, `soft` or `off`',
  );
  bad(['--colour'], {}, 'PINPOST_UNKNOWN_FLAG', 'unknown flag `--colour`');
  bad(['--region'], {}, 'PINPOST_FLAG_NEEDS_VALUE', 'flag `--region` needs a value');
  bad(
    ['--region', 'mars'],
    {},
    'PINPOST_INVALID_REGION',
    'invalid region `mars` (from `--region`): expected a region name such as `us-east-1`',
  );
});
