/**
 * `pinpost start`'s configuration from flags, then environment variables, then defaults (the
 * table in flags.ts). Invalid input is a PinpostError naming the input and where it came from;
 * a secret is never part of a message.
 */
import { isPostgresUrl } from '../store/postgres.js';
import { join } from 'node:path';
import type { IamMode } from '../wire/operation.js';
import { pinpostError } from './errors.js';
import { readFlags } from './flags.js';

export interface ServerConfig {
  /** Interface to listen on (`--host`, PINPOST_HOST; 127.0.0.1), without IPv6 brackets. */
  host: string;
  /** TCP port; 0 picks a free one (`--port`, PINPOST_PORT; 4566). */
  port: number;
  /** Data directory or `:memory:` (`--data`, PINPOST_DATA; `.pinpost/`). */
  data: string;
  /** Default region for requests that name none (`--region`, PINPOST_REGION; us-east-1). */
  region: string;
  /** `--iam`, PINPOST_IAM: enforce (default), soft or off. */
  iam: IamMode;
  /** The default account, whose root user signs with `rootAccessKeyId`. */
  account: string;
  /** pino level (`--log-level`, PINPOST_LOG_LEVEL; info). */
  logLevel: string;
  /** SES accounts start in the sandbox (`--ses-sandbox`, PINPOST_SES_SANDBOX=true; off). */
  sesSandbox: boolean;
  /**
   * `instant`: identities verify at once; `email`: the verification mail lands in the mailbox and
   * its link verifies (`--ses-verification`, PINPOST_SES_VERIFICATION; instant).
   */
  sesVerification: 'instant' | 'email';
  /** Where mail goes: the local mailbox, an SMTP relay, or an upstream SES (`--transport`; capture). */
  transport: 'capture' | 'smtp' | 'ses';
  /** `smtp://user:pass@host:port` (`--smtp-relay`, PINPOST_SMTP_RELAY); implies `--transport smtp`. */
  smtpRelay?: string;
  /** Upstream SES endpoint for `--transport ses` (`--ses-upstream`, PINPOST_SES_UPSTREAM). */
  sesUpstream?: string;
  /** The SES SMTP interface's port; 0 picks a free one, -1 turns it off (`--smtp-port`; 2587). */
  smtpPort: number;
  /** Production sending quota (`--ses-max-send-rate`, 14/s; `--ses-max-24h-send`, 50,000). */
  sesMaxSendRate: number;
  sesMax24HourSend: number;
  /**
   * The root user's access key of the default account (`--root-access-key-id`,
   * PINPOST_ROOT_ACCESS_KEY_ID; `test`) and secret (`--root-secret-access-key`,
   * PINPOST_ROOT_SECRET_ACCESS_KEY; `test`). The well-known `test`/`test` works on loopback only.
   */
  rootAccessKeyId: string;
  rootSecretAccessKey: string;
  /** Where the secret came from (the flag, its variable, or `default`), for the ready line. */
  rootSecretSource: string;
  /**
   * Where `s3://bucket/key` import sources live: `<importRoot>/bucket/key` (`--import-root`,
   * PINPOST_IMPORT_ROOT; `<data>/imports`, or `.pinpost/imports` with `--data :memory:`).
   */
  importRoot: string;
  /** Let import URLs and hooks reach loopback, private and link-local addresses (`--allow-private-egress`). */
  allowPrivateEgress: boolean;
  /** Open connections the HTTP server holds at most (`--max-connections`, PINPOST_MAX_CONNECTIONS; 1024). */
  maxConnections: number;
  /**
   * The one clock (`--clock`, PINPOST_CLOCK; system): the machine's time, or a manual clock tests
   * move with `POST /_pinpost/clock` (src/clock/).
   */
  clock: 'system' | 'manual';
  /** What this process does: answer the APIs, run background work, or both (`--role`). */
  role: 'api' | 'worker' | 'all';
}

