/**
 * SES v2 import jobs (API_CreateImportJob.html, GetImportJob, ListImportJobs) reading
 * `s3://bucket/key` from the server's import root through the one job mechanism: the suppression
 * list (PUT with reasons, DELETE), a contact list (CSV header with topic preferences, JSON lines),
 * records that fail counted while the rest import, a missing location failing the job, a missing
 * contact list refused at creation, listing with the destination filter and paging.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v2 from '@aws-sdk/client-sesv2';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
const root = mkdtempSync(join(tmpdir(), 'ses-import-'));
mkdirSync(join(root, 'bucket', 'contacts'), { recursive: true });
writeFileSync(
  join(root, 'bucket', 'suppress.csv'),
  'bounced@example.com,BOUNCE\ncomplained@example.com,COMPLAINT\nbad-address,BOUNCE\nodd@example.com,SPAM\n',
);
writeFileSync(join(root, 'bucket', 'unsuppress.csv'), 'bounced@example.com\n');
writeFileSync(
  join(root, 'bucket', 'contacts', 'people.csv'),
  'emailAddress,unsubscribeAll,attributesData,topicPreferences.news\n' +
    'ann@example.com,false,"{""name"":""Ann""}",OPT_IN\n' +
    'bob@example.com,true,,OPT_OUT\n' +
    'cy@example.com,maybe,,OPT_IN\n',
);
writeFileSync(
  join(root, 'bucket', 'people.json'),
  '{"emailAddress":"dee@example.com","topicPreferences":[{"TopicName":"news","SubscriptionStatus":"OPT_IN"}]}\n' +
    '{"emailAddress":"eve@example.com","topicPreferences":[{"TopicName":"unknown","SubscriptionStatus":"OPT_IN"}]}\n' +
    'not json\n',
);

before(async () => {
  server = await startTestServer({}, { importRoot: root });
});
after(async () => {
  await server.close();
});

/** Polls GetImportJob until the job has finished (it runs in the server's background). */
async function finished(jobId: string): Promise<v2.GetImportJobCommandOutput> {
  for (let i = 0; i < 500; i++) {
    const job = await server.sesv2().send(new v2.GetImportJobCommand({ JobId: jobId }));
    if (job.JobStatus === 'COMPLETED' || job.JobStatus === 'FAILED') return job;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`import job ${jobId} did not finish`);
}

test('suppression list: PUT imports the good records and counts the bad; DELETE removes', async () => {
  const c = server.sesv2();
  const { JobId } = await c.send(
    new v2.CreateImportJobCommand({
      ImportDestination: { SuppressionListDestination: { SuppressionListImportAction: 'PUT' } },
      ImportDataSource: { S3Url: 's3://bucket/suppress.csv', DataFormat: 'CSV' },
    }),
  );
  const job = await finished(JobId!);
  assert.equal(job.JobStatus, 'COMPLETED');
  assert.equal(job.ProcessedRecordsCount, 4);
  assert.equal(job.FailedRecordsCount, 2, 'a bad address and a bad reason');
  assert.ok(job.CompletedTimestamp instanceof Date);
  const got = await c.send(
    new v2.GetSuppressedDestinationCommand({ EmailAddress: 'complained@example.com' }),
  );
  assert.equal(got.SuppressedDestination?.Reason, 'COMPLAINT');

  const del = await c.send(
    new v2.CreateImportJobCommand({
      ImportDestination: { SuppressionListDestination: { SuppressionListImportAction: 'DELETE' } },
      ImportDataSource: { S3Url: 's3://bucket/unsuppress.csv', DataFormat: 'CSV' },
    }),
  );
  assert.equal((await finished(del.JobId!)).JobStatus, 'COMPLETED');
  const gone = await fail(
    c.send(new v2.GetSuppressedDestinationCommand({ EmailAddress: 'bounced@example.com' })),
  );
  assert.equal(gone.status, 404);
});

