import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OPS, LOGIC, runTable, type Case } from './fixtures.test.js';
import { parseDate } from './date.js';

const K = 'aws:CurrentTime';
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

runTable('Date condition operators', [
  // The page's example: DateGreaterThan aws:TokenIssueTime 2020-01-01T00:00:01Z.
  c('DateGreaterThan', ['2020-01-01T00:00:01Z'], '2020-06-01T00:00:00Z', true, 'later date'),
  c('DateGreaterThan', ['2020-01-01T00:00:01Z'], '2020-01-01T00:00:01Z', false, 'strict'),
  c('DateGreaterThanEquals', ['2020-01-01T00:00:01Z'], '2020-01-01T00:00:01Z', true, 'equal instant'),
  c('DateLessThan', ['2020-06-30T23:59:59Z'], '2020-04-01T00:00:00Z', true, 'earlier date'),
  c('DateLessThanEquals', ['2020-06-30T23:59:59Z'], '2020-07-01T00:00:00Z', false, 'later date'),
  c(
    'DateEquals',
    ['2020-01-01T00:00:00Z'],
    '2020-01-01T01:00:00+01:00',
    true,
    'the same instant in another zone',
  ),
  c('DateEquals', ['2020-01-01T00:00:00Z'], '2020-01-01T00:00:00.000Z', true, 'fractional seconds'),
  c('DateEquals', ['2020-01-01'], '2020-01-01T00:00:00Z', true, 'date alone is midnight UTC'),
  c('DateEquals', ['2020-01'], '2020-01-01T00:00Z', true, 'year-month and hh:mm forms (W3C)'),
  c('DateEquals', ['1577836800'], '2020-01-01T00:00:00Z', true, 'epoch seconds equal the ISO instant'),
  c('DateGreaterThan', ['1577836800'], '1577836801', true, 'epoch seconds in the request (aws:EpochTime)'),
  c(
    'DateEquals',
    ['2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z'],
    '2021-01-01T00:00:00Z',
    true,
    'values are ORed',
    LOGIC,
  ),
  c('DateNotEquals', ['2020-01-01T00:00:00Z'], '2020-01-02T00:00:00Z', true, 'different instant'),
  c('DateNotEquals', ['2020-01-01T00:00:00Z'], '2020-01-01T00:00:00Z', false, 'same instant'),
  c('DateNotEquals', ['2020-01-01T00:00:00Z'], undefined, true, 'negated: absent key matches'),
  c('DateLessThan', ['2020-01-01T00:00:00Z'], undefined, false, 'absent key does not match'),
  c('DateLessThanIfExists', ['2020-01-01T00:00:00Z'], undefined, true, 'IfExists: absent key matches'),
  c('DateLessThan', ['2020-01-01T00:00:00Z'], 'yesterday', false, 'request value not a date'),
  c(
    'DateNotEquals',
    ['2020-01-01T00:00:00Z'],
    'yesterday',
    false,
    'not a date: negated does not match either',
  ),
  c('DateLessThan', ['not a date'], '2019-01-01T00:00:00Z', false, 'policy value not a date'),
  c('DateEquals', ['2020-02-30'], '2020-03-01', false, 'February 30th is not a date'),
  c('DateEquals', ['2020-02-29'], '2020-02-29T00:00:00Z', true, 'leap day'),
  c('DateLessThan', ['2020-*'], '2019-01-01', false, 'no wildcards in dates'),
]);

describe('parseDate', () => {
  it(`reads the W3C forms and epoch seconds [${OPS}]`, () => {
    assert.equal(parseDate('2020-01-01T00:00:00Z'), Date.UTC(2020, 0, 1));
    assert.equal(parseDate('2020-01-01T05:30:00+05:30'), Date.UTC(2020, 0, 1));
    assert.equal(parseDate('2020-01-01T00:00:00.5Z'), Date.UTC(2020, 0, 1, 0, 0, 0, 500));
    assert.equal(parseDate('2020-01-01T00:00:00.123456789Z'), Date.UTC(2020, 0, 1, 0, 0, 0, 123));
    assert.equal(parseDate('1577836800'), Date.UTC(2020, 0, 1));
    assert.equal(parseDate('2020-01-01T10Z'), Date.UTC(2020, 0, 1, 10));
    assert.equal(parseDate('2020-01-01T00:00:00-0100'), Date.UTC(2020, 0, 1, 1));
  });
  it('rejects what is not a date', () => {
    for (const s of [
      '',
      '2020-13-01',
      '2020-1-1',
      '2020-01-01T24:00:00Z',
      '2020-01-01T00:60Z',
      '2020-01-01 00:00:00',
      '2020-01-01T00:00:00Q',
      'Jan 1 2020',
      '2020-01-01T00:00:00.Z',
    ])
      assert.ok(Number.isNaN(parseDate(s)), s);
  });
});
