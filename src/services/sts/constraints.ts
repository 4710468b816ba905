/**
 * The STS model's member constraints (botocore sts/2011-06-15 service-2.json), and the conversion
 * of awsQuery's string values into the model's types. Checked by shared/constraints.ts, which
 * words violations as AWS's front end does.
 */
import type { Constraint } from '../shared/constraints.js';
import { validationError } from '../../wire/errors.js';

/** arnType: 20–2048 characters of the model's printable set. */
export const ARN: Constraint = {
  min: 20,
  max: 2048,
  pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+',
};
export const ROLE_SESSION_NAME: Constraint = { min: 2, max: 64, pattern: '[\\w+=,.@-]*' };
/** unrestrictedSessionPolicyDocumentType; its 2,048 limit is checked apart (sessionPolicyTooLong). */
export const POLICY: Constraint = { min: 1, pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' };
export const ROLE_DURATION: Constraint = { minValue: 900, maxValue: 43200 };
export const SESSION_TOKEN_DURATION: Constraint = { minValue: 900, maxValue: 129600 };
export const TAG_LIST: Constraint = { max: 50 };
export const TAG_KEY: Constraint = { min: 1, max: 128, pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+' };
export const TAG_VALUE: Constraint = { min: 0, max: 256, pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*' };
export const EXTERNAL_ID: Constraint = { min: 2, max: 1224, pattern: '[\\w+=,.@:\\/-]*' };
export const SERIAL_NUMBER: Constraint = { min: 9, max: 256, pattern: '[\\w+=/:,.@-]*' };
export const TOKEN_CODE: Constraint = { min: 6, max: 6, pattern: '[\\d]*' };
export const SOURCE_IDENTITY: Constraint = { min: 2, max: 64, pattern: '[\\w+=,.@-]*' };
export const ACCESS_KEY_ID: Constraint = { min: 16, max: 128, pattern: '[\\w]*' };
/** API_AssumeRole.html, PolicyArns: "You can provide up to 10 managed policy ARNs." */
export const POLICY_ARN_LIST: Constraint = { max: 10 };

/** A string member, or undefined when absent. */
export function str(raw: Record<string, unknown>, name: string): string | undefined {
  const v = raw[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * An integer member. A value that is not an integer is refused as the query front end refuses it
 * (the SDKs never send one).
 */
export function int(raw: Record<string, unknown>, name: string): number | undefined {
  const v = str(raw, name);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw validationError(`Invalid value '${v}' for parameter ${name}`);
  return Number(v);
}

/** A list member (`X.member.N`); an empty list arrives as `''`. */
export function list(raw: Record<string, unknown>, name: string): unknown[] | undefined {
  const v = raw[name];
  if (v === undefined) return undefined;
  if (v === '') return [];
  return Array.isArray(v) ? v : [v];
}
