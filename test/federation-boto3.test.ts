/**
 * Identity providers, GetFederationToken, DecodeAuthorizationMessage and the organization-only IAM
 * operations through boto3 (test/conformance/federation.py) against a started Pinpost. Each check
 * of the script is one assertion here, so a failure names the check.
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

test(
  'boto3: identity providers, federation tokens and the standalone-account answers',
  { timeout: 120_000 },
  async () => {
    const server = await startTestServer();
    try {
      const r = await run('python3', ['test/conformance/federation.py', server.url]);
      const checks = r.stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { check: string; ok: boolean });
      assert.equal(checks.length, 9, `the script stopped early:\n${r.stdout}\n${r.stderr.slice(-3000)}`);
      for (const c of checks) assert.equal(c.ok, true, `${c.check}: ${JSON.stringify(c)}`);
      assert.equal(r.code, 0, r.stderr.slice(-3000));
    } finally {
      await server.close();
    }
  },
);
