/**
 * More read-modify-writes sent at once all land (as test/concurrent-updates.test.ts): Pinpoint
 * templates, SES identity policies, contact lists, contacts and configuration sets. On PostgreSQL
 * the calls run side by side at READ COMMITTED; each takes its document with getForUpdate before
 * reading it (src/store/documents.ts), so none writes over another's change. Run on PostgreSQL with
 * `node scripts/run-tests.mjs --postgres test/concurrent-updates-more.test.ts`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEmailTemplateCommand,
  GetEmailTemplateCommand,
  ListTemplateVersionsCommand,
  UpdateEmailTemplateCommand,
  UpdateTemplateActiveVersionCommand,
} from '@aws-sdk/client-pinpoint';
import {
  CreateConfigurationSetCommand as V1CreateConfigurationSetCommand,
  CreateConfigurationSetEventDestinationCommand as V1CreateEventDestinationCommand,
  DescribeConfigurationSetCommand,
  GetIdentityPoliciesCommand,
  PutIdentityPolicyCommand,
} from '@aws-sdk/client-ses';
import {
  CreateConfigurationSetCommand,
  CreateConfigurationSetEventDestinationCommand,
  CreateContactCommand,
  CreateContactListCommand,
  CreateEmailIdentityCommand,
  CreateEmailIdentityPolicyCommand,
  GetConfigurationSetCommand,
  GetConfigurationSetEventDestinationsCommand,
  GetContactCommand,
  GetContactListCommand,
  GetEmailIdentityPoliciesCommand,
  ListTagsForResourceCommand,
  PutConfigurationSetReputationOptionsCommand,
  PutConfigurationSetSendingOptionsCommand,
  PutConfigurationSetSuppressionOptionsCommand,
  PutConfigurationSetTrackingOptionsCommand,
  TagResourceCommand,
  UpdateContactCommand,
  UpdateContactListCommand,
  UpdateEmailIdentityPolicyCommand,
} from '@aws-sdk/client-sesv2';
import { startTestServer, type TestServer } from './support/server.js';

const N = 16;
const keys = Array.from({ length: N }, (_, n) => `k${String(n).padStart(2, '0')}`);
const ACCOUNT = '000000000000';

let server: TestServer;
/** An account has one contact list (Pinpost's quota, as SES's): the two contact tests share it. */
const LIST = 'people';
/** A configuration set has at most 10 event destinations (SES quotas). */
const DESTINATIONS = keys.slice(0, 10);

before(async () => {
  server = await startTestServer();
  await server.sesv2().send(
    new CreateContactListCommand({
      ContactListName: LIST,
      Topics: [{ TopicName: 'news', DisplayName: 'News', DefaultSubscriptionStatus: 'OPT_OUT' }],
    }),
  );
});
after(async () => {
  await server.close();
});