export const DEFAULT_ACCOUNT = '000000000000';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Builds the configuration; throws PinpostError. */
export function parseConfig(args: readonly string[], env: Record<string, string | undefined>): ServerConfig {
  const flag = readFlags(args, env);
  const oneOf = <T extends string>(name: string, values: readonly T[]): T => {
    const { value, source } = flag(name);
    if (!(values as readonly string[]).includes(value))
      throw pinpostError('PINPOST_INVALID_FLAG_VALUE', value, source);
    return value as T;
  };
  const bool = (name: string): boolean => {
    const { value, source } = flag(name);
    if (value !== 'true' && value !== 'false') throw pinpostError('PINPOST_INVALID_BOOLEAN', value, source);
    return value === 'true';
  };
  const port = (name: string, allowOff = false): number => {
    const { value, source } = flag(name);
    if (!(allowOff ? /^(-1|\d{1,5})$/ : /^\d{1,5}$/).test(value) || Number(value) > 65535)
      throw pinpostError('PINPOST_INVALID_PORT', value, source);
    return Number(value);
  };
  const positive = (name: string, integer = false): number => {
    const { value, source } = flag(name);
    if (!(integer ? /^\d+$/ : /^\d+(\.\d+)?$/).test(value) || Number(value) <= 0)
      throw pinpostError('PINPOST_INVALID_FLAG_VALUE', value, source);
    return Number(value);
  };

  const { value: hostText, source: hostSource } = flag('--host');
  // `[::1]` as in a URL; listen() wants the bare address.
  const host = /^\[.*\]$/.test(hostText) ? hostText.slice(1, -1) : hostText;
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw pinpostError('PINPOST_INVALID_HOST', hostText, hostSource);
  const { value: data, source: dataSource } = flag('--data');
  if (data.trim() === '') throw pinpostError('PINPOST_INVALID_DATA', data, dataSource);
  const { value: region, source: regionSource } = flag('--region');
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
    throw pinpostError('PINPOST_INVALID_REGION', region, regionSource);
  const { value: iam, source: iamSource } = flag('--iam');
  if (iam !== 'enforce' && iam !== 'soft' && iam !== 'off')
    throw pinpostError('PINPOST_INVALID_IAM_MODE', iam, iamSource);
  const { value: logLevel, source: logSource } = flag('--log-level');
  if (!LOG_LEVELS.includes(logLevel)) throw pinpostError('PINPOST_INVALID_LOG_LEVEL', logLevel, logSource);

  const { value: relay, source: relaySource } = flag('--smtp-relay');
  if (relay && !/^smtps?:\/\//.test(relay))
    throw pinpostError('PINPOST_INVALID_FLAG_VALUE', redactUrl(relay), relaySource);
  const { value: upstream, source: upstreamSource } = flag('--ses-upstream');
  if (upstream && !/^https?:\/\//.test(upstream))
    throw pinpostError('PINPOST_INVALID_FLAG_VALUE', upstream, upstreamSource);
  const { value: transportText, source: transportSource } = flag('--transport');
  const transport = transportText || (relay ? 'smtp' : upstream ? 'ses' : 'capture');
  if (transport !== 'capture' && transport !== 'smtp' && transport !== 'ses')
    throw pinpostError('PINPOST_INVALID_FLAG_VALUE', transport, transportSource);
  if (transport === 'smtp' && !relay) throw pinpostError('PINPOST_FLAG_NEEDS_VALUE', '--smtp-relay');
  if (transport === 'ses' && !upstream) throw pinpostError('PINPOST_FLAG_NEEDS_VALUE', '--ses-upstream');

  const { value: rootAccessKeyId, source: keySource } = flag('--root-access-key-id');
  // IAM's accessKeyIdType is `[\w]+`, 16 to 128 long; the well-known `test` is shorter, so
  // Pinpost's own rule keeps the pattern and the maximum only.
  if (!/^\w{1,128}$/.test(rootAccessKeyId))
    throw pinpostError('PINPOST_INVALID_ACCESS_KEY_ID', rootAccessKeyId, keySource);
  const secret = flag('--root-secret-access-key');
  // IAM's accessKeySecretType has no constraint; Pinpost's own rule refuses what is surely a
  // mistake (empty, spaces or line ends pasted along, non-ASCII).
  if (!/^[\x21-\x7e]{1,128}$/.test(secret.value))
    throw pinpostError('PINPOST_INVALID_SECRET_ACCESS_KEY', secret.source);
  const { value: importRootText } = flag('--import-root');
  return {
    host,
    port: port('--port'),
    data,
    region,
    iam,
    account: DEFAULT_ACCOUNT,
    logLevel,
    sesSandbox: bool('--ses-sandbox'),
    sesVerification: oneOf('--ses-verification', ['instant', 'email'] as const),
    transport,
    smtpRelay: relay || undefined,
    sesUpstream: upstream || undefined,
    smtpPort: port('--smtp-port', true),
    sesMaxSendRate: positive('--ses-max-send-rate'),
    sesMax24HourSend: positive('--ses-max-24h-send'),
    rootAccessKeyId,
    rootSecretAccessKey: secret.value,
    rootSecretSource: secret.from === 'default' ? 'default' : secret.source,
    importRoot:
      importRootText || join(data === ':memory:' || isPostgresUrl(data) ? '.pinpost' : data, 'imports'),
    allowPrivateEgress: bool('--allow-private-egress'),
    maxConnections: positive('--max-connections', true),
    clock: oneOf('--clock', ['system', 'manual'] as const),
    role: oneOf('--role', ['api', 'worker', 'all'] as const),
  };
}

/** A URL with its password masked, for messages: `smtp://user:****@host:25`. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1****@');
}
