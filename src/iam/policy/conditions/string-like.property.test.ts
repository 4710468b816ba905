/**
 * StringLike against a plain reference matcher (reference_policies_elements_condition_operators.html:
 * `*` any run of characters, `?` exactly one, case-sensitive, whole-value match).
 */
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { matched, OPS } from './fixtures.test.js';

/** Recursive backtracking glob matcher, written for clarity rather than speed. */
function reference(pattern: string, value: string, p = 0, v = 0): boolean {
  if (p === pattern.length) return v === value.length;
  const c = pattern[p];
  if (c === '*') {
    for (let k = v; k <= value.length; k++) if (reference(pattern, value, p + 1, k)) return true;
    return false;
  }
  if (v === value.length) return false;
  if (c === '?' || c === value[v]) return reference(pattern, value, p + 1, v + 1);
  return false;
}

// A small alphabet makes matches frequent; it includes characters special to regular expressions.
const alphabet = fc.constantFrom('a', 'b', 'A', '.', '/', ':', '\\', '(', '$', '\n');
const text = fc.array(alphabet, { maxLength: 8 }).map((cs) => cs.join(''));
const pattern = fc
  .array(fc.oneof(alphabet, fc.constant('*'), fc.constant('?')), { maxLength: 8 })
  .map((cs) => cs.join(''));

describe('StringLike against a reference matcher (property)', () => {
  it(`agrees on random patterns and values [${OPS}]`, () => {
    fc.assert(
      fc.property(
        pattern,
        text,
        (p, v) => matched({ StringLike: { 'k:k': [p] } }, { 'k:k': v }) === reference(p, v),
      ),
      { numRuns: 5000 },
    );
  });
  it(`agrees when the value is built to match the pattern [${OPS}]`, () => {
    // Replace each wildcard in a pattern with text that satisfies it, so that matches are exercised.
    const pair = fc.tuple(pattern, fc.array(text, { minLength: 8, maxLength: 8 })).map(([p, fills]) => {
      let i = 0;
      const v = [...p].map((c) => (c === '*' ? fills[i++] : c === '?' ? 'a' : c)).join('');
      return [p, v] as const;
    });
    fc.assert(
      fc.property(pair, ([p, v]) => {
        const got = matched({ StringLike: { 'k:k': [p] } }, { 'k:k': v });
        const notLike = matched({ StringNotLike: { 'k:k': [p] } }, { 'k:k': v });
        return got === true && reference(p, v) && notLike === false;
      }),
      { numRuns: 3000 },
    );
  });
});