/** A sending authorization policy on `identity` (dg/sending-authorization-policies.html). */
const policy = (identity: string, action: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: '111122223333' },
        Action: action,
        Resource: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/${identity}`,
      },
    ],
  });

test(`Pinpoint UpdateEmailTemplate with create-new-version ${N} times at once: ${N} new versions, none numbered twice (templates-template-name-email.html)`, async () => {
  const p = server.pinpoint();
  await p.send(
    new CreateEmailTemplateCommand({
      TemplateName: 'versions',
      EmailTemplateRequest: { Subject: 'v1', TextPart: 'one' },
    }),
  );
  await Promise.all(
    keys.map((k) =>
      p.send(
        new UpdateEmailTemplateCommand({
          TemplateName: 'versions',
          CreateNewVersion: true,
          EmailTemplateRequest: { Subject: k, TextPart: k },
        }),
      ),
    ),
  );
  const versions = (
    await p.send(
      new ListTemplateVersionsCommand({ TemplateName: 'versions', TemplateType: 'EMAIL', PageSize: '100' }),
    )
  ).TemplateVersionsResponse!.Item!;
  assert.deepEqual(
    versions.map((v) => Number(v.Version)).sort((a, b) => a - b),
    Array.from({ length: N + 1 }, (_, n) => n + 1),
  );
  // Each update's content kept in a version of its own.
  const subjects = await Promise.all(
    versions.map(
      async (v) =>
        (await p.send(new GetEmailTemplateCommand({ TemplateName: 'versions', Version: v.Version })))
          .EmailTemplateResponse!.Subject!,
    ),
  );
  assert.deepEqual(subjects.sort(), [...keys, 'v1']);
});

test(`UpdateTemplateActiveVersion beside ${N} new versions at once: no version number lost (templates-template-name-template-type-active-version.html)`, async () => {
  const p = server.pinpoint();
  await p.send(
    new CreateEmailTemplateCommand({ TemplateName: 'active', EmailTemplateRequest: { Subject: 'v1' } }),
  );
  await Promise.all([
    ...keys.map((k) =>
      p.send(
        new UpdateEmailTemplateCommand({
          TemplateName: 'active',
          CreateNewVersion: true,
          EmailTemplateRequest: { Subject: k },
        }),
      ),
    ),
    ...keys.map(() =>
      p.send(
        new UpdateTemplateActiveVersionCommand({
          TemplateName: 'active',
          TemplateType: 'EMAIL',
          TemplateActiveVersionRequest: { Version: '1' },
        }),
      ),
    ),
  ]);
  // An activation that wrote back a stale template would have lost the highest number given: the
  // next new version would then reuse one.
  await p.send(
    new UpdateEmailTemplateCommand({
      TemplateName: 'active',
      CreateNewVersion: true,
      EmailTemplateRequest: { Subject: 'last' },
    }),
  );
  const versions = (
    await p.send(
      new ListTemplateVersionsCommand({ TemplateName: 'active', TemplateType: 'EMAIL', PageSize: '100' }),
    )
  ).TemplateVersionsResponse!.Item!;
  assert.deepEqual(
    versions.map((v) => Number(v.Version)).sort((a, b) => a - b),
    Array.from({ length: N + 2 }, (_, n) => n + 1),
  );
  const active = (await p.send(new GetEmailTemplateCommand({ TemplateName: 'active' })))
    .EmailTemplateResponse!;
  assert.equal(active.Version, '1');
});

test(`SES v2 CreateEmailIdentityPolicy ${N} times at once, then UpdateEmailIdentityPolicy ${N} times at once: every policy and change kept (API_CreateEmailIdentityPolicy.html)`, async () => {
  const c = server.sesv2();
  await c.send(new CreateEmailIdentityCommand({ EmailIdentity: 'v2pol.example' }));
  await Promise.all(
    keys.map((k) =>
      c.send(
        new CreateEmailIdentityPolicyCommand({
          EmailIdentity: 'v2pol.example',
          PolicyName: k,
          Policy: policy('v2pol.example', 'ses:SendEmail'),
        }),
      ),
    ),
  );
  await Promise.all(
    keys.map((k) =>
      c.send(
        new UpdateEmailIdentityPolicyCommand({
          EmailIdentity: 'v2pol.example',
          PolicyName: k,
          Policy: policy('v2pol.example', 'ses:SendRawEmail'),
        }),
      ),
    ),
  );
  const policies = (await c.send(new GetEmailIdentityPoliciesCommand({ EmailIdentity: 'v2pol.example' })))
    .Policies!;
  assert.deepEqual(Object.keys(policies).sort(), keys);
  for (const k of keys)
    assert.equal(
      (JSON.parse(policies[k]!) as { Statement: { Action: string }[] }).Statement[0]!.Action,
      'ses:SendRawEmail',
      `policy ${k} updated`,
    );
});

test(`SES v1 PutIdentityPolicy ${N} times at once: every policy kept (API_PutIdentityPolicy.html)`, async () => {
  await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'v1pol.example' }));
  const v1 = server.ses();
  await Promise.all(
    keys.map((k) =>
      v1.send(
        new PutIdentityPolicyCommand({
          Identity: 'v1pol.example',
          PolicyName: k,
          Policy: policy('v1pol.example', 'ses:SendEmail'),
        }),
      ),
    ),
  );
  const got = await v1.send(new GetIdentityPoliciesCommand({ Identity: 'v1pol.example', PolicyNames: keys }));
  assert.deepEqual(Object.keys(got.Policies ?? {}).sort(), keys);
});

test(`UpdateContactList beside ${N} TagResource at once on one contact list: every tag and the update kept (API_UpdateContactList.html)`, async () => {
  const c = server.sesv2();
  const arn = `arn:aws:ses:us-east-1:${ACCOUNT}:contact-list/${LIST}`;
  await Promise.all([
    ...keys.map((k) => c.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: k, Value: 'v' }] }))),
    ...keys.map((k) =>
      c.send(
        new UpdateContactListCommand({
          ContactListName: LIST,
          Description: 'the last',
          Topics: [
            {
              TopicName: 'news',
              DisplayName: k,
              DefaultSubscriptionStatus: 'OPT_IN',
            },
          ],
        }),
      ),
    ),
  ]);
  const tags = (await c.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags!;
  assert.deepEqual(tags.map((t) => t.Key).sort(), keys);
  const list = await c.send(new GetContactListCommand({ ContactListName: LIST }));
  assert.equal(list.Description, 'the last');
  assert.equal(list.Topics?.length, 1);
});

test('UpdateContact at once with different members: every member kept (API_UpdateContact.html)', async () => {
  const c = server.sesv2();
  const emails = keys.map((k) => `${k}@example.org`);
  for (const e of emails) await c.send(new CreateContactCommand({ ContactListName: LIST, EmailAddress: e }));
  // Each contact gets three updates at once, each changing one member only.
  await Promise.all(
    emails.flatMap((e, n) => [
      c.send(
        new UpdateContactCommand({
          ContactListName: LIST,
          EmailAddress: e,
          AttributesData: JSON.stringify({ n }),
        }),
      ),
      c.send(new UpdateContactCommand({ ContactListName: LIST, EmailAddress: e, UnsubscribeAll: true })),
      c.send(
        new UpdateContactCommand({
          ContactListName: LIST,
          EmailAddress: e,
          TopicPreferences: [{ TopicName: 'news', SubscriptionStatus: 'OPT_IN' }],
        }),
      ),
    ]),
  );
  for (const [n, e] of emails.entries()) {
    const got = await c.send(new GetContactCommand({ ContactListName: LIST, EmailAddress: e }));
    assert.deepEqual(
      [got.AttributesData, got.UnsubscribeAll, got.TopicPreferences],
      [JSON.stringify({ n }), true, [{ TopicName: 'news', SubscriptionStatus: 'OPT_IN' }]],
      e,
    );
  }
});

test(`SES v2 CreateConfigurationSetEventDestination ${DESTINATIONS.length} times at once, beside its four options and two TagResource: every destination, option and tag kept (API_CreateConfigurationSetEventDestination.html)`, async () => {
  const c = server.sesv2();
  await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'busy' }));
  const arn = `arn:aws:ses:us-east-1:${ACCOUNT}:configuration-set/busy`;
  await Promise.all([
    ...['t1', 't2'].map((k) =>
      c.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: k, Value: 'v' }] })),
    ),
    ...DESTINATIONS.map((k) =>
      c.send(
        new CreateConfigurationSetEventDestinationCommand({
          ConfigurationSetName: 'busy',
          EventDestinationName: k,
          EventDestination: {
            Enabled: true,
            MatchingEventTypes: ['SEND'],
            CloudWatchDestination: {
              DimensionConfigurations: [
                { DimensionName: 'd', DimensionValueSource: 'MESSAGE_TAG', DefaultDimensionValue: 'x' },
              ],
            },
          },
        }),
      ),
    ),
    c.send(
      new PutConfigurationSetSendingOptionsCommand({ ConfigurationSetName: 'busy', SendingEnabled: false }),
    ),
    c.send(
      new PutConfigurationSetReputationOptionsCommand({
        ConfigurationSetName: 'busy',
        ReputationMetricsEnabled: true,
      }),
    ),
    c.send(
      new PutConfigurationSetSuppressionOptionsCommand({
        ConfigurationSetName: 'busy',
        SuppressedReasons: ['BOUNCE'],
      }),
    ),
    c.send(
      new PutConfigurationSetTrackingOptionsCommand({
        ConfigurationSetName: 'busy',
        CustomRedirectDomain: 'track.example.com',
      }),
    ),
  ]);
  const destinations = (
    await c.send(new GetConfigurationSetEventDestinationsCommand({ ConfigurationSetName: 'busy' }))
  ).EventDestinations!;
  assert.deepEqual(destinations.map((d) => d.Name).sort(), DESTINATIONS);
  const tags = (await c.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags!;
  assert.deepEqual(tags.map((t) => t.Key).sort(), ['t1', 't2']);
  const set = await c.send(new GetConfigurationSetCommand({ ConfigurationSetName: 'busy' }));
  assert.deepEqual(
    [
      set.SendingOptions?.SendingEnabled,
      set.ReputationOptions?.ReputationMetricsEnabled,
      set.SuppressionOptions?.SuppressedReasons,
      set.TrackingOptions?.CustomRedirectDomain,
    ],
    [false, true, ['BOUNCE'], 'track.example.com'],
  );
});

test(`SES v1 CreateConfigurationSetEventDestination ${DESTINATIONS.length} times at once: every destination kept (API_CreateConfigurationSetEventDestination.html)`, async () => {
  const v1 = server.ses();
  await v1.send(new V1CreateConfigurationSetCommand({ ConfigurationSet: { Name: 'v1busy' } }));
  await Promise.all(
    DESTINATIONS.map((k) =>
      v1.send(
        new V1CreateEventDestinationCommand({
          ConfigurationSetName: 'v1busy',
          EventDestination: {
            Name: k,
            Enabled: true,
            MatchingEventTypes: ['send'],
            CloudWatchDestination: {
              DimensionConfigurations: [
                { DimensionName: 'd', DimensionValueSource: 'messageTag', DefaultDimensionValue: 'x' },
              ],
            },
          },
        }),
      ),
    ),
  );
  const got = await v1.send(
    new DescribeConfigurationSetCommand({
      ConfigurationSetName: 'v1busy',
      ConfigurationSetAttributeNames: ['eventDestinations'],
    }),
  );
  assert.deepEqual(got.EventDestinations?.map((d) => d.Name).sort(), DESTINATIONS);
});
