/**
 * The shape every operator compiles to. An operator's policy values are compiled once into a
 * `ValueTest`, which answers for one request value whether any of the policy values matches it.
 *
 * The answer has three states because a comparison can fail to happen at all: the request value is
 * not a number, a date, an IP address or an ARN, a policy value is not one either, or a policy
 * variable in it has no value. A failed comparison never satisfies a condition, positive or negated
 * (see set.ts), so `ERROR` must stay distinct from `NO`.
 */
import type { RequestContextKeys } from '../types.js';

/** No policy value matches, and every comparison could be made. */
export const NO = 0;
/** At least one policy value matches. */
export const YES = 1;
/** No policy value matches, and at least one comparison could not be made. */
export const ERROR = 2;
export type Tri = typeof NO | typeof YES | typeof ERROR;

/** Tests one request value against all of an operator's policy values (they are ORed). */
export type ValueTest = (value: string, keys: RequestContextKeys) => Tri;

/** An operator's policy values, compiled. */
export interface CompiledValues {
  test: ValueTest;
  /** Context keys read by policy variables in the values, as written (deduplicated). */
  variables: readonly string[];
}

/** A test for operators whose values can never match (e.g. an empty value list). */
export const NEVER: ValueTest = () => NO;
