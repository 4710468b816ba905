import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseConfig } from './config.js';
import { assertRootKeyFitsHost } from './default-credentials.js';
import { isLoopbackName } from './host-check.js';
import { PinpostError } from './errors.js';

it('loopback is 127.0.0.0/8, ::1 in any spelling, and localhost; anything else is beyond', () => {
  for (const host of [
    '127.0.0.1',
    '127.1.2.3',
    '::1',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    'localhost',
    'LOCALHOST',
    'pinpost.localhost',
    '[::1]',
  ])
    assert.equal(isLoopbackName(host), true, host);
  for (const host of [
    '0.0.0.0',
    '::',
    '10.0.0.1',
    '192.168.1.2',
    '::ffff:10.0.0.1',
    'example.com',
    'localhost.example',
  ])
    assert.equal(isLoopbackName(host), false, host);
});

it('the well-known key (either half `test`) is refused beyond loopback, with the flags and variables to set', () => {
  const refused = (args: string[]) =>
    assert.throws(
      () => assertRootKeyFitsHost(parseConfig(args, {})),
      (e: unknown) =>
        e instanceof PinpostError &&
        e.code === 'PINPOST_DEFAULT_ROOT_KEY_BEYOND_LOOPBACK' &&
        e.message.startsWith(
          `refusing to listen on \`${parseConfig(args, {}).host}\` with the well-known root key`,
        ) &&
        [
          '--root-access-key-id',
          '--root-secret-access-key',
          'PINPOST_ROOT_ACCESS_KEY_ID',
          'PINPOST_ROOT_SECRET_ACCESS_KEY',
        ].every((name) => e.message.includes(name)),
    );
  refused(['--host', '0.0.0.0']);
  refused(['--host', '::']);
  refused(['--host', '0.0.0.0', '--root-access-key-id', 'AKIAPINPOSTROOT00001']);
  refused(['--host', '0.0.0.0', '--root-secret-access-key', 'not-the-default']);
  assertRootKeyFitsHost(parseConfig(['--host', 'localhost'], {}));
  assertRootKeyFitsHost(
    parseConfig(
      [
        '--host',
        '0.0.0.0',
        '--root-access-key-id',
        'AKIAPINPOSTROOT00001',
        '--root-secret-access-key',
        's3cr3t',
      ],
      {},
    ),
  );
});
