/**
 * The import queue under a source that never answers (issue 9, finding 7): before, one such job
 * blocked every later import in every account, and SIGTERM then never exited. Now jobs run several
 * at once, two per account ("You can run up to two concurrent import jobs per AWS account",
 * developerguide/audience-define-import.html), another account's import completes while the
 * stalled ones hang, and stopping the server — in process, and a real `pinpost start` on SIGTERM —
 * ends at once, closing the stalled connections.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateAppCommand,
  CreateImportJobCommand,
  GetImportJobCommand,
  PinpointClient,
  type ImportJobResponse,
} from '@aws-sdk/client-pinpoint';
import { eventually, localServer, never, type LocalServer } from '../src/net/local-server.test-fixture.js';
import { seedTrustPolicy } from './fixtures/seed-policies.js';
import { startCli } from './support/cli.js';
import { ROOT, startTestServer, type Credentials } from './support/server.js';

const A = '000000000000';
const B = '111122223333';
const B_ROOT: Credentials = { accessKeyId: 'AKIAIMPORTQUEUEB', secretAccessKey: 'queue-b-secret' };

let stall: LocalServer;
let root: string;

before(async () => {
  stall = await localServer({ '/never.csv': never });
  root = mkdtempSync(join(tmpdir(), 'pinpost-queue-'));
  mkdirSync(join(root, 'bkt'));
  writeFileSync(join(root, 'bkt', 'endpoints.csv'), 'ChannelType,Address\nEMAIL,queued@example.com\n');
});
after(() => stall.close());

interface Client {
  pinpoint: PinpointClient;
  iam: IAMClient;
}

const clients = (url: string, credentials: Credentials): Client => {
  const config = { endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 };
  return { pinpoint: new PinpointClient(config), iam: new IAMClient(config) };
};

/** An app and a role Pinpoint may assume, in the client's account. */
async function setUp(c: Client, account: string): Promise<{ appId: string; role: string }> {
  await c.iam.send(
    new CreateRoleCommand({ RoleName: 'PinpointImport', AssumeRolePolicyDocument: seedTrustPolicy(account) }),
  );
  const app = await c.pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'queue' } }));
  return { appId: app.ApplicationResponse!.Id!, role: `arn:aws:iam::${account}:role/PinpointImport` };
}

async function importJob(c: Client, appId: string, role: string, url: string): Promise<string> {
  const out = await c.pinpoint.send(
    new CreateImportJobCommand({
      ApplicationId: appId,
      ImportJobRequest: { Format: 'CSV', RoleArn: role, S3Url: url },
    }),
  );
  return out.ImportJobResponse!.Id!;
}

async function job(c: Client, appId: string, jobId: string): Promise<ImportJobResponse> {
  const out = await c.pinpoint.send(new GetImportJobCommand({ ApplicationId: appId, JobId: jobId }));
  return out.ImportJobResponse!;
}

async function until(c: Client, appId: string, jobId: string, status: string): Promise<ImportJobResponse> {
  for (let i = 0; i < 400; i++) {
    const j = await job(c, appId, jobId);
    if (j.JobStatus === status) return j;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`import job ${jobId} never reached ${status}`);
}

test('stalled imports hold neither another account’s import nor the shutdown', async () => {
  const server = await startTestServer({}, { importRoot: root, allowPrivateEgress: true });
  await server.runtime.iam.accounts.create(B, B_ROOT.accessKeyId, B_ROOT.secretAccessKey);
  let closed = false;
  try {
    const a = clients(server.url, ROOT);
    const b = clients(server.url, B_ROOT);
    const inA = await setUp(a, A);
    const inB = await setUp(b, B);
    const url = `${stall.url}/never.csv`;
    const stalled = [
      await importJob(a, inA.appId, inA.role, url),
      await importJob(a, inA.appId, inA.role, url),
    ];
    await eventually(() => stall.hits.get('/never.csv') === 2);
    // A's third job waits for one of A's two slots; B's job runs meanwhile and completes.
    const waiting = await importJob(a, inA.appId, inA.role, 's3://bkt/endpoints.csv');
    const other = await importJob(b, inB.appId, inB.role, 's3://bkt/endpoints.csv');
    const done = await until(b, inB.appId, other, 'COMPLETED');
    assert.equal(done.TotalProcessed, 1);
    assert.equal((await job(a, inA.appId, waiting)).JobStatus, 'CREATED', 'A is at its two-job quota');
    for (const id of stalled) assert.equal((await job(a, inA.appId, id)).JobStatus, 'PROCESSING');

    // Stopping aborts the stalled fetches: close() returns and the connections are gone.
    await server.close();
    closed = true;
    await eventually(() => stall.openConnections() === 0);
  } finally {
    if (!closed) await server.close();
  }
});

test('a real server with an import that never answers exits on SIGTERM', async () => {
  const data = mkdtempSync(join(tmpdir(), 'pinpost-queue-data-'));
  const before = stall.hits.get('/never.csv') ?? 0;
  const server = await startCli(['--port', '0', '--data', data, '--smtp-port', '0'], {
    PINPOST_IMPORT_ROOT: root,
    PINPOST_ALLOW_PRIVATE_EGRESS: 'true',
  });
  const { child } = server;
  try {
    const c = clients(server.url, ROOT);
    const { appId, role } = await setUp(c, A);
    await importJob(c, appId, role, `${stall.url}/never.csv`);
    await eventually(() => (stall.hits.get('/never.csv') ?? 0) > before);
    assert.equal(await server.stop(), 0);
    await eventually(() => stall.openConnections() === 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
