/**
 * Import jobs through @aws-sdk/client-pinpoint: CreateImportJob (201), GetImportJob, GetImportJobs,
 * GetSegmentImportJobs (apireference/apps-application-id-jobs-import*.html), reading CSV and
 * newline-delimited JSON files as userguide/segments-importing.html describes them (from
 * `s3://bucket/key` in the server's import root, and from an http URL — Pinpost's extension — with
 * private egress allowed, since the test's web server is on loopback), the imported segment, the
 * role Pinpoint assumes before reading, and IAM (iam:PassRole on RoleArn).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateAppCommand,
  CreateImportJobCommand,
  CreateSegmentCommand,
  GetEndpointCommand,
  GetImportJobCommand,
  GetImportJobsCommand,
  GetSegmentCommand,
  GetSegmentImportJobsCommand,
  UpdateEndpointCommand,
  UpdateSegmentCommand,
  type ImportJobRequest,
  type ImportJobResponse,
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

const FIXTURES = fileURLToPath(new URL('./fixtures/pinpoint/', import.meta.url));
const ROLE = 'arn:aws:iam::000000000000:role/PinpointImport';
const scope = { account: '000000000000', region: 'us-east-1' };
/** The fixtures as the objects of bucket `imports` in the server's import root. */
const S3 = 's3://imports/';

let server: TestServer;
let web: Server;
let webUrl: string;

before(async () => {
  const importRoot = mkdtempSync(join(tmpdir(), 'pinpost-imports-'));
  cpSync(FIXTURES, join(importRoot, 'imports'), { recursive: true });
  server = await startTestServer({}, { importRoot, allowPrivateEgress: true });
  // The role Pinpoint assumes before it reads (developerguide/permissions-import-segment.html).
  await server.iam().send(
    new CreateRoleCommand({
      RoleName: 'PinpointImport',
      AssumeRolePolicyDocument: seedTrustPolicy('000000000000'),
    }),
  );
  web = createServer((req, res) => {
    if (req.url === '/endpoints.csv') {
      res.setHeader('content-type', 'text/csv');
      res.end('Id,ChannelType,Address\nweb-1,EMAIL,web1@example.com\n');
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise((resolve) => web.close(resolve));
  await server.close();
});

const pinpoint = (creds?: Credentials) => server.pinpoint(creds);

async function newApp(): Promise<string> {
  const out = await pinpoint().send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'imp' } }));
  return out.ApplicationResponse!.Id!;
}

const createJob = (appId: string, req: Partial<ImportJobRequest>, creds?: Credentials) =>
  pinpoint(creds).send(
    new CreateImportJobCommand({
      ApplicationId: appId,
      ImportJobRequest: { Format: 'CSV', RoleArn: ROLE, S3Url: '', ...req } as ImportJobRequest,
    }),
  );

/** Polls GetImportJob until the job has finished (the job runs in the server's background). */
async function finished(appId: string, jobId: string): Promise<ImportJobResponse> {
  for (let i = 0; i < 500; i++) {
    const job = (await pinpoint().send(new GetImportJobCommand({ ApplicationId: appId, JobId: jobId })))
      .ImportJobResponse!;
    if (job.JobStatus === 'COMPLETED' || job.JobStatus === 'FAILED') return job;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`import job ${jobId} did not finish`);
}

const endpoint = async (appId: string, id: string) =>
  (await pinpoint().send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: id }))).EndpointResponse!;

