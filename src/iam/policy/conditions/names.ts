/**
 * Condition operator names (reference_policies_elements_condition_operators.html): the base
 * operators, the `...IfExists` suffix (every operator but `Null`), and the set prefixes
 * `ForAllValues:` / `ForAnyValue:` (reference_policies_condition-single-vs-multi-valued-context-keys.html).
 */

export const BASE_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;

export type BaseOperator = (typeof BASE_OPERATORS)[number];

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

export interface ParsedOperator {
  /** The name as written in the policy. */
  name: string;
  base: BaseOperator;
  ifExists: boolean;
  set?: SetQualifier;
}

const BY_LOWER = new Map<string, BaseOperator>(BASE_OPERATORS.map((o) => [o.toLowerCase(), o]));
const SETS = new Map<string, SetQualifier>([
  ['forallvalues', 'ForAllValues'],
  ['foranyvalue', 'ForAnyValue'],
]);

/** Splits an operator name into its parts, or undefined when IAM does not know it. */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let set: SetQualifier | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    set = SETS.get(rest.slice(0, colon).toLowerCase());
    if (!set) return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = BY_LOWER.get(rest.toLowerCase());
  if (!base) return undefined;
  if (base === 'Null' && ifExists) return undefined;
  return { name, base, ifExists, set };
}
