import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileTemplate, resolveText, variableSpans } from './variables.js';

test('variableSpans finds the spans the former `\\$\\{([^}]*)\\}` RegExp found (reference_policies_variables.html)', () => {
  const unit = fc.constantFrom('$', '{', '}', 'a', ',', "'", ' ');
  fc.assert(
    fc.property(fc.string({ unit, maxLength: 16 }), (text) => {
      const expected = [...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => ({
        at: m.index,
        end: m.index + m[0].length,
        inner: m[1],
      }));
      assert.deepEqual([...variableSpans(text)], expected);
    }),
    { numRuns: 5000 },
  );
});

test(
  'a value of 200,000 unclosed `${` compiles at once (the former RegExp rescanned the rest from each)',
  { timeout: 30_000 },
  () => {
    const text = 'arn:aws:s3:::b/' + '${'.repeat(100_000);
    const t = compileTemplate(text, '2012-10-17');
    assert.equal(t.dynamic, false);
    assert.equal(resolveText(t, new Map()), text);
  },
);

test('variables and escapes still resolve: ${aws:username}, ${*}, a default', () => {
  const t = compileTemplate("home/${aws:username}/${*}/${aws:PrincipalTag/team, 'none'}", '2012-10-17');
  const keys = new Map([['aws:username', { values: ['ada'], list: false }]]);
  assert.equal(resolveText(t, keys), 'home/ada/*/none');
});
