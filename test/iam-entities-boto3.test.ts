/**
 * boto3 drives Terraform-style lifecycles of instance profiles, the account alias, the password
 * policy, login profiles, server certificates and SSH keys (test/conformance/iam_entities.py); each check the script makes
 * becomes one assertion here, so a failure names the check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startTestServer } from './support/server.js';

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

test('boto3: instance profile, account alias, password policy, login profile, server certificate and SSH key lifecycles', async () => {
  const server = await startTestServer();
  try {
    const r = await run('python3', ['test/conformance/iam_entities.py', server.url]);
    const checks = r.stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { check: string; ok: boolean });
    assert.equal(checks.length, 24, `the script stopped early:\n${r.stdout}\n${r.stderr.slice(-3000)}`);
    for (const c of checks) assert.equal(c.ok, true, `${c.check}: ${JSON.stringify(c)}`);
    assert.equal(r.code, 0, r.stderr.slice(-3000));
  } finally {
    await server.close();
  }
});
