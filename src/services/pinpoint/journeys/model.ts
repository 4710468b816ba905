/**
 * What a journey is (pinpoint/2016-12-01 WriteJourneyRequest / JourneyResponse) as Pinpost stores
 * it: kind `journey`, key = journey id; every write also kept as kind `journey-version`, key
 * `<id>/<zero-padded version>`, so a run can keep the settings it started with. Taggable, so its
 * tags live in the top-level `tags` member (store.ts, "Kind").
 *
 * Members are stored exactly as the request wrote them (after the model's type checks): a response
 * is the written document plus Id, ApplicationId, CreationDate, LastModifiedDate, State and tags.
 */
import type {
  AttributeDimension,
  CustomMessageActivity,
  JourneyResponse,
  JourneySchedule as ModelJourneySchedule,
  MetricDimension,
} from '../../../wire/model/types/pinpoint.js';
import type { SegmentDimensions } from '../segments/model.js';

/** pinpoint/2016-12-01 State. */
export const JOURNEY_STATES = ['DRAFT', 'ACTIVE', 'COMPLETED', 'CANCELLED', 'CLOSED', 'PAUSED'] as const;
export type JourneyState = (typeof JOURNEY_STATES)[number];

/** pinpoint/2016-12-01 WaitTime: a duration (ISO 8601, `P1D`) or an instant. */
export interface WaitTime {
  WaitFor?: string;
  WaitUntil?: string;
}

export interface SetDimension {
  DimensionType?: 'INCLUSIVE' | 'EXCLUSIVE';
  Values: string[];
}

export type { AttributeDimension, MetricDimension } from '../../../wire/model/types/pinpoint.js';

/** pinpoint/2016-12-01 EventDimensions. */
export interface EventDimensions {
  Attributes?: Record<string, AttributeDimension>;
  EventType?: SetDimension;
  Metrics?: Record<string, MetricDimension>;
}

/**
 * pinpoint/2016-12-01 SimpleCondition: one of an event of a prior message, a segment, dimensions.
 * Its SegmentDimensions member travels as `segmentDimensions` (the model's locationName), so the
 * document, which is the JSON as written, has that name.
 */
export interface SimpleCondition {
  EventCondition?: { Dimensions?: EventDimensions; MessageActivity?: string };
  SegmentCondition?: { SegmentId: string };
  segmentDimensions?: SegmentDimensions;
}

export interface EmailActivity {
  MessageConfig?: { FromAddress?: string };
  NextActivity?: string;
  TemplateName?: string;
  TemplateVersion?: string;
}

export interface SmsActivity {
  MessageConfig?: {
    MessageType?: 'TRANSACTIONAL' | 'PROMOTIONAL';
    OriginationNumber?: string;
    SenderId?: string;
    EntityId?: string;
    TemplateId?: string;
  };
  NextActivity?: string;
  TemplateName?: string;
  TemplateVersion?: string;
}

export interface PushActivity {
  MessageConfig?: { TimeToLive?: string };
  NextActivity?: string;
  TemplateName?: string;
  TemplateVersion?: string;
}

export interface CustomActivity {
  DeliveryUri?: string;
  EndpointTypes?: CustomMessageActivity['EndpointTypes'];
  MessageConfig?: { Data?: string };
  NextActivity?: string;
  TemplateName?: string;
  TemplateVersion?: string;
}

export interface ConditionalSplitActivity {
  Condition?: { Conditions?: SimpleCondition[]; Operator?: 'ALL' | 'ANY' };
  EvaluationWaitTime?: WaitTime;
  FalseActivity?: string;
  TrueActivity?: string;
}

export interface MultiConditionActivity {
  Branches?: { Condition?: SimpleCondition; NextActivity?: string }[];
  DefaultActivity?: string;
  EvaluationWaitTime?: WaitTime;
}

export interface RandomSplitActivity {
  Branches?: { NextActivity?: string; Percentage?: number }[];
}

export interface HoldoutActivity {
  NextActivity?: string;
  Percentage: number;
}

export interface WaitActivity {
  NextActivity?: string;
  WaitTime?: WaitTime;
}

export interface ContactCenterActivity {
  NextActivity?: string;
}

/** pinpoint/2016-12-01 Activity: a Description and exactly one of the activity types. */
export interface Activity {
  Description?: string;
  CUSTOM?: CustomActivity;
  ConditionalSplit?: ConditionalSplitActivity;
  EMAIL?: EmailActivity;
  Holdout?: HoldoutActivity;
  MultiCondition?: MultiConditionActivity;
  PUSH?: PushActivity;
  RandomSplit?: RandomSplitActivity;
  SMS?: SmsActivity;
  Wait?: WaitActivity;
  ContactCenter?: ContactCenterActivity;
}

