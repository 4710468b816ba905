/**
 * `pinpost start` as a user runs it: one ready line, /_pinpost/health answers 200, SIGTERM stops it
 * cleanly; a bad flag is a PinpostError naming the input.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { it } from 'node:test';

const cli = (args: string[]) =>
  spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start', ...args], {
    cwd: new URL('..', import.meta.url),
    env: { ...process.env, PINPOST_LOG_LEVEL: 'warn' },
  });

it('prints one ready line, answers /_pinpost/health, and exits 0 on SIGTERM', async () => {
  const child = cli(['--port', '0', '--data', ':memory:']);
  let out = '';
  child.stdout.setEncoding('utf8');
  const ready = new Promise<string>((resolve) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve(out);
    });
  });
  const line = await ready;
  assert.match(
    line,
    /^pinpost ready at http:\/\/127\.0\.0\.1:\d+ \| account 000000000000 \| access key test secret test \| region us-east-1 \| iam enforce \| data in memory/,
  );
  const url = /http:\/\/\S+/.exec(line)![0];
  const res = await fetch(`${url}/_pinpost/health`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ready', version: '0.1.0' });
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
});

it('a bad flag exits 2 with the PinpostError naming it', async () => {
  const child = cli(['--iam', 'maybe']);
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c: string) => (err += c));
  const [code] = await once(child, 'exit');
  assert.equal(code, 2);
  assert.equal(
    err,
    'pinpost: PINPOST_INVALID_IAM_MODE: invalid IAM mode `maybe` (from `--iam`): expected `enforce`, `soft` or `off`\n',
  );
});
