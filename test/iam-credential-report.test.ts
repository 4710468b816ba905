/**
 * The credential report through @aws-sdk/client-iam (API_GenerateCredentialReport.html,
 * API_GetCredentialReport.html, id_credentials_getting-report.html): ReportNotPresent before any,
 * STARTED with IAM's description then COMPLETE within four hours, the CSV's exact columns and
 * values for the root user, a user with a password, access keys, an MFA device and a signing
 * certificate, and a user with none; the report kept as generated until it expires after four
 * hours on Pinpost's clock (ReportExpired), then generated anew; authorization on `*`.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  UpdateAccessKeyCommand,
  UpdateAccountPasswordPolicyCommand,
  UploadSigningCertificateCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';

const ACCOUNT = '000000000000';
const CERT = readFileSync(new URL('./fixtures/certificates/server.pem', import.meta.url), 'utf8');
const START = new Date('2026-03-01T12:00:10Z');
let now = START;
let server: TestServer;
let iam: IAMClient;

before(async () => {
  server = await startTestServer({}, { clock: () => now });
  iam = server.iam();
});
after(async () => {
  await server.close();
});

async function failure(fn: () => Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await fn();
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

function totp(seed: string, at: Date, stepsAhead = 0): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of seed) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) key.push(parseInt(bits.slice(i, i + 8), 2));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(at.getTime() / 30000) + stepsAhead));
  const mac = createHmac('sha1', Buffer.from(key)).update(msg).digest();
  const o = mac[19]! & 0xf;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

const at = (d: Date) => `${d.toISOString().slice(0, 19)}+00:00`;

async function report(): Promise<{ lines: string[]; generated: Date }> {
  const r = await iam.send(new GetCredentialReportCommand({}));
  assert.equal(r.ReportFormat, 'text/csv');
  return { lines: Buffer.from(r.Content!).toString('utf8').split('\n'), generated: r.GeneratedTime! };
}

describe('credential report', () => {
  it('answers ReportNotPresent before any report was generated', async () => {
    const err = await failure(() => iam.send(new GetCredentialReportCommand({})));
    assert.deepEqual(err, { name: 'CredentialReportNotPresentException', status: 410 });
  });

  it("lists the root user and every user with AWS's columns and values", async () => {
    const created = now;
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 90 }));
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-horse-9' }));
    const k1 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    now = new Date(now.getTime() + 60_000);
    const k2 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    await iam.send(
      new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: k2.AccessKeyId, Status: 'Inactive' }),
    );
    await iam.send(new UploadSigningCertificateCommand({ UserName: 'alice', CertificateBody: CERT }));
    const d = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-mfa' })))
      .VirtualMFADevice!;
    const seed = Buffer.from(d.Base32StringSeed!).toString('ascii');
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: 'alice',
        SerialNumber: d.SerialNumber,
        AuthenticationCode1: totp(seed, now),
        AuthenticationCode2: totp(seed, now, 1),
      }),
    );

    const first = await iam.send(new GenerateCredentialReportCommand({}));
    assert.equal(first.State, 'STARTED');
    assert.equal(first.Description, 'No report exists. Starting a new report generation task');
    const again = await iam.send(new GenerateCredentialReportCommand({}));
    assert.equal(again.State, 'COMPLETE');
    assert.equal(again.Description, undefined);

    const { lines, generated } = await report();
    assert.equal(generated.getTime(), now.getTime());
    assert.equal(lines[0], HEADER);
    assert.equal(lines.length, 4);
    const root = lines[1]!.split(',');
    assert.equal(root.length, 22);
    assert.deepEqual(root.slice(0, 2), ['<root_account>', `arn:aws:iam::${ACCOUNT}:root`]);
    assert.deepEqual(root.slice(3, 8), [
      'not_supported',
      'no_information',
      'not_supported',
      'not_supported',
      'false',
    ]);
    // The root user's access key (the server's default credentials) is Active, first used by this
    // file's first call; uses within 15 minutes after it are not recorded.
    assert.deepEqual([root[8], root[10], root[11], root[12]], ['true', at(START), 'us-east-1', 'iam']);
    assert.deepEqual(root.slice(18), ['false', 'N/A', 'false', 'N/A']);

    const alice = lines[2]!.split(',');
    assert.deepEqual(alice, [
      'alice',
      `arn:aws:iam::${ACCOUNT}:user/alice`,
      at(created),
      'true',
      'no_information',
      at(created),
      at(new Date(created.getTime() + 90 * 24 * 3600 * 1000)),
      'true',
      'true',
      at(created),
      'N/A',
      'N/A',
      'N/A',
      // The second key is Inactive: not active, and N/A for its rotation (the page's words).
      'false',
      'N/A',
      'N/A',
      'N/A',
      'N/A',
      'true',
      at(now),
      'false',
      'N/A',
    ]);
    assert.ok(k1.AccessKeyId);
    const bob = lines[3]!.split(',');
    assert.deepEqual(bob, [
      'bob',
      `arn:aws:iam::${ACCOUNT}:user/bob`,
      at(created),
      'false',
      'N/A',
      'N/A',
      'N/A',
      'false',
      ...Array<string>(2)
        .fill('')
        .flatMap(() => ['false', 'N/A', 'N/A', 'N/A', 'N/A']),
      'false',
      'N/A',
      'false',
      'N/A',
    ]);
  });

  it('keeps the report as generated for four hours, then it expires until generated anew', async () => {
    const { generated } = await report();
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    now = new Date(generated.getTime() + 4 * 3600 * 1000 - 1000);
    assert.equal((await iam.send(new GenerateCredentialReportCommand({}))).State, 'COMPLETE');
    const kept = await report();
    assert.equal(kept.generated.getTime(), generated.getTime());
    assert.ok(!kept.lines.some((l) => l.startsWith('carol,')));

    now = new Date(generated.getTime() + 4 * 3600 * 1000);
    const expired = await failure(() => iam.send(new GetCredentialReportCommand({})));
    assert.deepEqual(expired, { name: 'CredentialReportExpiredException', status: 410 });

    // carol's key signs a request: its use shows in the next report.
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }))).AccessKey!;
    const carol = server.iam({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    assert.equal((await failure(() => carol.send(new GetCredentialReportCommand({})))).name, 'AccessDenied');

    assert.equal((await iam.send(new GenerateCredentialReportCommand({}))).State, 'STARTED');
    const fresh = await report();
    assert.equal(fresh.generated.getTime(), now.getTime());
    const row = fresh.lines
      .find((l) => l.startsWith(`carol,arn:aws:iam::${ACCOUNT}:user/carol,`))
      ?.split(',');
    assert.deepEqual(row?.slice(8, 13), ['true', at(now), at(now), 'us-east-1', 'iam']);
  });

  it('denies a user without permission to generate or read the report', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }))).AccessKey!;
    const auditor = server.iam({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    for (const call of [
      () => auditor.send(new GenerateCredentialReportCommand({})),
      () => auditor.send(new GetCredentialReportCommand({})),
    ])
      assert.equal((await failure(call)).name, 'AccessDenied');
  });
});
