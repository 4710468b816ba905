/**
 * Numeric operators (reference_policies_elements_condition_operators.html, "Numeric condition
 * operators"): integers or decimals. No policy variables ("You can not use a policy variable with
 * the Numeric condition operator").
 */
import { compileOrdered, type Ordering } from './compare.js';
import type { CompiledValues } from './tri.js';

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const LOWER_E = 101;
const UPPER_E = 69;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/**
 * Parses an integer or decimal (`-3`, `+2`, `1.5`, `.5`, `10.`, `1e3`), NaN otherwise.
 * Checked by hand because `Number()` also accepts `''`, `' 1 '`, `0x10`, `Infinity`, which are
 * not numbers in a policy. An exponent is accepted as Java's number parsers accept it.
 */
export function parseNumber(s: string): number {
  const n = s.length;
  let i = 0;
  if (i < n && (s.charCodeAt(i) === PLUS || s.charCodeAt(i) === MINUS)) i++;
  let digits = 0;
  while (i < n && isDigit(s.charCodeAt(i))) {
    i++;
    digits++;
  }
  if (i < n && s.charCodeAt(i) === DOT) {
    i++;
    while (i < n && isDigit(s.charCodeAt(i))) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return NaN;
  if (i < n && (s.charCodeAt(i) === LOWER_E || s.charCodeAt(i) === UPPER_E)) {
    i++;
    if (i < n && (s.charCodeAt(i) === PLUS || s.charCodeAt(i) === MINUS)) i++;
    let exp = 0;
    while (i < n && isDigit(s.charCodeAt(i))) {
      i++;
      exp++;
    }
    if (exp === 0) return NaN;
  }
  if (i !== n) return NaN;
  const value = Number(s);
  return Number.isFinite(value) ? value : NaN;
}

export function compileNumeric(values: readonly string[], op: Ordering): CompiledValues {
  return compileOrdered(values, parseNumber, op);
}
