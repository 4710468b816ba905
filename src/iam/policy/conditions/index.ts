/**
 * Condition blocks, compiled once per statement and evaluated per request.
 * reference_policies_elements_condition.html and
 * reference_policies_condition-logic-multiple-context-keys-or-values.html: several operators in a
 * block are ANDed, several keys under one operator are ANDed, several values for one key are ORed
 * (set.ts has the rules for one key). Condition key names are case-insensitive: they are looked up
 * by their lower-cased name, as RequestContextKeys is keyed.
 */
import type { ConditionBlock, RequestContextKeys } from '../types.js';
import { NEGATED, parseOperator } from './names.js';
import { compileNull, type Clause } from './null.js';
import { compileValues } from './operators.js';
import { compileClause } from './set.js';

export interface ConditionOutcome {
  matched: boolean;
  /** Context keys (as written in the policy) the block referenced that the request lacks. */
  missing: readonly string[];
}

export interface CompiledCondition {
  /** Every context key the block references (as written), deduplicated. */
  readonly keys: readonly string[];
  evaluate(keys: RequestContextKeys): ConditionOutcome;
}

const NONE: readonly string[] = Object.freeze([]);
const MATCHED: ConditionOutcome = Object.freeze({ matched: true, missing: NONE });
const NOT_MATCHED: ConditionOutcome = Object.freeze({ matched: false, missing: NONE });

/** An operator IAM does not know: validation rejects it; if it gets here it never matches. */
const NEVER: Clause = () => false;

/**
 * Compiles a Condition block. `version` is the document's Version: policy variables in values are
 * resolved only for 2012-10-17 (reference_policies_variables.html).
 *
 * `keys` lists the condition keys and the keys read by policy variables in the values, in the order
 * written, without case-insensitive duplicates (the first spelling wins).
 * `missing` lists those of them the request does not have, whatever the operator: IAM's simulator
 * reports in MissingContextValues the keys "required by the included input policies but that were
 * not provided" (API_EvaluationResult.html), and a key tested by `...IfExists`, `Null`, a negated
 * operator or `ForAllValues` changes the outcome when provided just as much as any other.
 */
export function compileCondition(block: ConditionBlock, version: string | undefined): CompiledCondition {
  const written: string[] = [];
  const lower: string[] = [];
  const addKey = (key: string): void => {
    const l = key.toLowerCase();
    if (lower.includes(l)) return;
    lower.push(l);
    written.push(key);
  };
  const clauses: Clause[] = [];
  for (const [opName, entries] of Object.entries(block)) {
    const op = parseOperator(opName);
    for (const [key, values] of Object.entries(entries)) {
      addKey(key);
      const lowerKey = key.toLowerCase();
      if (!op) {
        clauses.push(NEVER);
        continue;
      }
      if (op.base === 'Null') {
        clauses.push(compileNull(lowerKey, values));
        continue;
      }
      const positive = NEGATED.get(op.base);
      const compiled = compileValues(positive ?? op.base, values, version);
      if (!compiled) {
        clauses.push(NEVER);
        continue;
      }
      for (const v of compiled.variables) addKey(v);
      clauses.push(
        compileClause({
          lowerKey,
          test: compiled.test,
          negated: positive !== undefined,
          ifExists: op.ifExists,
          set: op.set,
        }),
      );
    }
  }
  return {
    keys: Object.freeze(written),
    evaluate: evaluator(clauses, written, lower),
  };
}

function evaluator(clauses: readonly Clause[], written: readonly string[], lower: readonly string[]) {
  return (keys: RequestContextKeys): ConditionOutcome => {
    let missing: string[] | undefined;
    for (let i = 0; i < lower.length; i++) {
      if (!keys.has(lower[i])) (missing ??= []).push(written[i]);
    }
    let matched = true;
    for (let i = 0; i < clauses.length; i++) {
      if (!clauses[i](keys)) {
        matched = false;
        break;
      }
    }
    // Shared frozen outcomes: the common path (nothing missing) allocates nothing.
    if (missing === undefined) return matched ? MATCHED : NOT_MATCHED;
    return Object.freeze({ matched, missing: Object.freeze(missing) });
  };
}
