/**
 * Export jobs through @aws-sdk/client-pinpoint: CreateExportJob (202), GetExportJob, GetExportJobs,
 * GetSegmentExportJobs (apireference/apps-application-id-jobs-export*.html,
 * developerguide/audience-data-export.html): the endpoints of the app or of a segment written as
 * newline-delimited JSON (one GetEndpoint answer per line) under `s3://bucket/prefix`, which is
 * `<import root>/bucket/prefix/<job-id>/part-00001.json`; refusals that write nothing; paging; IAM.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAppCommand,
  CreateExportJobCommand,
  CreateSegmentCommand,
  GetEndpointCommand,
  GetExportJobCommand,
  GetExportJobsCommand,
  GetSegmentExportJobsCommand,
  UpdateEndpointCommand,
  type EndpointRequest,
  type ExportJobRequest,
  type ExportJobResponse,
} from '@aws-sdk/client-pinpoint';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { seedTrustPolicy } from './fixtures/seed-policies.js';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

const ROLE = 'arn:aws:iam::000000000000:role/PinpointExport';

let server: TestServer;
let root: string;
let outside: string;

before(async () => {
  const base = mkdtempSync(join(tmpdir(), 'pinpost-exports-'));
  root = join(base, 'root');
  outside = join(base, 'outside');
  mkdirSync(join(root, 'exports'), { recursive: true });
  mkdirSync(outside);
  // A bucket folder that is a link out of the root, and a prefix folder that is one.
  symlinkSync(outside, join(root, 'escape'));
  symlinkSync(outside, join(root, 'exports', 'out'));
  server = await startTestServer({}, { importRoot: root });
  await server.iam().send(
    new CreateRoleCommand({
      RoleName: 'PinpointExport',
      AssumeRolePolicyDocument: seedTrustPolicy('000000000000'),
    }),
  );
});
after(() => server.close());

const pinpoint = (creds?: Credentials) => server.pinpoint(creds);

async function newApp(): Promise<string> {
  const out = await pinpoint().send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'exp' } }));
  return out.ApplicationResponse!.Id!;
}

const createJob = (appId: string, req: Partial<ExportJobRequest>, creds?: Credentials) =>
  pinpoint(creds).send(
    new CreateExportJobCommand({
      ApplicationId: appId,
      ExportJobRequest: { RoleArn: ROLE, S3UrlPrefix: '', ...req } as ExportJobRequest,
    }),
  );

/** Polls GetExportJob until the job has finished (it runs in the server's background). */
async function finished(appId: string, jobId: string): Promise<ExportJobResponse> {
  for (let i = 0; i < 500; i++) {
    const job = (await pinpoint().send(new GetExportJobCommand({ ApplicationId: appId, JobId: jobId })))
      .ExportJobResponse!;
    if (job.JobStatus === 'COMPLETED' || job.JobStatus === 'FAILED') return job;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`export job ${jobId} did not finish`);
}

async function endpoints(appId: string) {
  const defs: { id: string; req: EndpointRequest }[] = [
    {
      id: 'e-1',
      req: { ChannelType: 'EMAIL', Address: 'one@example.com', Demographic: { Platform: 'ios' } },
    },
    {
      id: 'e-2',
      req: { ChannelType: 'EMAIL', Address: 'two@example.com', Attributes: { Interests: ['mail', 'sms'] } },
    },
    {
      id: 'e-3',
      req: { ChannelType: 'SMS', Address: '+15555550100', Demographic: { Platform: 'android' } },
    },
  ];
  for (const d of defs)
    await pinpoint().send(
      new UpdateEndpointCommand({ ApplicationId: appId, EndpointId: d.id, EndpointRequest: d.req }),
    );
}

const getEndpoint = async (appId: string, id: string) =>
  (await pinpoint().send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: id }))).EndpointResponse!;

/** The lines of every file under `dir`, by file. */
function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (name.isFile()) {
      const path = join(name.parentPath, name.name);
      out[path.slice(dir.length + 1)] = readFileSync(path, 'utf8');
    }
  return out;
}

test('an export of the app writes every endpoint, one GetEndpoint answer per line, under the prefix', async () => {
  const appId = await newApp();
  await endpoints(appId);
  const created = await createJob(appId, { S3UrlPrefix: 's3://exports/all/' });
  assert.equal(created.$metadata.httpStatusCode, 202);
  const job0 = created.ExportJobResponse!;
  assert.match(job0.Id!, /^[0-9a-f]{32}$/);
  assert.equal(job0.Type, 'EXPORT');
  assert.equal(job0.JobStatus, 'CREATED');
  assert.equal(job0.ApplicationId, appId);
  assert.deepEqual(job0.Definition, { RoleArn: ROLE, S3UrlPrefix: 's3://exports/all/' });

  const job = await finished(appId, job0.Id!);
  assert.equal(job.JobStatus, 'COMPLETED');
  assert.equal(job.TotalPieces, 1);
  assert.equal(job.CompletedPieces, 1);
  assert.equal(job.FailedPieces, 0);
  assert.equal(job.TotalProcessed, 3);
  assert.equal(job.TotalFailures, 0);
  assert.deepEqual(job.Failures, []);
  assert.ok(!Number.isNaN(Date.parse(job.CompletionDate!)));

  const files = filesUnder(join(root, 'exports', 'all'));
  assert.deepEqual(Object.keys(files), [`${job0.Id}/part-00001.json`]);
  const text = files[`${job0.Id}/part-00001.json`];
  assert.ok(text.endsWith('\n'));
  const lines = text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { Id: string });
  assert.deepEqual(
    lines.map((l) => l.Id),
    ['e-1', 'e-2', 'e-3'],
  );
  for (const line of lines) assert.deepEqual(line, await getEndpoint(appId, line.Id));
});

