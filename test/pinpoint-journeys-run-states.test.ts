/**
 * A running journey's states on the manual clock (pinpoint/2016-12-01 UpdateJourneyState;
 * userguide/journeys-pause-stop.html): PAUSED holds every participant where it is (a wait that
 * ends meanwhile moves on at resume), CANCELLED lets no endpoint take another step and counts them
 * (journey-metrics-execution.html: CANCELLED), DeleteJourney stops everything, and UpdateJourney of
 * an ACTIVE journey's settings keeps it running.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DeleteJourneyCommand, GetJourneyCommand, UpdateJourneyCommand } from '@aws-sdk/client-pinpoint';
import { role, verifiedIdentity } from './pinpoint-campaigns-setup.js';
import {
  activityMetrics,
  app,
  journey,
  journeyMetrics,
  mails,
  runs,
  setState,
  state,
  subjects,
  template,
  twoMails,
} from './pinpoint-journeys-run-setup.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let roleArn: string;
const DAY = 24 * 3600;

before(async () => {
  server = await startTestServer({ clock: 'manual' });
  await verifiedIdentity(server);
  roleArn = await role(server, 'PinpointSeed');
  await template(server, 'j-welcome', 'Welcome');
  await template(server, 'j-thanks', 'Thanks for reading');
});
after(() => server.close());

test('PAUSED holds the participants through the end of their wait; resumed, they move on', async () => {
  const { appId, segmentId } = await app(server, roleArn, 'paused', 2);
  // "Currently, PAUSED only supports journeys with a segment refresh interval" (model documentation).
  const journeyId = await journey(server, appId, twoMails(segmentId, { RefreshFrequency: 'P30D' }));
  await server.advance(0);
  assert.deepEqual(await subjects(server, 'paused1@example.org'), ['Welcome Name1']);
  await setState(server, appId, journeyId, 'PAUSED');
  await server.advance(2 * DAY);
  assert.deepEqual(await subjects(server, 'paused1@example.org'), ['Welcome Name1'], 'held while paused');
  assert.equal((await activityMetrics(server, appId, journeyId, 'day')).INSIDE_WAIT, '2');
  await setState(server, appId, journeyId, 'ACTIVE');
  await server.advance(0);
  for (const i of [1, 2])
    assert.deepEqual(await subjects(server, `paused${i}@example.org`), [
      `Welcome Name${i}`,
      `Thanks for reading Name${i}`,
    ]);
  assert.deepEqual(await activityMetrics(server, appId, journeyId, 'second'), { SUCCESS: '2' });
});

test('CANCELLED: no endpoint takes another step; they count as CANCELLED and the run is CANCELLED', async () => {
  const { appId, segmentId } = await app(server, roleArn, 'cancelled', 3);
  const journeyId = await journey(server, appId, twoMails(segmentId));
  await server.advance(0);
  await setState(server, appId, journeyId, 'CANCELLED');
  await server.advance(3 * DAY);
  for (const i of [1, 2, 3])
    assert.deepEqual(await subjects(server, `cancelled${i}@example.org`), [`Welcome Name${i}`]);
  assert.deepEqual(await journeyMetrics(server, appId, journeyId), {
    ENDPOINT_PRODUCED: '3',
    ENDPOINT_ENTERED: '3',
    CANCELLED: '3',
  });
  assert.deepEqual(await activityMetrics(server, appId, journeyId, 'second'), {});
  assert.equal((await runs(server, appId, journeyId))[0].Status, 'CANCELLED');
  assert.equal(await state(server, appId, journeyId), 'CANCELLED');
});

test('DeleteJourney mid-wait: nothing more is sent', async () => {
  const { appId, segmentId } = await app(server, roleArn, 'deleted', 2);
  const journeyId = await journey(server, appId, twoMails(segmentId));
  await server.advance(0);
  await server.pinpoint().send(new DeleteJourneyCommand({ ApplicationId: appId, JourneyId: journeyId }));
  await server.advance(2 * DAY);
  assert.equal((await mails(server, 'deleted1@example.org')).length, 1);
  await assert.rejects(
    server.pinpoint().send(new GetJourneyCommand({ ApplicationId: appId, JourneyId: journeyId })),
    { name: 'NotFoundException' },
  );
});

test('UpdateJourney of an ACTIVE journey: its new settings apply, its participants carry on', async () => {
  const { appId, segmentId } = await app(server, roleArn, 'updated', 2);
  const w = twoMails(segmentId);
  const journeyId = await journey(server, appId, w);
  await server.advance(0);
  await server.pinpoint().send(
    new UpdateJourneyCommand({
      ApplicationId: appId,
      JourneyId: journeyId,
      WriteJourneyRequest: { ...w, Name: 'two-mails-renamed', Limits: { MessagesPerSecond: 5 } },
    }),
  );
  await server.advance(DAY);
  assert.equal((await mails(server, 'updated2@example.org')).length, 2);
  const out = await server
    .pinpoint()
    .send(new GetJourneyCommand({ ApplicationId: appId, JourneyId: journeyId }));
  assert.equal(out.JourneyResponse!.Name, 'two-mails-renamed');
  assert.equal(out.JourneyResponse!.State, 'COMPLETED');
});

test('UpdateJourney moving an ACTIVE journey’s Schedule.StartTime moves its run that has not started', async () => {
  const now = await server.advance(0);
  const { appId, segmentId } = await app(server, roleArn, 'moved', 1);
  const at = (hours: number) => new Date(now.getTime() + hours * 3600_000);
  const w = twoMails(segmentId, { Schedule: { StartTime: at(3), EndTime: at(24 * 30) } });
  const journeyId = await journey(server, appId, w);
  await server.pinpoint().send(
    new UpdateJourneyCommand({
      ApplicationId: appId,
      JourneyId: journeyId,
      WriteJourneyRequest: { ...w, Schedule: { StartTime: at(1), EndTime: at(24 * 30) } },
    }),
  );
  await server.advance(3600 - 60);
  assert.equal((await runs(server, appId, journeyId))[0].Status, 'SCHEDULED');
  assert.equal((await mails(server, 'moved1@example.org')).length, 0);
  await server.advance(60);
  assert.deepEqual(await subjects(server, 'moved1@example.org'), ['Welcome Name1']);
});
