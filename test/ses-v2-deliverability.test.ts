/**
 * SES v2's Deliverability dashboard over Pinpost's own records (API_CreateDeliverabilityTestReport.html,
 * API_GetDomainStatisticsReport.html, API_ListDomainDeliverabilityCampaigns.html,
 * API_GetBlacklistReports.html and siblings) and GetEmailAddressInsights
 * (API_GetEmailAddressInsights.html): refused as AWS refuses them without a dashboard subscription,
 * placement tests sent through SendEmail's path and completed by Pinpost's delivery, domain
 * statistics and campaigns from delivered mail, bad input refused with nothing written.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as v2 from '@aws-sdk/client-sesv2';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';
import { startSmtpSink } from './mail-smtp-sink.js';

const ACCOUNT = '000000000000';
const DAY = 86_400_000;
let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
});

const simple = (subject: string, html: string) => ({
  Simple: { Subject: { Data: subject }, Body: { Html: { Data: html } } },
});

test('without a dashboard subscription every dashboard report is NotFoundException, as AWS answers', async () => {
  const c = server.sesv2();
  const now = new Date();
  // One at a time: a refused call started beside another could reject before it is awaited.
  const calls: (() => Promise<unknown>)[] = [
    () =>
      c.send(
        new v2.CreateDeliverabilityTestReportCommand({
          FromEmailAddress: 'a@nodash.example',
          Content: simple('s', 'b'),
        }),
      ),
    () => c.send(new v2.GetDeliverabilityTestReportCommand({ ReportId: 'r1' })),
    () => c.send(new v2.ListDeliverabilityTestReportsCommand({})),
    () => c.send(new v2.GetBlacklistReportsCommand({ BlacklistItemNames: ['192.0.2.1'] })),
    () =>
      c.send(
        new v2.GetDomainStatisticsReportCommand({ Domain: 'nodash.example', StartDate: now, EndDate: now }),
      ),
    () =>
      c.send(
        new v2.ListDomainDeliverabilityCampaignsCommand({
          SubscribedDomain: 'nodash.example',
          StartDate: now,
          EndDate: now,
        }),
      ),
    () => c.send(new v2.GetDomainDeliverabilityCampaignCommand({ CampaignId: 'c1' })),
  ];
  for (const call of calls)
    assert.deepEqual(await fail(call()), {
      name: 'NotFoundException',
      message: `Unable to find a dashboard account for <${ACCOUNT}>.`,
      status: 404,
    });
});

test('a placement test goes through SendEmail to the seed and completes once Pinpost delivered it', async () => {
  const c = server.sesv2();
  await c.send(new v2.CreateEmailIdentityCommand({ EmailIdentity: 'place.example' }));
  await c.send(
    new v2.PutDeliverabilityDashboardOptionCommand({
      DashboardEnabled: true,
      SubscribedDomains: [{ Domain: 'place.example' }],
    }),
  );
  const made = await c.send(
    new v2.CreateDeliverabilityTestReportCommand({
      ReportName: 'spring',
      FromEmailAddress: 'tester@place.example',
      Content: simple('Spring sale', '<p>Hello</p>'),
      Tags: [{ Key: 'team', Value: 'growth' }],
    }),
  );
  assert.equal(made.DeliverabilityTestStatus, 'IN_PROGRESS');
  assert.ok(made.ReportId);
  await server.runtime.mail.drain();
  const done = await c.send(new v2.GetDeliverabilityTestReportCommand({ ReportId: made.ReportId }));
  assert.equal(done.DeliverabilityTestReport?.DeliverabilityTestStatus, 'COMPLETED');
  assert.equal(done.DeliverabilityTestReport?.ReportName, 'spring');
  assert.equal(done.DeliverabilityTestReport?.Subject, 'Spring sale');
  assert.equal(done.DeliverabilityTestReport?.FromEmailAddress, 'tester@place.example');
  assert.ok(done.DeliverabilityTestReport?.CreateDate instanceof Date);
  assert.deepEqual(done.OverallPlacement, { InboxPercentage: 100, SpamPercentage: 0, MissingPercentage: 0 });
  assert.deepEqual(done.IspPlacements, []);
  assert.equal(done.Message, '<p>Hello</p>');
  assert.deepEqual(done.Tags, [{ Key: 'team', Value: 'growth' }]);

  // The seed is the sender's own address: the message is in Pinpost's mailbox.
  const box = (await (await fetch(`${server.url}/_aws/ses?email=tester@place.example`)).json()) as {
    messages: { Subject: string; Destination: { ToAddresses: string[] } }[];
  };
  assert.ok(
    box.messages.some(
      (m) => m.Subject === 'Spring sale' && m.Destination.ToAddresses.includes('tester@place.example'),
    ),
  );

  const listed = await c.send(new v2.ListDeliverabilityTestReportsCommand({}));
  assert.deepEqual(
    listed.DeliverabilityTestReports?.map((r) => [r.ReportId, r.DeliverabilityTestStatus]),
    [[made.ReportId, 'COMPLETED']],
  );

  // SendEmail's refusal is the test's, and no report is written.
  const unverified = await fail(
    c.send(
      new v2.CreateDeliverabilityTestReportCommand({
        FromEmailAddress: 'x@unverified.example',
        Content: simple('s', 'b'),
      }),
    ),
  );
  assert.equal(unverified.name, 'MessageRejected');
  assert.equal(
    (await c.send(new v2.ListDeliverabilityTestReportsCommand({}))).DeliverabilityTestReports?.length,
    1,
  );

  const bad = await fail(c.send(new v2.ListDeliverabilityTestReportsCommand({ PageSize: 1001 })));
  assert.equal(bad.name, 'BadRequestException');
  const unknown = await fail(
    c.send(new v2.GetDeliverabilityTestReportCommand({ ReportId: 'no-such-report' })),
  );
  assert.equal(unknown.name, 'NotFoundException');
});

test('domain statistics and campaigns count what Pinpost delivered from a subscribed domain', async () => {
  const c = server.sesv2();
  await c.send(new v2.CreateEmailIdentityCommand({ EmailIdentity: 'stats.example' }));
  await c.send(
    new v2.PutDeliverabilityDashboardOptionCommand({
      DashboardEnabled: true,
      SubscribedDomains: [{ Domain: 'place.example' }, { Domain: 'stats.example' }],
    }),
  );
  for (const to of ['one@example.org', 'two@example.org'])
    await c.send(
      new v2.SendEmailCommand({
        FromEmailAddress: 'news@stats.example',
        Destination: { ToAddresses: [to] },
        Content: simple('Weekly', '<p>news</p>'),
      }),
    );
  await server.runtime.mail.drain();

  const today = Math.floor(Date.now() / DAY) * DAY;
  const report = await c.send(
    new v2.GetDomainStatisticsReportCommand({
      Domain: 'stats.example',
      StartDate: new Date(today - DAY),
      EndDate: new Date(today + DAY),
    }),
  );
  assert.deepEqual(report.OverallVolume?.VolumeStatistics, {
    InboxRawCount: 2,
    SpamRawCount: 0,
    ProjectedInbox: 2,
    ProjectedSpam: 0,
  });
  assert.equal(report.OverallVolume?.ReadRatePercent, 0);
  assert.deepEqual(
    report.DailyVolumes?.map((d) => [d.StartDate?.getTime(), d.VolumeStatistics?.InboxRawCount]),
    [
      [today - DAY, 0],
      [today, 2],
      [today + DAY, 0],
    ],
  );

  const tooLong = await fail(
    c.send(
      new v2.GetDomainStatisticsReportCommand({
        Domain: 'stats.example',
        StartDate: new Date(today - 40 * DAY),
        EndDate: new Date(today),
      }),
    ),
  );
  assert.equal(tooLong.name, 'BadRequestException');
  const backwards = await fail(
    c.send(
      new v2.GetDomainStatisticsReportCommand({
        Domain: 'stats.example',
        StartDate: new Date(today),
        EndDate: new Date(today - 2 * DAY),
      }),
    ),
  );
  assert.equal(backwards.name, 'BadRequestException');
  const notSubscribed = await fail(
    c.send(
      new v2.GetDomainStatisticsReportCommand({
        Domain: 'other.example',
        StartDate: new Date(today),
        EndDate: new Date(today),
      }),
    ),
  );
  assert.equal(notSubscribed.name, 'NotFoundException');

  const listed = await c.send(
    new v2.ListDomainDeliverabilityCampaignsCommand({
      SubscribedDomain: 'stats.example',
      StartDate: new Date(today),
      EndDate: new Date(today + DAY),
    }),
  );
  assert.equal(listed.DomainDeliverabilityCampaigns?.length, 1);
  const campaign = listed.DomainDeliverabilityCampaigns![0];
  assert.equal(campaign.FromAddress, 'news@stats.example');
  assert.equal(campaign.Subject, 'Weekly');
  assert.equal(campaign.InboxCount, 2);
  assert.equal(campaign.SpamCount, 0);
  assert.equal(campaign.ProjectedVolume, 2);
  assert.ok(campaign.FirstSeenDateTime instanceof Date);
  const got = await c.send(
    new v2.GetDomainDeliverabilityCampaignCommand({ CampaignId: campaign.CampaignId }),
  );
  assert.deepEqual(got.DomainDeliverabilityCampaign, campaign);
  const none = await fail(c.send(new v2.GetDomainDeliverabilityCampaignCommand({ CampaignId: 'nope' })));
  assert.equal(none.name, 'NotFoundException');

  const blacklists = await c.send(
    new v2.GetBlacklistReportsCommand({ BlacklistItemNames: ['192.0.2.1', '198.51.100.7'] }),
  );
  assert.deepEqual(blacklists.BlacklistReport, { '192.0.2.1': [], '198.51.100.7': [] });
});

test('GetEmailAddressInsights answers from syntax, deliveries, the suppression list and role names', async () => {
  const c = server.sesv2();
  const insights = async (EmailAddress: string) =>
    (await c.send(new v2.GetEmailAddressInsightsCommand({ EmailAddress }))).MailboxValidation;
  assert.deepEqual(await insights('not an address'), {
    IsValid: { ConfidenceVerdict: 'LOW' },
    Evaluations: { HasValidSyntax: { ConfidenceVerdict: 'LOW' } },
  });
  // one@example.org was delivered to in the test above.
  assert.deepEqual(await insights('one@example.org'), {
    IsValid: { ConfidenceVerdict: 'HIGH' },
    Evaluations: {
      HasValidSyntax: { ConfidenceVerdict: 'HIGH' },
      MailboxExists: { ConfidenceVerdict: 'HIGH' },
      IsRoleAddress: { ConfidenceVerdict: 'LOW' },
    },
  });
  await c.send(
    new v2.PutSuppressedDestinationCommand({ EmailAddress: 'gone@example.org', Reason: 'BOUNCE' }),
  );
  assert.equal((await insights('gone@example.org'))?.Evaluations?.MailboxExists?.ConfidenceVerdict, 'LOW');
  assert.equal((await insights('gone@example.org'))?.IsValid?.ConfidenceVerdict, 'LOW');
  const role = await insights('admin@example.net');
  assert.equal(role?.Evaluations?.IsRoleAddress?.ConfidenceVerdict, 'HIGH');
  assert.equal(role?.Evaluations?.MailboxExists?.ConfidenceVerdict, 'MEDIUM');
});

test('a user without permission is denied a placement test on the sender identity, and nothing is sent', async () => {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'no-dash' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'no-dash' }))).AccessKey;
  const user = server.sesv2({
    accessKeyId: key?.AccessKeyId ?? '',
    secretAccessKey: key?.SecretAccessKey ?? '',
  });
  const denied = await fail(
    user.send(
      new v2.CreateDeliverabilityTestReportCommand({
        FromEmailAddress: 'tester@place.example',
        Content: simple('denied', 'b'),
      }),
    ),
  );
  assert.equal(denied.name, 'AccessDeniedException');
  assert.match(denied.message, /ses:CreateDeliverabilityTestReport.*identity\/place\.example/);
  assert.equal(
    (await server.sesv2().send(new v2.ListDeliverabilityTestReportsCommand({}))).DeliverabilityTestReports
      ?.length,
    1,
  );
});

test('a placement test stays IN_PROGRESS while its delivery is retried, and completes when it is delivered', async () => {
  // Its own server: the relay refuses the first attempt (451), the manual clock runs the retry.
  const sink = await startSmtpSink({ refuseFirst: 1, refuseWith: 451 });
  const relayed = await startTestServer({ clock: 'manual', transport: 'smtp', smtpRelay: sink.url() });
  try {
    const c = relayed.sesv2();
    await c.send(new v2.CreateEmailIdentityCommand({ EmailIdentity: 'retry.example' }));
    await c.send(
      new v2.PutDeliverabilityDashboardOptionCommand({
        DashboardEnabled: true,
        SubscribedDomains: [{ Domain: 'retry.example' }],
      }),
    );
    const { ReportId } = await c.send(
      new v2.CreateDeliverabilityTestReportCommand({
        FromEmailAddress: 'tester@retry.example',
        Content: simple('Retried', '<p>later</p>'),
      }),
    );
    await relayed.advance(0);
    assert.equal(sink.attempts, 1);
    const pending = await c.send(new v2.GetDeliverabilityTestReportCommand({ ReportId }));
    assert.equal(pending.DeliverabilityTestReport?.DeliverabilityTestStatus, 'IN_PROGRESS');
    assert.deepEqual(pending.OverallPlacement, {});
    await relayed.advance(1);
    assert.equal(sink.received.length, 1);
    const done = await c.send(new v2.GetDeliverabilityTestReportCommand({ ReportId }));
    assert.equal(done.DeliverabilityTestReport?.DeliverabilityTestStatus, 'COMPLETED');
    assert.equal(done.OverallPlacement?.InboxPercentage, 100);
  } finally {
    await relayed.close();
    await sink.close();
  }
});

test('a placement test whose delivery is refused for good completes with the seed missing', async () => {
  const sink = await startSmtpSink({ refuseFirst: 1, refuseWith: 550 });
  const relayed = await startTestServer({ clock: 'manual', transport: 'smtp', smtpRelay: sink.url() });
  try {
    const c = relayed.sesv2();
    await c.send(new v2.CreateEmailIdentityCommand({ EmailIdentity: 'refused.example' }));
    await c.send(
      new v2.PutDeliverabilityDashboardOptionCommand({
        DashboardEnabled: true,
        SubscribedDomains: [{ Domain: 'refused.example' }],
      }),
    );
    const { ReportId } = await c.send(
      new v2.CreateDeliverabilityTestReportCommand({
        FromEmailAddress: 'tester@refused.example',
        Content: simple('Refused', '<p>never</p>'),
      }),
    );
    await relayed.advance(0);
    assert.equal(sink.attempts, 1);
    const done = await c.send(new v2.GetDeliverabilityTestReportCommand({ ReportId }));
    assert.equal(done.DeliverabilityTestReport?.DeliverabilityTestStatus, 'COMPLETED');
    assert.deepEqual(done.OverallPlacement, {
      InboxPercentage: 0,
      SpamPercentage: 0,
      MissingPercentage: 100,
    });
  } finally {
    await relayed.close();
    await sink.close();
  }
});