/** The activity types, as the members of Activity name them. */
export const ACTIVITY_KINDS = [
  'CUSTOM',
  'ConditionalSplit',
  'EMAIL',
  'Holdout',
  'MultiCondition',
  'PUSH',
  'RandomSplit',
  'SMS',
  'Wait',
  'ContactCenter',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** The kinds that deliver a message through a channel (their events can drive a split). */
export const MESSAGE_KINDS: readonly ActivityKind[] = ['EMAIL', 'SMS', 'PUSH', 'CUSTOM', 'ContactCenter'];

export interface EventFilter {
  FilterType: 'SYSTEM' | 'ENDPOINT';
  Dimensions: EventDimensions;
}

/** pinpoint/2016-12-01 StartCondition. */
export interface StartCondition {
  Description?: string;
  EventStartCondition?: { EventFilter?: EventFilter; SegmentId?: string };
  SegmentStartCondition?: { SegmentId: string };
}

/** pinpoint/2016-12-01 JourneyLimits. */
export interface JourneyLimits {
  DailyCap?: number;
  EndpointReentryCap?: number;
  MessagesPerSecond?: number;
  EndpointReentryInterval?: string;
  TimeframeCap?: { Cap?: number; Days?: number };
  TotalCap?: number;
}

/**
 * pinpoint/2016-12-01 JourneySchedule as stored: its timestamps as ISO 8601 text, which the running
 * journeys read (run/); a response gives them as the model's Dates (journeyResponse).
 */
export interface JourneySchedule {
  StartTime?: string;
  EndTime?: string;
  Timezone?: string;
}

export interface OpenHoursRule {
  StartTime?: string;
  EndTime?: string;
}

export interface ClosedDaysRule {
  Name?: string;
  StartDateTime?: string;
  EndDateTime?: string;
}

/** The channels OpenHours and ClosedDays have settings for. */
export const SCHEDULE_CHANNELS = ['EMAIL', 'SMS', 'PUSH', 'VOICE', 'CUSTOM'] as const;
export type ScheduleChannel = (typeof SCHEDULE_CHANNELS)[number];

/** pinpoint/2016-12-01 DayOfWeek: the keys of an OpenHours channel's map. */
export const DAYS_OF_WEEK = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
] as const;

export type OpenHours = Partial<Record<ScheduleChannel, Record<string, OpenHoursRule[]>>>;
export type ClosedDays = Partial<Record<ScheduleChannel, ClosedDaysRule[]>>;

/** The settings a WriteJourneyRequest gives, after the model's type checks. */
export interface JourneySettings {
  Name: string;
  Activities?: Record<string, Activity>;
  /** Accepted (the model has them in WriteJourneyRequest) but Pinpost keeps its own dates. */
  CreationDate?: string;
  LastModifiedDate?: string;
  Limits?: JourneyLimits;
  LocalTime?: boolean;
  QuietTime?: { Start?: string; End?: string };
  RefreshFrequency?: string;
  Schedule?: JourneySchedule;
  StartActivity?: string;
  StartCondition?: StartCondition;
  State?: JourneyState;
  WaitForQuietTime?: boolean;
  RefreshOnSegmentUpdate?: boolean;
  JourneyChannelSettings?: { ConnectCampaignArn?: string; ConnectCampaignExecutionRoleArn?: string };
  SendingSchedule?: boolean;
  OpenHours?: OpenHours;
  ClosedDays?: ClosedDays;
  TimezoneEstimationMethods?: ('PHONE_NUMBER' | 'POSTAL_CODE')[];
}

/** A stored journey: JourneyResponse's members plus Pinpost's own bookkeeping (never returned). */
export interface JourneyDoc extends Omit<JourneySettings, 'State'> {
  Id: string;
  ApplicationId: string;
  CreationDate: string;
  LastModifiedDate: string;
  State: JourneyState;
  tags: Record<string, string>;
  /** Pinpost's own: the stored version (1 on create, +1 on every write); not in JourneyResponse. */
  version: number;
  /** Pinpost's own: when the journey was last paused (resume waits five minutes from it). */
  pausedAt?: string;
}

/** JourneyResponse: the stored document without Pinpost's bookkeeping, its Schedule's times as Dates. */
export function journeyResponse(doc: JourneyDoc): JourneyResponse {
  const { version: _version, pausedAt: _pausedAt, Schedule: stored, ...response } = doc;
  if (!stored) return response;
  const { StartTime, EndTime, ...rest } = stored;
  const Schedule: ModelJourneySchedule = rest;
  if (StartTime !== undefined) Schedule.StartTime = new Date(StartTime);
  if (EndTime !== undefined) Schedule.EndTime = new Date(EndTime);
  return { ...response, Schedule };
}

/** The kind of an activity (its one type member), or undefined when it names none or several. */
export function activityKind(a: Activity): ActivityKind | undefined {
  const kinds = ACTIVITY_KINDS.filter((k) => a[k] !== undefined);
  return kinds.length === 1 ? kinds[0] : undefined;
}
