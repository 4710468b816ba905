/**
 * `pinpost start`'s configuration from flags, then environment variables, then defaults. Flags win
 * over env vars. Invalid input is a PinpostError naming the input and where it came from.
 */
import { join } from 'node:path';
import type { IamMode } from '../wire/operation.js';
import { pinpostError } from './errors.js';

export interface ServerConfig {
  /** Interface to listen on (`--host`, PINPOST_HOST; 127.0.0.1). */
  host: string;
  /** TCP port; 0 picks a free one (`--port`, PINPOST_PORT; 4566). */
  port: number;
  /** Data directory or `:memory:` (`--data`, PINPOST_DATA; `.pinpost/`). */
  data: string;
  /** Default region for requests that name none (`--region`, PINPOST_REGION; us-east-1). */
  region: string;
  /** `--iam`, PINPOST_IAM: enforce (default), soft or off. */
  iam: IamMode;
  /** The default account, whose root key is `test`/`test`. */
  account: string;
  /** pino level (`--log-level`, PINPOST_LOG_LEVEL; info). */
  logLevel: string;
  /** SES accounts start in the sandbox (`--ses-sandbox true|false`, PINPOST_SES_SANDBOX; false). */
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
  /**
   * Where `s3://bucket/key` import sources live: `<importRoot>/bucket/key` (`--import-root`,
   * PINPOST_IMPORT_ROOT; `<data>/imports`, or `.pinpost/imports` with `--data :memory:`).
   */
  importRoot: string;
  /** Let import URLs and hooks reach loopback, private and link-local addresses (`--allow-private-egress`). */
  allowPrivateEgress: boolean;
  /** Open connections the HTTP server holds at most (`--max-connections`, PINPOST_MAX_CONNECTIONS; 1024). */
  maxConnections: number;
}

export const DEFAULT_ACCOUNT = '000000000000';

interface FlagSpec {
  key: keyof ServerConfig;
  env: string;
  fallback: string;
}

