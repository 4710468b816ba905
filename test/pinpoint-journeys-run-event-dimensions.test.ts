/**
 * Journey event conditions and event starts read the whole EventDimensions (pinpoint/2016-12-01
 * EventDimensions: EventType, Attributes, Metrics; API reference
 * https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-journeys.html,
 * "EventCondition", "EventStartCondition", "AttributeDimension", "MetricDimension"): a
 * ConditionalSplit without MessageActivity on the endpoint's own PutEvents events sends only those
 * with one event matching the type, the attribute and the metric down the true path; an
 * EventStartCondition whose filter has attribute dimensions starts only for events that match them.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PutEventsCommand, type Event } from '@aws-sdk/client-pinpoint';
import { role, verifiedIdentity } from './pinpoint-campaigns-setup.js';
import { activityMetrics, app, journey, runs, subjects, template } from './pinpoint-journeys-run-setup.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let roleArn: string;
const DAY = 24 * 3600;

before(async () => {
  server = await startTestServer({ clock: 'manual' });
  await verifiedIdentity(server);
  roleArn = await role(server, 'PinpointSeed');
  for (const t of ['yes', 'no', 'hello']) await template(server, `j-${t}`, t.toUpperCase());
});
after(() => server.close());

async function put(appId: string, endpointId: string, events: Omit<Event, 'Timestamp'>[], at: Date) {
  await server.pinpoint().send(
    new PutEventsCommand({
      ApplicationId: appId,
      EventsRequest: {
        BatchItem: {
          [endpointId]: {
            Endpoint: {},
            Events: Object.fromEntries(
              events.map((e, i) => [`${endpointId}-${i}`, { ...e, Timestamp: at.toISOString() }]),
            ),
          },
        },
      },
    }),
  );
}

test('ConditionalSplit on a custom event: one event has to match its type, attribute and metric', async () => {
  const { appId, segmentId } = await app(server, roleArn, 'dims', 7);
  const journeyId = await journey(server, appId, {
    Name: 'bought-pro',
    State: 'ACTIVE',
    StartActivity: 'day',
    StartCondition: { SegmentStartCondition: { SegmentId: segmentId } },
    Activities: {
      day: { Wait: { WaitTime: { WaitFor: 'P1D' }, NextActivity: 'bought' } },
      bought: {
        ConditionalSplit: {
          Condition: {
            Conditions: [
              {
                EventCondition: {
                  Dimensions: {
                    EventType: { DimensionType: 'INCLUSIVE', Values: ['purchase'] },
                    Attributes: {
                      plan: { AttributeType: 'INCLUSIVE', Values: ['pro'] },
                      // Not narrowed in SQL: decided by the matcher on the rows alone.
                      coupon: { AttributeType: 'EXCLUSIVE', Values: ['STAFF'] },
                    },
                    Metrics: { total: { ComparisonOperator: 'GREATER_THAN_OR_EQUAL', Value: 10 } },
                  },
                },
              },
            ],
          },
          TrueActivity: 'yes',
          FalseActivity: 'no',
        },
      },
      yes: { EMAIL: { TemplateName: 'j-yes' } },
      no: { EMAIL: { TemplateName: 'j-no' } },
    },
  });
  const now = await server.advance(0);
  const purchase = (plan: string, total: number) => ({
    EventType: 'purchase',
    Attributes: { plan },
    Metrics: { total },
  });
  await put(appId, 'dims-1', [purchase('pro', 10)], now);
  await put(appId, 'dims-2', [purchase('free', 12)], now); // the attribute differs
  await put(appId, 'dims-3', [purchase('pro', 9.5)], now); // the metric is too small
  await put(
    appId,
    'dims-4',
    [{ EventType: 'browse', Attributes: { plan: 'pro' }, Metrics: { total: 12 } }],
    now,
  );
  // Each dimension met, but by two different events: no one event matches.
  await put(appId, 'dims-5', [purchase('free', 20), purchase('pro', 3)], now);
  await put(appId, 'dims-6', [{ EventType: 'purchase', Attributes: { plan: 'pro' } }], now); // no metric
  await put(appId, 'dims-7', [{ ...purchase('pro', 15), Attributes: { plan: 'pro', coupon: 'STAFF' } }], now);
  await server.advance(DAY);
  assert.deepEqual(await subjects(server, 'dims1@example.org'), ['YES Name1']);
  for (let i = 2; i <= 7; i++)
    assert.deepEqual(await subjects(server, `dims${i}@example.org`), [`NO Name${i}`]);
  assert.deepEqual(await activityMetrics(server, appId, journeyId, 'bought'), { YES: '1', NO: '6' });
});

test('EventStartCondition with attribute dimensions: only matching events start the journey', async () => {
  const { appId } = await app(server, roleArn, 'starts', 4);
  const journeyId = await journey(server, appId, {
    Name: 'signup-from-ads',
    State: 'ACTIVE',
    StartActivity: 'hello',
    StartCondition: {
      EventStartCondition: {
        EventFilter: {
          FilterType: 'ENDPOINT',
          Dimensions: {
            EventType: { DimensionType: 'INCLUSIVE', Values: ['signup'] },
            Attributes: {
              source: { AttributeType: 'INCLUSIVE', Values: ['ads'] },
              // AttributeDimension AFTER: the value read as an ISO 8601 instant.
              trial_end: { AttributeType: 'AFTER', Values: ['2026-01-01T00:00:00Z'] },
            },
          },
        },
      },
    },
    Activities: { hello: { EMAIL: { TemplateName: 'j-hello' } } },
  });
  const now = await server.advance(0);
  const signup = (Attributes: Record<string, string>) => [{ EventType: 'signup', Attributes }];
  await put(appId, 'starts-1', signup({ source: 'ads', trial_end: '2026-06-01T00:00:00Z' }), now);
  await put(appId, 'starts-2', signup({ source: 'web', trial_end: '2026-06-01T00:00:00Z' }), now);
  await put(appId, 'starts-3', signup({ source: 'ads', trial_end: '2025-12-01T00:00:00Z' }), now);
  await put(appId, 'starts-4', signup({}), now);
  await server.advance(0);
  assert.deepEqual(await subjects(server, 'starts1@example.org'), ['HELLO Name1']);
  for (let i = 2; i <= 4; i++)
    assert.deepEqual(await subjects(server, `starts${i}@example.org`), [], `starts-${i}`);
  assert.equal((await runs(server, appId, journeyId)).length, 1);
});
