/**
 * Absent keys, IfExists, Null, negation, the set qualifiers and multivalued keys, per
 * reference_policies_condition-single-vs-multi-valued-context-keys.html,
 * reference_policies_multi-value-conditions.html and reference_policies_elements_condition_operators.html.
 */
import { MV, MULTI, OPS, runTable, type Case } from './fixtures.test.js';

const T = 'aws:TagKeys';
const c = (
  op: string,
  policy: string[],
  request: string[] | string | undefined,
  want: boolean,
  name: string,
  page = MV,
): Case => ({
  name: `${op} ${JSON.stringify(policy)} vs ${request === undefined ? 'absent' : JSON.stringify(request)}: ${name}`,
  page,
  block: { [op]: { [T]: policy } },
  ctx: request === undefined ? {} : { [T]: request },
  want,
});

runTable('ForAllValues', [
  c(
    'ForAllValues:StringLike',
    ['PostDateTime', 'Message', 'Tags'],
    ['PostDateTime', 'Message'],
    true,
    'every request value matches a policy value',
    MULTI,
  ),
  c(
    'ForAllValues:StringLike',
    ['PostDateTime', 'Message', 'Tags'],
    ['PostDateTime', 'UserName'],
    false,
    'one request value matches nothing',
    MULTI,
  ),
  c(
    'ForAllValues:StringEquals',
    ['a'],
    undefined,
    true,
    '"also returns true if there are no context keys in the request"',
  ),
  c('ForAllValues:StringEquals', ['a'], [], true, 'an empty data set is true', MULTI),
  c('ForAllValues:StringEquals', ['a'], [''], true, 'an empty string is an empty data set', MULTI),
  c('ForAllValues:StringLike', ['Created*'], ['CreatedBy', 'CreatedAt'], true, 'wildcards per request value'),
  c('ForAllValues:StringEquals', ['a', 'b'], 'a', true, 'a single-valued key is a one-value set'),
  // reference_policies_condition_examples-multi-valued-context-keys.html: Deny with
  // ForAllValues:StringNotLike aws:TagKeys key1*.
  c(
    'ForAllValues:StringNotLike',
    ['key1*'],
    ['key1:legal'],
    false,
    'negated inside ForAllValues: a value matching the pattern',
  ),
  c(
    'ForAllValues:StringNotLike',
    ['key1*'],
    ['key1:hr', 'key1:personnel'],
    false,
    'negated inside ForAllValues: all values match the pattern',
  ),
  c(
    'ForAllValues:StringNotLike',
    ['key1*'],
    ['key2:audit'],
    true,
    'negated inside ForAllValues: no value matches the pattern',
  ),
  c(
    'ForAllValues:StringNotLike',
    ['key1*'],
    undefined,
    true,
    'negated inside ForAllValues: absent key is true',
  ),
  c(
    'ForAllValues:StringNotEquals',
    ['a', 'b'],
    ['c', 'a'],
    false,
    'negated: every request value must match none of the policy values',
  ),
  c(
    'ForAllValues:StringEqualsIfExists',
    ['a'],
    undefined,
    true,
    'IfExists changes nothing for an absent key',
  ),
  c('ForAllValues:StringEqualsIfExists', ['a'], ['a', 'b'], false, 'IfExists with a present key tests it'),
  c('ForAllValues:NumericLessThan', ['10'], ['1', '5'], true, 'other operators take the qualifier too'),
  c(
    'ForAllValues:NumericLessThan',
    ['10'],
    ['1', 'x'],
    false,
    'a request value that does not convert fails the set',
  ),
]);

