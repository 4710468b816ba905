import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileGlob } from './wildcard.js';

/** A plain backtracking matcher: `*` any run, `?` one character. The reference for the property. */
function reference(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  const go = (i: number, j: number): boolean => {
    if (i === p.length) return j === v.length;
    if (p[i] === '*') return go(i + 1, j) || (j < v.length && go(i, j + 1));
    if (j === v.length) return false;
    return (p[i] === '?' || p[i] === v[j]) && go(i + 1, j + 1);
  };
  return go(0, 0);
}

const alphabet = fc.constantFrom('a', 'b', 'A', ':', '/', '.', '*', '?', '$', '(');

test('compileGlob agrees with a plain backtracking matcher (reference_policies_elements_action.html wildcards)', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: alphabet, maxLength: 8 }),
      fc.string({ unit: alphabet, maxLength: 10 }),
      fc.boolean(),
      (p, v, ic) => {
        assert.equal(compileGlob(p, { ignoreCase: ic })(v), reference(p, v, ic), `pattern ${p} value ${v}`);
      },
    ),
    { numRuns: 3000 },
  );
});

// reference_policies_elements_resource.html: wildcards stay within a segment unless `*` ends it.
const arnCases: [string, string, boolean][] = [
  [
    'arn:aws:ses:us-east-1:111122223333:identity/*',
    'arn:aws:ses:us-east-1:111122223333:identity/example.com',
    true,
  ],
  ['arn:aws:ses:*:111122223333:identity/*', 'arn:aws:ses:eu-west-1:111122223333:identity/a@b.c', true],
  ['arn:aws:ses:us-east-1:111122223333:identity/*', 'arn:aws:ses:us-east-1:111122223333:template/T', false],
  ['arn:aws:s3:::my*bucket', 'arn:aws:s3:::my:x:bucket', false],
  ['arn:aws:s3:::my*bucket', 'arn:aws:s3:::my-big-bucket', true],
  ['arn:aws:s3:::*', 'arn:aws:s3:::a:b/c', true],
  ['arn:aws:ses:us-east-?:1:identity/x', 'arn:aws:ses:us-east-1:1:identity/x', true],
  ['arn:aws:ses:us-east?1:1:identity/x', 'arn:aws:ses:us-east:1:1:identity/x', false],
  ['arn:aws:ses:us-east-1:111122223333:identity/*', 'arn:aws:ses:us-east-1:111122223333:IDENTITY/x', false],
];

for (const [pattern, value, expected] of arnCases) {
  test(`ARN segment rules: ${pattern} ${expected ? 'matches' : 'does not match'} ${value}`, () => {
    assert.equal(compileGlob(pattern, { arnSegments: true })(value), expected);
  });
}

test('literal parts never act as wildcards (reference_policies_variables.html, ${*})', () => {
  const m = compileGlob([
    { text: 'arn:aws:s3:::b/', literal: false },
    { text: '*', literal: true },
  ]);
  assert.equal(m('arn:aws:s3:::b/*'), true);
  assert.equal(m('arn:aws:s3:::b/x'), false);
});

test('a `*` at every position of a long pattern, across the automaton’s 32-position words', () => {
  for (let k = 0; k < 100; k++) {
    // `?`×k keeps the star k positions into the simulated middle; it must match nothing here.
    const m = compileGlob('?'.repeat(k) + '*b?*', { arnSegments: true });
    assert.equal(m('a'.repeat(k) + 'bc'), true, `k=${k}`);
    assert.equal(m('a'.repeat(k) + 'b'), false, `k=${k}`);
    assert.equal(m('a'.repeat(k) + 'cbc:d'), true, `k=${k}`);
    assert.equal(m('a'.repeat(k) + 'c:bc'), false, `k=${k}`);
  }
});
