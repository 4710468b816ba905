/**
 * Pinpost's own errors (flags, configuration, start-up): one catalog, stable codes, messages that
 * name the bad input in backticks. AWS's errors live in src/wire/errors.ts and keep AWS's codes.
 */

export const PINPOST_ERRORS = {
  PINPOST_UNKNOWN_FLAG: (flag: string) => `unknown flag \`${flag}\``,
  PINPOST_FLAG_NEEDS_VALUE: (flag: string) => `flag \`${flag}\` needs a value`,
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
    `invalid value \`${value}\` (from \`${source}\`): see \`pinpost help\` for the values it takes`,
  PINPOST_LISTEN_FAILED: (address: string, reason: string) => `cannot listen on \`${address}\`: ${reason}`,
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
