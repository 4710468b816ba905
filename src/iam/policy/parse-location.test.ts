/**
 * Where a grammar fault is (Pinpost's own help beside IAM's message): Access Analyzer's Location
 * shape (API_Location.html: path and span; API_Position.html: line from 1, column from 0, offset
 * from 0; API_Span.html: end exclusive) and a description. IAM's message itself is unchanged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from './parse.js';
import { pathText } from './syntax-location.js';
import { validatePolicy } from './validate.js';

/** The fault's message, path, the text its span covers, and its description. */
function fault(text: string) {
  const r = parsePolicy(text);
  assert.equal(r.ok, false, 'expected a fault');
  if (r.ok) throw new Error('unreachable');
  const loc = r.location!;
  return {
    message: r.message,
    path: pathText(loc.path),
    covers: text.slice(loc.span.start.offset, loc.span.end.offset),
    detail: loc.detail,
  };
}

const statement = (s: string) => `{"Version":"2012-10-17","Statement":[{${s}}]}`;
const ok = '"Effect":"Allow","Action":"s3:GetObject","Resource":"*"';

const cases: [string, string, ReturnType<typeof fault>][] = [
  [
    'an unknown top-level element, with a hint',
    `{"Versoin":"2012-10-17","Statement":[{${ok}}]}`,
    {
      message: 'Syntax errors in policy.',
      path: 'Versoin',
      covers: '"Versoin"',
      detail: 'unknown top-level element `Versoin` (did you mean `Version`?)',
    },
  ],
  [
    'an unknown Version',
    `{"Version":"2012-10-18","Statement":[{${ok}}]}`,
    {
      message: 'Syntax errors in policy.',
      path: 'Version',
      covers: '"2012-10-18"',
      detail: 'unknown `Version` `2012-10-18`; use `2012-10-17`',
    },
  ],
  [
    'no Statement',
    '{"Version":"2012-10-17"}',
    {
      message: 'Syntax errors in policy.',
      path: '',
      covers: '{"Version":"2012-10-17"}',
      detail: 'the policy has no `Statement`',
    },
  ],
  [
    'an empty Statement',
    '{"Version":"2012-10-17","Statement":[]}',
    { message: 'Syntax errors in policy.', path: 'Statement', covers: '[]', detail: '`Statement` is empty' },
  ],
  [
    'both Action and NotAction: the second is named',
    statement(`${ok},"NotAction":"s3:*"`),
    {
      message: 'Syntax errors in policy.',
      path: 'Statement[0].NotAction',
      covers: '"NotAction"',
      detail: '`Action` and `NotAction` in one statement',
    },
  ],
  [
    'no Effect',
    statement('"Action":"s3:*","Resource":"*"'),
    {
      message: 'Syntax errors in policy.',
      path: 'Statement[0]',
      covers: '{"Action":"s3:*","Resource":"*"}',
      detail: 'the statement has no `Effect`',
    },
  ],
  [
    'Action as a number',
    statement('"Effect":"Allow","Action":3,"Resource":"*"'),
    {
      message: 'Syntax errors in policy.',
      path: 'Statement[0].Action',
      covers: '3',
      detail: '`Action` must be a string or an array of strings, not a number',
    },
  ],
  [
    'an array entry of Resource that is not a string',
    statement('"Effect":"Allow","Action":"s3:*","Resource":["*",{}]'),
    {
      message: 'Syntax errors in policy.',
      path: 'Statement[0].Resource[1]',
      covers: '{}',
      detail: 'each `Resource` must be a string, not an object',
    },
  ],
  [
    'a misspelt principal type',
    statement('"Effect":"Allow","Principal":{"Servce":"pinpoint.amazonaws.com"},"Action":"sts:AssumeRole"'),
    {
      message: 'Syntax errors in policy.',
      path: 'Statement[0].Principal.Servce',
      covers: '"Servce"',
      detail: 'unknown principal type `Servce` (did you mean `Service`?)',
    },
  ],
  [
    'a misspelt condition operator',
    statement(`${ok},"Condition":{"StringEqual":{"aws:SourceAccount":"1"}}`),
    {
      message: 'Syntax errors in policy.',
      path: 'Statement[0].Condition.StringEqual',
      covers: '"StringEqual"',
      detail: 'unknown condition operator `StringEqual` (did you mean `StringEquals`?)',
    },
  ],
  [
    'a condition value that is an object',
    statement(`${ok},"Condition":{"StringEquals":{"aws:SourceAccount":[{}]}}`),
    {
      message: 'Syntax errors in policy.',
      path: 'Statement[0].Condition.StringEquals.aws:SourceAccount[0]',
      covers: '{}',
      detail: 'a condition value must be a string, a number or a boolean, not an object',
    },
  ],
  [
    'Effect "allow": the legacy parser, located',
    statement('"Effect":"allow","Action":"s3:*","Resource":"*"'),
    {
      message: 'The policy failed legacy parsing',
      path: 'Statement[0].Effect',
      covers: '"allow"',
      detail: '`Effect` is case-sensitive: write `Allow`, not `allow`',
    },
  ],
  [
    'a date IAM cannot read: the legacy parser, located',
    statement(`${ok},"Condition":{"DateLessThan":{"aws:CurrentTime":"tomorrow"}}`),
    {
      message: 'The policy failed legacy parsing',
      path: 'Statement[0].Condition.DateLessThan.aws:CurrentTime',
      covers: '"tomorrow"',
      detail: '`tomorrow` is not a date IAM reads (ISO 8601 or epoch seconds)',
    },
  ],
  [
    'a trailing comma in an array',
    statement('"Effect":"Allow","Action":["s3:*",],"Resource":"*"'),
    {
      message: 'Syntax errors in policy.',
      path: 'Statement[0].Action[0]',
      covers: ',',
      detail: 'trailing comma before `]`',
    },
  ],
  [
    'a name without quotes',
    statement('Effect:"Allow","Action":"s3:*","Resource":"*"'),
    {
      message: 'Syntax errors in policy.',
      path: 'Statement[0]',
      covers: 'Effect',
      detail: 'unexpected `Effect` (JSON puts names and strings in double quotes)',
    },
  ],
  [
    'a file name instead of a policy',
    'trust.json',
    {
      message: 'Syntax errors in policy.',
      path: '',
      covers: 'trust.json',
      detail: 'unexpected `trust.json` (JSON puts names and strings in double quotes)',
    },
  ],
  [
    'a document cut short',
    '{"Version":"2012-10-17","Statement":[',
    { message: 'Syntax errors in policy.', path: 'Statement[0]', covers: '', detail: 'a `]` was expected' },
  ],
];

