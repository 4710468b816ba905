/**
 * SES account, suppression list, tags and contacts through @aws-sdk/client-sesv2 (and v1's
 * Get/UpdateAccountSendingEnabled): the sandbox (dg/request-production-access.html: 200 per 24 h,
 * 1 per second), production access granted at once by PutAccountDetails, AWS's texts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as v2 from '@aws-sdk/client-sesv2';
import * as v1 from '@aws-sdk/client-ses';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
before(async () => {
  server = await startTestServer({ sesSandbox: true });
});
after(async () => {
  await server.close();
});
const scope = { account: '000000000000', region: 'us-east-1' };

test('a sandboxed account; PutAccountDetails grants production access at once with production quotas', async () => {
  const c = server.sesv2();
  const before = await c.send(new v2.GetAccountCommand({}));
  assert.equal(before.ProductionAccessEnabled, false);
  assert.deepEqual(before.SendQuota, { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 });
  assert.equal(before.SendingEnabled, true);
  assert.equal(before.EnforcementStatus, 'HEALTHY');
  assert.deepEqual(await server.runtime.ses.control.account.get(scope), {
    sendingEnabled: true,
    productionAccessEnabled: false,
    max24HourSend: 200,
    maxSendRate: 1,
    suppressedReasons: ['BOUNCE', 'COMPLAINT'],
  });
  const bad = await fail(
    c.send(
      new v2.PutAccountDetailsCommand({ MailType: 'SPAM' as 'MARKETING', WebsiteURL: 'https://example.com' }),
    ),
  );
  assert.deepEqual(bad, {
    name: 'BadRequestException',
    message:
      "1 validation error detected: Value 'SPAM' at 'mailType' failed to satisfy constraint: Member must satisfy enum value set: [MARKETING, TRANSACTIONAL]",
    status: 400,
  });
  assert.equal((await c.send(new v2.GetAccountCommand({}))).Details, undefined, 'nothing written on refusal');
  await c.send(
    new v2.PutAccountDetailsCommand({
      MailType: 'TRANSACTIONAL',
      WebsiteURL: 'https://example.com',
      ContactLanguage: 'EN',
      UseCaseDescription: 'receipts',
      AdditionalContactEmailAddresses: ['ops@example.com'],
      ProductionAccessEnabled: true,
    }),
  );
  const afterGrant = await c.send(new v2.GetAccountCommand({}));
  assert.equal(afterGrant.ProductionAccessEnabled, true);
  assert.deepEqual(afterGrant.SendQuota, { Max24HourSend: 50000, MaxSendRate: 14, SentLast24Hours: 0 });
  assert.equal(afterGrant.Details?.MailType, 'TRANSACTIONAL');
  assert.equal(afterGrant.Details?.ReviewDetails?.Status, 'GRANTED');
  assert.match(afterGrant.Details?.ReviewDetails?.CaseId ?? '', /^\d{10}$/);
  assert.equal((await server.runtime.ses.control.account.get(scope)).productionAccessEnabled, true);
});

test('sending attributes in v2 and v1; suppression attributes', async () => {
  const c = server.sesv2();
  const old = server.ses();
  await c.send(new v2.PutAccountSendingAttributesCommand({ SendingEnabled: false }));
  assert.equal((await old.send(new v1.GetAccountSendingEnabledCommand({}))).Enabled, false);
  await old.send(new v1.UpdateAccountSendingEnabledCommand({ Enabled: true }));
  assert.equal((await c.send(new v2.GetAccountCommand({}))).SendingEnabled, true);
  await c.send(new v2.PutAccountSuppressionAttributesCommand({ SuppressedReasons: ['COMPLAINT', 'BOUNCE'] }));
  assert.deepEqual((await c.send(new v2.GetAccountCommand({}))).SuppressionAttributes?.SuppressedReasons, [
    'COMPLAINT',
    'BOUNCE',
  ]);
  assert.deepEqual((await server.runtime.ses.control.account.get(scope)).suppressedReasons, [
    'COMPLAINT',
    'BOUNCE',
  ]);
  const bad = await fail(
    c.send(new v2.PutAccountSuppressionAttributesCommand({ SuppressedReasons: ['NOPE' as 'BOUNCE'] })),
  );
  assert.equal(bad.name, 'BadRequestException');
});

test('the suppression list: put, get, list with filters and pages, delete; the port sees the same list', async () => {
  const c = server.sesv2();
  await c.send(new v2.PutSuppressedDestinationCommand({ EmailAddress: 'b1@x.example', Reason: 'BOUNCE' }));
  await c.send(new v2.PutSuppressedDestinationCommand({ EmailAddress: 'c1@x.example', Reason: 'COMPLAINT' }));
  await server.runtime.ses.control.suppression.put(
    scope,
    'Sim@X.example',
    'BOUNCE',
    new Date('2020-01-01T00:00:00Z'),
  );
  const got = await c.send(new v2.GetSuppressedDestinationCommand({ EmailAddress: 'b1@x.example' }));
  assert.equal(got.SuppressedDestination?.Reason, 'BOUNCE');
  assert.ok(got.SuppressedDestination?.LastUpdateTime instanceof Date);
  assert.deepEqual(await server.runtime.ses.control.suppression.find(scope, 'sim@x.example'), {
    reason: 'BOUNCE',
    lastUpdateTime: new Date('2020-01-01T00:00:00Z'),
  });
  const bounces = await c.send(new v2.ListSuppressedDestinationsCommand({ Reasons: ['BOUNCE'] }));
  assert.deepEqual(
    bounces.SuppressedDestinationSummaries?.map((s) => s.EmailAddress),
    ['b1@x.example', 'Sim@X.example'],
  );
  // One reason arrives as a lone `?Reason=`: it is still held to SuppressionListReason's enum.
  const oneBad = await fail(
    c.send(new v2.ListSuppressedDestinationsCommand({ Reasons: ['NOPE' as 'BOUNCE'] })),
  );
  assert.deepEqual(oneBad, {
    name: 'BadRequestException',
    message:
      "1 validation error detected: Value 'NOPE' at 'reasons.1.member' failed to satisfy constraint: Member must satisfy enum value set: [BOUNCE, COMPLAINT]",
    status: 400,
  });
  const recent = await c.send(
    new v2.ListSuppressedDestinationsCommand({ StartDate: new Date('2021-01-01T00:00:00Z') }),
  );
  assert.deepEqual(
    recent.SuppressedDestinationSummaries?.map((s) => s.EmailAddress),
    ['b1@x.example', 'c1@x.example'],
  );
  const p1 = await c.send(new v2.ListSuppressedDestinationsCommand({ PageSize: 2 }));
  const p2 = await c.send(new v2.ListSuppressedDestinationsCommand({ PageSize: 2, NextToken: p1.NextToken }));
  assert.equal(p1.SuppressedDestinationSummaries?.length, 2);
  assert.equal(p2.SuppressedDestinationSummaries?.length, 1);
  await c.send(new v2.DeleteSuppressedDestinationCommand({ EmailAddress: 'b1@x.example' }));
  const gone = await fail(c.send(new v2.GetSuppressedDestinationCommand({ EmailAddress: 'b1@x.example' })));
  assert.deepEqual(gone, {
    name: 'NotFoundException',
    message: 'Email address b1@x.example does not exist on your suppression list.',
    status: 404,
  });
  const badReason = await fail(
    c.send(new v2.PutSuppressedDestinationCommand({ EmailAddress: 'z@x.example', Reason: 'X' as 'BOUNCE' })),
  );
  assert.equal(badReason.name, 'BadRequestException');
  assert.equal(await server.runtime.ses.control.suppression.find(scope, 'z@x.example'), undefined);
});

test('tags on identities, configuration sets, templates and contact lists', async () => {
  const c = server.sesv2();
  await c.send(new v2.CreateEmailIdentityCommand({ EmailIdentity: 'tags.example' }));
  const arn = 'arn:aws:ses:us-east-1:000000000000:identity/tags.example';
  await c.send(
    new v2.TagResourceCommand({
      ResourceArn: arn,
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
    }),
  );
  await c.send(new v2.TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'a', Value: '3' }] }));
  await c.send(new v2.UntagResourceCommand({ ResourceArn: arn, TagKeys: ['b'] }));
  assert.deepEqual((await c.send(new v2.ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, [
    { Key: 'a', Value: '3' },
  ]);
  await c.send(
    new v2.CreateEmailTemplateCommand({ TemplateName: 'tagged', TemplateContent: { Subject: 's' } }),
  );
  const tarn = 'arn:aws:ses:us-east-1:000000000000:template/tagged';
  await c.send(new v2.TagResourceCommand({ ResourceArn: tarn, Tags: [{ Key: 'x', Value: 'y' }] }));
  assert.deepEqual((await c.send(new v2.GetEmailTemplateCommand({ TemplateName: 'tagged' }))).Tags, [
    { Key: 'x', Value: 'y' },
  ]);
  const missing = await fail(
    c.send(
      new v2.ListTagsForResourceCommand({
        ResourceArn: 'arn:aws:ses:us-east-1:000000000000:configuration-set/none',
      }),
    ),
  );
  assert.equal(missing.name, 'NotFoundException');
  const tooMany = await fail(
    c.send(
      new v2.TagResourceCommand({
        ResourceArn: arn,
        Tags: Array.from({ length: 50 }, (_, n) => ({ Key: `k${n}`, Value: 'v' })),
      }),
    ),
  );
  assert.equal(tooMany.name, 'BadRequestException');
  // API_Tag.html's lengths (Key 1–128, Value 0–256), which the model's TagKey and TagValue lack:
  // worded as the model's own violations, list members named as SES v2's wording names them.
  const tooLong = await fail(
    c.send(
      new v2.TagResourceCommand({
        ResourceArn: arn,
        Tags: [
          { Key: 'ok', Value: 'v' },
          { Key: 'k'.repeat(129), Value: 'v'.repeat(257) },
        ],
      }),
    ),
  );
  assert.deepEqual(tooLong, {
    name: 'BadRequestException',
    message:
      `2 validation errors detected: Value '${'k'.repeat(129)}' at 'tags.2.member.Key' failed to satisfy ` +
      'constraint: Member must have length less than or equal to 128; ' +
      `Value '${'v'.repeat(257)}' at 'tags.2.member.Value' failed to satisfy constraint: ` +
      'Member must have length less than or equal to 256',
    status: 400,
  });
  assert.deepEqual((await c.send(new v2.ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, [
    { Key: 'a', Value: '3' },
  ]);
});

test('contact lists and contacts: one list per account, topics, preferences, filters', async () => {
  const c = server.sesv2();
  await c.send(
    new v2.CreateContactListCommand({
      ContactListName: 'news',
      Description: 'd',
      Topics: [
        { TopicName: 'weekly', DisplayName: 'Weekly', DefaultSubscriptionStatus: 'OPT_IN' },
        { TopicName: 'promo', DisplayName: 'Promo', DefaultSubscriptionStatus: 'OPT_OUT' },
      ],
    }),
  );
  const second = await fail(c.send(new v2.CreateContactListCommand({ ContactListName: 'other' })));
  assert.equal(second.name, 'LimitExceededException');
  const list = await c.send(new v2.GetContactListCommand({ ContactListName: 'news' }));
  assert.equal(list.Topics?.length, 2);
  assert.deepEqual(
    (await c.send(new v2.ListContactListsCommand({}))).ContactLists?.map((l) => l.ContactListName),
    ['news'],
  );

  await c.send(new v2.CreateContactCommand({ ContactListName: 'news', EmailAddress: 'a@c.example' }));
  await c.send(
    new v2.CreateContactCommand({
      ContactListName: 'news',
      EmailAddress: 'b@c.example',
      TopicPreferences: [{ TopicName: 'promo', SubscriptionStatus: 'OPT_IN' }],
      AttributesData: '{"n":1}',
    }),
  );
  const dup = await fail(
    c.send(new v2.CreateContactCommand({ ContactListName: 'news', EmailAddress: 'a@c.example' })),
  );
  assert.deepEqual(dup, {
    name: 'AlreadyExistsException',
    message: 'a@c.example already exists in List.',
    status: 400,
  });
  const contact = await c.send(
    new v2.GetContactCommand({ ContactListName: 'news', EmailAddress: 'b@c.example' }),
  );
  assert.deepEqual(contact.TopicDefaultPreferences, [
    { TopicName: 'weekly', SubscriptionStatus: 'OPT_IN' },
    { TopicName: 'promo', SubscriptionStatus: 'OPT_OUT' },
  ]);
  assert.equal(contact.AttributesData, '{"n":1}');
  const promo = await c.send(
    new v2.ListContactsCommand({
      ContactListName: 'news',
      Filter: { FilteredStatus: 'OPT_IN', TopicFilter: { TopicName: 'promo' } },
    }),
  );
  assert.deepEqual(
    promo.Contacts?.map((x) => x.EmailAddress),
    ['b@c.example'],
  );
  await c.send(
    new v2.UpdateContactCommand({
      ContactListName: 'news',
      EmailAddress: 'b@c.example',
      UnsubscribeAll: true,
    }),
  );
  const none = await c.send(
    new v2.ListContactsCommand({
      ContactListName: 'news',
      Filter: { FilteredStatus: 'OPT_IN', TopicFilter: { TopicName: 'promo' } },
    }),
  );
  assert.deepEqual(none.Contacts, []);
  await c.send(new v2.DeleteContactCommand({ ContactListName: 'news', EmailAddress: 'a@c.example' }));
  const gone = await fail(
    c.send(new v2.GetContactCommand({ ContactListName: 'news', EmailAddress: 'a@c.example' })),
  );
  assert.deepEqual(gone, {
    name: 'NotFoundException',
    message: "a@c.example doesn't exist in List.",
    status: 404,
  });
  await c.send(new v2.UpdateContactListCommand({ ContactListName: 'news', Description: 'new', Topics: [] }));
  assert.equal((await c.send(new v2.GetContactListCommand({ ContactListName: 'news' }))).Description, 'new');
  await c.send(new v2.DeleteContactListCommand({ ContactListName: 'news' }));
  const noList = await fail(c.send(new v2.GetContactListCommand({ ContactListName: 'news' })));
  assert.deepEqual(noList, {
    name: 'NotFoundException',
    message: "List with name: news doesn't exist.",
    status: 404,
  });
  await c.send(new v2.CreateContactListCommand({ ContactListName: 'fresh' }));
  const emptyAgain = await c.send(new v2.ListContactsCommand({ ContactListName: 'fresh' }));
  assert.deepEqual(emptyAgain.Contacts, []);
});
