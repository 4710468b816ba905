/**
 * Every rule a journey write follows (journeys/write-rules.ts, write-shape.ts, references.ts), each
 * through @aws-sdk/client-pinpoint: BadRequestException (400) or NotFoundException (404) with its
 * text, and nothing written — neither by CreateJourney nor by UpdateJourney. Sources: the model's
 * member documentation (pinpoint/2016-12-01), developerguide/quotas.html ("Journey quotas") and
 * the user guide's journey pages, cited at each rule in write-rules.ts. AWS documents no texts for
 * these refusals; the texts are Pinpost's.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  GetJourneyCommand,
  ListJourneysCommand,
  UpdateJourneyCommand,
  type Activity,
  type WriteJourneyRequest,
} from '@aws-sdk/client-pinpoint';
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

before(async () => {
  server = await startTestServer();
  await journeySetup(server);
  app = await journeyApp(server, 'rules');
});
after(() => server.close());

const count = async () =>
  (await server.pinpoint().send(new ListJourneysCommand({ ApplicationId: app.appId }))).JourneysResponse!
    .Item!.length;

/** The welcome series with its activities changed by `edit`. */
function withActivities(edit: (a: Record<string, Activity>) => void): WriteJourneyRequest {
  const w = emailJourney(app.segmentId);
  const activities = structuredClone(w.Activities!);
  edit(activities);
  return { ...w, Activities: activities };
}

/** `n` activities chained a0 → a1 → … */
function chain(n: number, kind: (next?: string) => Activity): Record<string, Activity> {
  const out: Record<string, Activity> = {};
  for (let i = 0; i < n; i++) out[`a${i}`] = kind(i + 1 < n ? `a${i + 1}` : undefined);
  return out;
}

const any = <T>(v: unknown) => v as T;

const split = (conditions: unknown[], extra: object = {}): Activity => ({
  ConditionalSplit: any({ Condition: { Conditions: conditions }, TrueActivity: 'first', ...extra }),
});

const sendingSchedule = (extra: Partial<WriteJourneyRequest>): WriteJourneyRequest => ({
  ...emailJourney(app.segmentId),
  QuietTime: { Start: '22:00', End: '07:00' },
  SendingSchedule: true,
  ...extra,
});

