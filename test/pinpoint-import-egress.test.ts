/**
 * CreateImportJob as a probe used it (issue 9, finding 3): local files, `/proc`, `file:` URLs,
 * `..` and links out of the import root, loopback and private URLs, a public URL redirecting to
 * loopback, and a role that does not exist or does not trust Pinpoint. Each is refused with
 * nothing read or fetched — proved by local HTTP servers that count their requests, and by
 * Failures that hold no content — while an `s3://bucket/key` import under a role Pinpoint may
 * assume still works. The server runs without `--allow-private-egress`.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  CreateAppCommand,
  CreateImportJobCommand,
  GetEndpointCommand,
  GetImportJobCommand,
  GetImportJobsCommand,
  type ImportJobRequest,
  type ImportJobResponse,
} from '@aws-sdk/client-pinpoint';
import { addressClass, createEgress } from '../src/net/index.js';
import { localServer, redirect, text, type LocalServer } from '../src/net/local-server.test-fixture.js';
import { seedTrustPolicy } from './fixtures/seed-policies.js';
import { fail } from './support/failure.js';
import { startTestServer, type TestServer } from './support/server.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/PinpointImport`;
const CSV = 'ChannelType,Address\nEMAIL,imported@example.com\n';

let server: TestServer;
let web: LocalServer;
let inner: LocalServer;
let root: string;
let secretFile: string;

before(async () => {
  const base = mkdtempSync(join(tmpdir(), 'pinpost-egress-'));
  root = join(base, 'imports');
  mkdirSync(join(root, 'bkt'), { recursive: true });
  writeFileSync(join(root, 'bkt', 'endpoints.csv'), CSV);
  secretFile = join(base, 'secret.csv');
  writeFileSync(secretFile, 'ChannelType,Address\nEMAIL,secret@example.com\n');
  symlinkSync(secretFile, join(root, 'bkt', 'escape.csv'));
  symlinkSync('/etc/passwd', join(root, 'bkt', 'passwd.csv'));

  // `inner` stands for a private service; `web` for an outside host (once the test says so).
  inner = await localServer({ '/endpoints.csv': text(CSV) }, '127.0.0.2');
  web = await localServer({
    '/endpoints.csv': text(CSV),
    '/to-inner.csv': redirect(`${inner.url}/endpoints.csv`),
  });
  server = await startTestServer({}, { importRoot: root });
  const iam = server.iam();
  await iam.send(
    new CreateRoleCommand({ RoleName: 'PinpointImport', AssumeRolePolicyDocument: seedTrustPolicy(ACCOUNT) }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'Ec2Only',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
});
after(async () => {
  await server.close();
  await web.close();
  await inner.close();
});

async function newApp(): Promise<string> {
  const out = await server
    .pinpoint()
    .send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'egress' } }));
  return out.ApplicationResponse!.Id!;
}

const createJob = (appId: string, req: Partial<ImportJobRequest>) =>
  server.pinpoint().send(
    new CreateImportJobCommand({
      ApplicationId: appId,
      ImportJobRequest: { Format: 'CSV', RoleArn: ROLE, S3Url: '', ...req } as ImportJobRequest,
    }),
  );

async function finished(appId: string, jobId: string): Promise<ImportJobResponse> {
  for (let i = 0; i < 500; i++) {
    const job = (
      await server.pinpoint().send(new GetImportJobCommand({ ApplicationId: appId, JobId: jobId }))
    ).ImportJobResponse!;
    if (job.JobStatus === 'COMPLETED' || job.JobStatus === 'FAILED') return job;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`import job ${jobId} did not finish`);
}

const run = async (appId: string, req: Partial<ImportJobRequest>) =>
  finished(appId, (await createJob(appId, req)).ImportJobResponse!.Id!);

const endpointCount = (appId: string) =>
  server.runtime.pinpoint.context.store.count({ account: ACCOUNT, region: 'us-east-1' }, appId, 'endpoint');

/** Nothing of what the probe reached may show: no file or response text, no server path. */
function assertNoContent(job: ImportJobResponse): void {
  const failures = (job.Failures ?? []).join('\n');
  for (const leak of ['root:', 'secret@', 'imported@', 'PATH=', root, tmpdir()])
    assert.ok(!failures.includes(leak), `Failures show ${leak}: ${failures}`);
}

test('local paths, /proc, file: URLs and .. are BadRequestException and create no job (ImportJobRequest.S3Url: s3://bucket-name/folder-name/file-name)', async () => {
  const appId = await newApp();
  for (const url of [
    '/etc/passwd',
    '/proc/self/environ',
    'file:///etc/passwd',
    'file:///proc/self/environ',
    's3://bkt/../../etc/passwd',
    's3://bkt/../bkt/endpoints.csv',
    's3://../etc/passwd',
    'ftp://example.com/x.csv',
    'bkt/endpoints.csv',
  ]) {
    const e = await fail(createJob(appId, { S3Url: url }));
    assert.equal(e.name, 'BadRequestException', url);
    assert.equal(e.status, 400);
    assert.equal(
      e.message,
      `Invalid S3Url: ${url}. The URL should be in the following format: s3://bucket-name/folder-name/file-name`,
    );
  }
  const jobs = await server.pinpoint().send(new GetImportJobsCommand({ ApplicationId: appId }));
  assert.deepEqual(jobs.ImportJobsResponse!.Item, []);
});

