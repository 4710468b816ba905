/**
 * String operators (reference_policies_elements_condition_operators.html, "String condition
 * operators"): StringEquals is exact and case-sensitive, StringEqualsIgnoreCase ignores case,
 * StringLike is case-sensitive with `*` (any run of characters) and `?` (one character) anywhere.
 * The negated forms are built from these in set.ts. Values may hold policy variables.
 */
import { compileGlob, type Matcher } from '../wildcard.js';
import { compiledCache, joinParts, splitValues } from './templates.js';
import { ERROR, NO, YES, type CompiledValues, type Tri, type ValueTest } from './tri.js';

/** StringEquals / StringEqualsIgnoreCase. */
export function compileStringEquals(
  values: readonly string[],
  version: string | undefined,
  ignoreCase: boolean,
): CompiledValues {
  const { fixed, dynamic, variables } = splitValues(values, version);
  const norm = ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s;
  const fixedTexts = fixed.map((parts) => norm(joinParts(parts)));
  const fixedSet = new Set(fixedTexts);
  const only = fixedTexts.length === 1 ? fixedTexts[0] : undefined;

  if (dynamic.length === 0) {
    // The common case: one exact comparison, or one hash look-up for several values.
    const test: ValueTest =
      only !== undefined
        ? ignoreCase
          ? (v) => (v.length === only.length && v.toLowerCase() === only ? YES : NO)
          : (v) => (v === only ? YES : NO)
        : (v) => (fixedSet.has(norm(v)) ? YES : NO);
    return { test, variables };
  }
  const test: ValueTest = (v, keys) => {
    const c = norm(v);
    if (fixedSet.has(c)) return YES;
    let result: Tri = NO;
    for (const t of dynamic) {
      const parts = t.resolve(keys);
      if (parts === undefined) {
        // reference_policies_variables.html: a variable AWS cannot resolve makes the value unusable.
        result = ERROR;
        continue;
      }
      if (norm(joinParts(parts)) === c) return YES;
    }
    return result;
  };
  return { test, variables };
}

/** StringLike: glob matching, case-sensitive; `${*}` and `${?}` stand for literal characters. */
export function compileStringLike(values: readonly string[], version: string | undefined): CompiledValues {
  const { fixed, dynamic, variables } = splitValues(values, version);
  const matchers: Matcher[] = fixed.map((parts) => compileGlob(parts));
  const compileDynamic = dynamic.map(() => compiledCache((parts) => compileGlob(parts)));
  const test: ValueTest = (v, keys) => {
    for (let i = 0; i < matchers.length; i++) if (matchers[i](v)) return YES;
    let result: Tri = NO;
    for (let i = 0; i < dynamic.length; i++) {
      const parts = dynamic[i].resolve(keys);
      if (parts === undefined) {
        result = ERROR;
        continue;
      }
      if (compileDynamic[i](parts)(v)) return YES;
    }
    return result;
  };
  return { test, variables };
}