const cases = (): [string, WriteJourneyRequest, string | RegExp][] => {
  const ghost = 'f'.repeat(32);
  return [
    ['no Name', { ...emailJourney(app.segmentId), Name: undefined }, 'Name is required'],
    ['a Name over 150 characters', { Name: 'n'.repeat(151) }, 'Name must be at most 150 characters'],
    ['a Name with a space', { Name: 'spring sale' }, "Name can't contain spaces"],
    [
      'State PAUSED on create',
      { Name: 'p', State: 'PAUSED' },
      'State PAUSED is not supported in requests to create or update a journey',
    ],
    [
      'a State that does not exist',
      { Name: 'p', State: any('RUNNING') },
      'Invalid State: RUNNING. Valid values: DRAFT, ACTIVE, COMPLETED, CANCELLED, CLOSED, PAUSED',
    ],
    [
      '41 activities',
      {
        Name: 'big',
        Activities: chain(41, (next) => ({ Wait: { WaitTime: { WaitFor: 'PT1H' }, NextActivity: next } })),
      },
      'A journey can contain at most 40 activities',
    ],
    [
      '4 contact center activities',
      { Name: 'calls', Activities: chain(4, (next) => ({ ContactCenter: { NextActivity: next } })) },
      'A journey can contain at most 3 contact center activities',
    ],
    [
      'an activity id that is not alphanumeric',
      withActivities((a) => (a['bad-id'] = { Wait: {} })),
      'Activity identifier bad-id must contain 1 to 100 alphanumeric characters',
    ],
    [
      'an activity id of 101 characters',
      withActivities((a) => (a['x'.repeat(101)] = { Wait: {} })),
      `Activity identifier ${'x'.repeat(101)} must contain 1 to 100 alphanumeric characters`,
    ],
    [
      'an activity with two types',
      withActivities((a) => (a.first.Wait = {})),
      'Activities.first must specify exactly one activity type: CUSTOM, ConditionalSplit, EMAIL, Holdout, MultiCondition, PUSH, RandomSplit, SMS, Wait, ContactCenter',
    ],
    [
      'an activity with no type',
      withActivities((a) => (a.note = { Description: 'nothing' })),
      'Activities.note must specify exactly one activity type: CUSTOM, ConditionalSplit, EMAIL, Holdout, MultiCondition, PUSH, RandomSplit, SMS, Wait, ContactCenter',
    ],
    [
      'a StartActivity that is not an activity',
      { ...emailJourney(app.segmentId), StartActivity: 'nope' },
      'StartActivity nope is not an activity of the journey',
    ],
    [
      'a StartActivity that is not alphanumeric',
      { ...emailJourney(app.segmentId), StartActivity: 'a-b' },
      'StartActivity must contain 1 to 128 alphanumeric characters: a-b',
    ],
    [
      'a NextActivity that is not an activity',
      withActivities((a) => (a.first.EMAIL!.NextActivity = 'ghost')),
      'Activities.first.EMAIL.NextActivity refers to activity ghost, which is not in the journey',
    ],
    [
      'a split path that is not an activity',
      withActivities((a) => (a.split = split([], { FalseActivity: 'ghost' }))),
      'Activities.split.ConditionalSplit.FalseActivity refers to activity ghost, which is not in the journey',
    ],
    [
      'a multivariate default that is not an activity',
      withActivities((a) => (a.multi = { MultiCondition: { DefaultActivity: 'ghost' } })),
      'Activities.multi.MultiCondition.DefaultActivity refers to activity ghost, which is not in the journey',
    ],
    [
      'a cycle',
      withActivities((a) => (a.second.EMAIL!.NextActivity = 'first')),
      "The journey's activities form a cycle: first -> pause -> second -> first",
    ],
    [
      'a holdout over 100 percent',
      withActivities((a) => (a.hold = { Holdout: { Percentage: 101 } })),
      'Activities.hold.Holdout.Percentage must be between 0 and 100',
    ],
    [
      'a holdout without Percentage',
      withActivities((a) => (a.hold = { Holdout: any({ NextActivity: 'first' }) })),
      'Activities.hold.Holdout.Percentage is required',
    ],
    [
      'a holdout percentage that is not an integer',
      withActivities((a) => (a.hold = { Holdout: { Percentage: any('50') } })),
      'Activities.hold.Holdout.Percentage must be an integer',
    ],
    [
      'a random split of 6 branches',
      withActivities(
        (a) => (a.r = { RandomSplit: { Branches: Array.from({ length: 6 }, () => ({ Percentage: 10 })) } }),
      ),
      'Activities.r.RandomSplit.Branches can have at most 5 branches',
    ],
    [
      'random split percentages over 100',
      withActivities((a) => (a.r = { RandomSplit: { Branches: [{ Percentage: 70 }, { Percentage: 50 }] } })),
      'The percentages of Activities.r.RandomSplit.Branches must add up to 100',
    ],
    [
      'a multivariate split of 5 branches',
      withActivities(
        (a) =>
          (a.m = {
            MultiCondition: {
              Branches: Array.from({ length: 5 }, () => ({
                Condition: { SegmentCondition: { SegmentId: app.segmentId } },
              })),
            },
          }),
      ),
      'Activities.m.MultiCondition.Branches can have at most 4 branches',
    ],
    [
      'a wait with WaitFor and WaitUntil',
      withActivities((a) => (a.pause.Wait!.WaitTime = { WaitFor: 'P1D', WaitUntil: '2030-01-01T00:00:00Z' })),
      'Activities.pause.Wait.WaitTime can specify WaitFor or WaitUntil, not both',
    ],
    [
      'a WaitFor that is no ISO 8601 duration',
      withActivities((a) => (a.pause.Wait!.WaitTime = { WaitFor: '1 day' })),
      'Activities.pause.Wait.WaitTime.WaitFor must be a duration in ISO 8601 format, such as PT1H: 1 day',
    ],
    [
      'a WaitUntil that is no date',
      withActivities((a) => (a.pause.Wait!.WaitTime = { WaitUntil: 'tomorrow' })),
      'Activities.pause.Wait.WaitTime.WaitUntil must be a date and time in ISO 8601 format: tomorrow',
    ],
    [
      'a condition of two kinds',
      withActivities(
        (a) =>
          (a.split = split([
            { SegmentCondition: { SegmentId: app.segmentId }, EventCondition: { MessageActivity: 'first' } },
          ])),
      ),
      'Activities.split.ConditionalSplit.Condition.Conditions[0] can specify only one of EventCondition, SegmentCondition, segmentDimensions',
    ],
    [
      'an event condition on an activity that sends nothing',
      withActivities((a) => (a.split = split([{ EventCondition: { MessageActivity: 'pause' } }]))),
      'Activities.split.ConditionalSplit.Condition.Conditions[0].EventCondition.MessageActivity pause is not a message activity of the journey',
    ],
    [
      'an Operator that does not exist',
      withActivities((a) => (a.split = { ConditionalSplit: { Condition: { Operator: any('SOME') } } })),
      'Invalid Activities.split.ConditionalSplit.Condition.Operator: SOME. Valid values: ALL, ANY',
    ],
    [
      'segment dimensions with a DimensionType that does not exist',
      withActivities(
        (a) =>
          (a.split = split([
            {
              SegmentDimensions: {
                Demographic: { Platform: { DimensionType: any('MAYBE'), Values: ['ios'] } },
              },
            },
          ])),
      ),
      'Invalid Activities.split.ConditionalSplit.Condition.Conditions[0].segmentDimensions.Demographic.Platform.DimensionType: MAYBE. Valid values: INCLUSIVE, EXCLUSIVE',
    ],
    [
      'custom data over 5000 characters',
      withActivities((a) => (a.c = { CUSTOM: { MessageConfig: { Data: 'd'.repeat(5001) } } })),
      'Activities.c.CUSTOM.MessageConfig.Data must be at most 5000 characters',
    ],
    [
      'a custom DeliveryUri over plain http',
      withActivities((a) => (a.c = { CUSTOM: { DeliveryUri: 'http://hooks.example.com/x' } })),
      'Activities.c.CUSTOM.DeliveryUri must be an AWS Lambda function name or ARN, or a URL that starts with https://',
    ],
    [
      'Limits.DailyCap over 100',
      { Name: 'l', Limits: { DailyCap: 101 } },
      'Limits.DailyCap must be between 0 and 100',
    ],
    [
      'Limits.DailyCap not an integer',
      { Name: 'l', Limits: { DailyCap: 1.5 } },
      'Limits.DailyCap must be an integer',
    ],
    [
      'Limits.EndpointReentryCap over 100',
      { Name: 'l', Limits: { EndpointReentryCap: 101 } },
      'Limits.EndpointReentryCap must be between 0 and 100',
    ],
    [
      'Limits.TotalCap over 100',
      { Name: 'l', Limits: { TotalCap: 101 } },
      'Limits.TotalCap must be between 0 and 100',
    ],
    [
      'Limits.TimeframeCap.Days over 30',
      { Name: 'l', Limits: { TimeframeCap: { Cap: 1, Days: 31 } } },
      'Limits.TimeframeCap.Days must be between 0 and 30',
    ],
    [
      'Limits.TimeframeCap.Cap over 100',
      { Name: 'l', Limits: { TimeframeCap: { Cap: 101, Days: 1 } } },
      'Limits.TimeframeCap.Cap must be between 0 and 100',
    ],
    [
      'Limits.MessagesPerSecond of 0',
      { Name: 'l', Limits: { MessagesPerSecond: 0 } },
      'Limits.MessagesPerSecond must be between 1 and 20000',
    ],
    [
      'an EndpointReentryInterval that is no duration',
      { Name: 'l', Limits: { EndpointReentryInterval: 'hourly' } },
      'Limits.EndpointReentryInterval must be a duration in ISO 8601 format, such as PT1H: hourly',
    ],
    [
      'a Schedule that ends before it starts',
      {
        Name: 's',
        Schedule: { StartTime: new Date('2030-02-01T00:00:00Z'), EndTime: new Date('2030-01-01T00:00:00Z') },
      },
      'Schedule.EndTime must be after Schedule.StartTime',
    ],
    [
      'a Schedule.Timezone not in the list',
      { Name: 's', Schedule: { Timezone: 'UTC+99' } },
      /^Invalid Schedule\.Timezone: UTC\+99\. Valid values: UTC, UTC\+01, .*UTC\+13:45, UTC-02, UTC-02:30, .*UTC-11$/,
    ],
    [
      'a QuietTime not in HH:MM',
      { Name: 'q', QuietTime: { Start: '25:00', End: '07:00' } },
      'QuietTime.Start must be in HH:MM format',
    ],
    [
      'a QuietTime without End',
      { Name: 'q', QuietTime: { Start: '22:00' } },
      'QuietTime needs both Start and End',
    ],
    [
      'OpenHours without SendingSchedule',
      { ...sendingSchedule({}), SendingSchedule: false, OpenHours: { EMAIL: {} } },
      'OpenHours needs QuietTime and SendingSchedule set to true',
    ],
    [
      'ClosedDays without QuietTime',
      { ...sendingSchedule({}), QuietTime: undefined, ClosedDays: { EMAIL: [] } },
      'ClosedDays needs QuietTime and SendingSchedule set to true',
    ],
    [
      'OpenHours on a day that does not exist',
      sendingSchedule({ OpenHours: { EMAIL: any({ FUNDAY: [{ StartTime: '08:00', EndTime: '12:00' }] }) } }),
      'Invalid OpenHours.EMAIL day: FUNDAY. Valid values: MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY',
    ],
    [
      'five open-hours ranges in a day',
      sendingSchedule({
        OpenHours: {
          EMAIL: {
            MONDAY: ['08', '10', '12', '14', '16'].map((h) => ({ StartTime: `${h}:00`, EndTime: `${h}:30` })),
          },
        },
      }),
      'OpenHours.EMAIL.MONDAY can have at most 4 time ranges',
    ],
    [
      'open hours that end before they start',
      sendingSchedule({ OpenHours: { SMS: { MONDAY: [{ StartTime: '12:00', EndTime: '08:00' }] } } }),
      'OpenHours.SMS.MONDAY[0].EndTime must be after StartTime',
    ],
    [
      'open hours inside quiet time',
      sendingSchedule({ OpenHours: { EMAIL: { FRIDAY: [{ StartTime: '06:00', EndTime: '12:00' }] } } }),
      "OpenHours.EMAIL.FRIDAY[0] overlaps the journey's QuietTime 22:00-07:00",
    ],
    [
      'open hours not in HH:MM',
      sendingSchedule({ OpenHours: { EMAIL: { MONDAY: [{ StartTime: '8am', EndTime: '12:00' }] } } }),
      'OpenHours.EMAIL.MONDAY[0].StartTime must be a time of day in HH:MM format',
    ],
    [
      '21 closed days',
      sendingSchedule({
        ClosedDays: {
          EMAIL: Array.from({ length: 21 }, (_, i) => ({
            Name: `d${i}`,
            StartDateTime: `2030-01-${String(i + 1).padStart(2, '0')}T00:00:00Z`,
            EndDateTime: `2030-01-${String(i + 1).padStart(2, '0')}T12:00:00Z`,
          })),
        },
      }),
      'ClosedDays.EMAIL can have at most 20 rules',
    ],
    [
      'a closed day that ends before it starts',
      sendingSchedule({
        ClosedDays: {
          EMAIL: [{ Name: 'x', StartDateTime: '2030-01-02T00:00:00Z', EndDateTime: '2030-01-01T00:00:00Z' }],
        },
      }),
      'ClosedDays.EMAIL[0].EndDateTime must be after StartDateTime',
    ],
    [
      'a StartCondition with a segment and an event',
      {
        ...emailJourney(app.segmentId),
        StartCondition: {
          SegmentStartCondition: { SegmentId: app.segmentId },
          EventStartCondition: { EventFilter: { FilterType: 'ENDPOINT', Dimensions: {} } },
        },
      },
      'StartCondition can specify SegmentStartCondition or EventStartCondition, not both',
    ],
    [
      'an EventFilter without FilterType',
      {
        ...emailJourney(app.segmentId),
        StartCondition: { EventStartCondition: { EventFilter: any({ Dimensions: {} }) } },
      },
      'StartCondition.EventStartCondition.EventFilter.FilterType is required',
    ],
    [
      'LocalTime on an event-triggered journey',
      {
        ...emailJourney(app.segmentId),
        LocalTime: true,
        StartCondition: { EventStartCondition: { EventFilter: { FilterType: 'ENDPOINT', Dimensions: {} } } },
      },
      'LocalTime is not supported for journeys that start with an EventStartCondition',
    ],
    [
      'a RefreshFrequency that is no duration',
      { Name: 'r', RefreshFrequency: 'often' },
      'RefreshFrequency must be a duration in ISO 8601 format, such as PT1H: often',
    ],
    [
      'a contact-center role with a path',
      {
        Name: 'c',
        JourneyChannelSettings: {
          ConnectCampaignExecutionRoleArn: 'arn:aws:iam::000000000000:role/service-role/x',
        },
      },
      'JourneyChannelSettings.ConnectCampaignExecutionRoleArn must be an IAM role ARN without a path: arn:aws:iam::000000000000:role/service-role/x',
    ],
    [
      'a start segment that does not exist',
      { ...emailJourney(app.segmentId), StartCondition: { SegmentStartCondition: { SegmentId: ghost } } },
      `Segment ${ghost} was not found`,
    ],
    [
      'a split on a segment that does not exist',
      withActivities((a) => (a.split = split([{ SegmentCondition: { SegmentId: ghost } }]))),
      `Segment ${ghost} was not found`,
    ],
  ];
};

