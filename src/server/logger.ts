/**
 * pino to stderr (stdout carries the ready line). Secrets never reach the log: Authorization
 * headers, secret keys, session tokens and SMTP passwords are redacted wherever they appear in a
 * logged object (up to three levels deep).
 */
import pino, { type Logger } from 'pino';

const SECRET_FIELDS = [
  'authorization',
  'Authorization',
  'x-amz-security-token',
  'X-Amz-Security-Token',
  'X-Amz-Signature',
  'secretAccessKey',
  'SecretAccessKey',
  'rootSecretAccessKey',
  'sessionToken',
  'SessionToken',
  'password',
  'Password',
  'smtpPassword',
  'SmtpPassword',
];

/** fast-redact paths: `name`, `*.name`, … (bracketed when the name is not an identifier). */
export const REDACT_PATHS = SECRET_FIELDS.flatMap((f) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(f) ? `.${f}` : `["${f}"]`;
  return [key.startsWith('.') ? f : key, `*${key}`, `*.*${key}`, `*.*.*${key}`];
});

export function createLogger(
  level: string,
  destination: pino.DestinationStream = pino.destination(2),
): Logger {
  return pino({ level, base: undefined, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}