test('a link out of the import root reads as a missing object; nothing of the target shows', async () => {
  const appId = await newApp();
  for (const key of ['escape.csv', 'passwd.csv']) {
    const job = await run(appId, { S3Url: `s3://bkt/${key}` });
    assert.equal(job.JobStatus, 'FAILED');
    assert.deepEqual(job.Failures, [`s3://bkt/${key} does not exist`]);
    assertNoContent(job);
  }
  assert.equal(await endpointCount(appId), 0);
});

test('loopback URLs (127.0.0.1, localhost, [::1]) are never fetched: the job fails naming the address class', async () => {
  const appId = await newApp();
  for (const url of [
    `${web.url}/endpoints.csv`,
    `http://localhost:${web.port}/endpoints.csv`,
    `http://[::1]:${web.port}/endpoints.csv`,
    `http://[::ffff:127.0.0.1]:${web.port}/endpoints.csv`,
    'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
  ]) {
    const job = await run(appId, { S3Url: url });
    assert.equal(job.JobStatus, 'FAILED', url);
    assert.equal(job.FailedPieces, 1);
    const cls = url.includes('169.254.169.254') ? 'metadata' : 'loopback';
    assert.deepEqual(job.Failures, [
      `${url}: The URL leads to a ${cls} address, which Pinpost does not connect to (the server must be started with --allow-private-egress to allow it)`,
    ]);
  }
  assert.equal(web.total(), 0, 'no request reached the local server');
  assert.equal(await endpointCount(appId), 0);
});

test('a public-looking URL that redirects to loopback is not followed', async () => {
  const context = server.runtime.pinpoint.context;
  const egress = context.egress;
  // 127.0.0.1 plays the outside host; 127.0.0.2, where the redirect points, stays loopback.
  context.egress = createEgress({
    importRoot: root,
    allowPrivate: false,
    refuse: (ip) => (ip === '127.0.0.1' ? undefined : addressClass(ip)),
  });
  try {
    const appId = await newApp();
    const job = await run(appId, { S3Url: `${web.url}/to-inner.csv` });
    assert.equal(job.JobStatus, 'FAILED');
    assert.deepEqual(job.Failures, [
      `${web.url}/to-inner.csv: A redirect leads to a loopback address, which Pinpost does not connect to (the server must be started with --allow-private-egress to allow it)`,
    ]);
    assert.equal(web.hits.get('/to-inner.csv'), 1);
    assert.equal(inner.total(), 0, 'the redirect target was never fetched');
  } finally {
    context.egress = egress;
  }
});

test('a role that does not exist, or does not trust Pinpoint, fails the job with STS’s text and nothing is read', async () => {
  const context = server.runtime.pinpoint.context;
  const egress = context.egress;
  // The web server reachable, so that only the role stands between the job and a fetch.
  context.egress = createEgress({ importRoot: root, allowPrivate: true });
  try {
    const appId = await newApp();
    const before = web.total();
    for (const role of [`arn:aws:iam::${ACCOUNT}:role/NoSuchRole`, `arn:aws:iam::${ACCOUNT}:role/Ec2Only`]) {
      for (const url of [`${web.url}/endpoints.csv`, 's3://bkt/endpoints.csv']) {
        const job = await run(appId, { S3Url: url, RoleArn: role });
        assert.equal(job.JobStatus, 'FAILED');
        assert.equal(job.TotalPieces, 0);
        assert.deepEqual(job.Failures, [
          `User: pinpoint.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${role}`,
        ]);
      }
    }
    assert.equal(web.total(), before, 'nothing was fetched');
    assert.equal(await endpointCount(appId), 0, 'nothing was imported');
  } finally {
    context.egress = egress;
  }
});

test('an s3://bucket/key import under a role that trusts Pinpoint still works', async () => {
  const appId = await newApp();
  const job = await run(appId, { S3Url: 's3://bkt/endpoints.csv' });
  assert.equal(job.JobStatus, 'COMPLETED');
  assert.equal(job.TotalProcessed, 1);
  assert.equal(await endpointCount(appId), 1);
  const id = (
    await server.runtime.pinpoint.context.store.list<{ Id: string }>(
      { account: ACCOUNT, region: 'us-east-1' },
      appId,
      'endpoint',
    )
  )[0].doc.Id;
  const ep = await server.pinpoint().send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: id }));
  assert.equal(ep.EndpointResponse!.Address, 'imported@example.com');
});
