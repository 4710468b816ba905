/**
 * Pinpost's own errors (flags, configuration, start-up): one catalog, stable codes, messages that
 * name the bad input in backticks. AWS's errors live in src/wire/errors.ts and keep AWS's codes.
 * Every message fits on one line: `pinpost start` prints `pinpost: CODE: message` and exits.
 */

/** What a system error code means, for an operator who did not ask for errno. */
export function describeSystemError(code: string): string {
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    ENOTDIR: 'a part of the path is a file, not a directory',
    EISDIR: 'it is a directory',
    ENOENT: 'no such file or directory',
    ELOOP: 'too many symbolic links',
    ENAMETOOLONG: 'name too long',
    EADDRINUSE: 'the port is already in use by another process',
    EADDRNOTAVAIL: 'the address does not belong to this machine',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name does not resolve',
  };
  const meaning = words[code];
  return meaning ? `${meaning} (${code})` : code;
}

/** Which flag fixes a failed listen: the host's when the address is wrong, else the port's. */
function listenHint(reason: string, portFlag: string, portEnv: string, more: string): string {
  if (reason === 'EADDRNOTAVAIL' || reason === 'ENOTFOUND' || reason === 'EAI_AGAIN')
    return 'choose another with `--host` or PINPOST_HOST';
  return `choose another port with \`${portFlag}\` or ${portEnv}; \`0\` picks a free one${more}`;
}

