/**
 * Ordered comparison shared by the Numeric and Date operators: policy values are parsed once at
 * compile time, each request value once per test, and compared as numbers.
 * A value that does not parse (in the policy or the request) is a failed comparison, not a
 * mismatch: IAM accepts such policies (it does not validate condition values), and the condition
 * then does not match, negated or not (see tri.ts).
 */
import { ERROR, NO, YES, type CompiledValues, type Tri, type ValueTest } from './tri.js';

export type Ordering = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

/** Compiles `request <op> policy` for each policy value, ORed. `parse` returns NaN for bad input. */
export function compileOrdered(
  values: readonly string[],
  parse: (s: string) => number,
  op: Ordering,
): CompiledValues {
  const parsed = values.map(parse);
  const policy = parsed.filter((n) => !Number.isNaN(n));
  const policyError = policy.length !== parsed.length;
  const miss: Tri = policyError ? ERROR : NO;
  const one = policy.length === 1 ? policy[0] : undefined;
  const cmp = COMPARE[op];
  // One request is tested against many statements with the same value (aws:CurrentTime): the last
  // parse is remembered.
  let lastText: string | undefined;
  let lastValue = NaN;
  const parseRequest = (v: string): number => {
    if (v !== lastText) {
      lastValue = parse(v);
      lastText = v;
    }
    return lastValue;
  };
  const test: ValueTest =
    one !== undefined
      ? (v) => {
          const n = parseRequest(v);
          if (Number.isNaN(n)) return ERROR;
          return cmp(n, one) ? YES : miss;
        }
      : (v) => {
          const n = parseRequest(v);
          if (Number.isNaN(n)) return ERROR;
          for (let i = 0; i < policy.length; i++) if (cmp(n, policy[i])) return YES;
          return miss;
        };
  return { test, variables: [] };
}

const COMPARE: Record<Ordering, (request: number, policy: number) => boolean> = {
  eq: (r, p) => r === p,
  lt: (r, p) => r < p,
  le: (r, p) => r <= p,
  gt: (r, p) => r > p,
  ge: (r, p) => r >= p,
};