test('a CSV import (s3://bucket/key) registers endpoints, counts bad lines as failures and defines an IMPORT segment', async () => {
  const appId = await newApp();
  // user-9 is imported by user id only: its existing endpoint joins the segment.
  await pinpoint().send(
    new UpdateEndpointCommand({
      ApplicationId: appId,
      EndpointId: 'existing-9',
      EndpointRequest: { ChannelType: 'EMAIL', Address: 'nine@example.com', User: { UserId: 'user-9' } },
    }),
  );
  const created = await createJob(appId, {
    S3Url: `${S3}endpoints.csv`,
    DefineSegment: true,
    SegmentName: 'Imported',
    RegisterEndpoints: true,
  });
  assert.equal(created.$metadata.httpStatusCode, 201);
  const job0 = created.ImportJobResponse!;
  assert.match(job0.Id!, /^[0-9a-f]{32}$/);
  assert.equal(job0.Type, 'IMPORT');
  assert.equal(job0.ApplicationId, appId);
  assert.equal(job0.JobStatus, 'CREATED');
  assert.equal(job0.Definition!.Format, 'CSV');
  assert.equal(job0.Definition!.DefineSegment, true);
  const segmentId = job0.Definition!.SegmentId!;
  assert.match(segmentId, /^[0-9a-f]{32}$/);

  const job = await finished(appId, job0.Id!);
  assert.equal(job.JobStatus, 'COMPLETED');
  assert.equal(job.TotalPieces, 1);
  assert.equal(job.CompletedPieces, 1);
  assert.equal(job.FailedPieces, 0);
  assert.equal(job.TotalProcessed, 7);
  assert.equal(job.TotalFailures, 3);
  assert.equal(job.Failures!.length, 3);
  // Failures name the line and the rule, never the file's text.
  assert.deepEqual(job.Failures, [
    'endpoints.csv line 4: Invalid ChannelType',
    'endpoints.csv line 5: Address and ChannelType are required for a new endpoint',
    'endpoints.csv line 6: The value in column 5 must be a number',
  ]);
  assert.ok(!Number.isNaN(Date.parse(job.CompletionDate!)));

  const one = await endpoint(appId, 'csv-1');
  assert.equal(one.ChannelType, 'EMAIL');
  assert.equal(one.Address, 'one@example.com');
  assert.deepEqual(one.Location, { Country: 'JP', Latitude: 35.6 });
  assert.deepEqual(one.Demographic, { Platform: 'ios' });
  // A repeated header gives an attribute several values; a quoted value keeps its comma.
  assert.deepEqual(one.Attributes, { Interests: ['mail', 'ses, smtp'] });
  assert.deepEqual(one.User, { UserId: 'user-1', UserAttributes: { FirstName: ['Hana'] } });
  assert.deepEqual(one.Metrics, { visits: 3 });
  assert.equal((await endpoint(appId, 'csv-6')).OptOut, 'ALL');
  assert.equal(
    (await fail(pinpoint().send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'csv-3' }))))
      .status,
    404,
  );

  const segment = (
    await pinpoint().send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: segmentId }))
  ).SegmentResponse!;
  assert.equal(segment.SegmentType, 'IMPORT');
  assert.equal(segment.Name, 'Imported');
  assert.equal(segment.Version, 1);
  assert.deepEqual(segment.ImportDefinition, {
    ChannelCounts: { EMAIL: 3 },
    ExternalId: '',
    Format: 'CSV',
    RoleArn: ROLE,
    S3Url: `${S3}endpoints.csv`,
    Size: 3,
  });
  const members = (await server.runtime.pinpoint.context.ports.segments.members(scope, appId, segmentId))!;
  const ids: string[] = [];
  for await (const e of members) ids.push(e.Id);
  assert.equal(ids.length, 4);
  assert.ok(ids.includes('csv-1') && ids.includes('csv-6') && ids.includes('existing-9'));
  const derived = ids.find((id) => !['csv-1', 'csv-6', 'existing-9'].includes(id))!;
  assert.equal((await endpoint(appId, derived)).Address, 'two@example.com');

  const forSegment = await pinpoint().send(
    new GetSegmentImportJobsCommand({ ApplicationId: appId, SegmentId: segmentId }),
  );
  assert.deepEqual(
    forSegment.ImportJobsResponse!.Item!.map((j) => j.Id),
    [job0.Id],
  );
});

test('a newline-delimited JSON import without a segment registers the good lines only', async () => {
  const appId = await newApp();
  const job0 = (await createJob(appId, { Format: 'JSON', S3Url: `${S3}endpoints.jsonl` })).ImportJobResponse!;
  assert.equal(job0.Definition!.SegmentId, undefined);
  const job = await finished(appId, job0.Id!);
  assert.equal(job.JobStatus, 'COMPLETED');
  assert.equal(job.TotalProcessed, 5);
  assert.equal(job.TotalFailures, 3);
  assert.deepEqual(job.Failures, [
    'endpoints.jsonl line 3: Malformed JSON',
    'endpoints.jsonl line 4: A Metrics value must be a number',
    'endpoints.jsonl line 5: An endpoint definition must be a JSON object',
  ]);
  const j1 = await endpoint(appId, 'json-1');
  assert.deepEqual(j1.Attributes, { Ride: ['Bus'] });
  assert.equal(j1.User?.UserId, 'ju-1');
  const listed = await pinpoint().send(new GetImportJobsCommand({ ApplicationId: appId }));
  assert.equal(listed.ImportJobsResponse!.Item!.length, 1);
});

