import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from './parse.js';
import { SEED_PERMISSIONS_POLICY, SEED_TRUST_POLICY } from './seed-policies.test-fixture.js';
import type { PolicyDocument } from './types.js';
import { LEGACY_PARSING, SYNTAX_ERRORS } from './validate-messages.js';

function parsed(text: string): PolicyDocument {
  const r = parsePolicy(text);
  assert.ok(r.ok, `expected ${text} to parse, got ${JSON.stringify(r)}`);
  return r.doc;
}

function stmt(body: string, extraTop = ''): string {
  return `{"Version":"2012-10-17",${extraTop}"Statement":${body}}`;
}

test('seed permissions policy (pinpoint developerguide/permissions-ses.html) parses with positions', () => {
  const doc = parsed(SEED_PERMISSIONS_POLICY);
  assert.equal(doc.version, '2012-10-17');
  assert.deepEqual(doc.statements, [
    {
      index: 0,
      sid: 'PinpointUsesSESForEmailSends',
      effect: 'Allow',
      action: ['ses:SendEmail', 'ses:SendRawEmail'],
      resource: [
        'arn:aws:ses:us-east-1:111122223333:identity/*',
        'arn:aws:ses:us-east-1:111122223333:configuration-set/*',
      ],
      // API_Statement.html StartPosition/EndPosition: the statement's `{` and `}`, 1-based
      start: { line: 4, column: 9 },
      end: { line: 15, column: 9 },
    },
  ]);
});

test('seed trust policy (permissions-ses.html): single strings become arrays, Condition kept', () => {
  const [s] = parsed(SEED_TRUST_POLICY).statements;
  assert.deepEqual(s.principal, { Service: ['pinpoint.amazonaws.com'] });
  assert.deepEqual(s.action, ['sts:AssumeRole']);
  assert.deepEqual(s.condition, { StringEquals: { 'aws:SourceAccount': ['111122223333'] } });
});

test('Statement as a single object becomes a one-element array (reference_policies_grammar.html)', () => {
  const doc = parsed('{"Statement":{"Effect":"Deny","NotAction":"s3:*","NotResource":"*"}}');
  assert.equal(doc.version, undefined);
  assert.equal(doc.statements.length, 1);
  assert.equal(doc.statements[0].index, 0);
  assert.deepEqual(doc.statements[0].notAction, ['s3:*']);
  assert.deepEqual(doc.statements[0].notResource, ['*']);
});

test('condition numbers and booleans keep their written form (reference_policies_elements_condition.html)', () => {
  const doc = parsed(
    stmt(
      '[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":10.50},"Bool":{"aws:SecureTransport":[true,"false"]}}}]',
    ),
  );
  assert.deepEqual(doc.statements[0].condition, {
    NumericLessThan: { 's3:max-keys': ['10.50'] },
    Bool: { 'aws:SecureTransport': ['true', 'false'] },
  });
});

test('positions: CRLF and several statements, Id kept (API_Position.html)', () => {
  const text =
    '{\r\n"Id":"x",\r\n"Statement":[\r\n  {"Effect":"Allow","Action":"a:b","Resource":"*"},\r\n  {"Effect":"Deny",\r\n"Action":"a:c","Resource":"*"}]}';
  const doc = parsed(text);
  assert.equal(doc.id, 'x');
  assert.deepEqual(
    doc.statements.map((s) => [s.index, s.start, s.end]),
    [
      [0, { line: 4, column: 3 }, { line: 4, column: 50 }],
      [1, { line: 5, column: 3 }, { line: 6, column: 30 }],
    ],
  );
});

