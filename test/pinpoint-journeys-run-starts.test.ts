/**
 * How endpoints enter a running journey, on the manual clock (pinpoint/2016-12-01 WriteJourneyRequest,
 * JourneyLimits, StartCondition): RefreshFrequency re-reads the start segment every period, so new
 * members enter later, while those who entered before are held to EndpointReentryCap ("To allow
 * participants to enter the journey an unlimited number of times, set this value to 0") and
 * EndpointReentryInterval; RefreshOnSegmentUpdate starts a run when the segment is updated; an
 * EventStartCondition starts one for the endpoints of matching PutEvents events, within its segment.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateSegmentCommand,
  PutEventsCommand,
  UpdateEndpointCommand,
  UpdateSegmentCommand,
} from '@aws-sdk/client-pinpoint';
import { role, verifiedIdentity } from './pinpoint-campaigns-setup.js';
import {
  app,
  journey,
  journeyMetrics,
  runs,
  state,
  subjects,
  template,
} from './pinpoint-journeys-run-setup.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let roleArn: string;
const DAY = 24 * 3600;

before(async () => {
  server = await startTestServer({ clock: 'manual' });
  await verifiedIdentity(server);
  roleArn = await role(server, 'PinpointSeed');
  await template(server, 'j-hello', 'Hello');
});
after(() => server.close());

const hello = (segmentId: string) => ({
  Name: 'hello',
  State: 'ACTIVE' as const,
  StartActivity: 'hello',
  StartCondition: { SegmentStartCondition: { SegmentId: segmentId } },
  Activities: { hello: { EMAIL: { TemplateName: 'j-hello' } } },
});

const addEndpoint = (appId: string, prefix: string, i: number) =>
  server.pinpoint().send(
    new UpdateEndpointCommand({
      ApplicationId: appId,
      EndpointId: `${prefix}-${i}`,
      EndpointRequest: {
        ChannelType: 'EMAIL',
        Address: `${prefix}${i}@example.org`,
        User: { UserAttributes: { FirstName: [`Name${i}`] } },
      },
    }),
  );

test('RefreshFrequency: new members enter at the next refresh; a member who entered does not again', async () => {
  const { appId, segmentId } = await app(server, roleArn, 'refresh', 1);
  const journeyId = await journey(server, appId, { ...hello(segmentId), RefreshFrequency: 'P1D' });
  await server.advance(0);
  assert.deepEqual(await subjects(server, 'refresh1@example.org'), ['Hello Name1']);
  await addEndpoint(appId, 'refresh', 2);
  await server.advance(DAY / 2);
  assert.deepEqual(await subjects(server, 'refresh2@example.org'), [], 'not before the refresh');
  await server.advance(DAY / 2);
  assert.deepEqual(await subjects(server, 'refresh2@example.org'), ['Hello Name2']);
  assert.deepEqual(await subjects(server, 'refresh1@example.org'), ['Hello Name1']);
  assert.equal((await runs(server, appId, journeyId)).length, 2);
  const m = await journeyMetrics(server, appId, journeyId);
  assert.equal(m.ENDPOINT_ENTERED, '2');
  assert.equal(m.REENTRY_CAP_EXCEEDED, '1');
  assert.equal(await state(server, appId, journeyId), 'ACTIVE', 'it refreshes until it ends');
});

test('EndpointReentryCap 0 and EndpointReentryInterval: re-entry once the interval has passed', async () => {
  const { appId, segmentId } = await app(server, roleArn, 'reenter', 1);
  const now = await server.advance(0);
  const journeyId = await journey(server, appId, {
    ...hello(segmentId),
    RefreshFrequency: 'P1D',
    Limits: { EndpointReentryCap: 0, EndpointReentryInterval: 'P2D' },
    Schedule: { EndTime: new Date(now.getTime() + 3.5 * DAY * 1000) },
  });
  await server.advance(0);
  await server.advance(DAY); // a refresh within the interval: not again
  assert.equal((await subjects(server, 'reenter1@example.org')).length, 1);
  await server.advance(DAY); // two days after: again
  assert.equal((await subjects(server, 'reenter1@example.org')).length, 2);
  await server.advance(3 * DAY); // one more refresh (day 3, too soon), then the end
  assert.equal((await subjects(server, 'reenter1@example.org')).length, 2);
  const m = await journeyMetrics(server, appId, journeyId);
  assert.equal(m.ENDPOINT_ENTERED, '2');
  assert.equal(m.REENTRY_CAP_EXCEEDED, '2');
  assert.equal(await state(server, appId, journeyId), 'COMPLETED', 'EndTime passed, runs ended');
});

test('RefreshOnSegmentUpdate: an update of the start segment lets its new members in at once', async () => {
  const { appId, segmentId } = await app(server, roleArn, 'segupd', 1);
  await journey(server, appId, { ...hello(segmentId), RefreshOnSegmentUpdate: true });
  await server.advance(0);
  await addEndpoint(appId, 'segupd', 2);
  await server.advance(60);
  assert.deepEqual(await subjects(server, 'segupd2@example.org'), []);
  await server.pinpoint().send(
    new UpdateSegmentCommand({
      ApplicationId: appId,
      SegmentId: segmentId,
      WriteSegmentRequest: { Name: 'everyone, updated' },
    }),
  );
  await server.advance(0);
  assert.deepEqual(await subjects(server, 'segupd2@example.org'), ['Hello Name2']);
  assert.deepEqual(await subjects(server, 'segupd1@example.org'), ['Hello Name1']);
});

test('EventStartCondition: a matching PutEvents event starts the journey for its endpoint, within its segment', async () => {
  const { appId } = await app(server, roleArn, 'event', 3);
  const segment = await server.pinpoint().send(
    new CreateSegmentCommand({
      ApplicationId: appId,
      WriteSegmentRequest: {
        Name: 'not-3',
        Dimensions: { UserAttributes: { FirstName: { AttributeType: 'EXCLUSIVE', Values: ['Name3'] } } },
      },
    }),
  );
  const journeyId = await journey(server, appId, {
    Name: 'on-signup',
    State: 'ACTIVE',
    StartActivity: 'hello',
    StartCondition: {
      EventStartCondition: {
        EventFilter: {
          FilterType: 'ENDPOINT',
          Dimensions: { EventType: { DimensionType: 'INCLUSIVE', Values: ['signup'] } },
        },
        SegmentId: segment.SegmentResponse!.Id!,
      },
    },
    Activities: { hello: { EMAIL: { TemplateName: 'j-hello' } } },
  });
  const now = await server.advance(0);
  const put = (endpointId: string, type: string) =>
    server.pinpoint().send(
      new PutEventsCommand({
        ApplicationId: appId,
        EventsRequest: {
          BatchItem: {
            [endpointId]: {
              Endpoint: {},
              Events: { [`${type}-1`]: { EventType: type, Timestamp: now.toISOString() } },
            },
          },
        },
      }),
    );
  await put('event-1', 'signup');
  await put('event-2', 'browse');
  await put('event-3', 'signup');
  await server.advance(0);
  assert.deepEqual(await subjects(server, 'event1@example.org'), ['Hello Name1']);
  assert.deepEqual(await subjects(server, 'event2@example.org'), [], 'another event type');
  assert.deepEqual(await subjects(server, 'event3@example.org'), [], 'outside the segment');
  assert.equal((await runs(server, appId, journeyId)).length, 1);
  assert.equal(await state(server, appId, journeyId), 'ACTIVE');
});
