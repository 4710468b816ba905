/**
 * Bool (reference_policies_elements_condition_operators.html, "Boolean condition operators"):
 * compares a key to "true" or "false". The policy's JSON booleans arrive as their string form
 * (types.ts). Case is ignored ("True" is true). A value that is neither is a failed comparison.
 * The operators page says policy variables can be used with Bool, so values are templates.
 */
import { joinParts, splitValues } from './templates.js';
import { ERROR, NO, YES, type CompiledValues, type Tri, type ValueTest } from './tri.js';

const TRUE = 1;
const FALSE = 0;
const INVALID = -1;

/** 1 for true, 0 for false, -1 for anything else. */
export function parseBool(s: string): number {
  if (s.length === 4 && s.toLowerCase() === 'true') return TRUE;
  if (s.length === 5 && s.toLowerCase() === 'false') return FALSE;
  return INVALID;
}

export function compileBool(values: readonly string[], version: string | undefined): CompiledValues {
  const { fixed, dynamic, variables } = splitValues(values, version);
  const parsed = fixed.map((parts) => parseBool(joinParts(parts)));
  const wantTrue = parsed.includes(TRUE);
  const wantFalse = parsed.includes(FALSE);
  const fixedMiss: Tri = parsed.includes(INVALID) ? ERROR : NO;
  const test: ValueTest = (v, keys) => {
    const b = parseBool(v);
    if (b === INVALID) return ERROR;
    if (b === TRUE ? wantTrue : wantFalse) return YES;
    let result = fixedMiss;
    for (const t of dynamic) {
      const parts = t.resolve(keys);
      const p = parts === undefined ? INVALID : parseBool(joinParts(parts));
      if (p === INVALID) result = ERROR;
      else if (p === b) return YES;
    }
    return result;
  };
  return { test, variables };
}
