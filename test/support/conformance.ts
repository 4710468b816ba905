/**
 * Conformance through the clients users already have: a script under test/conformance/ (boto3 and
 * the AWS CLI) drives a started Pinpost and prints one JSON line per check it makes
 * (`{"check": …, "ok": …}`). Each check becomes one assertion here, so a failure names the check.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';

function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * Runs `test/conformance/<script>` against `url`; every check must pass and the script must end
 * well. `expected` is how many checks it makes, or `{ atLeast }` where the count may grow.
 */
export async function assertConformance(
  script: string,
  url: string,
  expected: number | { atLeast: number },
): Promise<void> {
  const r = await run('python3', [`test/conformance/${script}`, url]);
  const checks = r.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { check: string; ok: boolean });
  const early = `the script stopped early:\n${r.stdout}\n${r.stderr.slice(-3000)}`;
  if (typeof expected === 'number') assert.equal(checks.length, expected, early);
  else assert.ok(checks.length >= expected.atLeast, early);
  for (const c of checks) assert.equal(c.ok, true, `${c.check}: ${JSON.stringify(c)}`);
  assert.equal(r.code, 0, r.stderr.slice(-3000));
}
