/**
 * The engine's SQL on the engine the run selected (SQLite, or PostgreSQL with
 * PINPOST_TEST_DATABASE): runs and their counters, places, the send log the caps count, the
 * ACTIVE journeys, the event conditions and the engagement KPIs read from the event log.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Database } from '../../../../store/index.js';
import { openTestDatabase } from '../../../../../test/support/database.js';
import { analyticsMigrations } from '../../analytics/migrations.js';
import { pinpointDocumentMigrations } from '../../migrations.js';
import { PinpointStore } from '../../store.js';
import type { EndpointDoc, PinpointContext } from '../../ports.js';
import { journeyKpi } from '../kpis.js';
import type { JourneyDoc } from '../model.js';
import { meeting, type ConditionContext } from './conditions.js';
import { sendGate } from './gate.js';
import { journeyRunMigrations } from './migrations.js';
import { JourneyPlaces, type PlaceRow } from './places-store.js';
import { JourneyRuns, JOURNEY } from './runs-store.js';
import { activeJourneys } from './starts.js';

const scope = { account: '111122223333', region: 'us-east-1' };
const T0 = new Date('2030-01-01T00:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let db: Database;
let runs: JourneyRuns;
let places: JourneyPlaces;

before(async () => {
  db = await openTestDatabase([
    ...pinpointDocumentMigrations,
    ...analyticsMigrations,
    ...journeyRunMigrations,
  ]);
  runs = new JourneyRuns(db);
  places = new JourneyPlaces(db);
});
after(() => db.close());

const place = (runId: string, endpoint: string, activity: string, due: Date): PlaceRow => ({
  run_id: runId,
  endpoint_id: endpoint,
  entry: 1,
  journey_id: 'j1',
  activity,
  entered_at: T0.toISOString(),
  due_at: due.toISOString(),
});

test('runs: created, paged newest first, entered, counted (adding up), ended', async () => {
  const first = await runs.create(scope, 'app', 'j1', 1, T0, T0, { segmentVersion: 1 });
  const later = await runs.create(scope, 'app', 'j1', 1, at(60), at(1));
  assert.equal((await runs.get(later))?.status, 'SCHEDULED');
  assert.deepEqual(
    (await runs.ofJourney('j1', 0, 10)).map((r) => r.run_id),
    [later, first],
  );
  assert.deepEqual(
    (await runs.ofJourney('j1', 1, 10)).map((r) => r.run_id),
    [first],
  );
  assert.equal((await runs.nextEntry('j1', at(1)))?.run_id, first);
  assert.equal(await runs.nextEntry('j2', at(1)), undefined, 'another journey');
  assert.equal(await runs.nextEntryAt('j1'), T0.toISOString());
  assert.equal((await runs.lastSegmentRun('j1'))?.run_id, later);

  const run = (await runs.get(first))!;
  await db.transaction(async () => {
    await runs.add(run, new Map([[`${JOURNEY}\nENDPOINT_ENTERED`, 2]]));
    await runs.add(run, new Map([[`${JOURNEY}\nENDPOINT_ENTERED`, 3]]));
    await runs.progress(first, 5, true, at(2));
  });
  assert.deepEqual(await runs.counts('j1', JOURNEY), { ENDPOINT_ENTERED: 5 });
  assert.deepEqual(await runs.counts('j1', JOURNEY, later), {});
  assert.equal(await runs.lastUpdate('j1', first), at(2).toISOString());
  assert.equal(await runs.nextEntryAt('j1'), at(60).toISOString());

  await places.insert([place(first, 'e1', 'a', at(1)), place(first, 'e2', 'a', at(3))]);
  // Inserted again (a batch that ran twice): nothing changes.
  await places.insert([place(first, 'e1', 'a', at(9))]);
  assert.equal((await places.first('j1', at(5)))?.endpoint_id, 'e1');
  assert.equal(await places.nextDue('j1'), at(1).toISOString());
  const due = await places.batch((await places.first('j1', at(5)))!, at(5), 10);
  assert.deepEqual(
    due.map((p) => p.endpoint_id),
    ['e1', 'e2'],
  );
  await places.move([{ place: due[0] }, { place: due[1], activity: 'b', due: at(10) }]);
  assert.deepEqual([...(await places.active('j1'))], [['b', 1]]);
  const history = await places.entries('j1', ['e1', 'e2', 'e3']);
  assert.deepEqual(history.get('e1'), { count: 1, active: false, last: T0.toISOString() });
  assert.equal(history.get('e2')?.active, true);
  assert.equal(history.has('e3'), false);

  assert.deepEqual(await runs.finished('j1'), []);
  assert.equal(await runs.open('j1'), true);
  assert.deepEqual([...(await places.cancel('j1'))], [[first, 1]]);
  assert.deepEqual(
    (await runs.finished('j1')).map((r) => r.run_id),
    [first],
  );
  await runs.cancel('j1', at(20));
  assert.equal(await runs.open('j1'), false);
  await runs.deleteJourney('j1');
  assert.deepEqual(await runs.ofJourney('j1', 0, 10), []);
  // A batch that commits after the deletion writes nothing (it checks its run first).
  assert.equal(await runs.touch(first, at(21)), false);
  assert.equal(await runs.progress(first, 6, true, at(21)), false);
});

test('a journey deleted while a batch commits: the deletion waits for it and leaves nothing', async () => {
  const id = await runs.create(scope, 'app', 'j5', 1, T0, T0);
  const run = (await runs.get(id))!;
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const touched = new Promise<void>((r) => (locked = r));
  const batch = db.transaction(async () => {
    assert.equal(await runs.touch(id, at(1)), true);
    locked();
    await held;
    await runs.add(run, new Map([['a\nSUCCESS', 1]]));
    await places.insert([{ ...place(id, 'e1', 'a', at(1)), journey_id: 'j5' }]);
  });
  await touched;
  const deletion = db.transaction(() => runs.deleteJourney('j5'));
  // Real time: the deletion reaches the run's row (PostgreSQL) before the batch writes on.
  setTimeout(release, 200);
  await Promise.all([batch, deletion]);
  assert.deepEqual(await runs.counts('j5', 'a'), {});
  assert.deepEqual([...(await places.active('j5'))], []);
});

test('the ACTIVE journeys are found by the State in their document', async () => {
  const store = new PinpointStore(db);
  const put = (id: string, State: string) => store.put(scope, 'app', 'journey', id, { Id: id, State });
  await put('active', 'ACTIVE');
  await put('draft', 'DRAFT');
  await store.put({ ...scope, region: 'eu-west-1' }, 'app', 'journey', 'elsewhere', {
    Id: 'elsewhere',
    State: 'PAUSED',
  });
  const found = await activeJourneys({ store });
  assert.deepEqual(
    found.map((a) => a.doc.Id),
    ['active'],
  );
  assert.deepEqual(found[0].scope, scope);
});

let eventId = 0;
async function event(
  type: string,
  endpoint: string,
  when: Date,
  e: {
    attributes?: Record<string, string>;
    metrics?: Record<string, number>;
    journeyId?: string;
    runId?: string;
    messageId?: string;
  } = {},
): Promise<void> {
  const doc = { eventType: type, attributes: e.attributes ?? {}, metrics: e.metrics };
  await db.run(
    `INSERT INTO pinpoint_events (account, region, app_id, event_type, at, day, endpoint_id, run_id, journey_id, message_id, doc)
     VALUES (?, ?, 'app', ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      scope.account,
      scope.region,
      type,
      when.getTime(),
      when.toISOString().slice(0, 10),
      endpoint,
      e.runId ?? null,
      e.journeyId ?? null,
      e.messageId ?? `m${++eventId}`,
      JSON.stringify(doc),
    ],
  );
}

test('event conditions: attributes narrowed in SQL, metrics compared as numbers', async () => {
  await event('purchase', 'e1', at(1), { attributes: { plan: 'gold' }, metrics: { total: 10 } });
  await event('purchase', 'e2', at(1), { attributes: { plan: 'gold' }, metrics: { total: 4 } });
  await event('purchase', 'e3', at(1), { attributes: { plan: 'free' }, metrics: { total: 50 } });
  await event('purchase', 'e4', at(-5), { attributes: { plan: 'gold' }, metrics: { total: 99 } });
  // The email open of a message the journey's activity `mail` sent in run r1.
  await event('_email.open', 'e2', at(2), {
    journeyId: 'j2',
    runId: 'mail',
    attributes: { journey_run_id: 'r1' },
  });
  const x: ConditionContext = {
    db,
    account: scope.account,
    region: scope.region,
    appId: 'app',
    journeyId: 'j2',
    runId: 'r1',
    runStart: T0,
    now: at(5),
    members: async () => new Set(),
  };
  const endpoints = ['e1', 'e2', 'e3', 'e4'].map((Id) => ({ Id }) as EndpointDoc);
  const bought = await meeting(
    x,
    {
      EventCondition: {
        Dimensions: {
          EventType: { DimensionType: 'INCLUSIVE', Values: ['purchase'] },
          Attributes: { plan: { AttributeType: 'INCLUSIVE', Values: ['gold'] } },
          Metrics: { total: { ComparisonOperator: 'GREATER_THAN', Value: 5 } },
        },
      },
    },
    endpoints,
  );
  // e4 bought before the run started; e2 bought too little; e3 on the free plan.
  assert.deepEqual([...bought], ['e1']);
  const opened = await meeting(
    x,
    {
      EventCondition: {
        MessageActivity: 'mail',
        Dimensions: { EventType: { DimensionType: 'INCLUSIVE', Values: ['_email.open'] } },
      },
    },
    endpoints,
  );
  assert.deepEqual([...opened], ['e2']);
});

test('engagement KPIs: a total row, rows per activity, none without data', async () => {
  for (const [type, message, activity] of [
    ['_email.send', 's1', 'welcome'],
    ['_email.send', 's2', 'welcome'],
    ['_email.send', 's3', 'goodbye'],
    ['_email.hardbounce', 's3', 'goodbye'],
  ])
    await event(type, 'e1', at(1), { journeyId: 'j3', runId: activity, messageId: message });
  const q = { scope, appId: 'app', journeyId: 'j3', start: T0, end: at(10) };
  assert.deepEqual(await journeyKpi(db, { ...q, name: 'journey-emails-delivered' }), [
    { Values: [{ Key: 'JourneyEmailsDelivered', Type: 'Double', Value: '2.0' }] },
  ]);
  assert.deepEqual(await journeyKpi(db, { ...q, name: 'emails-sent-grouped-by-journey-activity' }), [
    {
      GroupedBys: [{ Key: 'JourneyActivityId', Type: 'String', Value: 'goodbye' }],
      Values: [{ Key: 'EmailsSent', Type: 'Double', Value: '1.0' }],
    },
    {
      GroupedBys: [{ Key: 'JourneyActivityId', Type: 'String', Value: 'welcome' }],
      Values: [{ Key: 'EmailsSent', Type: 'Double', Value: '2.0' }],
    },
  ]);
  assert.deepEqual(await journeyKpi(db, { ...q, journeyId: 'none', name: 'journey-emails-sent' }), []);
});

test('the caps count the send log: DailyCap over the last 24 hours', async () => {
  for (const sentAt of [at(-2000), at(-10)])
    await db.run(
      'INSERT INTO pinpoint_journey_sends (account, region, app_id, journey_id, endpoint_id, sent_at) VALUES (?, ?, ?, ?, ?, ?)',
      [scope.account, scope.region, 'app', 'j4', 'e1', sentAt.toISOString()],
    );
  const run = { account: scope.account, region: scope.region, app_id: 'app', journey_id: 'j4' };
  const journey = { Limits: { DailyCap: 1, TotalCap: 3 } } as JourneyDoc;
  const endpoints = ['e1', 'e2'].map((Id) => ({ Id }) as EndpointDoc);
  const gate = await sendGate({ db } as PinpointContext, run as never, journey, T0, endpoints);
  assert.deepEqual(gate.check(endpoints[0]), { skip: 'DAILY_CAP' });
  assert.equal(gate.check(endpoints[1]), undefined);
});
