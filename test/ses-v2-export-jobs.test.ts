/**
 * SES v2 export jobs through @aws-sdk/client-sesv2 (API_CreateExportJob.html, API_GetExportJob.html,
 * API_ListExportJobs.html, API_CancelExportJob.html): Pinpost's own sending records — message
 * insights and daily metrics — written as CSV or newline-delimited JSON to `s3://bucket/key`, which
 * is `<import root>/bucket/key/<JobId>.<csv|json>`; statistics; refusals that write nothing; a
 * missing bucket folder or a link out of the root failing the job; filters and paging of the list;
 * cancelling; IAM.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v2 from '@aws-sdk/client-sesv2';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
let root: string;
let outside: string;
const DAY = 86_400_000;
let today: Date;
let tomorrow: Date;
const messageIds: string[] = [];

before(async () => {
  const base = mkdtempSync(join(tmpdir(), 'pinpost-ses-exports-'));
  root = join(base, 'root');
  outside = join(base, 'outside');
  mkdirSync(join(root, 'exports'), { recursive: true });
  mkdirSync(outside);
  symlinkSync(outside, join(root, 'escape'));
  server = await startTestServer({}, { importRoot: root });
  const c = server.sesv2();
  for (const domain of ['exp.example', 'other.example', 'readers.example'])
    await c.send(new v2.CreateEmailIdentityCommand({ EmailIdentity: domain }));
  const send = async (from: string, to: string[], subject: string) =>
    messageIds.push(
      (
        await c.send(
          new v2.SendEmailCommand({
            FromEmailAddress: from,
            Destination: { ToAddresses: to },
            Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'Hello' } } } },
          }),
        )
      ).MessageId!,
    );
  await send('news@exp.example', ['a@readers.example'], 'First, with a comma');
  await send('news@exp.example', ['b@readers.example'], 'Second');
  await send('info@other.example', ['c@readers.example', 'd@readers.example'], 'Third');
  const now = Date.now();
  today = new Date(Math.floor(now / DAY) * DAY);
  tomorrow = new Date(today.getTime() + DAY);
});
after(() => server.close());

const ses = () => server.sesv2();

/** Polls GetExportJob until the job has ended (it runs in the server's background). */
async function ended(jobId: string): Promise<v2.GetExportJobCommandOutput> {
  for (let i = 0; i < 500; i++) {
    const job = await ses().send(new v2.GetExportJobCommand({ JobId: jobId }));
    if (job.JobStatus === 'COMPLETED' || job.JobStatus === 'FAILED' || job.JobStatus === 'CANCELLED')
      return job;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`export job ${jobId} did not end`);
}

const insightsJob = (S3Url: string, DataFormat: 'CSV' | 'JSON', extra: object = {}) =>
  ses().send(
    new v2.CreateExportJobCommand({
      ExportDataSource: {
        MessageInsightsDataSource: { StartDate: today, EndDate: tomorrow, ...extra },
      },
      ExportDestination: { DataFormat, S3Url },
    }),
  );

test('message insights as newline-delimited JSON: one record per destination, with statistics', async () => {
  const { JobId } = await insightsJob('s3://exports/insights/', 'JSON');
  assert.match(JobId!, /^[0-9a-f-]{36}$/);
  const job = await ended(JobId!);
  assert.equal(job.JobStatus, 'COMPLETED');
  assert.equal(job.ExportSourceType, 'MESSAGE_INSIGHTS');
  assert.deepEqual(job.Statistics, { ProcessedRecordsCount: 4, ExportedRecordsCount: 4 });
  assert.ok(job.CompletedTimestamp instanceof Date);
  assert.deepEqual(job.ExportDestination, { DataFormat: 'JSON', S3Url: 's3://exports/insights/' });
  assert.deepEqual(job.ExportDataSource?.MessageInsightsDataSource?.StartDate, today);
  assert.equal(job.FailureInfo, undefined);

  assert.deepEqual(readdirSync(join(root, 'exports', 'insights')), [`${JobId}.json`]);
  const text = readFileSync(join(root, 'exports', 'insights', `${JobId}.json`), 'utf8');
  const lines = text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, string>);
  assert.deepEqual(
    lines.map((l) => [l.MessageId, l.Destination, l.FromEmailAddress, l.Subject, l.LastDeliveryEvent]),
    [
      [
        messageIds[0],
        'a@readers.example',
        'news@exp.example',
        'First, with a comma',
        lines[0].LastDeliveryEvent,
      ],
      [messageIds[1], 'b@readers.example', 'news@exp.example', 'Second', lines[1].LastDeliveryEvent],
      [messageIds[2], 'c@readers.example', 'info@other.example', 'Third', lines[2].LastDeliveryEvent],
      [messageIds[2], 'd@readers.example', 'info@other.example', 'Third', lines[3].LastDeliveryEvent],
    ],
  );
  for (const l of lines) {
    assert.ok(['SEND', 'DELIVERY'].includes(l.LastDeliveryEvent), l.LastDeliveryEvent);
    assert.equal(l.LastEngagementEvent, '');
    assert.ok(!Number.isNaN(Date.parse(l.SendTimestamp)));
  }
});

