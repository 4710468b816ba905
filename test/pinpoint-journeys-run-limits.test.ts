/**
 * A running journey's limits and sending times on the manual clock (pinpoint/2016-12-01
 * JourneyLimits, WriteJourneyRequest): DailyCap and TotalCap per participant, TimeframeCap across
 * journeys, QuietTime in the endpoint's time zone with WaitForQuietTime holding (true) or skipping
 * (false), OpenHours.EMAIL and ClosedDays.EMAIL with SendingSchedule, and LocalTime starts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UpdateJourneyCommand, type WriteJourneyRequest } from '@aws-sdk/client-pinpoint';
import { role, verifiedIdentity } from './pinpoint-campaigns-setup.js';
import { activityMetrics, app, journey, subjects, template } from './pinpoint-journeys-run-setup.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let roleArn: string;
const HOUR = 3600;
const DAY = 24 * HOUR;
/** Noon UTC `days` after today: the manual clock starts at the real time and never goes back. */
const noonUtc = (days: number) =>
  new Date((Math.floor(Date.now() / 86_400_000) + days) * 86_400_000 + 12 * 3_600_000);

before(async () => {
  server = await startTestServer({ clock: 'manual' });
  await verifiedIdentity(server);
  roleArn = await role(server, 'PinpointSeed');
  for (const t of ['a', 'b', 'c', 'd']) await template(server, `j-${t}`, t.toUpperCase());
});
after(() => server.close());

const mail = (t: string, next?: string) => ({ EMAIL: { TemplateName: `j-${t}`, NextActivity: next } });
const wait = (next: string) => ({ Wait: { WaitTime: { WaitFor: 'P1D' }, NextActivity: next } });
const base = (segmentId: string, start: string, Activities: WriteJourneyRequest['Activities']) => ({
  Name: 'limits',
  State: 'ACTIVE' as const,
  StartActivity: start,
  StartCondition: { SegmentStartCondition: { SegmentId: segmentId } },
  Activities,
});

test('DailyCap and TotalCap: a capped message is not sent and the participant moves on', async () => {
  await server.setClock(noonUtc(2));
  const { appId, segmentId } = await app(server, roleArn, 'caps', 1);
  const journeyId = await journey(server, appId, {
    ...base(segmentId, 'a', {
      a: mail('a', 'b'),
      b: mail('b', 'w1'),
      w1: wait('c'),
      c: mail('c', 'w2'),
      w2: wait('d'),
      d: mail('d'),
    }),
    Limits: { DailyCap: 1, TotalCap: 2 },
  });
  await server.advance(3 * DAY);
  assert.deepEqual(await subjects(server, 'caps1@example.org'), ['A Name1', 'C Name1']);
  assert.deepEqual(await activityMetrics(server, appId, journeyId, 'b'), { DAILY_CAP: '1' });
  assert.deepEqual(await activityMetrics(server, appId, journeyId, 'd'), { TOTAL_CAP: '1' });
});

test('TimeframeCap counts the messages of every journey of the app', async () => {
  await server.setClock(noonUtc(6));
  const { appId, segmentId } = await app(server, roleArn, 'frame', 1);
  await journey(server, appId, { ...base(segmentId, 'a', { a: mail('a') }), Name: 'first' });
  await server.advance(HOUR);
  const second = await journey(server, appId, {
    ...base(segmentId, 'b', { b: mail('b') }),
    Name: 'second',
    Limits: { TimeframeCap: { Cap: 1, Days: 7 } },
  });
  await server.advance(HOUR);
  assert.deepEqual(await subjects(server, 'frame1@example.org'), ['A Name1']);
  assert.deepEqual(await activityMetrics(server, appId, second, 'b'), { TIMEFRAME_CAP: '1' });
});

test('TimeframeCap holds when two journeys of the app send to the same endpoint at the same moment', async () => {
  await server.setClock(noonUtc(7));
  const { appId, segmentId } = await app(server, roleArn, 'sametime', 3);
  const capped = { Limits: { TimeframeCap: { Cap: 1, Days: 7 } } };
  const ids = [];
  for (const t of ['a', 'b', 'c'])
    ids.push(
      await journey(server, appId, {
        ...base(segmentId, t, { [t]: mail(t) }),
        Name: `at-once-${t}`,
        ...capped,
      }),
    );
  await server.advance(HOUR);
  for (let i = 1; i <= 3; i++)
    assert.equal(
      (await subjects(server, `sametime${i}@example.org`)).length,
      1,
      `one message for endpoint ${i}`,
    );
  const metrics = await Promise.all(
    ids.map((id, i) => activityMetrics(server, appId, id, ['a', 'b', 'c'][i])),
  );
  const sum = (key: string) =>
    metrics.reduce((n, m) => n + Number((m as Record<string, string>)[key] ?? 0), 0);
  assert.equal(sum('SUCCESS'), 3, JSON.stringify(metrics));
  assert.equal(sum('TIMEFRAME_CAP'), 6, JSON.stringify(metrics));
});

