/**
 * How one (operator, key) pair becomes a boolean: absent keys, `...IfExists`, negation, and the
 * set qualifiers. Every rule here cites its page:
 *
 * - reference_policies_elements_condition_operators.html: a key absent from the request makes a
 *   condition false, except a negated one ("such as StringNotLike or ArnNotLike"), which is true;
 *   `...IfExists` makes an absent key true.
 * - reference_policies_condition-logic-multiple-context-keys-or-values.html: several values for a
 *   key are ORed; for a negated operator the condition holds when the request value matches none
 *   of them (NOT of the OR).
 * - reference_policies_condition-single-vs-multi-valued-context-keys.html: `ForAllValues` is true
 *   when every request value matches (at least one policy value), and also "if there are no context
 *   keys in the request"; `ForAnyValue` is true when at least one request value matches, and false
 *   when the key is absent. reference_policies_multi-value-conditions.html: request values that
 *   "resolve to an empty data set (for example, an empty string)" make ForAllValues true and
 *   ForAnyValue false. Inside a qualifier a negated operator is applied per request value.
 * - "Multivalued context keys require a condition set operator": a multivalued request key used by
 *   an operator without a qualifier does not match, whatever the operator (AWS does not document the
 *   outcome; @cloud-copilot/iam-simulate reports it confirmed with AWS at re:Inforce 2025, IAM431).
 * - A failed comparison (tri.ts ERROR) never satisfies a request value, negated or not.
 */
import type { ContextValue } from '../types.js';
import type { Clause } from './null.js';
import { YES, NO, type ValueTest } from './tri.js';
import type { SetQualifier } from './names.js';

export interface ClauseSpec {
  lowerKey: string;
  test: ValueTest;
  negated: boolean;
  ifExists: boolean;
  set?: SetQualifier;
}

/** No value at all: the key is absent, or present with no values. */
function isEmpty(cv: ContextValue | undefined): boolean {
  return cv === undefined || cv.values.length === 0;
}

/** The "empty data set" of the set qualifiers: no values, or the single empty string. */
function isEmptySet(cv: ContextValue | undefined): boolean {
  return isEmpty(cv) || (cv!.values.length === 1 && cv!.values[0] === '');
}

export function compileClause(spec: ClauseSpec): Clause {
  const { lowerKey, test, negated, ifExists, set } = spec;
  // What satisfies one request value: a match, or for a negated operator a clean non-match.
  const wanted = negated ? NO : YES;

  if (set === 'ForAllValues') {
    return (keys) => {
      const cv = keys.get(lowerKey);
      if (isEmptySet(cv)) return true;
      const values = cv!.values;
      for (let i = 0; i < values.length; i++) if (test(values[i], keys) !== wanted) return false;
      return true;
    };
  }
  if (set === 'ForAnyValue') {
    return (keys) => {
      const cv = keys.get(lowerKey);
      if (isEmptySet(cv)) return ifExists && isEmpty(cv);
      const values = cv!.values;
      for (let i = 0; i < values.length; i++) if (test(values[i], keys) === wanted) return true;
      return false;
    };
  }
  const whenAbsent = ifExists || negated;
  return (keys) => {
    const cv = keys.get(lowerKey);
    if (cv === undefined || cv.values.length === 0) return whenAbsent;
    if (cv.list || cv.values.length > 1) return false;
    return test(cv.values[0], keys) === wanted;
  };
}