test('a key prefix (folder) imports every file of the Format under it, subfolders included, one piece each', async () => {
  const appId = await newApp();
  const job0 = (await createJob(appId, { S3Url: `${S3}import-folder/` })).ImportJobResponse!;
  const job = await finished(appId, job0.Id!);
  assert.equal(job.JobStatus, 'COMPLETED');
  assert.equal(job.TotalPieces, 2);
  assert.equal(job.CompletedPieces, 2);
  assert.equal(job.TotalProcessed, 3);
  for (const id of ['f-a1', 'f-a2', 'f-b1']) assert.equal((await endpoint(appId, id)).Id, id);
  const json = await fail(
    pinpoint().send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'f-json' })),
  );
  assert.equal(json.status, 404, 'the JSON file is not read by a CSV job');
});

test('an http URL (Pinpost’s extension) is read like a file; a missing key, an error status or an unsupported header fails the job', async () => {
  const appId = await newApp();
  const web1 = await finished(
    appId,
    (await createJob(appId, { S3Url: `${webUrl}/endpoints.csv` })).ImportJobResponse!.Id!,
  );
  assert.equal(web1.JobStatus, 'COMPLETED');
  assert.equal((await endpoint(appId, 'web-1')).Address, 'web1@example.com');

  const gone = await finished(
    appId,
    (await createJob(appId, { S3Url: `${S3}no-such-dir/` })).ImportJobResponse!.Id!,
  );
  assert.equal(gone.JobStatus, 'FAILED');
  assert.deepEqual(gone.Failures, ['s3://imports/no-such-dir does not exist']);

  const missing = await finished(
    appId,
    (await createJob(appId, { S3Url: `${webUrl}/nothing.csv` })).ImportJobResponse!.Id!,
  );
  assert.equal(missing.JobStatus, 'FAILED');
  assert.equal(missing.FailedPieces, 1);
  assert.deepEqual(missing.Failures, [`${webUrl}/nothing.csv: The URL answered HTTP 404`]);

  const header = await finished(
    appId,
    (await createJob(appId, { S3Url: `${S3}bad-header.csv`, DefineSegment: true })).ImportJobResponse!.Id!,
  );
  assert.equal(header.JobStatus, 'FAILED');
  assert.equal(header.FailedPieces, 1);
  assert.deepEqual(header.Failures, ['bad-header.csv: Unsupported attribute in the header, column 3']);

  const all = await pinpoint().send(new GetImportJobsCommand({ ApplicationId: appId, PageSize: '3' }));
  assert.equal(all.ImportJobsResponse!.Item!.length, 3);
  const rest = await pinpoint().send(
    new GetImportJobsCommand({
      ApplicationId: appId,
      PageSize: '3',
      Token: all.ImportJobsResponse!.NextToken,
    }),
  );
  assert.equal(rest.ImportJobsResponse!.Item!.length, 1);
});

test('bad requests are BadRequestException (or NotFoundException) and create no job', async () => {
  const appId = await newApp();
  const file = `${S3}endpoints.csv`;
  for (const req of [
    { S3Url: file, Format: undefined },
    { S3Url: file, Format: 'XML' as never },
    { S3Url: '' },
    { S3Url: `${FIXTURES}endpoints.csv` },
    { S3Url: file, RoleArn: undefined },
  ]) {
    const e = await fail(createJob(appId, req));
    assert.equal(e.name, 'BadRequestException', JSON.stringify(req));
  }
  const dimensional = (
    await pinpoint().send(
      new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { Name: 'd' } }),
    )
  ).SegmentResponse!.Id!;
  assert.equal(
    (await fail(createJob(appId, { S3Url: file, SegmentId: dimensional }))).name,
    'BadRequestException',
  );
  assert.equal(
    (await fail(createJob(appId, { S3Url: file, SegmentId: 'f'.repeat(32) }))).name,
    'NotFoundException',
  );
  const jobs = await pinpoint().send(new GetImportJobsCommand({ ApplicationId: appId }));
  assert.deepEqual(jobs.ImportJobsResponse!.Item, []);
  const none = await fail(pinpoint().send(new GetImportJobCommand({ ApplicationId: appId, JobId: 'nope' })));
  assert.deepEqual(none, { name: 'NotFoundException', message: 'Resource not found', status: 404 });
});

