/**
 * Journey states through @aws-sdk/client-pinpoint, on a clock the test moves: activation (State
 * ACTIVE on create and update, UpdateJourneyState ACTIVE), pause and resume
 * (userguide/journeys-pause-stop.html: a paused journey "cannot be edited" and "can only be resumed
 * after five minutes have passed"), cancel (final), the edits an ACTIVE journey allows, and what
 * activation refuses: an incomplete journey, a channel the app has not enabled, the quotas of
 * developerguide/quotas.html. A refused change writes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  GetJourneyCommand,
  UpdateEmailChannelCommand,
  UpdateJourneyCommand,
  UpdateJourneyStateCommand,
  type JourneyResponse,
  type WriteJourneyRequest,
} from '@aws-sdk/client-pinpoint';
import { IDENTITY } from './pinpoint-campaigns-setup.js';
import {
  createJourney,
  emailJourney,
  journeyApp,
  journeySetup,
  type JourneyApp,
} from './pinpoint-journeys-setup.js';
import { fail } from './support/failure.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let app: JourneyApp;
let now = new Date('2029-06-01T00:00:00.000Z');
const advance = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));

before(async () => {
  server = await startTestServer({}, { clock: () => now });
  await journeySetup(server);
  app = await journeyApp(server, 'states');
});
after(() => server.close());

const setState = (id: string, State: string, appId = app.appId) =>
  server.pinpoint().send(
    new UpdateJourneyStateCommand({
      ApplicationId: appId,
      JourneyId: id,
      JourneyStateRequest: { State: State as JourneyResponse['State'] },
    }),
  );

const update = (id: string, w: WriteJourneyRequest, appId = app.appId) =>
  server
    .pinpoint()
    .send(new UpdateJourneyCommand({ ApplicationId: appId, JourneyId: id, WriteJourneyRequest: w }));

const get = async (id: string, appId = app.appId) =>
  (await server.pinpoint().send(new GetJourneyCommand({ ApplicationId: appId, JourneyId: id })))
    .JourneyResponse!;

const draft = async (w: WriteJourneyRequest = emailJourney(app.segmentId), appId = app.appId) =>
  (await createJourney(server, appId, w)).JourneyResponse!;

test('CreateJourney with State ACTIVE publishes it; a draft is activated by UpdateJourneyState or UpdateJourney', async () => {
  const active = (await createJourney(server, app.appId, emailJourney(app.segmentId, { State: 'ACTIVE' })))
    .JourneyResponse!;
  assert.equal(active.State, 'ACTIVE');
  const d = await draft();
  assert.equal(d.State, 'DRAFT');
  advance(1);
  const out = await setState(d.Id!, 'ACTIVE');
  assert.equal(out.JourneyResponse?.State, 'ACTIVE');
  assert.equal(out.JourneyResponse?.LastModifiedDate, now.toISOString());
  assert.deepEqual({ ...out.JourneyResponse, State: 'DRAFT', LastModifiedDate: d.LastModifiedDate }, d);
  const d2 = await draft();
  const published = await update(d2.Id!, emailJourney(app.segmentId, { State: 'ACTIVE' }));
  assert.equal(published.JourneyResponse?.State, 'ACTIVE');
});

test('pause needs a segment refresh interval; resume only after five minutes; a paused journey cannot be edited', async () => {
  const j = (await createJourney(server, app.appId, emailJourney(app.segmentId, { State: 'ACTIVE' })))
    .JourneyResponse!;
  const paused = await setState(j.Id!, 'PAUSED');
  assert.equal(paused.JourneyResponse?.State, 'PAUSED');
  const edit = await fail(update(j.Id!, emailJourney(app.segmentId, { State: 'ACTIVE' })));
  assert.deepEqual(edit, {
    name: 'BadRequestException',
    message: 'A paused journey cannot be edited',
    status: 400,
  });
  advance(4);
  const early = await fail(setState(j.Id!, 'ACTIVE'));
  assert.deepEqual(early, {
    name: 'BadRequestException',
    message: 'A paused journey can only be resumed after five minutes have passed',
    status: 400,
  });
  assert.equal((await get(j.Id!)).State, 'PAUSED', 'nothing changed');
  advance(1);
  const resumed = await setState(j.Id!, 'ACTIVE');
  assert.equal(resumed.JourneyResponse?.State, 'ACTIVE');
  const again = await setState(j.Id!, 'ACTIVE');
  assert.deepEqual(
    again.JourneyResponse,
    resumed.JourneyResponse,
    'asking for the state it is in changes nothing',
  );

  const noRefresh = (
    await createJourney(
      server,
      app.appId,
      emailJourney(app.segmentId, { State: 'ACTIVE', RefreshFrequency: undefined }),
    )
  ).JourneyResponse!;
  assert.deepEqual(await fail(setState(noRefresh.Id!, 'PAUSED')), {
    name: 'BadRequestException',
    message: 'Currently, PAUSED only supports journeys with a segment refresh interval',
    status: 400,
  });
});

test('an ACTIVE journey: settings change with State ACTIVE, its activities cannot; without State it is refused', async () => {
  const j = (await createJourney(server, app.appId, emailJourney(app.segmentId, { State: 'ACTIVE' })))
    .JourneyResponse!;
  const renamed = await update(
    j.Id!,
    emailJourney(app.segmentId, { State: 'ACTIVE', Name: 'renamed', Limits: { DailyCap: 2 } }),
  );
  assert.equal(renamed.JourneyResponse?.Name, 'renamed');
  assert.deepEqual(renamed.JourneyResponse?.Limits, { DailyCap: 2 });
  assert.equal(renamed.JourneyResponse?.State, 'ACTIVE');
  const changed = emailJourney(app.segmentId, { State: 'ACTIVE' });
  changed.Activities!.pause.Wait!.WaitTime = { WaitFor: 'P2D' };
  assert.deepEqual(await fail(update(j.Id!, changed)), {
    name: 'BadRequestException',
    message: "If a journey's status is ACTIVE, you can't add, change, or remove activities from it",
    status: 400,
  });
  assert.equal(
    (await fail(update(j.Id!, emailJourney(app.segmentId)))).message,
    'An ACTIVE journey can only be updated with State ACTIVE',
  );
  assert.equal((await get(j.Id!)).Name, 'renamed', 'the refused updates wrote nothing');
});

test('CANCELLED is final; drafts cannot be paused or cancelled; DRAFT, COMPLETED and CLOSED cannot be asked for', async () => {
  const j = (await createJourney(server, app.appId, emailJourney(app.segmentId, { State: 'ACTIVE' })))
    .JourneyResponse!;
  assert.equal((await setState(j.Id!, 'CANCELLED')).JourneyResponse?.State, 'CANCELLED');
  for (const s of ['ACTIVE', 'PAUSED'])
    assert.equal(
      (await fail(setState(j.Id!, s))).message,
      "A CANCELLED journey can't be restarted or changed",
    );
  assert.equal(
    (await fail(update(j.Id!, emailJourney(app.segmentId, { State: 'ACTIVE' })))).message,
    "A journey in state CANCELLED can't be updated",
  );
  const d = await draft();
  assert.equal(
    (await fail(setState(d.Id!, 'PAUSED'))).message,
    'Only an ACTIVE journey can be paused; this journey is DRAFT',
  );
  assert.equal(
    (await fail(setState(d.Id!, 'CANCELLED'))).message,
    'Only a published journey can be cancelled; this journey is a DRAFT',
  );
  for (const s of ['DRAFT', 'COMPLETED', 'CLOSED'])
    assert.equal(
      (await fail(setState(d.Id!, s))).message,
      `State ${s} is not supported; supported values are ACTIVE, PAUSED, and CANCELLED`,
    );
  const none = await fail(
    server
      .pinpoint()
      .send(
        new UpdateJourneyStateCommand({ ApplicationId: app.appId, JourneyId: d.Id, JourneyStateRequest: {} }),
      ),
  );
  assert.deepEqual(none, { name: 'BadRequestException', message: 'State is required', status: 400 });
  const missing = await fail(setState('e'.repeat(32), 'ACTIVE'));
  assert.deepEqual(missing, { name: 'NotFoundException', message: 'Resource not found', status: 404 });
  assert.equal((await get(d.Id!)).State, 'DRAFT');
});

test('activation is refused while the app has not enabled its email channel; enabling it lets the journey activate', async () => {
  const other = await journeyApp(server, 'disabled');
  await server.pinpoint().send(
    new UpdateEmailChannelCommand({
      ApplicationId: other.appId,
      EmailChannelRequest: { FromAddress: 'news@example.com', Identity: IDENTITY, Enabled: false },
    }),
  );
  const text =
    "The journey can't be activated: activity first sends through the EMAIL channel, which is not enabled for this application";
  const created = await fail(
    createJourney(server, other.appId, emailJourney(other.segmentId, { State: 'ACTIVE' })),
  );
  assert.deepEqual(created, { name: 'BadRequestException', message: text, status: 400 });
  const d = await draft(emailJourney(other.segmentId), other.appId);
  assert.equal((await fail(setState(d.Id!, 'ACTIVE', other.appId))).message, text);
  assert.equal(
    (await fail(update(d.Id!, emailJourney(other.segmentId, { State: 'ACTIVE' }), other.appId))).message,
    text,
  );
  assert.equal((await get(d.Id!, other.appId)).State, 'DRAFT', 'the refused activation wrote nothing');
  await server.pinpoint().send(
    new UpdateEmailChannelCommand({
      ApplicationId: other.appId,
      EmailChannelRequest: { FromAddress: 'news@example.com', Identity: IDENTITY, Enabled: true },
    }),
  );
  assert.equal((await setState(d.Id!, 'ACTIVE', other.appId)).JourneyResponse?.State, 'ACTIVE');
});

test('what activation needs: an entry, a start, complete activities, channels Pinpost has, a schedule that has not ended', async () => {
  const refuse = (why: string) => `The journey can't be activated: ${why}`;
  const base = emailJourney(app.segmentId);
  const variants: [string, WriteJourneyRequest, string][] = [
    [
      'no StartCondition',
      { ...base, StartCondition: undefined },
      refuse('it needs a StartCondition with a SegmentStartCondition or an EventStartCondition'),
    ],
    [
      'an event start without a filter',
      { ...base, StartCondition: { EventStartCondition: {} } },
      refuse('StartCondition.EventStartCondition needs an EventFilter'),
    ],
    ['no StartActivity', { ...base, StartActivity: undefined }, refuse('it needs a StartActivity')],
    [
      'an email activity without a template',
      { ...base, Activities: { ...base.Activities, second: { EMAIL: {} } } },
      refuse('activity second is an email activity without a TemplateName'),
    ],
    [
      'a wait without a time',
      { ...base, Activities: { ...base.Activities, pause: { Wait: { NextActivity: 'second' } } } },
      refuse('activity pause is a wait activity without WaitTime.WaitFor or WaitTime.WaitUntil'),
    ],
    [
      'a wait until after the journey ends',
      {
        ...base,
        Schedule: { EndTime: new Date('2029-12-01T00:00:00Z') },
        Activities: {
          ...base.Activities,
          pause: { Wait: { WaitTime: { WaitUntil: '2030-01-01T00:00:00Z' }, NextActivity: 'second' } },
        },
      },
      refuse('Activities.pause.Wait.WaitTime.WaitUntil must be before Schedule.EndTime'),
    ],
    [
      'a random split that does not add up to 100',
      {
        ...base,
        Activities: {
          ...base.Activities,
          second: { RandomSplit: { Branches: [{ Percentage: 50 }, { Percentage: 40 }] } },
        },
      },
      refuse('the percentages of Activities.second.RandomSplit.Branches must be positive and add up to 100'),
    ],
    [
      'a random split of one branch',
      {
        ...base,
        Activities: { ...base.Activities, second: { RandomSplit: { Branches: [{ Percentage: 100 }] } } },
      },
      refuse('activity second is a random split, which needs 2 to 5 branches'),
    ],
    [
      'a yes/no split without conditions',
      { ...base, Activities: { ...base.Activities, second: { ConditionalSplit: {} } } },
      refuse('activity second is a yes/no split without conditions'),
    ],
    [
      'a multivariate branch without a condition',
      { ...base, Activities: { ...base.Activities, second: { MultiCondition: { Branches: [{}] } } } },
      refuse(
        'Activities.second.MultiCondition.Branches[0].Condition needs an EventCondition, a SegmentCondition or SegmentDimensions',
      ),
    ],
    [
      'an SMS activity',
      { ...base, Activities: { ...base.Activities, second: { SMS: { TemplateName: 't' } } } },
      refuse('activity second sends through the SMS channel, which is not enabled for this application'),
    ],
    [
      'a push activity',
      { ...base, Activities: { ...base.Activities, second: { PUSH: { TemplateName: 't' } } } },
      refuse('activity second sends through the PUSH channel, which is not enabled for this application'),
    ],
    [
      'a custom activity',
      {
        ...base,
        Activities: { ...base.Activities, second: { CUSTOM: { DeliveryUri: 'https://example.com/x' } } },
      },
      refuse('activity second sends through the CUSTOM channel, which is not enabled for this application'),
    ],
    [
      'a contact center activity',
      { ...base, Activities: { ...base.Activities, second: { ContactCenter: {} } } },
      refuse(
        'activity second sends through the CONTACT_CENTER channel, which is not enabled for this application',
      ),
    ],
    [
      'a schedule that has ended',
      { ...base, Schedule: { EndTime: new Date(now.getTime() - 60_000) } },
      refuse('its Schedule.EndTime has passed'),
    ],
  ];
  for (const [what, w, text] of variants) {
    const d = await draft(w);
    assert.equal(d.State, 'DRAFT', `${what}: a draft may be incomplete`);
    const e = await fail(setState(d.Id!, 'ACTIVE'));
    assert.deepEqual(e, { name: 'BadRequestException', message: text, status: 400 }, what);
    assert.equal((await get(d.Id!)).State, 'DRAFT', `${what}: nothing written`);
  }
});

test('the account quotas: 50 active journeys, 20 of them event-triggered (developerguide/quotas.html)', async () => {
  const own = await startTestServer({}, { clock: () => now });
  try {
    await journeySetup(own);
    const a = await journeyApp(own, 'quota');
    const event = (i: number): WriteJourneyRequest => ({
      ...emailJourney(a.segmentId, { State: 'ACTIVE', Name: `event-${i}` }),
      StartCondition: {
        EventStartCondition: {
          EventFilter: { FilterType: 'ENDPOINT', Dimensions: { EventType: { Values: ['signup'] } } },
        },
      },
    });
    for (let i = 0; i < 20; i++) await createJourney(own, a.appId, event(i));
    assert.deepEqual(await fail(createJourney(own, a.appId, event(20))), {
      name: 'BadRequestException',
      message:
        "Too many active event-triggered journeys: the account's quota is 20 active event-triggered journeys",
      status: 400,
    });
    for (let i = 20; i < 50; i++)
      await createJourney(own, a.appId, emailJourney(a.segmentId, { State: 'ACTIVE', Name: `segment-${i}` }));
    const d = (await createJourney(own, a.appId, emailJourney(a.segmentId))).JourneyResponse!;
    const e = await fail(
      own.pinpoint().send(
        new UpdateJourneyStateCommand({
          ApplicationId: a.appId,
          JourneyId: d.Id,
          JourneyStateRequest: { State: 'ACTIVE' },
        }),
      ),
    );
    assert.deepEqual(e, {
      name: 'BadRequestException',
      message: "Too many active journeys: the account's quota is 50 active journeys",
      status: 400,
    });
  } finally {
    await own.close();
  }
});
