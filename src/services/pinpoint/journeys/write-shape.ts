/**
 * WriteJourneyRequest as pinpoint/2016-12-01 models it, member for member: types, enums and the
 * members the model marks required (WriteJourneyRequest.Name, HoldoutActivity.Percentage,
 * SegmentCondition.SegmentId, EventFilter.FilterType and Dimensions, SetDimension.Values,
 * AttributeDimension.Values, MetricDimension.ComparisonOperator and Value), in the form a journey is
 * stored (write-request.ts: Schedule's times as text, `segmentDimensions`). The request reaches it
 * typed by the model, its required members checked by the model step, so what this shape still
 * refuses is what neither checks: enum values (and MetricDimension.ComparisonOperator's documented
 * ones) and SegmentDimensions, read by the segments' reader. The rules that go beyond a member's own
 * type live in write-rules.ts.
 */
import { segmentDimensions } from '../segments/write-request.js';
import { ACTIVITY_KINDS, JOURNEY_STATES, SCHEDULE_CHANNELS } from './model.js';
import { boolean, double, integer, listOf, mapOf, oneOf, string, struct, type Shape } from './shape.js';

const strings = listOf(string());

const setDimension = struct({ DimensionType: oneOf(['INCLUSIVE', 'EXCLUSIVE']), Values: strings }, [
  'Values',
]);

const attributeDimension = struct(
  {
    AttributeType: oneOf(['INCLUSIVE', 'EXCLUSIVE', 'CONTAINS', 'BEFORE', 'AFTER', 'ON', 'BETWEEN']),
    Values: strings,
  },
  ['Values'],
);

/** MetricDimension.ComparisonOperator's documented values (a string in the model). */
const metricDimension = struct(
  {
    ComparisonOperator: oneOf([
      'GREATER_THAN',
      'LESS_THAN',
      'GREATER_THAN_OR_EQUAL',
      'LESS_THAN_OR_EQUAL',
      'EQUAL',
    ]),
    Value: double,
  },
  ['ComparisonOperator', 'Value'],
);

const eventDimensions = struct({
  Attributes: mapOf(attributeDimension),
  EventType: setDimension,
  Metrics: mapOf(metricDimension),
});

const simpleCondition = struct({
  EventCondition: struct({ Dimensions: eventDimensions, MessageActivity: string() }),
  SegmentCondition: struct({ SegmentId: string() }, ['SegmentId']),
  // SegmentDimensions, sent as `segmentDimensions` (its locationName in the model), read by the
  // segments' own reader: the same SegmentDimensions a WriteSegmentRequest takes.
  segmentDimensions: { t: 'custom', read: (v, path) => segmentDimensions(v, path) },
});

const waitTime = struct({ WaitFor: string(), WaitUntil: string() });

/** A message activity's template members. */
const template = { NextActivity: string(), TemplateName: string(), TemplateVersion: string() };

const ENDPOINT_TYPES = [
  'PUSH',
  'GCM',
  'APNS',
  'APNS_SANDBOX',
  'APNS_VOIP',
  'APNS_VOIP_SANDBOX',
  'ADM',
  'SMS',
  'VOICE',
  'EMAIL',
  'BAIDU',
  'CUSTOM',
  'IN_APP',
];

const activityShapes: Record<(typeof ACTIVITY_KINDS)[number], Shape> = {
  CUSTOM: struct({
    DeliveryUri: string(),
    EndpointTypes: listOf(oneOf(ENDPOINT_TYPES)),
    MessageConfig: struct({ Data: string() }),
    ...template,
  }),
  ConditionalSplit: struct({
    Condition: struct({ Conditions: listOf(simpleCondition), Operator: oneOf(['ALL', 'ANY']) }),
    EvaluationWaitTime: waitTime,
    FalseActivity: string(),
    TrueActivity: string(),
  }),
  EMAIL: struct({ MessageConfig: struct({ FromAddress: string() }), ...template }),
  Holdout: struct({ NextActivity: string(), Percentage: integer() }, ['Percentage']),
  MultiCondition: struct({
    Branches: listOf(struct({ Condition: simpleCondition, NextActivity: string() })),
    DefaultActivity: string(),
    EvaluationWaitTime: waitTime,
  }),
  PUSH: struct({ MessageConfig: struct({ TimeToLive: string() }), ...template }),
  RandomSplit: struct({ Branches: listOf(struct({ NextActivity: string(), Percentage: integer() })) }),
  SMS: struct({
    MessageConfig: struct({
      MessageType: oneOf(['TRANSACTIONAL', 'PROMOTIONAL']),
      OriginationNumber: string(),
      SenderId: string(),
      EntityId: string(),
      TemplateId: string(),
    }),
    ...template,
  }),
  Wait: struct({ NextActivity: string(), WaitTime: waitTime }),
  ContactCenter: struct({ NextActivity: string() }),
};

const activity = struct({ Description: string(), ...activityShapes });

const eventFilter = struct({ Dimensions: eventDimensions, FilterType: oneOf(['SYSTEM', 'ENDPOINT']) }, [
  'FilterType',
  'Dimensions',
]);

const openHoursRule = struct({ StartTime: string(), EndTime: string() });
const closedDaysRule = struct({ Name: string(), StartDateTime: string(), EndDateTime: string() });
const perChannel = (of: Shape) => struct(Object.fromEntries(SCHEDULE_CHANNELS.map((c) => [c, of])));

/** The map of an OpenHours channel: DayOfWeek → rules (keys checked by write-rules.ts). */
const openHoursDays = mapOf(listOf(openHoursRule));

export const writeJourneyShape: Shape = struct(
  {
    Activities: mapOf(activity),
    CreationDate: string(),
    LastModifiedDate: string(),
    Limits: struct({
      DailyCap: integer(),
      EndpointReentryCap: integer(),
      MessagesPerSecond: integer(),
      EndpointReentryInterval: string(),
      TimeframeCap: struct({ Cap: integer(), Days: integer() }),
      TotalCap: integer(),
    }),
    LocalTime: boolean,
    Name: string(),
    QuietTime: struct({ End: string(), Start: string() }),
    RefreshFrequency: string(),
    Schedule: struct({ EndTime: string(), StartTime: string(), Timezone: string() }),
    StartActivity: string(),
    StartCondition: struct({
      Description: string(),
      EventStartCondition: struct({ EventFilter: eventFilter, SegmentId: string() }),
      SegmentStartCondition: struct({ SegmentId: string() }, ['SegmentId']),
    }),
    State: oneOf(JOURNEY_STATES),
    WaitForQuietTime: boolean,
    RefreshOnSegmentUpdate: boolean,
    JourneyChannelSettings: struct({
      ConnectCampaignArn: string(),
      ConnectCampaignExecutionRoleArn: string(),
    }),
    SendingSchedule: boolean,
    OpenHours: perChannel(openHoursDays),
    ClosedDays: perChannel(listOf(closedDaysRule)),
    TimezoneEstimationMethods: listOf(oneOf(['PHONE_NUMBER', 'POSTAL_CODE'])),
  },
  ['Name'],
);