export const PINPOST_ERRORS = {
  PINPOST_UNKNOWN_FLAG: (flag: string) => `unknown flag \`${flag}\`; \`pinpost start --help\` lists them`,
  PINPOST_UNEXPECTED_ARGUMENT: (arg: string) =>
    `unexpected argument \`${arg}\`; \`pinpost start\` takes flags only (\`pinpost start --help\`)`,
  PINPOST_FLAG_NEEDS_VALUE: (flag: string) => `flag \`${flag}\` needs a value`,
  PINPOST_SWITCH_TAKES_NO_VALUE: (flag: string, value: string) =>
    `flag \`${flag}\` takes no value (got \`${value}\`): write \`${flag}\` to turn it on, \`${flag}=false\` to turn it off`,
  PINPOST_INVALID_BOOLEAN: (value: string, source: string) =>
    `invalid value \`${value}\` (from \`${source}\`): expected \`true\` or \`false\``,
  PINPOST_INVALID_PORT: (value: string, source: string) =>
    `invalid port \`${value}\` (from \`${source}\`): expected an integer from 0 to 65535`,
  PINPOST_INVALID_HOST: (value: string, source: string) =>
    `invalid host \`${value}\` (from \`${source}\`): expected a host name or IP address`,
  PINPOST_INVALID_REGION: (value: string, source: string) =>
    `invalid region \`${value}\` (from \`${source}\`): expected a region name such as \`us-east-1\``,
  PINPOST_INVALID_IAM_MODE: (value: string, source: string) =>
    `invalid IAM mode \`${value}\` (from \`${source}\`): expected \`enforce\`, \`soft\` or \`off\``,
  PINPOST_INVALID_DATA: (value: string, source: string) =>
    `invalid data location \`${value}\` (from \`${source}\`): expected a directory or \`:memory:\``,
  PINPOST_INVALID_LOG_LEVEL: (value: string, source: string) =>
    `invalid log level \`${value}\` (from \`${source}\`): expected \`fatal\`, \`error\`, \`warn\`, \`info\`, \`debug\`, \`trace\` or \`silent\``,
  PINPOST_INVALID_FLAG_VALUE: (value: string, source: string) =>
    `invalid value \`${value}\` (from \`${source}\`): \`pinpost start --help\` says what it takes`,
  PINPOST_INVALID_ACCESS_KEY_ID: (value: string, source: string) =>
    `invalid access key id \`${value}\` (from \`${source}\`): expected 1 to 128 letters, digits or underscores`,
  // The secret itself is never part of a message.
  PINPOST_INVALID_SECRET_ACCESS_KEY: (source: string) =>
    `invalid secret access key (from \`${source}\`, not shown): expected 1 to 128 visible ASCII characters, without spaces`,
  PINPOST_DEFAULT_ROOT_KEY_BEYOND_LOOPBACK: (host: string) =>
    `refusing to listen on \`${host}\` with the well-known root key \`test\`/\`test\`: anyone who reaches it would be the account's root user; ` +
    'set a key of your own with `--root-access-key-id` and `--root-secret-access-key` ' +
    '(or PINPOST_ROOT_ACCESS_KEY_ID and PINPOST_ROOT_SECRET_ACCESS_KEY), or listen on loopback (`--host 127.0.0.1`)',
  PINPOST_ROOT_KEY_TAKEN: (accessKeyId: string) =>
    `root access key id \`${accessKeyId}\` (\`--root-access-key-id\`, PINPOST_ROOT_ACCESS_KEY_ID) is already the access key of an IAM user or of another account in this data directory: choose another`,
  PINPOST_PARTITION_CHANGED: (account: string, partition: string, wanted: string) =>
    `account \`${account}\` in this data directory lives in partition \`${partition}\` (its IAM entities' ARNs name it), not \`${wanted}\`, the partition of \`--region\` (PINPOST_REGION): start with a region of \`${partition}\`, or pass another \`--data\``,
  PINPOST_LISTEN_FAILED: (address: string, reason: string) =>
    `cannot listen on \`${address}\` for HTTP: ${describeSystemError(reason)}; ${listenHint(reason, '--port', 'PINPOST_PORT', '')}`,
  PINPOST_SMTP_LISTEN_FAILED: (address: string, reason: string) =>
    `cannot listen on \`${address}\` for the SES SMTP interface: ${describeSystemError(reason)}; ` +
    listenHint(reason, '--smtp-port', 'PINPOST_SMTP_PORT', ', `-1` turns SMTP off'),
  PINPOST_DATA_NOT_A_DIRECTORY: (dir: string) =>
    `data directory \`${dir}\` is a file, not a directory: pass another \`--data\` (or PINPOST_DATA), or move the file away`,
  PINPOST_DATA_CANNOT_CREATE: (dir: string, reason: string) =>
    `cannot create data directory \`${dir}\`: ${describeSystemError(reason)}; pass another \`--data\` (or PINPOST_DATA)`,
  PINPOST_DATA_NOT_WRITABLE: (dir: string, reason: string) =>
    `cannot write in data directory \`${dir}\`: ${describeSystemError(reason)}; pass another \`--data\` (or PINPOST_DATA)`,
  PINPOST_DATA_NOT_A_DATABASE: (file: string, reason: string) =>
    `\`${file}\` is not a Pinpost database (${reason}): pass another \`--data\` (or PINPOST_DATA), or move the file away`,
  PINPOST_DATA_UNREACHABLE: (url: string, reason: string) =>
    `PostgreSQL database \`${url}\` cannot be used (${reason}): check that it runs and the URL's host, port, user and database`,
  PINPOST_DATA_LOCKED: (dir: string, pid: string) =>
    `data directory \`${dir}\` is in use by another Pinpost process (pid ${pid}): stop it, or pass another \`--data\` (or PINPOST_DATA)`,
  PINPOST_DATA_LOCK_UNREADABLE: (file: string) =>
    `lock file \`${file}\` names no process id: if no Pinpost uses this data directory, delete the file`,
} as const;

export type PinpostErrorCode = keyof typeof PINPOST_ERRORS;

export class PinpostError extends Error {
  constructor(
    readonly code: PinpostErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PinpostError';
  }
}

/** Builds a catalogued error: `pinpostError('PINPOST_INVALID_PORT', 'abc', '--port')`. */
export function pinpostError<C extends PinpostErrorCode>(
  code: C,
  ...args: Parameters<(typeof PINPOST_ERRORS)[C]>
): PinpostError {
  const format = PINPOST_ERRORS[code] as (...a: string[]) => string;
  return new PinpostError(code, format(...(args as string[])));
}