const refused: { name: string; text: string; message: string; invalidJson?: boolean }[] = [
  // Not JSON (JSON RFC 8259; CreatePolicy answers "Syntax errors in policy." boto/boto3#180)
  {
    name: 'trailing comma',
    text: stmt('[{"Effect":"Allow","Action":"a:b","Resource":"*",}]'),
    message: SYNTAX_ERRORS,
    invalidJson: true,
  },
  { name: 'comment', text: '{/*x*/"Statement":[]}', message: SYNTAX_ERRORS, invalidJson: true },
  {
    name: 'text after the document',
    text: stmt('{"Effect":"Allow","Action":"a:b","Resource":"*"}') + ' x',
    message: SYNTAX_ERRORS,
    invalidJson: true,
  },
  { name: 'empty text', text: '', message: SYNTAX_ERRORS, invalidJson: true },
  { name: 'literal null (99designs/iamy#74)', text: 'null', message: SYNTAX_ERRORS },
  // Grammar (reference_policies_grammar.html)
  {
    name: 'unknown top-level element',
    text: stmt('{"Effect":"Allow","Action":"a:b","Resource":"*"}', '"Foo":1,'),
    message: SYNTAX_ERRORS,
  },
  {
    name: 'element names are case-sensitive',
    text: '{"statement":[{"Effect":"Allow","Action":"a:b","Resource":"*"}]}',
    message: SYNTAX_ERRORS,
  },
  { name: 'no Statement', text: '{"Version":"2012-10-17"}', message: SYNTAX_ERRORS },
  { name: 'empty Statement array', text: stmt('[]'), message: SYNTAX_ERRORS },
  {
    name: 'unknown Version (reference_policies_elements_version.html)',
    text: '{"Version":"2012-10-18","Statement":{"Effect":"Allow","Action":"a:b","Resource":"*"}}',
    message: SYNTAX_ERRORS,
  },
  {
    name: 'Id not a string',
    text: stmt('{"Effect":"Allow","Action":"a:b","Resource":"*"}', '"Id":1,'),
    message: SYNTAX_ERRORS,
  },
  {
    name: 'unknown statement element',
    text: stmt('{"Effect":"Allow","Action":"a:b","Resources":"*"}'),
    message: SYNTAX_ERRORS,
  },
  {
    name: 'both Action and NotAction',
    text: stmt('{"Effect":"Allow","Action":"a:b","NotAction":"a:c","Resource":"*"}'),
    message: SYNTAX_ERRORS,
  },
  {
    name: 'both Resource and NotResource',
    text: stmt('{"Effect":"Allow","Action":"a:b","Resource":"*","NotResource":"*"}'),
    message: SYNTAX_ERRORS,
  },
  {
    name: 'both Principal and NotPrincipal',
    text: stmt('{"Effect":"Allow","Principal":"*","NotPrincipal":"*","Action":"a:b","Resource":"*"}'),
    message: SYNTAX_ERRORS,
  },
  { name: 'no Effect', text: stmt('{"Action":"a:b","Resource":"*"}'), message: SYNTAX_ERRORS },
  {
    name: 'Effect neither Allow nor Deny',
    text: stmt('{"Effect":"Permit","Action":"a:b","Resource":"*"}'),
    message: SYNTAX_ERRORS,
  },
  {
    name: 'Action holds an object',
    text: stmt('{"Effect":"Allow","Action":{"Ref":"x"},"Resource":"*"}'),
    message: SYNTAX_ERRORS,
  },
  {
    name: 'Resource list holds a number',
    text: stmt('{"Effect":"Allow","Action":"a:b","Resource":["*",1]}'),
    message: SYNTAX_ERRORS,
  },
  {
    name: 'Sid not a string',
    text: stmt('{"Sid":1,"Effect":"Allow","Action":"a:b","Resource":"*"}'),
    message: SYNTAX_ERRORS,
  },
  {
    name: 'Principal string other than *',
    text: stmt('{"Effect":"Allow","Principal":"me","Action":"a:b","Resource":"*"}'),
    message: SYNTAX_ERRORS,
  },
  {
    name: 'unknown principal type',
    text: stmt('{"Effect":"Allow","Principal":{"User":"x"},"Action":"a:b","Resource":"*"}'),
    message: SYNTAX_ERRORS,
  },
  // Condition (reference_policies_elements_condition_operators.html; cfn-lint#3751)
  {
    name: 'condition key where the operator belongs',
    text: stmt('{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"aws:SourceAccount":"1"}}'),
    message: SYNTAX_ERRORS,
  },
  {
    name: 'unknown condition operator',
    text: stmt(
      '{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"StringEqual":{"aws:SourceAccount":"1"}}}',
    ),
    message: SYNTAX_ERRORS,
  },
  {
    name: 'NullIfExists is not an operator',
    text: stmt(
      '{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"NullIfExists":{"aws:TagKeys":"true"}}}',
    ),
    message: SYNTAX_ERRORS,
  },
  {
    name: 'null condition value',
    text: stmt(
      '{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":null}}}',
    ),
    message: SYNTAX_ERRORS,
  },
  // Legacy parser (hashicorp/terraform#10057; moto)
  {
    name: 'Effect in the wrong case',
    text: stmt('{"Effect":"allow","Action":"a:b","Resource":"*"}'),
    message: LEGACY_PARSING,
  },
  {
    name: 'unparsable date',
    text: stmt(
      '{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"yesterday"}}}',
    ),
    message: LEGACY_PARSING,
  },
  {
    name: 'month 13',
    text: stmt(
      '{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2020-13-01T00:00:00Z"}}}',
    ),
    message: LEGACY_PARSING,
  },
];

for (const c of refused) {
  test(`parsePolicy refuses ${c.name}: ${c.message}`, () => {
    const r = parsePolicy(c.text);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.message, c.message);
    assert.equal(r.invalidJson === true, c.invalidJson === true);
  });
}

const dates = ['2020-01-01T00:00:00Z', '2020-01-01', '2020-06-30T23:59:59.123+02:00', '1577836800'];
for (const d of dates) {
  test(`Date condition value ${d} is accepted (condition_operators.html, Date condition operators)`, () => {
    parsed(
      stmt(
        `{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"${d}"}}}`,
      ),
    );
  });
}

test('a repeated key keeps its last value, as JSON.parse does', () => {
  const doc = parsed(stmt('{"Effect":"Deny","Effect":"Allow","Action":"a:b","Resource":"*"}'));
  assert.equal(doc.statements[0].effect, 'Allow');
});

test('parse is linear: 20,000 statements parse quickly', () => {
  const one = '{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}';
  const text = stmt(`[${Array(20000).fill(one).join(',\n')}]`);
  const t0 = performance.now();
  const doc = parsed(text);
  assert.equal(doc.statements.length, 20000);
  assert.equal(doc.statements[19999].start.line, 20000);
  assert.ok(performance.now() - t0 < 2000);
});