test('message insights as CSV with Include and Exclude filters and MaxResults', async () => {
  const { JobId } = await insightsJob('s3://exports/filtered', 'CSV', {
    Include: { FromEmailAddress: ['news@exp.example', 'info@other.example'] },
    Exclude: { Destination: ['b@readers.example'] },
    MaxResults: 2,
  });
  const job = await ended(JobId!);
  assert.equal(job.JobStatus, 'COMPLETED');
  assert.deepEqual(job.Statistics, { ProcessedRecordsCount: 4, ExportedRecordsCount: 2 });
  const text = readFileSync(join(root, 'exports', 'filtered', `${JobId}.csv`), 'utf8');
  const rows = text.trimEnd().split('\r\n');
  assert.equal(
    rows[0],
    'MessageId,Destination,FromEmailAddress,Subject,SendTimestamp,LastDeliveryEvent,LastEngagementEvent',
  );
  assert.equal(rows.length, 3);
  assert.ok(rows[1].startsWith(`${messageIds[0]},a@readers.example,news@exp.example,"First, with a comma",`));
  assert.ok(rows[2].startsWith(`${messageIds[2]},c@readers.example,info@other.example,Third,`));
});

test('metrics data: one row per day and dimension value, VOLUME as BatchGetMetricData counts it, RATE over sends', async () => {
  const { JobId } = await ses().send(
    new v2.CreateExportJobCommand({
      ExportDataSource: {
        MetricsDataSource: {
          Namespace: 'VDM',
          Dimensions: { EMAIL_IDENTITY: ['exp.example', 'other.example'] },
          Metrics: [
            { Name: 'SEND', Aggregation: 'VOLUME' },
            { Name: 'SEND', Aggregation: 'RATE' },
          ],
          StartDate: today,
          EndDate: tomorrow,
        },
      },
      ExportDestination: { DataFormat: 'JSON', S3Url: 's3://exports/metrics/' },
    }),
  );
  const job = await ended(JobId!);
  assert.equal(job.JobStatus, 'COMPLETED');
  assert.equal(job.ExportSourceType, 'METRICS_DATA');
  assert.deepEqual(job.Statistics, { ProcessedRecordsCount: 2, ExportedRecordsCount: 2 });
  const lines = readFileSync(join(root, 'exports', 'metrics', `${JobId}.json`), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  // Only messages with one recipient count (BatchGetMetricData's rule): other.example's has two.
  const batch = await ses().send(
    new v2.BatchGetMetricDataCommand({
      Queries: [
        {
          Id: 'q',
          Namespace: 'VDM',
          Metric: 'SEND',
          Dimensions: { EMAIL_IDENTITY: 'exp.example' },
          StartDate: today,
          EndDate: tomorrow,
        },
      ],
    }),
  );
  assert.deepEqual(batch.Results![0].Values, [2]);
  assert.deepEqual(lines, [
    { Timestamp: today.toISOString(), EMAIL_IDENTITY: 'exp.example', SEND_VOLUME: 2, SEND_RATE: 1 },
    { Timestamp: today.toISOString(), EMAIL_IDENTITY: 'other.example', SEND_VOLUME: 0, SEND_RATE: 0 },
  ]);
});

test('bad input is BadRequestException and stores no job', async () => {
  const before = (await ses().send(new v2.ListExportJobsCommand({}))).ExportJobs!.length;
  const dest = { DataFormat: 'CSV' as const, S3Url: 's3://exports/x/' };
  const source = { MessageInsightsDataSource: { StartDate: today, EndDate: tomorrow } };
  const cases: v2.CreateExportJobCommandInput[] = [
    { ExportDataSource: source, ExportDestination: { DataFormat: 'CSV', S3Url: 'https://example.com/x' } },
    { ExportDataSource: source, ExportDestination: { DataFormat: 'CSV', S3Url: 's3://exports/../x/' } },
    { ExportDataSource: source, ExportDestination: { DataFormat: 'CSV' } },
    { ExportDataSource: {}, ExportDestination: dest },
    {
      ExportDataSource: { MessageInsightsDataSource: { StartDate: tomorrow, EndDate: today } },
      ExportDestination: dest,
    },
    {
      ExportDataSource: {
        MessageInsightsDataSource: { StartDate: today, EndDate: tomorrow, Include: { Isp: ['Gmail'] } },
      },
      ExportDestination: dest,
    },
    {
      ExportDataSource: {
        MetricsDataSource: {
          Namespace: 'VDM',
          Dimensions: { ISP: ['Gmail'] },
          Metrics: [{ Name: 'SEND', Aggregation: 'VOLUME' }],
          StartDate: today,
          EndDate: tomorrow,
        },
      },
      ExportDestination: dest,
    },
  ];
  for (const input of cases) {
    const e = await fail(ses().send(new v2.CreateExportJobCommand(input)));
    assert.equal(e.name, 'BadRequestException', JSON.stringify(input));
    assert.equal(e.status, 400);
  }
  // What the model leaves optional and an export needs, in one error worded as the model's
  // violations (list items as SES v2's wording names them, `Metrics.1.member.Aggregation`).
  const missing = await fail(
    ses().send(
      new v2.CreateExportJobCommand({
        ExportDataSource: {
          MetricsDataSource: {
            Namespace: 'VDM',
            Dimensions: { EMAIL_IDENTITY: ['exp.example'] },
            Metrics: [{ Name: 'SEND' }],
            StartDate: today,
            EndDate: tomorrow,
          },
        },
        ExportDestination: { DataFormat: 'CSV' },
      }),
    ),
  );
  assert.deepEqual(missing, {
    name: 'BadRequestException',
    message:
      "2 validation errors detected: Value null at 'exportDataSource.MetricsDataSource.Metrics.1.member.Aggregation' " +
      "failed to satisfy constraint: Member must not be null; Value null at 'exportDestination.S3Url' " +
      'failed to satisfy constraint: Member must not be null',
    status: 400,
  });
  assert.equal((await ses().send(new v2.ListExportJobsCommand({}))).ExportJobs!.length, before);
  assert.deepEqual(readdirSync(join(root, 'exports')).includes('x'), false);
  const none = await fail(ses().send(new v2.GetExportJobCommand({ JobId: 'no-such-job' })));
  assert.deepEqual(none, {
    name: 'NotFoundException',
    message: 'Export job <no-such-job> does not exist.',
    status: 404,
  });
});

test('a missing bucket folder, or a bucket that leaves the root, fails the job and writes nothing', async () => {
  const rootBefore = readdirSync(root).sort();
  for (const url of ['s3://missing-bucket/x/', 's3://escape/x/']) {
    const { JobId } = await insightsJob(url, 'CSV');
    const job = await ended(JobId!);
    assert.equal(job.JobStatus, 'FAILED', url);
    assert.deepEqual(job.FailureInfo, {
      ErrorMessage: `${url}${JobId}.csv could not be written: the bucket does not exist or the key leaves it`,
    });
    assert.equal(job.Statistics!.ExportedRecordsCount, 0);
  }
  assert.deepEqual(readdirSync(root).sort(), rootBefore);
  assert.deepEqual(readdirSync(outside), []);
});

test('ListExportJobs filters by ExportSourceType and JobStatus and pages with PageSize and NextToken', async () => {
  const all = (await ses().send(new v2.ListExportJobsCommand({}))).ExportJobs!;
  assert.equal(all.length, 5, 'the five jobs of the tests above');
  const metrics = (await ses().send(new v2.ListExportJobsCommand({ ExportSourceType: 'METRICS_DATA' })))
    .ExportJobs!;
  assert.equal(metrics.length, 1);
  assert.equal(metrics[0].ExportSourceType, 'METRICS_DATA');
  const failed = (await ses().send(new v2.ListExportJobsCommand({ JobStatus: 'FAILED' }))).ExportJobs!;
  assert.equal(failed.length, 2);
  assert.ok(failed.every((j) => j.JobStatus === 'FAILED'));

  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await ses().send(new v2.ListExportJobsCommand({ PageSize: 2, NextToken: token }));
    assert.ok(page.ExportJobs!.length <= 2);
    seen.push(...page.ExportJobs!.map((j) => j.JobId!));
    token = page.NextToken;
    pages++;
  } while (token);
  assert.equal(pages, Math.ceil(all.length / 2));
  assert.deepEqual(seen.sort(), all.map((j) => j.JobId!).sort());
});

