/**
 * `pinpost smtp-password`: the SES SMTP password of a secret access key, by SES's derivation
 * (ses/latest/dg/smtp-credentials.html), taken from AWS_SECRET_ACCESS_KEY or stdin, never argv.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { it } from 'node:test';
import { smtpPasswordFor } from '../src/services/ses/smtp/password.js';
import { runCli } from './support/cli.js';

it('prints the password of AWS_SECRET_ACCESS_KEY for the region given, the default region otherwise', async () => {
  const inRegion = await runCli(['smtp-password', '--region', 'eu-west-1'], {
    AWS_SECRET_ACCESS_KEY: 's3cret',
  });
  assert.equal(inRegion.code, 0);
  assert.equal(inRegion.stdout, `${smtpPasswordFor('s3cret', 'eu-west-1')}\n`);
  const byDefault = await runCli(['smtp-password'], {
    AWS_SECRET_ACCESS_KEY: 's3cret',
    AWS_DEFAULT_REGION: 'ap-south-1',
  });
  assert.equal(byDefault.stdout, `${smtpPasswordFor('s3cret', 'ap-south-1')}\n`);
  assert.notEqual(inRegion.stdout, byDefault.stdout);
});

it('reads the secret from stdin when AWS_SECRET_ACCESS_KEY is unset', async () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'AWS_SECRET_ACCESS_KEY'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'smtp-password', '--region=us-east-1'],
    {
      cwd: new URL('..', import.meta.url),
      env,
    },
  );
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stdin.end('from-stdin\n');
  const [code] = await once(child, 'close');
  assert.equal(code, 0);
  assert.equal(out, `${smtpPasswordFor('from-stdin', 'us-east-1')}\n`);
});

it('a bad region or argument exits 2 naming it', async () => {
  const r = await runCli(['smtp-password', '--region', 'mars'], { AWS_SECRET_ACCESS_KEY: 'x' });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'pinpost: invalid region `mars`: expected a region such as `us-east-1`\n');
  const extra = await runCli(['smtp-password', 's3cret'], { AWS_SECRET_ACCESS_KEY: 'x' });
  assert.equal(extra.code, 2);
  assert.match(extra.stderr, /unknown argument `s3cret`/);
});
