/**
 * `pinpost policy validate|lint` for CI (issue 13): files, folders and globs; `--format
 * text|json|sarif` (SARIF 2.1.0, OASIS sarif-v2.1.0: rules, levels, physical locations with 1-based
 * line and column); `--ignore` for issue codes; `--fail-on` for the exit code; `--partition`; and
 * `policy explain`. Findings are Access Analyzer's (access-analyzer-reference-policy-checks.html).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedPermissionsPolicy, seedTrustPolicy } from './fixtures/seed-policies.js';

const A = '111122223333';

function pinpost(args: string[], input = ''): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    input,
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const openTrust = () => {
  const doc = JSON.parse(seedTrustPolicy(A)) as { Statement: { Condition?: unknown }[] };
  delete doc.Statement[0].Condition;
  return JSON.stringify(doc, null, 2);
};

/** policies/ with a good trust policy, an open one, and a broken one two folders down. */
function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pinpost-policies-'));
  mkdirSync(join(dir, 'roles', 'deep'), { recursive: true });
  writeFileSync(join(dir, 'roles', 'good.json'), seedTrustPolicy(A));
  writeFileSync(join(dir, 'roles', 'open.json'), openTrust());
  writeFileSync(
    join(dir, 'roles', 'deep', 'broken.json'),
    '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow",}\n  ]\n}\n',
  );
  writeFileSync(join(dir, 'roles', 'notes.txt'), 'not a policy');
  return dir;
}

test('SARIF 2.1.0 over a folder: rules, levels, and the JSON syntax error at its line and column', () => {
  const dir = tree();
  const r = pinpost(['policy', 'validate', '--type', 'trust', '--format', 'sarif', join(dir, 'roles')]);
  assert.equal(r.code, 1, 'an ERROR finding fails at the default level (error)');
  const log = JSON.parse(r.stdout) as {
    version: string;
    runs: {
      tool: {
        driver: {
          name: string;
          rules: { id: string; defaultConfiguration: { level: string }; helpUri?: string }[];
        };
      };
      results: {
        ruleId: string;
        level: string;
        locations: {
          physicalLocation: {
            artifactLocation: { uri: string };
            region?: { startLine: number; startColumn: number };
          };
        }[];
      }[];
    }[];
  };
  assert.equal(log.version, '2.1.0');
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'pinpost');
  const rule = (id: string) => run.tool.driver.rules.find((x) => x.id === id);
  assert.equal(rule('JSON_SYNTAX_ERROR')?.defaultConfiguration.level, 'error');
  assert.equal(rule('RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL')?.defaultConfiguration.level, 'warning');
  assert.match(
    rule('RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL')?.helpUri ?? '',
    /access-analyzer-reference-policy-checks/,
  );
  const syntax = run.results.find((x) => x.ruleId === 'JSON_SYNTAX_ERROR')!;
  assert.equal(syntax.level, 'error');
  const loc = syntax.locations[0].physicalLocation;
  assert.match(loc.artifactLocation.uri, /roles\/deep\/broken\.json$/);
  // `}` after the trailing comma: line 4, column 23 counting from 1 (SARIF §3.30.5).
  assert.deepEqual([loc.region?.startLine, loc.region?.startColumn], [4, 23]);
  const open = run.results.find((x) => x.ruleId === 'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL')!;
  assert.match(open.locations[0].physicalLocation.artifactLocation.uri, /roles\/open\.json$/);
  assert.equal(run.results.length, 2, 'good.json has no finding and notes.txt is not read');
});

test('globs and text: every line names its file; --ignore drops a code; --fail-on decides the exit code', () => {
  const dir = tree();
  const glob = `${dir}/roles/*.json`;
  const text = pinpost(['policy', 'lint', '--type', 'trust', glob]);
  assert.equal(text.code, 0, 'a SECURITY_WARNING is below the default level');
  assert.deepEqual(text.stdout.trim().split('\n'), [
    `${dir}/roles/good.json: Valid: no findings.`,
    `${dir}/roles/open.json: SECURITY_WARNING RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL at statement 1 (AllowPinpoint): Granting access to a service principal without specifying a source is overly permissive. Use aws:SourceArn or aws:SourceAccount condition key and scope access to a specific source to grant fine-grained access.`,
  ]);
  assert.equal(
    pinpost(['policy', 'validate', '--type', 'trust', '--fail-on', 'security-warning', glob]).code,
    1,
  );
  const ignored = pinpost([
    'policy',
    'validate',
    '--type',
    'trust',
    '--fail-on',
    'security-warning',
    '--ignore',
    'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL',
    `${dir}/roles/open.json`,
  ]);
  assert.deepEqual([ignored.code, ignored.stdout.trim()], [0, 'Valid: no findings.']);
  const deep = pinpost([
    'policy',
    'validate',
    '--type',
    'trust',
    '--fail-on',
    'none',
    `${dir}/**/broken.json`,
  ]);
  assert.equal(deep.code, 0, '--fail-on none never fails');
  assert.match(deep.stdout, /^MalformedPolicyDocument: This policy contains invalid Json/);
  const none = pinpost(['policy', 'validate', '--type', 'trust', `${dir}/nothing/*.json`]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no file matches/);
});