test("QuietTime in the endpoint's zone: WaitForQuietTime holds until it ends; without it the message is skipped", async () => {
  await server.setClock(noonUtc(8)); // 21:00 in Tokyo
  const tokyo = { Demographic: { Timezone: 'Asia/Tokyo' } };
  const held = await app(server, roleArn, 'qhold', 2, (i) => (i === 1 ? tokyo : {}));
  const heldId = await journey(server, held.appId, {
    ...base(held.segmentId, 'a', { a: mail('a') }),
    QuietTime: { Start: '20:00', End: '08:00' },
    WaitForQuietTime: true,
  });
  const skipped = await app(server, roleArn, 'qskip', 1, () => tokyo);
  const skippedId = await journey(server, skipped.appId, {
    ...base(skipped.segmentId, 'a', { a: mail('a') }),
    QuietTime: { Start: '20:00', End: '08:00' },
    WaitForQuietTime: false,
  });
  await server.advance(0);
  assert.deepEqual(await subjects(server, 'qhold1@example.org'), [], 'in quiet time in Tokyo');
  assert.deepEqual(await subjects(server, 'qhold2@example.org'), ['A Name2'], 'no time zone: no quiet time');
  await server.advance(11 * HOUR); // 08:00 in Tokyo: still quiet until its end
  assert.deepEqual(await subjects(server, 'qhold1@example.org'), []);
  await server.advance(60); // 08:01
  assert.deepEqual(await subjects(server, 'qhold1@example.org'), ['A Name1']);
  assert.deepEqual(await activityMetrics(server, held.appId, heldId, 'a'), { SUCCESS: '2' });
  assert.deepEqual(await subjects(server, 'qskip1@example.org'), []);
  assert.deepEqual(await activityMetrics(server, skipped.appId, skippedId, 'a'), { QUIET_TIME: '1' });
});

test("OpenHours.EMAIL in the endpoint's zone, and ClosedDays.EMAIL, hold the message until sending may start", async () => {
  const noon = await server.setClock(noonUtc(10)); // 07:00 in New York (EST)
  const everyDay = Object.fromEntries(
    ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'].map((d) => [
      d,
      [{ StartTime: '09:00', EndTime: '17:00' }],
    ]),
  );
  const ny = await app(server, roleArn, 'open', 1, () => ({ Demographic: { Timezone: 'America/New_York' } }));
  await journey(server, ny.appId, {
    ...base(ny.segmentId, 'a', { a: mail('a') }),
    // OpenHours and ClosedDays need QuietTime and SendingSchedule (the API's validation).
    QuietTime: { Start: '23:00', End: '23:30' },
    SendingSchedule: true,
    WaitForQuietTime: true,
    OpenHours: { EMAIL: everyDay },
  });
  const closedUntil = new Date(noon.getTime() + 5 * HOUR * 1000);
  const shut = await app(server, roleArn, 'closed', 1);
  await journey(server, shut.appId, {
    ...base(shut.segmentId, 'a', { a: mail('a') }),
    // OpenHours and ClosedDays need QuietTime and SendingSchedule (the API's validation).
    QuietTime: { Start: '23:00', End: '23:30' },
    SendingSchedule: true,
    WaitForQuietTime: true,
    ClosedDays: {
      EMAIL: [
        {
          Name: 'inventory',
          StartDateTime: new Date(noon.getTime() - HOUR * 1000).toISOString(),
          EndDateTime: closedUntil.toISOString(),
        },
      ],
    },
  });
  await server.advance(2 * HOUR - 60); // 08:59 in New York
  assert.deepEqual(await subjects(server, 'open1@example.org'), []);
  await server.advance(60);
  assert.deepEqual(await subjects(server, 'open1@example.org'), ['A Name1']);
  assert.deepEqual(await subjects(server, 'closed1@example.org'), []);
  await server.advance(3 * HOUR);
  assert.deepEqual(await subjects(server, 'closed1@example.org'), ['A Name1']);
});

test('LocalTime: each participant enters at StartTime on its own clock', async () => {
  const now = await server.setClock(noonUtc(12));
  const startWall = new Date(now.getTime() + DAY * 1000); // tomorrow 12:00 (wall clock, UTC schedule)
  const { appId, segmentId } = await app(server, roleArn, 'local', 2, (i) =>
    i === 1 ? { Demographic: { Timezone: 'Asia/Tokyo' } } : { Demographic: { Timezone: 'UTC' } },
  );
  await journey(server, appId, {
    ...base(segmentId, 'a', { a: mail('a') }),
    LocalTime: true,
    Schedule: {
      StartTime: startWall,
      EndTime: new Date(startWall.getTime() + 10 * DAY * 1000),
      Timezone: 'UTC',
    },
  });
  await server.advance(DAY - 9 * HOUR - 60); // tomorrow 02:59 UTC = 11:59 in Tokyo
  assert.deepEqual(await subjects(server, 'local1@example.org'), []);
  await server.advance(60); // 12:00 in Tokyo
  assert.deepEqual(await subjects(server, 'local1@example.org'), ['A Name1']);
  assert.deepEqual(await subjects(server, 'local2@example.org'), [], 'UTC noon has not come');
  await server.advance(9 * HOUR);
  assert.deepEqual(await subjects(server, 'local2@example.org'), ['A Name2']);
});

test("UpdateJourney of an ACTIVE journey's Limits applies to the participants already in it", async () => {
  await server.setClock(noonUtc(16));
  const { appId, segmentId } = await app(server, roleArn, 'upd', 1);
  const w = base(segmentId, 'a', { a: mail('a', 'w'), w: wait('b'), b: mail('b') });
  const journeyId = await journey(server, appId, w);
  await server.advance(HOUR);
  await server.pinpoint().send(
    new UpdateJourneyCommand({
      ApplicationId: appId,
      JourneyId: journeyId,
      WriteJourneyRequest: { ...w, Limits: { TotalCap: 1 } },
    }),
  );
  await server.advance(DAY);
  assert.deepEqual(await subjects(server, 'upd1@example.org'), ['A Name1']);
  assert.deepEqual(await activityMetrics(server, appId, journeyId, 'b'), { TOTAL_CAP: '1' });
});