test('a second import into the segment adds to it and makes a new version', async () => {
  const appId = await newApp();
  const first = (await createJob(appId, { S3Url: `${S3}import-folder/a.csv`, DefineSegment: true }))
    .ImportJobResponse!;
  await finished(appId, first.Id!);
  const segmentId = first.Definition!.SegmentId!;
  const second = (await createJob(appId, { S3Url: `${S3}import-folder/sub/b.csv`, SegmentId: segmentId }))
    .ImportJobResponse!;
  assert.equal((await finished(appId, second.Id!)).JobStatus, 'COMPLETED');
  const segment = (
    await pinpoint().send(new GetSegmentCommand({ ApplicationId: appId, SegmentId: segmentId }))
  ).SegmentResponse!;
  assert.equal(segment.Version, 2);
  assert.equal(segment.ImportDefinition!.Size, 3);
  assert.deepEqual(segment.ImportDefinition!.ChannelCounts, { EMAIL: 2, SMS: 1 });
  const ids: string[] = [];
  for await (const e of (await server.runtime.pinpoint.context.ports.segments.members(
    scope,
    appId,
    segmentId,
  ))!)
    ids.push(e.Id);
  assert.deepEqual(ids.sort(), ['f-a1', 'f-a2', 'f-b1']);
  const jobs = await pinpoint().send(
    new GetSegmentImportJobsCommand({ ApplicationId: appId, SegmentId: segmentId }),
  );
  assert.equal(jobs.ImportJobsResponse!.Item!.length, 2);

  // An imported segment can be renamed, but takes no criteria.
  const renamed = await pinpoint().send(
    new UpdateSegmentCommand({
      ApplicationId: appId,
      SegmentId: segmentId,
      WriteSegmentRequest: { Name: 'renamed' },
    }),
  );
  assert.equal(renamed.SegmentResponse!.Version, 3);
  assert.equal(renamed.SegmentResponse!.SegmentType, 'IMPORT');
  const criteria = await fail(
    pinpoint().send(
      new UpdateSegmentCommand({
        ApplicationId: appId,
        SegmentId: segmentId,
        WriteSegmentRequest: { Dimensions: { Demographic: { Channel: { Values: ['SMS'] } } } },
      }),
    ),
  );
  assert.equal(criteria.name, 'BadRequestException');
});

test('IAM: CreateImportJob needs iam:PassRole on RoleArn for mobiletargeting.amazonaws.com (list_pinpoint.html); GetImportJob is on the job ARN', async () => {
  const appId = await newApp();
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'importer' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'importer' }))).AccessKey!;
  const user = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  const allow = (Statement: object[]) =>
    iam.send(
      new PutUserPolicyCommand({
        UserName: 'importer',
        PolicyName: 'p',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement }),
      }),
    );
  const appArn = `arn:aws:mobiletargeting:us-east-1:000000000000:apps/${appId}`;
  const onApp = { Effect: 'Allow', Action: 'mobiletargeting:*', Resource: appArn };
  const passRole = {
    Effect: 'Allow',
    Action: 'iam:PassRole',
    Resource: ROLE,
    Condition: { StringEquals: { 'iam:PassedToService': 'mobiletargeting.amazonaws.com' } },
  };
  const file = `${S3}import-folder/a.csv`;

  await allow([onApp]);
  const denied = await fail(createJob(appId, { S3Url: file }, user));
  assert.equal(denied.status, 403);
  assert.match(
    denied.message,
    /^User: arn:aws:iam::000000000000:user\/importer is not authorized to perform: iam:PassRole on resource: arn:aws:iam::000000000000:role\/PinpointImport/,
  );
  assert.deepEqual(
    (await pinpoint().send(new GetImportJobsCommand({ ApplicationId: appId }))).ImportJobsResponse!.Item,
    [],
    'nothing written on denial',
  );

  await allow([onApp, passRole]);
  const job = (await createJob(appId, { S3Url: file }, user)).ImportJobResponse!;
  await finished(appId, job.Id!);
  const listed = await pinpoint(user).send(new GetImportJobsCommand({ ApplicationId: appId }));
  assert.equal(listed.ImportJobsResponse!.Item!.length, 1);
  const getDenied = await fail(
    pinpoint(user).send(new GetImportJobCommand({ ApplicationId: appId, JobId: job.Id })),
  );
  assert.match(
    getDenied.message,
    new RegExp(`mobiletargeting:GetImportJob on resource: ${appArn}/jobs/import/${job.Id}`),
  );

  await allow([
    { Effect: 'Allow', Action: 'mobiletargeting:*', Resource: [appArn, `${appArn}/jobs/import/*`] },
  ]);
  const got = await pinpoint(user).send(new GetImportJobCommand({ ApplicationId: appId, JobId: job.Id }));
  assert.equal(got.ImportJobResponse!.JobStatus, 'COMPLETED');
});
