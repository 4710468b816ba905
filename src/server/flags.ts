/**
 * `pinpost start`'s flags: the one table the parser reads and `pinpost start --help` prints, so
 * the help can never disagree with what is accepted. Each flag has an environment variable (a
 * flag wins over its variable) and a default. A switch (no `value`) takes no value: `--flag` turns
 * it on, `--flag=true|false` says which, its variable takes `true` or `false`.
 */
import { pinpostError } from './errors.js';

export interface StartFlag {
  /** `--host`. */
  name: string;
  env: string;
  /** The value used when neither the flag nor its variable is given; `''` for none. */
  fallback: string;
  /** What the value looks like in the help (`PORT`, `enforce|soft|off`); absent for a switch. */
  value?: string;
  /** The default as the help words it, when `fallback` alone does not tell the story. */
  shownDefault?: string;
  meaning: string;
}

export const START_FLAGS: readonly StartFlag[] = [
  {
    name: '--host',
    env: 'PINPOST_HOST',
    fallback: '127.0.0.1',
    value: 'HOST',
    meaning:
      'Interface the HTTP server and the SMTP interface listen on. Beyond loopback (127.0.0.0/8, ::1, localhost) a root key of your own is required.',
  },
  {
    name: '--port',
    env: 'PINPOST_PORT',
    fallback: '4566',
    value: 'PORT',
    meaning: 'HTTP port of the AWS APIs and the /_aws, /_pinpost routes; 0 picks a free one.',
  },
  {
    name: '--smtp-port',
    env: 'PINPOST_SMTP_PORT',
    fallback: '2587',
    value: 'PORT',
    meaning: 'Port of the SES SMTP interface; 0 picks a free one, -1 turns it off.',
  },
  {
    name: '--data',
    env: 'PINPOST_DATA',
    fallback: '.pinpost/',
    value: 'DIR|:memory:|URL',
    meaning:
      'Directory of the SQLite database, locked by one Pinpost process at a time (pinpost.lock); :memory: keeps nothing and takes no lock; postgres://user:pass@host:5432/db (or postgresql://) a PostgreSQL database any number of Pinpost processes share.',
  },
  {
    name: '--region',
    env: 'PINPOST_REGION',
    fallback: 'us-east-1',
    value: 'REGION',
    meaning: 'Region of requests whose signature names none.',
  },
  {
    name: '--iam',
    env: 'PINPOST_IAM',
    fallback: 'enforce',
    value: 'enforce|soft|off',
    meaning:
      'enforce: IAM authorizes every request. soft: denials are logged and allowed. off: any credentials are accepted and nothing is authorized. soft and off print a warning at start.',
  },
  {
    name: '--root-access-key-id',
    env: 'PINPOST_ROOT_ACCESS_KEY_ID',
    fallback: 'test',
    value: 'ID',
    meaning:
      "Access key id of account 000000000000's root user; a restart with another id replaces the previous one. test/test is allowed on loopback only.",
  },
  {
    name: '--root-secret-access-key',
    env: 'PINPOST_ROOT_SECRET_ACCESS_KEY',
    fallback: 'test',
    value: 'SECRET',
    meaning:
      'Secret access key of that root key; never printed or logged. Prefer the variable: a flag shows in the process list.',
  },
  {
    name: '--transport',
    env: 'PINPOST_TRANSPORT',
    fallback: '',
    value: 'capture|smtp|ses',
    shownDefault: 'capture (smtp with --smtp-relay, ses with --ses-upstream)',
    meaning: 'Where mail goes: the local mailbox, an SMTP relay, or an upstream SES.',
  },
  {
    name: '--smtp-relay',
    env: 'PINPOST_SMTP_RELAY',
    fallback: '',
    value: 'URL',
    shownDefault: 'none',
    meaning: 'smtp://user:pass@host:port (or smtps://) to relay mail through; implies --transport smtp.',
  },
  {
    name: '--ses-upstream',
    env: 'PINPOST_SES_UPSTREAM',
    fallback: '',
    value: 'URL',
    shownDefault: 'none',
    meaning:
      'SES endpoint to forward mail through with the standard AWS credential chain; implies --transport ses.',
  },
  {
    name: '--ses-sandbox',
    env: 'PINPOST_SES_SANDBOX',
    fallback: 'false',
    meaning:
      'SES accounts start in the sandbox: verified recipients only, 200 messages per 24 hours, 1 per second.',
  },
  {
    name: '--ses-verification',
    env: 'PINPOST_SES_VERIFICATION',
    fallback: 'instant',
    value: 'instant|email',
    meaning:
      'instant: identities verify at once. email: they stay pending until the link in the verification mail (in the mailbox) is opened.',
  },
  {
    name: '--ses-max-send-rate',
    env: 'PINPOST_SES_MAX_SEND_RATE',
    fallback: '14',
    value: 'N',
    meaning: 'Messages per second of the SES production quota.',
  },
  {
    name: '--ses-max-24h-send',
    env: 'PINPOST_SES_MAX_24H_SEND',
    fallback: '50000',
    value: 'N',
    meaning: 'Messages per 24 hours of the SES production quota.',
  },
  {
    name: '--import-root',
    env: 'PINPOST_IMPORT_ROOT',
    fallback: '',
    value: 'DIR',
    shownDefault: '<data>/imports (.pinpost/imports with --data :memory:)',
    meaning: 'Where Pinpoint import jobs read s3://bucket/key: DIR/bucket/key, nothing outside it.',
  },
  {
    name: '--allow-private-egress',
    env: 'PINPOST_ALLOW_PRIVATE_EGRESS',
    fallback: 'false',
    meaning: 'Let import URLs and campaign hooks reach loopback, private and link-local addresses.',
  },
  {
    name: '--clock',
    env: 'PINPOST_CLOCK',
    fallback: 'system',
    value: 'system|manual',
    meaning:
      'system: the machine\'s time. manual: starts at the machine\'s time and moves only by POST /_pinpost/clock ({"advanceSeconds": N} or {"set": "<ISO-8601>"}), which runs everything that comes due on the way before it answers.',
  },
  {
    name: '--role',
    env: 'PINPOST_ROLE',
    fallback: 'all',
    value: 'api|worker|all',
    meaning:
      'api: answers the APIs and runs no background work. worker: runs background work (deliveries, campaigns, journeys, imports) and answers only /_pinpost/metrics. all: both. Several processes on one PostgreSQL --data share the work.',
  },
  {
    name: '--max-connections',
    env: 'PINPOST_MAX_CONNECTIONS',
    fallback: '1024',
    value: 'N',
    meaning: 'Open HTTP connections held at most.',
  },
  {
    name: '--log-level',
    env: 'PINPOST_LOG_LEVEL',
    fallback: 'info',
    value: 'fatal|error|warn|info|debug|trace|silent',
    meaning: 'pino log level (JSON lines on stderr); secrets are never logged.',
  },
];

