import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePolicy } from '../../../../src/iam/policy/findings.js';
import { iamVerdict, validateRequest } from './policy-check.js';

const lines = (...l: string[]) => l.join('\n');

test('API_ValidatePolicy.html: a trust policy is a RESOURCE_POLICY of type AWS::IAM::AssumeRolePolicyDocument', () => {
  assert.deepEqual(validateRequest('trust', '{}'), {
    policyDocument: '{}',
    policyType: 'RESOURCE_POLICY',
    validatePolicyResourceType: 'AWS::IAM::AssumeRolePolicyDocument',
  });
  assert.deepEqual(validateRequest('inline-role', '{}'), {
    policyDocument: '{}',
    policyType: 'IDENTITY_POLICY',
  });
  assert.deepEqual(validateRequest('managed', '{}'), { policyDocument: '{}', policyType: 'IDENTITY_POLICY' });
});

test('a valid policy has no IAM verdict', () => {
  const ok =
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ses:SendEmail","Resource":"*"}]}';
  assert.equal(iamVerdict('inline-role', ok), undefined);
});

test('a grammar fault: IAM answers "Syntax errors in policy." and the editor marks its line', () => {
  const text = lines(
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [',
    '    {',
    '      "Effect": "Allow",',
    '      "Actoin": "ses:SendEmail",',
    '      "Resource": "*"',
    '    }',
    '  ]',
    '}',
  );
  const v = iamVerdict('inline-role', text);
  assert.equal(v?.code, 'MalformedPolicyDocument');
  assert.equal(v?.message, 'Syntax errors in policy.');
  assert.equal(v?.marker?.line, 6);
});

test("a semantic fault: IAM's own text, marked at the line of Access Analyzer's first error", () => {
  const text = lines(
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [',
    '    {',
    '      "Effect": "Allow",',
    '      "Resource": "*",',
    '      "Action": "SendEmail"',
    '    }',
    '  ]',
    '}',
  );
  const { findings, iam } = analyzePolicy(text, 'identity');
  assert.equal(iam.valid, false);
  const v = iamVerdict('inline-role', text, findings);
  assert.equal(v?.code, 'MalformedPolicyDocument');
  assert.equal(v?.message, iam.valid ? undefined : iam.message);
  assert.equal(v?.marker?.line, 7);
});

test("a trust policy with an action a trust policy cannot hold is refused with IAM's text", () => {
  const text =
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pinpoint.amazonaws.com"},"Action":"ses:SendEmail"}]}';
  const v = iamVerdict('trust', text, analyzePolicy(text, 'trust').findings);
  assert.equal(v?.code, 'MalformedPolicyDocument');
  assert.match(v?.message ?? '', /AssumeRole/);
  assert.equal(v?.marker?.line, 1);
});
