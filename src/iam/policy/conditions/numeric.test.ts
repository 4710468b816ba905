import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OPS, LOGIC, runTable, type Case } from './fixtures.test.js';
import { parseNumber } from './numeric.js';

const K = 's3:max-keys';
const c = (
  op: string,
  policy: string[],
  request: string | undefined,
  want: boolean,
  name: string,
  page = OPS,
): Case => ({
  name: `${op} ${JSON.stringify(policy)} vs ${request === undefined ? 'absent' : JSON.stringify(request)}: ${name}`,
  page,
  block: { [op]: { [K]: policy } },
  ctx: request === undefined ? {} : { [K]: request },
  want,
});

runTable('Numeric condition operators', [
  c('NumericEquals', ['10'], '10', true, 'equal integers'),
  c('NumericEquals', ['10'], '10.0', true, 'integer and decimal compare as numbers'),
  c('NumericEquals', ['10'], '11', false, 'different numbers'),
  c('NumericEquals', ['1', '10'], '10', true, 'values are ORed', LOGIC),
  c('NumericEquals', ['10'], undefined, false, 'absent key does not match'),
  c('NumericEqualsIfExists', ['10'], undefined, true, 'IfExists: absent key matches'),
  c('NumericNotEquals', ['10'], '11', true, 'different number matches'),
  c('NumericNotEquals', ['10'], '10', false, 'same number does not match'),
  c('NumericNotEquals', ['10', '11'], '11', false, 'negated: true only when no value equals', LOGIC),
  c('NumericNotEquals', ['10'], undefined, true, 'negated: absent key matches'),
  // The page's example: NumericLessThanEquals s3:max-keys 10 lets a requester list up to 10 objects.
  c('NumericLessThanEquals', ['10'], '10', true, "the page's s3:max-keys example at the limit"),
  c('NumericLessThanEquals', ['10'], '11', false, 'above the limit'),
  c('NumericLessThan', ['10'], '9', true, 'request below policy'),
  c('NumericLessThan', ['10'], '10', false, 'strict'),
  c('NumericGreaterThan', ['10'], '10.5', true, 'decimal request above'),
  c('NumericGreaterThan', ['10'], '10', false, 'strict'),
  c('NumericGreaterThanEquals', ['1.2'], '1.2', true, 'decimals (s3:TlsVersion style)'),
  c('NumericGreaterThanEquals', ['1.2'], '1.1', false, 'below'),
  c('NumericLessThan', ['0'], '-1', true, 'negative numbers'),
  c('NumericEquals', ['+5'], '5', true, 'explicit plus sign'),
  c('NumericEquals', ['.5'], '0.5', true, 'leading dot'),
  c('NumericEquals', ['1e3'], '1000', true, 'exponent (as Java parses numbers)'),
  // Type errors: IAM accepts any condition value (it does not validate them); a value that is not
  // a number is a failed comparison and never satisfies the condition, negated or not.
  c('NumericEquals', ['10'], 'ten', false, 'request value not a number'),
  c('NumericNotEquals', ['10'], 'ten', false, 'request value not a number: negated does not match either'),
  c('NumericLessThan', ['ten'], '1', false, 'policy value not a number'),
  c('NumericNotEquals', ['ten'], '1', false, 'policy value not a number: negated does not match'),
  c('NumericEquals', ['ten', '1'], '1', true, 'a bad policy value does not hide a good one'),
  c('NumericEquals', ['0'], '', false, 'empty request value is not zero'),
  c('NumericEquals', ['16'], '0x10', false, 'hex is not accepted'),
  c('NumericEquals', ['1'], ' 1', false, 'whitespace is not accepted'),
  c('NumericLessThan', ['10'], 'Infinity', false, 'Infinity is not a number here'),
  c('NumericEquals', ['${aws:x}'], '5', false, 'no policy variables with Numeric operators'),
]);

describe('parseNumber', () => {
  it(`parses integers and decimals [${OPS}]`, () => {
    assert.equal(parseNumber('42'), 42);
    assert.equal(parseNumber('-4.25'), -4.25);
    assert.equal(parseNumber('10.'), 10);
  });
  it('rejects what is not a number', () => {
    for (const s of ['', '+', '-', '.', '1.2.3', '1e', 'e3', 'NaN', '1,000', '١٢'])
      assert.ok(Number.isNaN(parseNumber(s)), s);
  });
});
