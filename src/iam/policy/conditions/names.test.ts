import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASE_OPERATORS, NEGATED, parseOperator } from './names.js';
import { OPS } from './fixtures.test.js';

describe('parseOperator', () => {
  it(`knows every base operator [${OPS}]`, () => {
    for (const op of BASE_OPERATORS)
      assert.deepEqual(parseOperator(op), { name: op, base: op, ifExists: false, set: undefined });
  });

  it(`splits set qualifier and IfExists [${OPS}]`, () => {
    assert.deepEqual(parseOperator('ForAnyValue:StringLikeIfExists'), {
      name: 'ForAnyValue:StringLikeIfExists',
      base: 'StringLike',
      ifExists: true,
      set: 'ForAnyValue',
    });
    assert.deepEqual(parseOperator('ForAllValues:NumericEquals')?.set, 'ForAllValues');
  });

  it(`rejects NullIfExists: IfExists applies to "any condition operator name except the Null condition" [${OPS}]`, () => {
    assert.equal(parseOperator('NullIfExists'), undefined);
  });

  // IAM answers CreateRole with "MalformedPolicyDocument: Invalid Condition type : stringEquals"
  // (quoted in github.com/ministryofjustice/modernisation-platform-environments pull 8893).
  for (const name of [
    'stringEquals',
    'STRINGEQUALS',
    'StringEqualsIfexists',
    'forallvalues:StringEquals',
    'ForAnyvalue:StringLike',
    'bool',
    'Ipaddress',
  ]) {
    it(`rejects ${name}: operator names are case-sensitive [MalformedPolicyDocument "Invalid Condition type"]`, () => {
      assert.equal(parseOperator(name), undefined);
    });
  }

  it('rejects unknown names and qualifiers', () => {
    for (const name of [
      'StringContains',
      'ForSomeValues:StringEquals',
      'ForAnyValue:',
      '',
      'IfExists',
      'StringLikeIgnoreCase',
    ])
      assert.equal(parseOperator(name), undefined, name);
  });

  it(`maps each negated operator to its positive counterpart [${OPS}]`, () => {
    assert.equal(NEGATED.size, 8);
    for (const [neg, pos] of NEGATED) {
      assert.ok(BASE_OPERATORS.includes(neg) && BASE_OPERATORS.includes(pos));
      assert.ok(neg.includes('Not'));
      assert.equal(pos.includes('Not'), false);
    }
  });
});
