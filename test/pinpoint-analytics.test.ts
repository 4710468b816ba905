/**
 * Analytics through @aws-sdk/client-pinpoint: PutEvents (apireference/apps-application-id-events.html,
 * limits from developerguide/quotas.html "Event ingestion quotas"), GetApplicationDateRangeKpi and
 * GetCampaignDateRangeKpi (developerguide/analytics-standard-metrics.html,
 * analytics-query-results.html, analytics-query-campaigns.html for the date range), Put/Get/
 * DeleteEventStream (apireference/apps-application-id-eventstream.html), the `_email.*` events of
 * a SendMessages send (developerguide/event-streams-data-email.html) and Pinpost's
 * `/_pinpost/pinpoint/events` route that stands in for the Kinesis stream.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateAppCommand,
  DeleteEventStreamCommand,
  GetApplicationDateRangeKpiCommand,
  GetCampaignDateRangeKpiCommand,
  GetEndpointCommand,
  GetEventStreamCommand,
  PutEventsCommand,
  PutEventStreamCommand,
  SendMessagesCommand,
  UpdateEmailChannelCommand,
  type Event,
  type PinpointClient,
} from '@aws-sdk/client-pinpoint';
import { CreateEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import type { PinpointEvent } from '../src/services/pinpoint/ports.js';
import { seedPermissionsPolicy, seedTrustPolicy } from './fixtures/seed-policies.js';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

const ACCOUNT = '000000000000';
const SCOPE = { account: ACCOUNT, region: 'us-east-1' };
const ARN = `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}`;
const DAY = 86_400_000;

let server: TestServer;
const pinpoint = (creds?: Credentials): PinpointClient => server.pinpoint(creds);

before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
});

async function newApp(name = 'analytics'): Promise<string> {
  return (await pinpoint().send(new CreateAppCommand({ CreateApplicationRequest: { Name: name } })))
    .ApplicationResponse!.Id!;
}

async function userWith(name: string, policy?: object): Promise<PinpointClient> {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (policy)
    await iam.send(
      new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }),
    );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return pinpoint({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
}

interface Streamed {
  event_type: string;
  client: { client_id?: string };
  attributes: Record<string, string>;
  metrics?: Record<string, number>;
  endpoint?: { Address?: string };
  facets?: { email_channel: { mail_event: { mail: { message_id: string; destination: string[] } } } };
}

async function streamed(query: string): Promise<Streamed[]> {
  const res = await fetch(`${server.url}/_pinpost/pinpoint/events?${query}`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { events: Streamed[] }).events;
}

const event = (type: string, extra: Partial<Event> = {}): Event => ({
  EventType: type,
  Timestamp: new Date().toISOString(),
  ...extra,
});

describe('PutEvents', () => {
  test('202: each endpoint and event Accepted; the endpoint is written and the events are on the stream route', async () => {
    const appId = await newApp();
    const out = await pinpoint().send(
      new PutEventsCommand({
        ApplicationId: appId,
        EventsRequest: {
          BatchItem: {
            'ep-1': {
              Endpoint: { ChannelType: 'EMAIL', Address: 'one@example.com', Attributes: { plan: ['gold'] } },
              Events: {
                e1: event('purchase', { Attributes: { item: 'book' }, Metrics: { price: 9.5 } }),
                e2: event('signup'),
              },
            },
          },
        },
      }),
    );
    assert.equal(out.$metadata.httpStatusCode, 202);
    assert.deepEqual(out.EventsResponse!.Results!['ep-1'], {
      EndpointItemResponse: { StatusCode: 202, Message: 'Accepted' },
      EventsItemResponse: {
        e1: { StatusCode: 202, Message: 'Accepted' },
        e2: { StatusCode: 202, Message: 'Accepted' },
      },
    });
    const ep = (await pinpoint().send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'ep-1' })))
      .EndpointResponse!;
    assert.equal(ep.Address, 'one@example.com');
    assert.deepEqual(ep.Attributes, { plan: ['gold'] });

    const purchases = await streamed(`app=${appId}&type=purchase`);
    assert.equal(purchases.length, 1);
    assert.equal(purchases[0].event_type, 'purchase');
    assert.equal(purchases[0].client.client_id, 'ep-1');
    assert.deepEqual(purchases[0].attributes, { item: 'book' });
    assert.deepEqual(purchases[0].metrics, { price: 9.5 });
    assert.equal(purchases[0].endpoint?.Address, 'one@example.com');
    assert.equal((await streamed(`app=${appId}&endpoint=ep-1`)).length, 2);
    assert.equal((await streamed(`app=${appId}&endpoint=other`)).length, 0);
  });

  test('an event over the attribute limits is answered 400 and dropped; the others are recorded', async () => {
    const appId = await newApp();
    const forty = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`a${i}`, 'v']));
    const out = await pinpoint().send(
      new PutEventsCommand({
        ApplicationId: appId,
        EventsRequest: {
          BatchItem: {
            'ep-2': {
              Endpoint: {},
              Events: {
                ok: event('fine', { Attributes: { ['k'.repeat(50)]: 'v'.repeat(200) } }),
                longValue: event('dropped', { Attributes: { k: 'v'.repeat(201) } }),
                longKey: event('dropped', { Attributes: { ['k'.repeat(51)]: 'v' } }),
                tooMany: event('dropped', { Attributes: forty }),
                noTime: { EventType: 'dropped', Timestamp: 'yesterday' },
              },
            },
          },
        },
      }),
    );
    const items = out.EventsResponse!.Results!['ep-2'].EventsItemResponse!;
    assert.equal(items.ok.StatusCode, 202);
    for (const id of ['longValue', 'longKey', 'tooMany', 'noTime'])
      assert.equal(items[id].StatusCode, 400, id);
    assert.deepEqual(
      (await streamed(`app=${appId}`)).map((e) => e.event_type),
      ['fine'],
    );
  });

  test('a value of the wrong type refuses the whole request, as the model types it, and writes nothing', async () => {
    const appId = await newApp();
    const e = await fail(
      pinpoint().send(
        new PutEventsCommand({
          ApplicationId: appId,
          EventsRequest: {
            BatchItem: {
              'ep-4': {
                Endpoint: { Address: 'four@example.com' },
                Events: {
                  ok: event('fine'),
                  bad: event('typed', { Attributes: { count: 5 as unknown as string } }),
                },
              },
            },
          },
        }),
      ),
    );
    assert.deepEqual(e, {
      name: 'BadRequestException',
      message: 'BatchItem.ep-4.Events.bad.Attributes.count must be a string',
      status: 400,
    });
    assert.equal((await streamed(`app=${appId}`)).length, 0);
    const ep = await fail(
      pinpoint().send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'ep-4' })),
    );
    assert.equal(ep.status, 404);
  });

  test('more than 100 events is BadRequestException and writes nothing; a missing app is NotFoundException', async () => {
    const appId = await newApp();
    const events = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`e${i}`, event('bulk')]));
    const e = await fail(
      pinpoint().send(
        new PutEventsCommand({
          ApplicationId: appId,
          EventsRequest: {
            BatchItem: { 'ep-3': { Endpoint: { Address: 'x@example.com' }, Events: events } },
          },
        }),
      ),
    );
    assert.equal(e.name, 'BadRequestException');
    assert.equal(e.status, 400);
    assert.equal((await streamed(`app=${appId}`)).length, 0);
    const ep = await fail(
      pinpoint().send(new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'ep-3' })),
    );
    assert.equal(ep.status, 404);

    const missing = await fail(
      pinpoint().send(
        new PutEventsCommand({
          ApplicationId: '0123456789abcdef0123456789abcdef',
          EventsRequest: { BatchItem: { x: { Endpoint: {}, Events: { e: event('x') } } } },
        }),
      ),
    );
    assert.deepEqual(missing, { name: 'NotFoundException', message: 'Application not found', status: 404 });
  });
});

describe('KPIs', () => {
  let appId: string;
  const now = Date.now();
  const at = (ago: number) => new Date(now - ago);
  const email = (
    eventType: string,
    messageId: string,
    ago: number,
    more: Partial<PinpointEvent> = {},
  ): PinpointEvent => ({
    eventType,
    timestamp: at(ago),
    appId,
    messageId,
    address: `${messageId}@example.com`,
    attributes: {},
    ...more,
  });

  before(async () => {
    appId = await newApp('kpis');
    const c = server.runtime.pinpoint.context;
    // A campaign document as the campaigns part stores it.
    await c.store.put(SCOPE, appId, 'campaign', 'camp-1', { Id: 'camp-1', tags: {} });
    const camp = (run: string, endpointId: string) => ({
      campaignId: 'camp-1',
      endpointId,
      attributes: { campaign_activity_id: run },
    });
    await c.ports.events.record(SCOPE, [
      // Transactional: three sent, two delivered, one hard bounce, one opened twice, one sent 40 days ago.
      email('_email.send', 't1', 2 * 3_600_000),
      email('_email.send', 't2', 2 * 3_600_000),
      email('_email.send', 't3', 2 * 3_600_000),
      email('_email.delivered', 't1', 3_600_000),
      email('_email.delivered', 't2', 3_600_000),
      email('_email.hardbounce', 't3', 3_600_000),
      email('_email.open', 't1', 1_800_000),
      email('_email.open', 't1', 1_700_000),
      email('_email.send', 'old', 40 * DAY),
      // Campaign camp-1: run r1 sent to e1 and e2 (both delivered), run r2 to e1 (hard bounce).
      email('_email.send', 'c1', 3 * 3_600_000, camp('r1', 'e1')),
      email('_email.send', 'c2', 3 * 3_600_000, camp('r1', 'e2')),
      email('_email.delivered', 'c1', 2 * 3_600_000, camp('r1', 'e1')),
      email('_email.delivered', 'c2', 2 * 3_600_000, camp('r1', 'e2')),
      email('_email.open', 'c1', 3_600_000, camp('r1', 'e1')),
      email('_email.send', 'c3', 3_600_000, camp('r2', 'e1')),
      email('_email.hardbounce', 'c3', 1_800_000, camp('r2', 'e1')),
    ]);
  });

  const appKpi = (name: string, range: { StartTime?: Date; EndTime?: Date } = {}) =>
    pinpoint().send(new GetApplicationDateRangeKpiCommand({ ApplicationId: appId, KpiName: name, ...range }));
  const campaignKpi = (name: string, campaignId = 'camp-1') =>
    pinpoint().send(
      new GetCampaignDateRangeKpiCommand({ ApplicationId: appId, CampaignId: campaignId, KpiName: name }),
    );
  const single = (rows: { Values?: { Key?: string; Value?: string }[] }[] | undefined) => {
    assert.equal(rows?.length, 1);
    return rows[0].Values![0];
  };

  test('transactional metrics over the default 31 days: the 40-day-old send is outside it', async () => {
    const sent = (await appKpi('txn-emails-sent')).ApplicationDateRangeKpiResponse!;
    assert.equal(sent.KpiName, 'txn-emails-sent');
    assert.equal(sent.ApplicationId, appId);
    assert.ok(sent.EndTime!.getTime() - sent.StartTime!.getTime() <= 31 * DAY);
    assert.deepEqual(single(sent.KpiResult!.Rows), { Key: 'TxnEmailsSent', Type: 'Double', Value: '3.0' });
    const value = async (name: string) =>
      single((await appKpi(name)).ApplicationDateRangeKpiResponse!.KpiResult!.Rows).Value;
    assert.equal(await value('txn-emails-delivered'), '2.0');
    assert.equal(await value('txn-emails-hard-bounced'), '1.0');
    assert.equal(await value('txn-emails-opened'), '1.0');
    assert.equal(await value('txn-emails-unique-opens'), '1.0');
    assert.equal(Number(await value('txn-emails-delivery-rate')).toFixed(4), (2 / 3).toFixed(4));

    const byDate = (await appKpi('txn-emails-sent-grouped-by-date')).ApplicationDateRangeKpiResponse!
      .KpiResult!.Rows!;
    const day = at(2 * 3_600_000)
      .toISOString()
      .slice(0, 10);
    assert.deepEqual(byDate, [
      {
        GroupedBys: [{ Key: 'Date', Type: 'String', Value: day }],
        Values: [{ Key: 'TxnEmailsSent', Type: 'Double', Value: '3.0' }],
      },
    ]);
    // A metric with no data has no rows.
    assert.deepEqual(
      (await appKpi('txn-emails-with-complaints')).ApplicationDateRangeKpiResponse!.KpiResult!.Rows,
      [],
    );
  });

  test('application metrics for campaigns and campaign metrics grouped by campaign run', async () => {
    const unique = (await appKpi('unique-deliveries-grouped-by-campaign')).ApplicationDateRangeKpiResponse!;
    assert.deepEqual(unique.KpiResult!.Rows, [
      {
        GroupedBys: [{ Key: 'CampaignId', Type: 'String', Value: 'camp-1' }],
        Values: [{ Key: 'UniqueDeliveries', Type: 'Double', Value: '2.0' }],
      },
    ]);
    const rate = (await campaignKpi('successful-delivery-rate')).CampaignDateRangeKpiResponse!;
    assert.equal(rate.CampaignId, 'camp-1');
    assert.equal(Number(single(rate.KpiResult!.Rows).Value).toFixed(4), (2 / 3).toFixed(4));
    const attempted = (await campaignKpi('attempted-deliveries-grouped-by-campaign-activity'))
      .CampaignDateRangeKpiResponse!;
    assert.deepEqual(
      attempted.KpiResult!.Rows!.map((r) => [
        r.GroupedBys![0].Key,
        r.GroupedBys![0].Value,
        r.Values![0].Value,
      ]),
      [
        ['CampaignActivityId', 'r1', '2.0'],
        ['CampaignActivityId', 'r2', '1.0'],
      ],
    );
    const bounces = (await campaignKpi('hard-bounce-rate-grouped-by-campaign-activity'))
      .CampaignDateRangeKpiResponse!;
    assert.deepEqual(
      bounces.KpiResult!.Rows!.map((r) => r.Values![0].Value),
      ['0.0', '1.0'],
    );
    assert.equal(
      single((await campaignKpi('email-open-rate')).CampaignDateRangeKpiResponse!.KpiResult!.Rows).Value,
      '0.5',
    );
    // A push metric is a valid name with no data in an email-only Pinpoint.
    assert.deepEqual((await campaignKpi('push-open-rate')).CampaignDateRangeKpiResponse!.KpiResult!.Rows, []);
  });

  test('an unknown KPI name, a range over 31 days or starting 90 days back is BadRequestException; a missing campaign is NotFoundException', async () => {
    assert.equal((await fail(appKpi('open-rate-of-everything'))).name, 'BadRequestException');
    // Campaign metric names are not application metric names.
    assert.equal(
      (await fail(appKpi('attempted-deliveries-grouped-by-campaign-activity'))).name,
      'BadRequestException',
    );
    const long = await fail(appKpi('txn-emails-sent', { StartTime: at(40 * DAY), EndTime: at(0) }));
    assert.equal(long.name, 'BadRequestException');
    const old = await fail(appKpi('txn-emails-sent', { StartTime: at(95 * DAY), EndTime: at(94 * DAY) }));
    assert.equal(old.name, 'BadRequestException');
    const reversed = await fail(appKpi('txn-emails-sent', { StartTime: at(DAY), EndTime: at(2 * DAY) }));
    assert.equal(reversed.name, 'BadRequestException');
    // An explicit range that holds the old send counts it.
    const explicit = await appKpi('txn-emails-sent', { StartTime: at(41 * DAY), EndTime: at(39 * DAY) });
    assert.equal(single(explicit.ApplicationDateRangeKpiResponse!.KpiResult!.Rows).Value, '1.0');
    assert.deepEqual(await fail(campaignKpi('successful-delivery-rate', 'nope')), {
      name: 'NotFoundException',
      message: 'Resource not found',
      status: 404,
    });
  });
});

describe('event streams', () => {
  const stream = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/pinpoint-events`;
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/StreamRole`;

  test('Put, Get and Delete; Get without one is NotFoundException', async () => {
    const appId = await newApp();
    assert.equal(
      (await fail(pinpoint().send(new GetEventStreamCommand({ ApplicationId: appId })))).status,
      404,
    );
    const put = await pinpoint().send(
      new PutEventStreamCommand({
        ApplicationId: appId,
        WriteEventStream: { DestinationStreamArn: stream, RoleArn: roleArn },
      }),
    );
    const s = put.EventStream!;
    assert.equal(s.ApplicationId, appId);
    assert.equal(s.DestinationStreamArn, stream);
    assert.equal(s.RoleArn, roleArn);
    assert.equal(s.LastUpdatedBy, `arn:aws:iam::${ACCOUNT}:root`);
    assert.ok(!Number.isNaN(Date.parse(s.LastModifiedDate!)));
    const got = (await pinpoint().send(new GetEventStreamCommand({ ApplicationId: appId }))).EventStream!;
    assert.deepEqual(got, s);
    const deleted = (await pinpoint().send(new DeleteEventStreamCommand({ ApplicationId: appId })))
      .EventStream!;
    assert.equal(deleted.DestinationStreamArn, stream);
    assert.equal(
      (await fail(pinpoint().send(new GetEventStreamCommand({ ApplicationId: appId })))).status,
      404,
    );
  });

  test('a destination that is not a Kinesis or Firehose stream is BadRequestException, nothing stored', async () => {
    const appId = await newApp();
    const e = await fail(
      pinpoint().send(
        new PutEventStreamCommand({
          ApplicationId: appId,
          WriteEventStream: {
            DestinationStreamArn: 'arn:aws:sqs:us-east-1:000000000000:q',
            RoleArn: roleArn,
          },
        }),
      ),
    );
    assert.equal(e.name, 'BadRequestException');
    assert.equal(
      (await fail(pinpoint().send(new GetEventStreamCommand({ ApplicationId: appId })))).status,
      404,
    );
  });

  test('PutEventStream needs iam:PassRole on the role: without it AccessDenied and nothing stored', async () => {
    const appId = await newApp();
    const user = await userWith('streamer', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:*', Resource: '*' }],
    });
    const e = await fail(
      user.send(
        new PutEventStreamCommand({
          ApplicationId: appId,
          WriteEventStream: { DestinationStreamArn: stream, RoleArn: roleArn },
        }),
      ),
    );
    assert.equal(e.status, 403);
    assert.match(e.message, /iam:PassRole on resource: arn:aws:iam::000000000000:role\/StreamRole/);
    assert.equal((await fail(user.send(new GetEventStreamCommand({ ApplicationId: appId })))).status, 404);
  });
});

test('IAM: a user without policies is denied on the events, kpis and eventstream ARNs', async () => {
  const appId = await newApp();
  const nobody = await userWith('noanalytics');
  const cases: [() => Promise<unknown>, string][] = [
    [
      () => nobody.send(new PutEventsCommand({ ApplicationId: appId, EventsRequest: { BatchItem: {} } })),
      `mobiletargeting:PutEvents on resource: ${ARN}:apps/${appId}/events`,
    ],
    [
      // Pinpoint authorizes before it reads the body: over 100 events is denied, not refused.
      () =>
        nobody.send(
          new PutEventsCommand({
            ApplicationId: appId,
            EventsRequest: {
              BatchItem: {
                ep: {
                  Endpoint: {},
                  Events: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`e${i}`, event('bulk')])),
                },
              },
            },
          }),
        ),
      `mobiletargeting:PutEvents on resource: ${ARN}:apps/${appId}/events`,
    ],
    [
      () =>
        nobody.send(
          new GetApplicationDateRangeKpiCommand({ ApplicationId: appId, KpiName: 'txn-emails-sent' }),
        ),
      `mobiletargeting:GetApplicationDateRangeKpi on resource: ${ARN}:apps/${appId}/kpis/daterange/txn-emails-sent`,
    ],
    [
      () =>
        nobody.send(
          new GetCampaignDateRangeKpiCommand({
            ApplicationId: appId,
            CampaignId: 'c',
            KpiName: 'unique-deliveries',
          }),
        ),
      `mobiletargeting:GetCampaignDateRangeKpi on resource: ${ARN}:apps/${appId}/campaigns/c/kpis/daterange/unique-deliveries`,
    ],
    [
      () => nobody.send(new GetEventStreamCommand({ ApplicationId: appId })),
      `mobiletargeting:GetEventStream on resource: ${ARN}:apps/${appId}/eventstream`,
    ],
  ];
  for (const [call, text] of cases) {
    const e = await fail(call());
    assert.equal(e.status, 403, text);
    assert.ok(e.message.includes(text), e.message);
  }
});

test('a SendMessages email becomes _email.send, then _email.delivered; a simulator bounce _email.hardbounce', async () => {
  await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
  const iam = server.iam();
  await iam.send(
    new CreateRoleCommand({ RoleName: 'Seed', AssumeRolePolicyDocument: seedTrustPolicy(ACCOUNT) }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'Seed',
      PolicyName: 'send',
      PolicyDocument: seedPermissionsPolicy(ACCOUNT),
    }),
  );
  const appId = await newApp('e2e');
  await pinpoint().send(
    new UpdateEmailChannelCommand({
      ApplicationId: appId,
      EmailChannelRequest: {
        FromAddress: 'news@example.com',
        Identity: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`,
        OrchestrationSendingRoleArn: `arn:aws:iam::${ACCOUNT}:role/Seed`,
      },
    }),
  );
  const out = await pinpoint().send(
    new SendMessagesCommand({
      ApplicationId: appId,
      MessageRequest: {
        Addresses: {
          'reader@example.net': { ChannelType: 'EMAIL' },
          'bounce@simulator.amazonses.com': { ChannelType: 'EMAIL' },
        },
        MessageConfiguration: {
          EmailMessage: { SimpleEmail: { Subject: { Data: 'Hi' }, TextPart: { Data: 'Hello' } } },
        },
      },
    }),
  );
  const reader = out.MessageResponse!.Result!['reader@example.net'];
  assert.equal(reader.DeliveryStatus, 'SUCCESSFUL');
  const sends = await streamed(`app=${appId}&type=_email.send`);
  assert.equal(sends.length, 2);
  const send = sends.find((e) => e.facets?.email_channel.mail_event.mail.message_id === reader.MessageId)!;
  assert.ok(send, 'the send event of the reader message');
  assert.equal(send.attributes.feedback, 'received');
  assert.deepEqual(send.facets!.email_channel.mail_event.mail.destination, ['reader@example.net']);
  assert.equal((await streamed(`app=${appId}&type=_email.hardbounce`)).length, 1);

  await server.runtime.mail.drain();
  const delivered = await streamed(`app=${appId}&type=_email.delivered`);
  assert.equal(delivered.length, 1);
  assert.equal(delivered[0].facets!.email_channel.mail_event.mail.message_id, reader.MessageId);
  const kpi = await pinpoint().send(
    new GetApplicationDateRangeKpiCommand({ ApplicationId: appId, KpiName: 'txn-emails-sent' }),
  );
  assert.equal(kpi.ApplicationDateRangeKpiResponse!.KpiResult!.Rows![0].Values![0].Value, '2.0');
});

test('the events route needs an app and a sane limit', async () => {
  assert.equal((await fetch(`${server.url}/_pinpost/pinpoint/events`)).status, 400);
  assert.equal((await fetch(`${server.url}/_pinpost/pinpoint/events?app=x&limit=0`)).status, 400);
  const ok = await fetch(`${server.url}/_pinpost/pinpoint/events?app=x`);
  assert.deepEqual(await ok.json(), { events: [] });
});