test('an export of a segment writes only its members; GetSegmentExportJobs lists it', async () => {
  const appId = await newApp();
  await endpoints(appId);
  const segmentId = (
    await pinpoint().send(
      new CreateSegmentCommand({
        ApplicationId: appId,
        WriteSegmentRequest: {
          Name: 'ios',
          Dimensions: { Demographic: { Platform: { DimensionType: 'INCLUSIVE', Values: ['ios'] } } },
        },
      }),
    )
  ).SegmentResponse!.Id!;
  const job0 = (
    await createJob(appId, { S3UrlPrefix: 's3://exports/seg', SegmentId: segmentId, SegmentVersion: 1 })
  ).ExportJobResponse!;
  const other = (await createJob(appId, { S3UrlPrefix: 's3://exports/seg-all' })).ExportJobResponse!;
  const job = await finished(appId, job0.Id!);
  await finished(appId, other.Id!);
  assert.equal(job.JobStatus, 'COMPLETED');
  assert.equal(job.TotalProcessed, 1);
  assert.deepEqual(job.Definition, {
    RoleArn: ROLE,
    S3UrlPrefix: 's3://exports/seg',
    SegmentId: segmentId,
    SegmentVersion: 1,
  });
  const files = filesUnder(join(root, 'exports', 'seg'));
  assert.deepEqual(Object.keys(files), [`${job0.Id}/part-00001.json`]);
  const lines = files[`${job0.Id}/part-00001.json`].split('\n');
  assert.equal(lines.length, 2, 'one line and the final newline');
  assert.equal(lines[1], '');
  assert.deepEqual(JSON.parse(lines[0]), await getEndpoint(appId, 'e-1'));
  const listed = await pinpoint().send(
    new GetSegmentExportJobsCommand({ ApplicationId: appId, SegmentId: segmentId }),
  );
  assert.deepEqual(
    listed.ExportJobsResponse!.Item!.map((j) => j.Id),
    [job0.Id],
  );
});

test('an app without endpoints exports nothing and completes', async () => {
  const appId = await newApp();
  const job0 = (await createJob(appId, { S3UrlPrefix: 's3://exports/empty/' })).ExportJobResponse!;
  const job = await finished(appId, job0.Id!);
  assert.equal(job.JobStatus, 'COMPLETED');
  assert.equal(job.TotalPieces, 0);
  assert.equal(job.TotalProcessed, 0);
  assert.deepEqual(readdirSync(join(root, 'exports')).includes('empty'), false);
});

test('a bad S3UrlPrefix, a missing RoleArn or an unknown segment is refused and stores no job', async () => {
  const appId = await newApp();
  for (const req of [
    { S3UrlPrefix: 'http://example.com/x/' },
    { S3UrlPrefix: '/tmp/x' },
    { S3UrlPrefix: 's3://Bad_Bucket/x/' },
    { S3UrlPrefix: 's3://exports/../x/' },
    { S3UrlPrefix: 's3://exports/a//b/' },
    { S3UrlPrefix: 's3://exports/x/', RoleArn: '' },
  ]) {
    const e = await fail(createJob(appId, req));
    assert.equal(e.name, 'BadRequestException', JSON.stringify(req));
    assert.equal(e.status, 400);
  }
  const unknown = await fail(createJob(appId, { S3UrlPrefix: 's3://exports/x/', SegmentId: 'f'.repeat(32) }));
  assert.deepEqual(unknown, { name: 'NotFoundException', message: 'Resource not found', status: 404 });
  const jobs = await pinpoint().send(new GetExportJobsCommand({ ApplicationId: appId }));
  assert.deepEqual(jobs.ExportJobsResponse!.Item, []);
  const none = await fail(pinpoint().send(new GetExportJobCommand({ ApplicationId: appId, JobId: 'nope' })));
  assert.deepEqual(none, { name: 'NotFoundException', message: 'Resource not found', status: 404 });
});

