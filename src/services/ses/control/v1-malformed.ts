/**
 * SES v1 holds some names to constraints its public model does not carry: a receipt rule set's and
 * rule's characters (`^[a-zA-Z0-9_.-]+$`), an event destination's name and event types. AWS words
 * such a violation as the model's own, in the same ValidationError as the model's other violations
 * of the request, and makes its own checks (InvalidParameterValue, LimitExceeded) only of a request
 * that passes them all (floci-io/floci#3119, probed against AWS: "Smithy-style violations collect
 * into one combined ValidationError … followed by the service-level" checks). An operation returns
 * them from its `violations` (src/wire/operation.ts): the pipeline joins them after the model's and
 * runs its `check` only on a request free of both.
 */
import { memberPath, memberViolations, type Violation } from '../../../wire/model/violations.js';

/** A text member breaking `pattern` (matched whole; an empty text is the service's to refuse). */
export function patternViolation(members: string[], value: string | undefined, pattern: string): Violation[] {
  return memberViolations(memberPath(...members), value, { pattern });
}

/** A list member with fewer than `bound` items. */
export function minLengthViolation(
  members: string[],
  value: unknown[] | undefined,
  bound: number,
): Violation[] {
  return memberViolations(memberPath(...members), value, { minLength: bound });
}