const BY_NAME = new Map(START_FLAGS.map((f) => [f.name, f]));

/** A flag's value and where it came from: the flag, its variable, or the default (named by the flag). */
export interface FlagValue {
  value: string;
  /** The flag's name or its variable's, for messages. */
  source: string;
  from: 'flag' | 'env' | 'default';
}

/**
 * Reads `--flag value`, `--flag=value` and switches from `args`, then variables from `env`, then
 * defaults. Throws a PinpostError for an unknown flag, a missing value, a value given to a switch
 * or a stray argument.
 */
export function readFlags(
  args: readonly string[],
  env: Record<string, string | undefined>,
): (name: string) => FlagValue {
  const given = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      const previous = BY_NAME.get(args[i - 1] ?? '');
      if (previous && previous.value === undefined)
        throw pinpostError('PINPOST_SWITCH_TAKES_NO_VALUE', previous.name, arg);
      throw pinpostError('PINPOST_UNEXPECTED_ARGUMENT', arg);
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const flag = BY_NAME.get(name);
    if (!flag) throw pinpostError('PINPOST_UNKNOWN_FLAG', name);
    if (eq >= 0) given.set(name, arg.slice(eq + 1));
    else if (flag.value === undefined) given.set(name, 'true');
    else {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw pinpostError('PINPOST_FLAG_NEEDS_VALUE', name);
      given.set(name, value);
      i++;
    }
  }
  return (name) => {
    const flag = BY_NAME.get(name);
    if (!flag) throw new Error(`no flag ${name} in START_FLAGS`);
    const value = given.get(name);
    if (value !== undefined) return { value, source: name, from: 'flag' };
    const fromEnv = env[flag.env];
    if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, source: flag.env, from: 'env' };
    return { value: flag.fallback, source: name, from: 'default' };
  };
}