test('a missing bucket folder, or a bucket or prefix leaving the root, fails the job and writes nothing', async () => {
  const appId = await newApp();
  await endpoints(appId);
  const before = readdirSync(root).sort();
  for (const prefix of ['s3://missing-bucket/x/', 's3://escape/x/', 's3://exports/out/x/']) {
    const job0 = (await createJob(appId, { S3UrlPrefix: prefix })).ExportJobResponse!;
    const job = await finished(appId, job0.Id!);
    assert.equal(job.JobStatus, 'FAILED', prefix);
    assert.equal(job.TotalPieces, 1);
    assert.equal(job.FailedPieces, 1);
    assert.equal(job.CompletedPieces, 0);
    assert.equal(job.TotalFailures, 3);
    assert.deepEqual(job.Failures, [
      `${prefix}${job0.Id}/part-00001.json could not be written: the bucket does not exist or the key leaves it`,
    ]);
  }
  assert.deepEqual(readdirSync(root).sort(), before);
  assert.deepEqual(readdirSync(outside), []);
});

test("a role that does not trust Pinpoint fails the job with STS's text and writes nothing", async () => {
  const appId = await newApp();
  await endpoints(appId);
  await server.iam().send(
    new CreateRoleCommand({
      RoleName: 'NotForPinpoint',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
  const job0 = (
    await createJob(appId, {
      S3UrlPrefix: 's3://exports/untrusted/',
      RoleArn: 'arn:aws:iam::000000000000:role/NotForPinpoint',
    })
  ).ExportJobResponse!;
  const job = await finished(appId, job0.Id!);
  assert.equal(job.JobStatus, 'FAILED');
  assert.equal(job.TotalPieces, 0);
  assert.equal(job.Failures!.length, 1);
  assert.match(job.Failures![0], /not authorized to perform: sts:AssumeRole/);
  assert.equal(readdirSync(join(root, 'exports')).includes('untrusted'), false);
});

test('GetExportJobs pages with PageSize and Token, newest first', async () => {
  const appId = await newApp();
  const ids: string[] = [];
  for (const n of [1, 2, 3]) {
    const job = (await createJob(appId, { S3UrlPrefix: `s3://exports/page-${n}/` })).ExportJobResponse!;
    await finished(appId, job.Id!);
    ids.push(job.Id!);
  }
  const all = (await pinpoint().send(new GetExportJobsCommand({ ApplicationId: appId }))).ExportJobsResponse!;
  assert.equal(all.Item!.length, 3);
  assert.equal(all.NextToken, undefined);
  const first = (await pinpoint().send(new GetExportJobsCommand({ ApplicationId: appId, PageSize: '2' })))
    .ExportJobsResponse!;
  assert.equal(first.Item!.length, 2);
  assert.ok(first.NextToken);
  const second = (
    await pinpoint().send(
      new GetExportJobsCommand({ ApplicationId: appId, PageSize: '2', Token: first.NextToken }),
    )
  ).ExportJobsResponse!;
  assert.equal(second.Item!.length, 1);
  assert.equal(second.NextToken, undefined);
  assert.deepEqual([...first.Item!, ...second.Item!].map((j) => j.Id).sort(), [...ids].sort());
  assert.deepEqual(
    all.Item!.map((j) => j.Id),
    [...first.Item!, ...second.Item!].map((j) => j.Id),
  );
});

test('IAM: a user without permission is denied and nothing is stored; CreateExportJob needs iam:PassRole; GetExportJob is on the job ARN', async () => {
  const appId = await newApp();
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'exporter' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'exporter' }))).AccessKey!;
  const user = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  const allow = (Statement: object[]) =>
    iam.send(
      new PutUserPolicyCommand({
        UserName: 'exporter',
        PolicyName: 'p',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement }),
      }),
    );
  const appArn = `arn:aws:mobiletargeting:us-east-1:000000000000:apps/${appId}`;
  const req = { S3UrlPrefix: 's3://exports/iam/' };

  const none = await fail(createJob(appId, req, user));
  assert.equal(none.name, 'AccessDeniedException');
  assert.equal(none.status, 403);
  assert.match(none.message, new RegExp(`mobiletargeting:CreateExportJob on resource: ${appArn}`));

  await allow([{ Effect: 'Allow', Action: 'mobiletargeting:*', Resource: appArn }]);
  const noPass = await fail(createJob(appId, req, user));
  assert.match(noPass.message, /iam:PassRole on resource: arn:aws:iam::000000000000:role\/PinpointExport/);
  assert.deepEqual(
    (await pinpoint().send(new GetExportJobsCommand({ ApplicationId: appId }))).ExportJobsResponse!.Item,
    [],
    'nothing written on denial',
  );

  await allow([
    { Effect: 'Allow', Action: 'mobiletargeting:*', Resource: appArn },
    {
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: ROLE,
      Condition: { StringEquals: { 'iam:PassedToService': 'mobiletargeting.amazonaws.com' } },
    },
  ]);
  const job = (await createJob(appId, req, user)).ExportJobResponse!;
  await finished(appId, job.Id!);
  assert.equal(
    (await pinpoint(user).send(new GetExportJobsCommand({ ApplicationId: appId }))).ExportJobsResponse!.Item!
      .length,
    1,
  );
  const getDenied = await fail(
    pinpoint(user).send(new GetExportJobCommand({ ApplicationId: appId, JobId: job.Id })),
  );
  assert.match(
    getDenied.message,
    new RegExp(`mobiletargeting:GetExportJob on resource: ${appArn}/jobs/export/${job.Id}`),
  );
});
