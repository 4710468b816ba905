/**
 * `pinpost start`'s configuration from flags, then environment variables, then defaults. Flags win
 * over env vars. Invalid input is a PinpostError naming the input and where it came from.
 */
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
  return { host, port, data, region, iam, account: DEFAULT_ACCOUNT, logLevel };
}