for (const [name, text, expected] of cases) {
  test(`located: ${name}`, () => {
    assert.deepEqual(fault(text), expected);
  });
}

test('positions count lines from 1 and columns from 0 across \\n, \\r\\n and lone \\r', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const text = [
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": {',
      '    "Efect": "Allow"',
      '  }',
      '}',
    ].join(eol);
    const r = parsePolicy(text);
    if (r.ok) throw new Error('expected a fault');
    const { start, end } = r.location!.span;
    assert.deepEqual([start.line, start.column, end.line, end.column], [4, 4, 4, 11], JSON.stringify(eol));
    assert.equal(text.slice(start.offset, end.offset), '"Efect"');
  }
});

test('validatePolicy passes the location on; a trust policy that is not JSON keeps IAM’s own message', () => {
  const v = validatePolicy('{"Version":"2012-10-17",}', 'trust');
  assert.equal(v.valid, false);
  if (v.valid) return;
  assert.equal(v.message, 'This policy contains invalid Json');
  assert.equal(v.location?.detail, 'trailing comma before `}`');
});

test('a valid document and a fault beyond the grammar (a semantic message) carry no location', () => {
  assert.equal(validatePolicy(statement(ok), 'managed').valid, true);
  const v = validatePolicy(statement(ok), 'trust');
  assert.equal(v.valid, false);
  if (!v.valid) assert.equal(v.location, undefined);
});