test('bad input answers BadRequestException with its text and writes nothing', async () => {
  const before = await count();
  for (const [what, w, text] of cases()) {
    const e = await fail(createJourney(server, app.appId, w));
    assert.equal(e.name, 'BadRequestException', `${what}: ${e.message}`);
    assert.equal(e.status, 400, what);
    if (typeof text === 'string') assert.equal(e.message, text, what);
    else assert.match(e.message, text, what);
  }
  assert.equal(await count(), before, 'nothing was written');
});

test('an email template that does not exist answers NotFoundException, as for campaigns', async () => {
  const before = await count();
  const missing = withActivities((a) => (a.first.EMAIL!.TemplateName = 'nope'));
  assert.deepEqual(await fail(createJourney(server, app.appId, missing)), {
    name: 'NotFoundException',
    message: 'Email template nope was not found',
    status: 404,
  });
  const version = withActivities((a) => (a.first.EMAIL!.TemplateVersion = '9'));
  assert.equal(
    (await fail(createJourney(server, app.appId, version))).message,
    'Email template welcome version 9 was not found',
  );
  assert.equal(await count(), before);
});

test('an UpdateJourney with bad input leaves the journey as it was', async () => {
  const j = (await createJourney(server, app.appId, emailJourney(app.segmentId))).JourneyResponse!;
  for (const [what, w, text] of cases().slice(0, 20)) {
    const e = await fail(
      server
        .pinpoint()
        .send(
          new UpdateJourneyCommand({ ApplicationId: app.appId, JourneyId: j.Id, WriteJourneyRequest: w }),
        ),
    );
    assert.equal(e.status, 400, what);
    if (typeof text === 'string') assert.equal(e.message, text, what);
  }
  const got = await server
    .pinpoint()
    .send(new GetJourneyCommand({ ApplicationId: app.appId, JourneyId: j.Id }));
  assert.deepEqual(got.JourneyResponse, j);
});
