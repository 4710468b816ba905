/**
 * The well-known root key `test`/`test` (the convention local AWS emulators share) and where it
 * may be used: on loopback only. Listening anywhere else with it would make anyone who reaches the
 * port the account's root user, so `pinpost start` refuses (issue 9, finding 4).
 */
import {
  DEFAULT_ROOT_ACCESS_KEY_ID,
  DEFAULT_ROOT_SECRET_ACCESS_KEY,
} from '../services/iam/store-migrations.js';
import type { ServerConfig } from './config.js';
import { pinpostError } from './errors.js';
import { isLoopbackName } from './host-check.js';

/** Either half still the well-known `test` counts: a known id with a guessable secret is no better. */
export function usesWellKnownRootKey(
  config: Pick<ServerConfig, 'rootAccessKeyId' | 'rootSecretAccessKey'>,
): boolean {
  return (
    config.rootAccessKeyId === DEFAULT_ROOT_ACCESS_KEY_ID ||
    config.rootSecretAccessKey === DEFAULT_ROOT_SECRET_ACCESS_KEY
  );
}

/** Throws PINPOST_DEFAULT_ROOT_KEY_BEYOND_LOOPBACK when the well-known key would listen beyond loopback. */
export function assertRootKeyFitsHost(
  config: Pick<ServerConfig, 'host' | 'rootAccessKeyId' | 'rootSecretAccessKey'>,
): void {
  if (usesWellKnownRootKey(config) && !isLoopbackName(config.host))
    throw pinpostError('PINPOST_DEFAULT_ROOT_KEY_BEYOND_LOOPBACK', config.host);
}

/**
 * How the ready line shows the root key: the well-known secret is no secret and is shown as
 * before; any other secret never is, only where it came from.
 */
export function describeRootKey(
  config: Pick<ServerConfig, 'rootAccessKeyId' | 'rootSecretAccessKey' | 'rootSecretSource'>,
): string {
  const secret =
    config.rootSecretAccessKey === DEFAULT_ROOT_SECRET_ACCESS_KEY
      ? `secret ${DEFAULT_ROOT_SECRET_ACCESS_KEY}`
      : `secret from ${config.rootSecretSource}`;
  return `access key ${config.rootAccessKeyId} ${secret}`;
}
