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

// IAM matches operator names case-sensitively: CreateRole with `stringEquals` fails with
// MalformedPolicyDocument "Invalid Condition type : stringEquals" (seen from AWS in
// github.com/ministryofjustice/modernisation-platform-environments pull 8893). The set qualifiers
// and the `IfExists` suffix are parts of the same name, so they are matched exactly as well.
const BASES = new Set<string>(BASE_OPERATORS);
const SETS = new Set<string>(['ForAllValues', 'ForAnyValue']);
const IF_EXISTS = 'IfExists';

/** Splits an operator name into its parts, or undefined when IAM does not know it. */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let set: SetQualifier | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const qualifier = rest.slice(0, colon);
    if (!SETS.has(qualifier)) return undefined;
    set = qualifier as SetQualifier;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith(IF_EXISTS)) {
    ifExists = true;
    rest = rest.slice(0, -IF_EXISTS.length);
  }
  if (!BASES.has(rest)) return undefined;
  const base = rest as BaseOperator;
  // reference_policies_elements_condition_operators.html: IfExists can be added to any operator
  // "except the Null condition".
  if (base === 'Null' && ifExists) return undefined;
  return { name, base, ifExists, set };
}

/** Negated operators: the condition holds when none of the policy values matches. */
export const NEGATED: ReadonlyMap<BaseOperator, BaseOperator> = new Map<BaseOperator, BaseOperator>([
  ['StringNotEquals', 'StringEquals'],
  ['StringNotEqualsIgnoreCase', 'StringEqualsIgnoreCase'],
  ['StringNotLike', 'StringLike'],
  ['NumericNotEquals', 'NumericEquals'],
  ['DateNotEquals', 'DateEquals'],
  ['NotIpAddress', 'IpAddress'],
  ['ArnNotEquals', 'ArnEquals'],
  ['ArnNotLike', 'ArnLike'],
]);
