/**
 * What becomes of an output member the model's output shape does not have, or of a value that is
 * not of its member's type (issue 14): in production it is dropped, and logged once per operation
 * and member at warn (names only, never values); with `PINPOST_STRICT_OUTPUT=1` (the test runs,
 * scripts/run-tests.mjs) the response is a 500 InternalFailure naming the operation and member, so
 * a test catches an output that strays from AWS's shape.
 */
import type { Logger } from 'pino';
import { AwsError } from '../errors.js';

/** Whether strays fail the response (read per call: tests set it per process). */
export function strictOutput(): boolean {
  return process.env['PINPOST_STRICT_OUTPUT'] === '1';
}

/** Warned already: `service operation member`. Bounded; past it nothing more is logged. */
const warned = new Set<string>();
const MAX_WARNED = 4096;

/** One stray: the member's path within the output (`Role.Foo`, `Roles[].Bar`, `Map{}.Baz`). */
export interface StrayMember {
  path: string;
  /** Why: not a member of the shape, or a value of another type. */
  reason: 'not in the model' | 'wrong type' | 'too deep';
}

/** Pinpost's own wording (AWS has no such error: its outputs are its models). */
export function strayOutputError(service: string, operation: string, stray: StrayMember): AwsError {
  return new AwsError({
    code: 'InternalFailure',
    status: 500,
    type: 'Receiver',
    message: `Output of ${service} ${operation} strays from the model at \`${stray.path}\` (${stray.reason})`,
  });
}

/**
 * Collects the strays of one response. Strict: throws at the first. Otherwise each distinct
 * operation+member is logged once per process.
 */
export function strayReporter(
  service: string,
  operation: string,
  log: () => Logger,
  strict = strictOutput(),
): (stray: StrayMember) => void {
  return (stray) => {
    if (strict) throw strayOutputError(service, operation, stray);
    const key = `${service} ${operation} ${stray.path}`;
    if (warned.has(key) || warned.size >= MAX_WARNED) return;
    warned.add(key);
    log().warn(
      { service, operation, member: stray.path, reason: stray.reason },
      'output member not in the model: dropped',
    );
  };
}