const FLAGS: Record<string, FlagSpec> = {
  '--host': { key: 'host', env: 'PINPOST_HOST', fallback: '127.0.0.1' },
  '--port': { key: 'port', env: 'PINPOST_PORT', fallback: '4566' },
  '--data': { key: 'data', env: 'PINPOST_DATA', fallback: '.pinpost/' },
  '--region': { key: 'region', env: 'PINPOST_REGION', fallback: 'us-east-1' },
  '--iam': { key: 'iam', env: 'PINPOST_IAM', fallback: 'enforce' },
  '--log-level': { key: 'logLevel', env: 'PINPOST_LOG_LEVEL', fallback: 'info' },
  '--ses-sandbox': { key: 'sesSandbox', env: 'PINPOST_SES_SANDBOX', fallback: 'false' },
  '--ses-verification': { key: 'sesVerification', env: 'PINPOST_SES_VERIFICATION', fallback: 'instant' },
  '--transport': { key: 'transport', env: 'PINPOST_TRANSPORT', fallback: '' },
  '--smtp-relay': { key: 'smtpRelay', env: 'PINPOST_SMTP_RELAY', fallback: '' },
  '--ses-upstream': { key: 'sesUpstream', env: 'PINPOST_SES_UPSTREAM', fallback: '' },
  '--smtp-port': { key: 'smtpPort', env: 'PINPOST_SMTP_PORT', fallback: '2587' },
  '--ses-max-send-rate': { key: 'sesMaxSendRate', env: 'PINPOST_SES_MAX_SEND_RATE', fallback: '14' },
  '--ses-max-24h-send': { key: 'sesMax24HourSend', env: 'PINPOST_SES_MAX_24H_SEND', fallback: '50000' },
  '--root-access-key-id': { key: 'rootAccessKeyId', env: 'PINPOST_ROOT_ACCESS_KEY_ID', fallback: 'test' },
  '--root-secret-access-key': {
    key: 'rootSecretAccessKey',
    env: 'PINPOST_ROOT_SECRET_ACCESS_KEY',
    fallback: 'test',
  },
  '--import-root': { key: 'importRoot', env: 'PINPOST_IMPORT_ROOT', fallback: '' },
  '--allow-private-egress': {
    key: 'allowPrivateEgress',
    env: 'PINPOST_ALLOW_PRIVATE_EGRESS',
    fallback: 'false',
  },
  '--max-connections': { key: 'maxConnections', env: 'PINPOST_MAX_CONNECTIONS', fallback: '1024' },
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Parses `--flag value` and `--flag=value`; throws PinpostError. */
export function parseConfig(args: readonly string[], env: Record<string, string | undefined>): ServerConfig {
  const given = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf('=');
    const flag = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    if (!FLAGS[flag]) throw pinpostError('PINPOST_UNKNOWN_FLAG', flag);
    let value: string | undefined;
    if (eq > 0 && arg.startsWith('--')) value = arg.slice(eq + 1);
    else {
      value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw pinpostError('PINPOST_FLAG_NEEDS_VALUE', flag);
      i++;
    }
    given.set(flag, value);
  }
  const raw = (flag: string): [string, string] => {
    const spec = FLAGS[flag];
    if (given.has(flag)) return [given.get(flag)!, flag];
    const fromEnv = env[spec.env];
    if (fromEnv !== undefined && fromEnv !== '') return [fromEnv, spec.env];
    return [spec.fallback, flag];
  };

  const [host, hostSrc] = raw('--host');
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) throw pinpostError('PINPOST_INVALID_HOST', host, hostSrc);
  const [portText, portSrc] = raw('--port');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw pinpostError('PINPOST_INVALID_PORT', portText, portSrc);
  const [data, dataSrc] = raw('--data');
  if (data.trim() === '') throw pinpostError('PINPOST_INVALID_DATA', data, dataSrc);
  const [region, regionSrc] = raw('--region');
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
    throw pinpostError('PINPOST_INVALID_REGION', region, regionSrc);
  const [iam, iamSrc] = raw('--iam');
  if (iam !== 'enforce' && iam !== 'soft' && iam !== 'off')
    throw pinpostError('PINPOST_INVALID_IAM_MODE', iam, iamSrc);
  const [logLevel, logSrc] = raw('--log-level');
  if (!LOG_LEVELS.includes(logLevel)) throw pinpostError('PINPOST_INVALID_LOG_LEVEL', logLevel, logSrc);
  const [sandbox, sandboxSrc] = raw('--ses-sandbox');
  if (sandbox !== 'true' && sandbox !== 'false')
    throw pinpostError('PINPOST_INVALID_FLAG_VALUE', sandbox, sandboxSrc);
  const [verification, verificationSrc] = raw('--ses-verification');
  if (verification !== 'instant' && verification !== 'email')
    throw pinpostError('PINPOST_INVALID_FLAG_VALUE', verification, verificationSrc);
  const [relay, relaySrc] = raw('--smtp-relay');
  if (relay && !/^smtps?:\/\//.test(relay))
    throw pinpostError('PINPOST_INVALID_FLAG_VALUE', redactUrl(relay), relaySrc);
  const [upstream, upstreamSrc] = raw('--ses-upstream');
  if (upstream && !/^https?:\/\//.test(upstream))
    throw pinpostError('PINPOST_INVALID_FLAG_VALUE', upstream, upstreamSrc);
  const [transportText, transportSrc] = raw('--transport');
  const transport = transportText || (relay ? 'smtp' : upstream ? 'ses' : 'capture');
  if (transport !== 'capture' && transport !== 'smtp' && transport !== 'ses')
    throw pinpostError('PINPOST_INVALID_FLAG_VALUE', transport, transportSrc);
  if (transport === 'smtp' && !relay) throw pinpostError('PINPOST_FLAG_NEEDS_VALUE', '--smtp-relay');
  if (transport === 'ses' && !upstream) throw pinpostError('PINPOST_FLAG_NEEDS_VALUE', '--ses-upstream');
  const [smtpPortText, smtpPortSrc] = raw('--smtp-port');
  const smtpPort = Number(smtpPortText);
  if (!/^(-1|\d+)$/.test(smtpPortText) || smtpPort > 65535)
    throw pinpostError('PINPOST_INVALID_PORT', smtpPortText, smtpPortSrc);
  const quota = (flag: string): number => {
    const [text, src] = raw(flag);
    if (!/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0)
      throw pinpostError('PINPOST_INVALID_FLAG_VALUE', text, src);
    return Number(text);
  };
  const sesMaxSendRate = quota('--ses-max-send-rate');
  const sesMax24HourSend = quota('--ses-max-24h-send');
  const [rootAccessKeyId] = raw('--root-access-key-id');
  const [rootSecretAccessKey] = raw('--root-secret-access-key');
  const [importRootText] = raw('--import-root');
  const importRoot = importRootText || join(data === ':memory:' ? '.pinpost' : data, 'imports');
  const [egress, egressSrc] = raw('--allow-private-egress');
  if (egress !== 'true' && egress !== 'false')
    throw pinpostError('PINPOST_INVALID_FLAG_VALUE', egress, egressSrc);
  const [maxConnText, maxConnSrc] = raw('--max-connections');
  if (!/^\d+$/.test(maxConnText) || Number(maxConnText) < 1)
    throw pinpostError('PINPOST_INVALID_FLAG_VALUE', maxConnText, maxConnSrc);
  return {
    host,
    port,
    data,
    region,
    iam,
    account: DEFAULT_ACCOUNT,
    logLevel,
    sesSandbox: sandbox === 'true',
    sesVerification: verification,
    transport,
    smtpRelay: relay || undefined,
    sesUpstream: upstream || undefined,
    smtpPort,
    sesMaxSendRate,
    sesMax24HourSend,
    rootAccessKeyId,
    rootSecretAccessKey,
    importRoot,
    allowPrivateEgress: egress === 'true',
    maxConnections: Number(maxConnText),
  };
}

/** A URL with its password masked, for messages: `smtp://user:****@host:25`. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1****@');
}
