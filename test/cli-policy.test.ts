/**
 * The `pinpost policy` CLI contract (issue 2, "The CLI contract"): validate with AWS's
 * MalformedPolicyDocument messages, JSONL in and out, and simulate in IAM's result shape.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { seedPermissionsPolicy, seedTrustPolicy } from './fixtures/seed-policies.js';

const ACCOUNT = '111122223333';

function pinpost(args: string[], input: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    input,
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('policy validate: the seed trust policy is a valid trust policy without findings', () => {
  const r = pinpost(['policy', 'validate', '--type', 'trust', '-'], seedTrustPolicy(ACCOUNT));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'Valid: no findings.');
});

test("policy validate: the seed permissions policy is refused as a trust policy with AWS's message", () => {
  const r = pinpost(['policy', 'validate', '--type', 'trust', '-'], seedPermissionsPolicy(ACCOUNT));
  assert.equal(r.code, 1);
  assert.equal(r.stdout.trim(), 'MalformedPolicyDocument: Has prohibited field Resource.');
});

test('policy validate: a service trust without aws:SourceAccount/aws:SourceArn is flagged (confused-deputy.html)', () => {
  const open = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  });
  const r = pinpost(['policy', 'validate', '--type', 'trust', '-'], open);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL/);
});

test('policy validate --jsonl: one result line per input line', () => {
  const lines = [
    { PolicyDocument: seedPermissionsPolicy(ACCOUNT), PolicyType: 'managed' },
    {
      PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ses:SendEmail"}]}',
      PolicyType: 'identity',
    },
    { PolicyDocument: seedPermissionsPolicy(ACCOUNT), PolicyType: 'trust' },
  ]
    .map((l) => JSON.stringify(l))
    .join('\n');
  const r = pinpost(['policy', 'validate', '--jsonl'], lines);
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { Valid: boolean; Code?: string; Message?: string; Findings: unknown[] });
  assert.equal(out.length, 3);
  assert.deepEqual(out[0], { Valid: true, Findings: [] });
  assert.deepEqual(
    [out[1].Valid, out[1].Code, out[1].Message],
    [false, 'MalformedPolicyDocument', 'Policy statement must contain resources.'],
  );
  assert.deepEqual([out[2].Valid, out[2].Message], [false, 'Has prohibited field Resource.']);
});

test('policy simulate: the seed trust policy for pinpoint.amazonaws.com, with and without the matching aws:SourceAccount', () => {
  const request = (sourceAccount: string) => ({
    ResourcePolicy: seedTrustPolicy(ACCOUNT),
    ResourceOwner: `arn:aws:iam::${ACCOUNT}:root`,
    CallerArn: 'pinpoint.amazonaws.com',
    ActionNames: ['sts:AssumeRole'],
    ResourceArns: [`arn:aws:iam::${ACCOUNT}:role/PinpointSES`],
    ContextEntries: [
      { ContextKeyName: 'aws:SourceAccount', ContextKeyValues: [sourceAccount], ContextKeyType: 'string' },
    ],
  });
  const r = pinpost(
    ['policy', 'simulate', '--jsonl'],
    [request(ACCOUNT), request('444455556666')].map((x) => JSON.stringify(x)).join('\n'),
  );
  assert.equal(r.code, 0, r.stderr);
  const [ok, other] = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { EvaluationResults: { EvalDecision: string }[] });
  assert.equal(ok.EvaluationResults[0].EvalDecision, 'allowed');
  assert.equal(other.EvaluationResults[0].EvalDecision, 'implicitDeny');
});

test("policy simulate: the seed permissions policy in IAM's EvaluationResults shape", () => {
  const r = pinpost(
    ['policy', 'simulate'],
    JSON.stringify({
      PolicyInputList: [seedPermissionsPolicy(ACCOUNT)],
      ActionNames: ['ses:SendEmail'],
      ResourceArns: [
        `arn:aws:ses:us-east-1:${ACCOUNT}:configuration-set/marketing`,
        `arn:aws:ses:us-east-1:${ACCOUNT}:template/Welcome`,
      ],
    }),
  );
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    EvaluationResults: { EvalResourceName: string; EvalDecision: string }[];
  };
  assert.deepEqual(
    out.EvaluationResults.map((e) => e.EvalDecision),
    ['allowed', 'implicitDeny'],
  );
});

test("policy simulate: malformed input exits 1 with AWS's error", () => {
  const r = pinpost(
    ['policy', 'simulate'],
    JSON.stringify({ PolicyInputList: ['{"Version": '], ActionNames: ['ses:SendEmail'] }),
  );
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.stderr), {
    Error: { Code: 'MalformedPolicyDocument', Message: 'Syntax errors in policy.' },
  });
});

test('an unknown policy type is a usage error naming the input', () => {
  const r = pinpost(['policy', 'validate', '--type', 'bucket', '-'], '{}');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown policy type `bucket`/);
});

// Issue 9: policy typos answer IAM's one message; the CLI adds where, as Access Analyzer's
// findings carry locations (API_ValidatePolicyFinding.html, API_Location.html, API_Position.html).
const PRETTY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SendMail",
      "Effect": "Allow",
      "Action": "ses:SendEmail",
      "Resource": "*"
    }
  ]
}
`;

test('policy validate: `"Efect"` is located at its key, with the element it most likely means', () => {
  const r = pinpost(['policy', 'validate', '--type', 'managed', '-'], PRETTY.replace('"Effect"', '"Efect"'));
  assert.equal(r.code, 1);
  assert.equal(
    r.stdout,
    [
      'MalformedPolicyDocument: Syntax errors in policy.',
      '  at line 6, column 7 (Statement[0].Efect): unknown statement element `Efect` (did you mean `Effect`?)',
      '  6 |       "Efect": "Allow",',
      '    |       ^^^^^^^',
      '',
    ].join('\n'),
  );
});

test('policy validate: `"Alow"` is located at the value', () => {
  const r = pinpost(['policy', 'validate', '--type', 'managed', '-'], PRETTY.replace('"Allow"', '"Alow"'));
  assert.equal(r.code, 1);
  assert.equal(
    r.stdout,
    [
      'MalformedPolicyDocument: Syntax errors in policy.',
      '  at line 6, column 17 (Statement[0].Effect): `Effect` must be `Allow` or `Deny`, not `Alow` (did you mean `Allow`?)',
      '  6 |       "Effect": "Alow",',
      '    |                 ^^^^^^',
      '',
    ].join('\n'),
  );
});

test('policy validate: a trailing comma is located at the comma', () => {
  const r = pinpost(
    ['policy', 'validate', '--type', 'managed', '-'],
    PRETTY.replace('"Resource": "*"', '"Resource": "*",'),
  );
  assert.equal(r.code, 1);
  assert.equal(
    r.stdout,
    [
      'MalformedPolicyDocument: Syntax errors in policy.',
      '  at line 8, column 22 (Statement[0].Resource): trailing comma before `}`',
      '  8 |       "Resource": "*",',
      '    |                      ^',
      '',
    ].join('\n'),
  );
});

test("policy validate --jsonl: a typo's line carries Access Analyzer's Location (column from 0) and a Detail", () => {
  const line = JSON.stringify({
    PolicyDocument: PRETTY.replace('"Effect"', '"Efect"'),
    PolicyType: 'managed',
  });
  const r = pinpost(['policy', 'validate', '--jsonl'], line);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    Valid: false,
    Code: 'MalformedPolicyDocument',
    Message: 'Syntax errors in policy.',
    Location: {
      path: [{ value: 'Statement' }, { index: 0 }, { key: 'Efect' }],
      // Offsets count from 0 in the whole text: `"Efect"` starts at character 83.
      span: { start: { line: 6, column: 6, offset: 83 }, end: { line: 6, column: 13, offset: 90 } },
    },
    Detail: 'unknown statement element `Efect` (did you mean `Effect`?)',
    // The same fault as Access Analyzer's finding (issue 13: one source of findings for CLI and API).
    Findings: [
      {
        findingType: 'ERROR',
        issueCode: 'INVALID_POLICY_ELEMENT',
        findingDetails: 'The policy element Efect is not valid.',
        learnMoreLink:
          'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-policy-element',
        locations: [
          {
            path: [{ value: 'Statement' }, { index: 0 }, { key: 'Efect' }],
            span: { start: { line: 6, column: 6, offset: 83 }, end: { line: 6, column: 13, offset: 90 } },
          },
        ],
      },
    ],
  });
});

test('policy validate without --type says what to pass, lists the types, and exits 2 without reading input', () => {
  const r = pinpost(['policy', 'validate', 'no-such-file.json'], '');
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    "pinpost: `policy validate` needs the policy's type: pass `--type TYPE` with TYPE one of `identity`, `managed`, " +
      '`resource`, `trust`, `boundary`, `scp`, `rcp`, `session` (or `--jsonl`, one JSON request with its PolicyType per line)\n' +
      'usage: pinpost policy validate --type TYPE [FILE|-]\n',
  );
});