test('contact list: CSV with a header and topic columns, JSON lines, bad records counted', async () => {
  const c = server.sesv2();
  const missing = await fail(
    c.send(
      new v2.CreateImportJobCommand({
        ImportDestination: {
          ContactListDestination: { ContactListName: 'nope', ContactListImportAction: 'PUT' },
        },
        ImportDataSource: { S3Url: 's3://bucket/contacts/', DataFormat: 'CSV' },
      }),
    ),
  );
  assert.deepEqual(missing, {
    name: 'NotFoundException',
    message: "ContactList <nope> doesn't exist",
    status: 404,
  });

  await c.send(
    new v2.CreateContactListCommand({
      ContactListName: 'people',
      Topics: [{ TopicName: 'news', DisplayName: 'News', DefaultSubscriptionStatus: 'OPT_OUT' }],
    }),
  );
  const csv = await c.send(
    new v2.CreateImportJobCommand({
      ImportDestination: {
        ContactListDestination: { ContactListName: 'people', ContactListImportAction: 'PUT' },
      },
      ImportDataSource: { S3Url: 's3://bucket/contacts/', DataFormat: 'CSV' },
    }),
  );
  const csvJob = await finished(csv.JobId!);
  assert.deepEqual(
    [csvJob.JobStatus, csvJob.ProcessedRecordsCount, csvJob.FailedRecordsCount],
    ['COMPLETED', 3, 1],
  );
  const ann = await c.send(
    new v2.GetContactCommand({ ContactListName: 'people', EmailAddress: 'ann@example.com' }),
  );
  assert.equal(ann.AttributesData, '{"name":"Ann"}');
  assert.deepEqual(ann.TopicPreferences, [{ TopicName: 'news', SubscriptionStatus: 'OPT_IN' }]);
  const bob = await c.send(
    new v2.GetContactCommand({ ContactListName: 'people', EmailAddress: 'bob@example.com' }),
  );
  assert.equal(bob.UnsubscribeAll, true);

  const json = await c.send(
    new v2.CreateImportJobCommand({
      ImportDestination: {
        ContactListDestination: { ContactListName: 'people', ContactListImportAction: 'PUT' },
      },
      ImportDataSource: { S3Url: 's3://bucket/people.json', DataFormat: 'JSON' },
    }),
  );
  const jsonJob = await finished(json.JobId!);
  assert.deepEqual([jsonJob.ProcessedRecordsCount, jsonJob.FailedRecordsCount], [3, 2]);
  const dee = await c.send(
    new v2.GetContactCommand({ ContactListName: 'people', EmailAddress: 'dee@example.com' }),
  );
  assert.equal(dee.EmailAddress, 'dee@example.com');
});

test('a location that does not exist fails the job with FailureInfo; bad input is refused', async () => {
  const c = server.sesv2();
  const { JobId } = await c.send(
    new v2.CreateImportJobCommand({
      ImportDestination: { SuppressionListDestination: { SuppressionListImportAction: 'PUT' } },
      ImportDataSource: { S3Url: 's3://bucket/none.csv', DataFormat: 'CSV' },
    }),
  );
  const job = await finished(JobId!);
  assert.equal(job.JobStatus, 'FAILED');
  assert.match(job.FailureInfo?.ErrorMessage ?? '', /s3:\/\/bucket\/none\.csv does not exist/);

  const badUrl = await fail(
    c.send(
      new v2.CreateImportJobCommand({
        ImportDestination: { SuppressionListDestination: { SuppressionListImportAction: 'PUT' } },
        ImportDataSource: { S3Url: '/etc/passwd', DataFormat: 'CSV' },
      }),
    ),
  );
  assert.equal(badUrl.name, 'BadRequestException');
  const unknown = await fail(c.send(new v2.GetImportJobCommand({ JobId: 'no-such-job' })));
  assert.equal(unknown.name, 'NotFoundException');
});

test('ListImportJobs filters by destination type and pages', async () => {
  const c = server.sesv2();
  const sup = await c.send(new v2.ListImportJobsCommand({ ImportDestinationType: 'SUPPRESSION_LIST' }));
  assert.equal(sup.ImportJobs?.length, 3);
  assert.ok(sup.ImportJobs?.every((j) => j.ImportDestination?.SuppressionListDestination));
  const contacts = await c.send(new v2.ListImportJobsCommand({ ImportDestinationType: 'CONTACT_LIST' }));
  assert.equal(contacts.ImportJobs?.length, 2, 'the refused job was not stored');
  const first = await c.send(new v2.ListImportJobsCommand({ PageSize: 3 }));
  const rest = await c.send(new v2.ListImportJobsCommand({ PageSize: 3, NextToken: first.NextToken }));
  assert.equal(first.ImportJobs?.length, 3);
  assert.equal(rest.ImportJobs?.length, 2);
  assert.equal(rest.NextToken, undefined);
});
