/**
 * The findings of analyzePolicy, in Access Analyzer's ValidatePolicy shape
 * (API_ValidatePolicyFinding.html, API_Location.html, API_Span.html, API_Position.html).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzePolicy } from './findings.js';

const CHECKS =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';

test('awscli examples/accessanalyzer/validate-policy.rst: EMPTY_SID_VALUE with the very path and span AWS answers', () => {
  // The example's myfile.json, as the rst shows it (4-space indent); AWS's answer is quoted below.
  const text = readFileSync('test/fixtures/aa-validate-policy-example.txt', 'utf8');
  const { findings } = analyzePolicy(text, 'resource');
  const sid = findings.find((f) => f.issueCode === 'EMPTY_SID_VALUE');
  assert.deepEqual(sid, {
    findingDetails: 'Add a value to the empty string in the Sid element.',
    findingType: 'SUGGESTION',
    issueCode: 'EMPTY_SID_VALUE',
    learnMoreLink: `${CHECKS}#access-analyzer-reference-policy-checks-suggestion-empty-sid-value`,
    locations: [
      {
        path: [{ value: 'Statement' }, { index: 0 }, { value: 'Sid' }],
        span: { end: { column: 21, line: 5, offset: 81 }, start: { column: 19, line: 5, offset: 79 } },
      },
    ],
  });
});

test('access-analyzer-reference-policy-checks.html: a JSON syntax error is one ERROR at its place', () => {
  const { iam, findings } = analyzePolicy('{\n  "Version": "2012-10-17",\n  "Statement": [}\n', 'identity');
  assert.equal(iam.valid, false);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].issueCode, 'JSON_SYNTAX_ERROR');
  assert.equal(findings[0].findingType, 'ERROR');
  assert.equal(findings[0].findingDetails, 'Fix the JSON syntax error at index 45 line 3 column 16.');
  assert.deepEqual(findings[0].locations[0].span.start, { line: 3, column: 16, offset: 45 });
});

test('grammar faults IAM answers with "Syntax errors in policy." are named as Access Analyzer names them', () => {
  const cases: [string, string, string][] = [
    [
      '{"Version":"2012-10-17","Statement":[{"Efect":"Allow","Action":"s3:*","Resource":"*"}]}',
      'INVALID_POLICY_ELEMENT',
      'The policy element Efect is not valid.',
    ],
    [
      '{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Action":"s3:*","Resource":"*"}]}',
      'INVALID_EFFECT',
      'The effect Permit is not valid. Use Allow or Deny.',
    ],
    [
      '{"Version":"2012-10-17","Statement":[{"Action":"s3:*","Resource":"*"}]}',
      'MISSING_EFFECT',
      'Add an Effect element to the policy statement with a value of Allow or Deny.',
    ],
    ['{"Version":"2012-10-17","Statement":[]}', 'MISSING_STATEMENT', 'Add a statement to the policy'],
    [
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotAction":"s3:Get*","Resource":"*"}]}',
      'UNSUPPORTED_ELEMENT_COMBINATION',
      'The policy elements Action and NotAction can not be used in the same statement. Remove one of these elements.',
    ],
    [
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqual":{"aws:x":"1"}}}]}',
      'INVALID_CONDITION_OPERATOR',
      'The condition operator StringEqual is not valid. Use a valid condition operator.',
    ],
    [
      '{"Version":"2012-10-18","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
      'INVALID_VERSION',
      'The version 2012-10-18 is not valid. Use one of the following versions: 2012-10-17, 2008-10-17',
    ],
  ];
  for (const [text, code, details] of cases) {
    const { iam, findings } = analyzePolicy(text, 'identity');
    assert.equal(iam.valid, false, code);
    assert.deepEqual([findings[0]?.issueCode, findings[0]?.findingDetails], [code, details]);
  }
});

test('document faults are each reported and located; IAM still answers its first', () => {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'bucket' },
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws-cn:s3:::b/*' },
    ],
  });
  const { iam, findings } = analyzePolicy(text, 'managed');
  assert.deepEqual(iam, {
    valid: false,
    code: 'MalformedPolicyDocument',
    message: 'Policy document should not specify a principal.',
  });
  assert.deepEqual(
    findings.map((f) => [f.issueCode, JSON.stringify(f.locations[0].path)]),
    [
      ['INVALID_ARN_PREFIX', '[{"value":"Statement"},{"index":0},{"value":"Resource"},{"index":0}]'],
      ['UNSUPPORTED_PRINCIPAL', '[{"value":"Statement"},{"index":1},{"value":"Principal"}]'],
      ['INVALID_PARTITION', '[{"value":"Statement"},{"index":1},{"value":"Resource"},{"index":0}]'],
    ],
  );
  const partition = findings[2];
  assert.equal(
    partition.findingDetails,
    'The resource ARN for the service s3 does not support the partition aws-cn. Use the supported values: aws',
  );
  assert.equal(
    text.slice(partition.locations[0].span.start.offset, partition.locations[0].span.end.offset),
    '"arn:aws-cn:s3:::b/*"',
  );
});

test('the partition the policy is validated in decides which ARNs are refused', () => {
  const gov = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: 'arn:aws-us-gov:ses:us-gov-west-1:111122223333:identity/*',
      },
    ],
  });
  assert.equal(analyzePolicy(gov, 'managed').iam.valid, false);
  assert.deepEqual(analyzePolicy(gov, 'managed', { partition: 'aws-us-gov' }).findings, []);
});
