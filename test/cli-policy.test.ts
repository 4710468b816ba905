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