runTable('ForAnyValue', [
  c(
    'ForAnyValue:StringLike',
    ['ID', 'PostDateTime'],
    ['UserName', 'Message', 'PostDateTime'],
    true,
    'one request value matches',
    MULTI,
  ),
  c('ForAnyValue:StringLike', ['ID', 'PostDateTime'], ['UserName'], false, 'no request value matches', MULTI),
  c('ForAnyValue:StringEquals', ['a'], undefined, false, 'absent key is false'),
  c('ForAnyValue:StringEquals', ['a'], [], false, 'an empty data set is false', MULTI),
  c('ForAnyValue:StringEquals', [''], [''], false, 'an empty string is an empty data set', MULTI),
  c('ForAnyValue:StringEquals', ['a'], 'a', true, 'a single-valued key is a one-value set'),
  c(
    'ForAnyValue:StringNotEquals',
    ['a', 'b'],
    ['a', 'c'],
    true,
    'negated inside ForAnyValue: some value matches none',
  ),
  c(
    'ForAnyValue:StringNotEquals',
    ['a', 'b'],
    ['a', 'b'],
    false,
    'negated inside ForAnyValue: every value matches one',
  ),
  c(
    'ForAnyValue:StringNotEquals',
    ['a'],
    undefined,
    false,
    'negated inside ForAnyValue: absent key is still false',
  ),
  c('ForAnyValue:StringEqualsIfExists', ['a'], undefined, true, 'IfExists: absent key is true', OPS),
  c('ForAnyValue:StringEqualsIfExists', ['a'], ['b'], false, 'IfExists: a present key is tested', OPS),
  c(
    'ForAnyValue:StringEqualsIgnoreCase',
    ['DataClass'],
    ['dataclass', 'Owner'],
    true,
    'IgnoreCase inside the qualifier',
  ),
]);

runTable('multivalued keys without a qualifier', [
  c('StringEquals', ['a'], ['a'], false, '"Multivalued context keys require a condition set operator"'),
  c('StringEquals', ['a', 'b'], ['a', 'b'], false, 'even when every value would match'),
  c('StringNotEquals', ['z'], ['a'], false, 'negated operators do not match either'),
  c('StringEqualsIfExists', ['a'], ['a'], false, 'IfExists does not help a present multivalued key'),
  c('StringEquals', ['a'], 'a', true, 'the same value single-valued matches'),
]);

const K = 'aws:TokenIssueTime';
const n = (values: string[], request: string | string[] | undefined, want: boolean, name: string): Case => ({
  name: `Null ${JSON.stringify(values)} vs ${request === undefined ? 'absent' : JSON.stringify(request)}: ${name}`,
  page: OPS,
  block: { Null: { [K]: values } },
  ctx: request === undefined ? {} : { [K]: request },
  want,
});

runTable('Null', [
  n(['true'], undefined, true, "true: the key does not exist (the page's aws:TokenIssueTime example)"),
  n(['true'], '2020-01-01T00:00:00Z', false, 'true: the key exists'),
  n(['false'], '2020-01-01T00:00:00Z', true, 'false: the key exists'),
  n(['false'], undefined, false, 'false: the key does not exist'),
  n(['false'], [], false, 'a key with no values is null (MV: Null false guards empty values)'),
  n(['false'], ['a', 'b'], true, 'a multivalued key exists'),
  n(['true', 'false'], undefined, true, 'values are ORed'),
  n(['TRUE'], undefined, true, 'case of true/false is ignored'),
  n(['maybe'], undefined, false, 'another value never matches'),
  n(['maybe'], 'x', false, 'another value never matches a present key'),
]);

runTable('absent keys and negation', [
  {
    name: 'a positive operator with an absent key is false',
    page: OPS,
    block: { NumericEquals: { 'x:n': ['1'] } },
    ctx: {},
    want: false,
  },
  {
    name: 'a negated operator with an absent key is true',
    page: OPS,
    block: { ArnNotLike: { 'x:arn': ['arn:*:*:*:*:*'] } },
    ctx: {},
    want: true,
  },
  {
    name: 'a key present with no values counts as absent',
    page: OPS,
    block: { StringNotEquals: { 'x:s': ['a'] } },
    ctx: { 'x:s': { values: [], list: false } },
    want: true,
  },
  {
    name: 'a single-valued key given several values is multivalued',
    page: MV,
    block: { StringEquals: { 'x:s': ['a'] } },
    ctx: { 'x:s': { values: ['a', 'b'], list: false } },
    want: false,
  },
]);
