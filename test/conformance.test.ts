/**
 * Conformance through the clients users already have: boto3 and the AWS CLI drive a started
 * Pinpost through the seed's scenario (test/conformance/*.py). Each check the script makes
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

test('boto3 and the AWS CLI through the seed scenario (IAM and STS)', async () => {
  const server = await startTestServer();
  try {
    const r = await run('python3', ['test/conformance/iam_sts.py', server.url]);
    const checks = r.stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { check: string; ok: boolean });
    assert.ok(checks.length >= 15, `the script stopped early:\n${r.stdout}\n${r.stderr.slice(-3000)}`);
    for (const c of checks) assert.equal(c.ok, true, `${c.check}: ${JSON.stringify(c)}`);
    assert.equal(r.code, 0, r.stderr.slice(-3000));
  } finally {
    await server.close();
  }
});

test('boto3 and the AWS CLI against SES v1 and v2: identities, sends, templates, suppression, the mailbox', async () => {
  const server = await startTestServer();
  try {
    const r = await run('python3', ['test/conformance/ses.py', server.url]);
    const checks = r.stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { check: string; ok: boolean });
    assert.ok(checks.length >= 16, `the script stopped early:\n${r.stdout}\n${r.stderr.slice(-3000)}`);
    for (const c of checks) assert.equal(c.ok, true, `${c.check}: ${JSON.stringify(c)}`);
    assert.equal(r.code, 0, r.stderr.slice(-3000));
  } finally {
    await server.close();
  }
});

test('boto3 and the AWS CLI through the seed scenario (Pinpoint campaign through SES under the role)', async () => {
  const server = await startTestServer();
  try {
    const r = await run('python3', ['test/conformance/pinpoint.py', server.url]);
    const checks = r.stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { check: string; ok: boolean });
    assert.ok(checks.length >= 9, `the script stopped early:\n${r.stdout}\n${r.stderr.slice(-3000)}`);
    for (const c of checks) assert.equal(c.ok, true, `${c.check}: ${JSON.stringify(c)}`);
    assert.equal(r.code, 0, r.stderr.slice(-3000));
  } finally {
    await server.close();
  }
});

test('boto3 and the AWS CLI through a journey on the manual clock (EMAIL, Wait, a split on opens, metrics, states)', async () => {
  const server = await startTestServer({ clock: 'manual' });
  try {
    const r = await run('python3', ['test/conformance/journeys.py', server.url]);
    const checks = r.stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { check: string; ok: boolean });
    assert.ok(checks.length >= 30, `the script stopped early:\n${r.stdout}\n${r.stderr.slice(-3000)}`);
    for (const c of checks) assert.equal(c.ok, true, `${c.check}: ${JSON.stringify(c)}`);
    assert.equal(r.code, 0, r.stderr.slice(-3000));
  } finally {
    await server.close();
  }
});
