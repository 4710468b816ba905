/**
 * Violations in the words each service answers with.
 *
 * - awsQuery (IAM, STS, SES v1): `ValidationError`, "2 validation errors detected: Value 'a b' at
 *   'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern:
 *   [\w+=,.@-]+; Value null at 'policyDocument' failed to satisfy constraint: Member must not be
 *   null" (CommonErrors.html), members lowerCamelCase, list items as `tags.1.member.key`.
 * - SES v2 (restJson1): the same text as `BadRequestException`, the only client error its model
 *   declares; the first member lowerCamelCase, nested members as sent (`deliveryOptions.MaxDeliverySeconds`).
 * - IAM Access Analyzer (restJson1): `ValidationException` (the model's one for bad input, 400) with
 *   the awsQuery text: its members are lowerCamelCase already, list items `access.1.member.actions`.
 *   The body also carries the members the model gives ValidationException: `reason`
 *   (`fieldValidationFailed`, one of ValidationExceptionReason) and `fieldList`, one
 *   `{name, message}` per member that failed.
 * - Pinpoint (restJson1): `BadRequestException` naming the first missing member within the body,
 *   "Name is required", `Activities.hold.Holdout.Percentage`, list items as `Branches[0]`.
 */
import { AwsError, validationError } from '../errors.js';
import { constraintText, quoted, type PathSegment, type Violation } from './violations.js';

export type Wording = 'validationError' | 'accessanalyzer' | 'sesv2' | 'pinpoint';

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** `tags.1.member.key`: every member lowerCamelCase (awsQuery). */
export function queryPath(path: PathSegment[]): string {
  return path
    .map((s) =>
      s.kind === 'member' ? lowerFirst(s.name) : s.kind === 'index' ? `${s.index + 1}.member` : s.key,
    )
    .join('.');
}

/** `deliveryOptions.MaxDeliverySeconds`: only the first member lowerCamelCase (SES v2). */
export function sesV2Path(path: PathSegment[]): string {
  return path
    .map((s, i) =>
      s.kind === 'member'
        ? i === 0
          ? lowerFirst(s.name)
          : s.name
        : s.kind === 'index'
          ? `${s.index + 1}.member`
          : s.key,
    )
    .join('.');
}

/** `Activities.hold.Holdout.Percentage`, `Branches[0]` (Pinpoint). */
export function pinpointPath(path: PathSegment[]): string {
  let out = '';
  for (const s of path) {
    if (s.kind === 'index') out += `[${s.index}]`;
    else out += (out ? '.' : '') + (s.kind === 'member' ? s.name : s.key);
  }
  return out;
}

function detected(violations: Violation[], pathOf: (p: PathSegment[]) => string): string {
  const parts = violations.map(
    (v) =>
      `Value ${quoted(v.value)} at '${pathOf(v.path)}' failed to satisfy constraint: ${constraintText(v.rule)}`,
  );
  const count =
    parts.length === 1 ? '1 validation error detected' : `${parts.length} validation errors detected`;
  return `${count}: ${parts.join('; ')}`;
}

const badRequest = (message: string) => new AwsError({ code: 'BadRequestException', status: 400, message });

/** Access Analyzer's ValidationException (accessanalyzer/2019-11-01: `reason` is required). */
export function accessAnalyzerValidation(
  message: string,
  reason: 'unknownOperation' | 'cannotParse' | 'fieldValidationFailed' | 'other' | 'notSupported',
  fieldList?: { name: string; message: string }[],
): AwsError {
  return new AwsError({
    code: 'ValidationException',
    status: 400,
    message,
    fields: fieldList ? { reason, fieldList } : { reason },
  });
}

/** The error for a non-empty list of violations. */
export function errorFor(wording: Wording, violations: Violation[]): AwsError {
  switch (wording) {
    case 'validationError':
      return validationError(detected(violations, queryPath));
    case 'accessanalyzer':
      return accessAnalyzerValidation(
        detected(violations, queryPath),
        'fieldValidationFailed',
        violations.map((v) => ({ name: queryPath(v.path), message: constraintText(v.rule) })),
      );
    case 'sesv2':
      return badRequest(detected(violations, sesV2Path));
    case 'pinpoint':
      return badRequest(`${pinpointPath(violations[0].path)} is required`);
  }
}
