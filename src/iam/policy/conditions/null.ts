/**
 * Null (reference_policies_elements_condition_operators.html, "Condition operator to check
 * existence of condition keys"): `true` when "the key doesn't exist — it is null", `false` when
 * "the key exists and its value is not null". A key present with no values is null too
 * (reference_policies_condition-single-vs-multi-valued-context-keys.html recommends `Null: false`
 * to reject "a context key with an empty value"). Several values are ORed like any other values; a
 * value other than true/false never matches. No policy variables, no IfExists (names.ts).
 */
import type { RequestContextKeys } from '../types.js';
import { parseBool } from './bool.js';

export type Clause = (keys: RequestContextKeys) => boolean;

export function compileNull(lowerKey: string, values: readonly string[]): Clause {
  const wanted = values.map(parseBool);
  const whenAbsent = wanted.includes(1);
  const whenPresent = wanted.includes(0);
  return (keys) => {
    const cv = keys.get(lowerKey);
    return cv !== undefined && cv.values.length > 0 ? whenPresent : whenAbsent;
  };
}
