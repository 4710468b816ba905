/**
 * Links Pinpost puts in mail (verification, open and click tracking) point at the address the
 * server listens on: with `--port 0` that is the port the system chose, not 0.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { startPinpost, type PinpostProcess } from './support/process.js';

let dir: string;
let pinpost: PinpostProcess;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pinpost-public-url-'));
  pinpost = await startPinpost(join(dir, 'data'), ['--ses-verification', 'email']);
});
after(() => {
  pinpost.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('with --port 0 the verification link carries the port the server is bound to', async () => {
  const port = new URL(pinpost.url).port;
  assert.notEqual(port, '0');
  const ses = new SESv2Client({
    endpoint: pinpost.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'ada@example.org' }));
  const res = await fetch(`${pinpost.url}/_pinpost/mailbox/wait?to=ada@example.org&timeout=10`);
  assert.equal(res.status, 200);
  const { links } = (await res.json()) as { links: string[] };
  const verify = links.find((l) => l.includes('/_pinpost/ses/verify'));
  assert.ok(verify, `a verification link among ${JSON.stringify(links)}`);
  assert.equal(new URL(verify).port, port);
  // The link works as it stands: opening it verifies the identity.
  assert.equal((await fetch(verify)).status, 200);
});