test('CancelExportJob cancels a job not yet run, which then writes nothing; an ended job cannot be cancelled', async () => {
  const worker = server.runtime.jobs.worker;
  await worker.stop();
  let JobId: string | undefined;
  try {
    JobId = (await insightsJob('s3://exports/cancelled/', 'CSV')).JobId;
    assert.equal((await ses().send(new v2.GetExportJobCommand({ JobId }))).JobStatus, 'CREATED');
    const out = await ses().send(new v2.CancelExportJobCommand({ JobId }));
    assert.equal(out.$metadata.httpStatusCode, 200);
  } finally {
    worker.start();
  }
  await worker.idle();
  const job = await ses().send(new v2.GetExportJobCommand({ JobId }));
  assert.equal(job.JobStatus, 'CANCELLED');
  assert.ok(job.CompletedTimestamp instanceof Date);
  assert.equal(readdirSync(join(root, 'exports')).includes('cancelled'), false);

  const again = await fail(ses().send(new v2.CancelExportJobCommand({ JobId })));
  assert.equal(again.name, 'BadRequestException');
  const done = (await ses().send(new v2.ListExportJobsCommand({ JobStatus: 'COMPLETED' }))).ExportJobs![0];
  const completed = await fail(ses().send(new v2.CancelExportJobCommand({ JobId: done.JobId })));
  assert.deepEqual(completed, {
    name: 'BadRequestException',
    message: `Export job <${done.JobId}> is COMPLETED and cannot be cancelled.`,
    status: 400,
  });
  const missing = await fail(ses().send(new v2.CancelExportJobCommand({ JobId: 'no-such-job' })));
  assert.equal(missing.name, 'NotFoundException');
});

