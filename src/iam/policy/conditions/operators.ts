/**
 * Base operator → compiled policy values. Negated operators compile as their positive
 * counterpart (names.ts NEGATED); set.ts applies the negation.
 */
import { compileArn } from './arn.js';
import { compileBinary } from './binary.js';
import { compileBool } from './bool.js';
import { compileDate } from './date.js';
import { compileIp } from './ip.js';
import type { BaseOperator } from './names.js';
import { compileNumeric } from './numeric.js';
import { compileStringEquals, compileStringLike } from './string.js';
import type { CompiledValues } from './tri.js';

type Compiler = (values: readonly string[], version: string | undefined) => CompiledValues;

/** Compilers for the positive operators (Null is handled by null.ts). */
const POSITIVE: Partial<Record<BaseOperator, Compiler>> = {
  StringEquals: (v, ver) => compileStringEquals(v, ver, false),
  StringEqualsIgnoreCase: (v, ver) => compileStringEquals(v, ver, true),
  StringLike: compileStringLike,
  NumericEquals: (v) => compileNumeric(v, 'eq'),
  NumericLessThan: (v) => compileNumeric(v, 'lt'),
  NumericLessThanEquals: (v) => compileNumeric(v, 'le'),
  NumericGreaterThan: (v) => compileNumeric(v, 'gt'),
  NumericGreaterThanEquals: (v) => compileNumeric(v, 'ge'),
  DateEquals: (v) => compileDate(v, 'eq'),
  DateLessThan: (v) => compileDate(v, 'lt'),
  DateLessThanEquals: (v) => compileDate(v, 'le'),
  DateGreaterThan: (v) => compileDate(v, 'gt'),
  DateGreaterThanEquals: (v) => compileDate(v, 'ge'),
  Bool: compileBool,
  BinaryEquals: (v) => compileBinary(v),
  IpAddress: (v) => compileIp(v),
  // The page: "The ArnEquals and ArnLike condition operators behave identically."
  ArnEquals: compileArn,
  ArnLike: compileArn,
};

export function compileValues(
  base: BaseOperator,
  values: readonly string[],
  version: string | undefined,
): CompiledValues | undefined {
  return POSITIVE[base]?.(values, version);
}