test('--format json lists each file with IAM’s answer and every finding located', () => {
  const dir = tree();
  const r = pinpost([
    'policy',
    'validate',
    '--type',
    'trust',
    '--format',
    'json',
    join(dir, 'roles', 'open.json'),
  ]);
  const out = JSON.parse(r.stdout) as {
    Files: { File: string; Valid: boolean; Findings: { issueCode: string; locations: unknown[] }[] }[];
  };
  assert.equal(out.Files.length, 1);
  assert.equal(out.Files[0].Valid, true);
  assert.deepEqual(
    out.Files[0].Findings.map((f) => f.issueCode),
    ['RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL'],
  );
  assert.equal(out.Files[0].Findings[0].locations.length, 1);
});

test('--partition: the seed policy written for GovCloud is valid there, and refused in aws with IAM’s text', () => {
  const gov = seedPermissionsPolicy(A, 'aws-us-gov', 'us-gov-west-1');
  const there = pinpost(['policy', 'validate', '--type', 'managed', '--partition', 'aws-us-gov', '-'], gov);
  assert.deepEqual([there.code, there.stdout.trim()], [0, 'Valid: no findings.']);
  const here = pinpost(['policy', 'validate', '--type', 'managed', '-'], gov);
  assert.equal(here.code, 1);
  assert.equal(
    here.stdout.trim(),
    `MalformedPolicyDocument: Partition "aws-us-gov" is not valid for resource "arn:aws-us-gov:ses:us-gov-west-1:${A}:identity/*".`,
  );
  const lines = [
    { PolicyDocument: gov, PolicyType: 'managed', Partition: 'aws-us-gov' },
    { PolicyDocument: gov, PolicyType: 'managed' },
  ];
  const jsonl = pinpost(['policy', 'validate', '--jsonl'], lines.map((l) => JSON.stringify(l)).join('\n'));
  assert.deepEqual(
    jsonl.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { Valid: boolean }).Valid),
    [true, false],
  );
  const bad = pinpost(['policy', 'validate', '--type', 'managed', '--partition', 'aws-gov', '-'], gov);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown partition `aws-gov`/);
});

test('policy explain: why the seed trust policy refuses Pinpoint for another account, in words', () => {
  const request = {
    ResourcePolicy: seedTrustPolicy(A),
    CallerArn: 'pinpoint.amazonaws.com',
    ActionNames: ['sts:AssumeRole'],
    ResourceArns: [`arn:aws:iam::${A}:role/PinpointSES`],
    ContextEntries: [
      { ContextKeyName: 'aws:SourceAccount', ContextKeyValues: ['444455556666'], ContextKeyType: 'string' },
    ],
  };
  const r = pinpost(['policy', 'explain', '-'], JSON.stringify(request));
  assert.equal(r.code, 1, 'denied');
  const lines = r.stdout.split('\n');
  assert.equal(
    lines[0],
    `pinpoint.amazonaws.com calls sts:AssumeRole on arn:aws:iam::${A}:role/PinpointSES: DENIED (implicit deny: nothing allows it)`,
  );
  assert.ok(lines.includes('  4. Resource-based policy: no statement allows (implicit deny).'), r.stdout);
  assert.ok(
    lines.includes(
      `       - ResourcePolicy statement 1 (AllowPinpoint), Allow: its Condition does not hold: StringEquals aws:SourceAccount needs "${A}", and the request has "444455556666".`,
    ),
    r.stdout,
  );
  request.ContextEntries[0].ContextKeyValues = [A];
  const ok = pinpost(['policy', 'explain', '--format', 'json', '-'], JSON.stringify(request));
  assert.equal(ok.code, 0);
  assert.equal((JSON.parse(ok.stdout) as { decision: string }[])[0].decision, 'allowed');
});