test('IAM: a user without permission is denied and nothing is stored; Get/Cancel are on the export-job ARN', async () => {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'exporter' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'exporter' }))).AccessKey!;
  const user = server.sesv2({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  const before = (await ses().send(new v2.ListExportJobsCommand({}))).ExportJobs!.length;
  const input = {
    ExportDataSource: { MessageInsightsDataSource: { StartDate: today, EndDate: tomorrow } },
    ExportDestination: { DataFormat: 'CSV' as const, S3Url: 's3://exports/iam/' },
  };
  const denied = await fail(user.send(new v2.CreateExportJobCommand(input)));
  assert.equal(denied.name, 'AccessDeniedException');
  assert.equal(denied.status, 403);
  assert.match(denied.message, /user\/exporter is not authorized to perform: ses:CreateExportJob /);
  assert.equal((await ses().send(new v2.ListExportJobsCommand({}))).ExportJobs!.length, before);

  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'exporter',
      PolicyName: 'p',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'ses:ListExportJobs', Resource: '*' },
          {
            Effect: 'Allow',
            Action: 'ses:CreateExportJob',
            Resource: '*',
            Condition: { StringEquals: { 'ses:ExportSourceType': 'MESSAGE_INSIGHTS' } },
          },
        ],
      }),
    }),
  );
  const { JobId } = await user.send(new v2.CreateExportJobCommand(input));
  await ended(JobId!);
  // ses:ExportSourceType (list_amazonsesv2.html): the policy allows message insights only.
  const metrics = await fail(
    user.send(
      new v2.CreateExportJobCommand({
        ...input,
        ExportDataSource: {
          MetricsDataSource: {
            Namespace: 'VDM',
            Dimensions: { EMAIL_IDENTITY: ['exp.example'] },
            Metrics: [{ Name: 'SEND', Aggregation: 'VOLUME' }],
            StartDate: today,
            EndDate: tomorrow,
          },
        },
      }),
    ),
  );
  assert.equal(metrics.name, 'AccessDeniedException');
  const get = await fail(user.send(new v2.GetExportJobCommand({ JobId })));
  assert.match(
    get.message,
    new RegExp(`ses:GetExportJob on resource: arn:aws:ses:us-east-1:000000000000:export-job/${JobId}`),
  );
  const cancel = await fail(user.send(new v2.CancelExportJobCommand({ JobId })));
  assert.match(
    cancel.message,
    /ses:CancelExportJob on resource: arn:aws:ses:us-east-1:000000000000:export-job\//,
  );
});
