import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileCondition } from './index.js';
import { ctx, LOGIC, OPS, VARS, V2012 } from './fixtures.test.js';

describe('compileCondition: combining operators, keys and values', () => {
  const block = {
    StringEquals: { 'aws:SourceAccount': ['111122223333'], 'aws:PrincipalTag/team': ['blue', 'red'] },
    ArnLike: { 'aws:SourceArn': ['arn:aws:mobiletargeting:us-east-1:111122223333:apps/*'] },
  };
  const full = {
    'aws:SourceAccount': '111122223333',
    'aws:PrincipalTag/team': 'red',
    'aws:SourceArn': 'arn:aws:mobiletargeting:us-east-1:111122223333:apps/x',
  };
  const c = compileCondition(block, V2012);

  it(`all operators and all keys hold: matched [${LOGIC}]`, () => {
    assert.equal(c.evaluate(ctx(full)).matched, true);
  });
  it(`keys under one operator are ANDed [${LOGIC}]`, () => {
    assert.equal(c.evaluate(ctx({ ...full, 'aws:PrincipalTag/team': 'green' })).matched, false);
  });
  it(`operators are ANDed [${LOGIC}]`, () => {
    assert.equal(
      c.evaluate(ctx({ ...full, 'aws:SourceArn': 'arn:aws:ses:us-east-1:111122223333:identity/x' })).matched,
      false,
    );
  });
  it(`values for one key are ORed [${LOGIC}]`, () => {
    assert.equal(c.evaluate(ctx({ ...full, 'aws:PrincipalTag/team': 'blue' })).matched, true);
  });
  it(`an empty block matches [${OPS}]`, () => {
    assert.equal(compileCondition({}, V2012).evaluate(ctx({})).matched, true);
  });
  it('an operator IAM does not know never matches (validation rejects it first)', () => {
    assert.equal(
      compileCondition({ stringEquals: { 'aws:SourceAccount': ['1'] } }, V2012).evaluate(
        ctx({ 'aws:SourceAccount': '1' }),
      ).matched,
      false,
    );
  });
});

describe('keys and missing', () => {
  it(`keys lists condition keys then value variables, as written, without case-insensitive duplicates [${VARS}]`, () => {
    const c = compileCondition(
      {
        StringLike: { 's3:prefix': ['${aws:username}/*'], 'AWS:SourceAccount': ['1'] },
        StringEquals: { 'aws:sourceaccount': ['1'], 's3:x': ['${aws:UserName}'] },
        Null: { 'aws:TokenIssueTime': ['true'] },
      },
      V2012,
    );
    assert.deepEqual(c.keys, [
      's3:prefix',
      'aws:username',
      'AWS:SourceAccount',
      's3:x',
      'aws:TokenIssueTime',
    ]);
  });
  it(`variables are not keys in a 2008-10-17 document [${VARS}]`, () => {
    assert.deepEqual(
      compileCondition({ StringLike: { 's3:prefix': ['${aws:username}/*'] } }, '2008-10-17').keys,
      ['s3:prefix'],
    );
  });
  it('variables in Numeric values are not keys (no variables there)', () => {
    assert.deepEqual(compileCondition({ NumericEquals: { 'x:n': ['${aws:username}'] } }, V2012).keys, [
      'x:n',
    ]);
  });
  it('missing lists absent keys whatever the operator: IfExists, Null, negated and ForAllValues included [API_EvaluationResult.html]', () => {
    const c = compileCondition(
      {
        StringEqualsIfExists: { 'a:one': ['x'] },
        Null: { 'a:two': ['true'] },
        StringNotEquals: { 'a:three': ['x'] },
        'ForAllValues:StringEquals': { 'a:four': ['x'] },
      },
      V2012,
    );
    const out = c.evaluate(ctx({}));
    assert.equal(out.matched, true);
    assert.deepEqual(out.missing, ['a:one', 'a:two', 'a:three', 'a:four']);
  });
  it('missing keeps the spelling written in the policy and lists absent variables', () => {
    const c = compileCondition({ StringLike: { 'S3:Prefix': ['${aws:username}/*'] } }, V2012);
    const out = c.evaluate(ctx({ 's3:prefix': 'x/y' }));
    assert.equal(out.matched, false);
    assert.deepEqual(out.missing, ['aws:username']);
  });
  it('a key present with no values is not missing', () => {
    const out = compileCondition({ Null: { 'a:k': ['true'] } }, V2012).evaluate(
      ctx({ 'a:k': { values: [], list: true } }),
    );
    assert.equal(out.matched, true);
    assert.deepEqual(out.missing, []);
  });
});

describe('outcomes are shared and frozen on the common path', () => {
  const c = compileCondition({ StringEquals: { 'aws:SourceAccount': ['1'] } }, V2012);
  it('the same object is returned for every match with nothing missing', () => {
    const a = c.evaluate(ctx({ 'aws:SourceAccount': '1' }));
    const b = c.evaluate(ctx({ 'aws:SourceAccount': '1' }));
    assert.equal(a, b);
    assert.ok(Object.isFrozen(a) && Object.isFrozen(a.missing));
    assert.deepEqual(a, { matched: true, missing: [] });
  });
  it('a non-match with nothing missing is shared too, and differs from the match', () => {
    const a = c.evaluate(ctx({ 'aws:SourceAccount': '2' }));
    assert.equal(a, c.evaluate(ctx({ 'aws:SourceAccount': '3' })));
    assert.deepEqual(a, { matched: false, missing: [] });
  });
  it('an outcome with missing keys is frozen as well', () => {
    const out = c.evaluate(ctx({}));
    assert.ok(Object.isFrozen(out) && Object.isFrozen(out.missing));
    assert.deepEqual(out, { matched: false, missing: ['aws:SourceAccount'] });
  });
});
