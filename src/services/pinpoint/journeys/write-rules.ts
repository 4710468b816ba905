/**
 * The rules a journey's settings must follow on every write (CreateJourney, UpdateJourney), beyond
 * each member's type (write-shape.ts). Drafts may be incomplete (an email activity without its
 * template yet): what a journey needs before it can run is checked on activation (activation.ts).
 *
 * Sources, per rule: the model's member documentation (pinpoint/2016-12-01), the quotas page
 * (developerguide/quotas.html, "Journey quotas"), the user guide (userguide/journeys-*.html). AWS
 * documents no error texts for them: every message is Pinpost's own wording, naming the member.
 */
import { badRequest } from '../errors.js';
import { parseInstant } from '../campaigns/write-request.js';
import { parseDuration } from './duration.js';
import { checkAcyclic, checkReferences } from './graph.js';
import {
  activityKind,
  ACTIVITY_KINDS,
  DAYS_OF_WEEK,
  MESSAGE_KINDS,
  SCHEDULE_CHANNELS,
  type Activity,
  type JourneySettings,
  type SimpleCondition,
  type WaitTime,
} from './model.js';

/** WriteJourneyRequest.Name: "can contain a maximum of 150 characters … can't contain any spaces". */
export const MAX_NAME_LENGTH = 150;
/** Activities: "An activity identifier can contain a maximum of 100 characters … alphanumeric". */
export const MAX_ACTIVITY_ID_LENGTH = 100;
/** StartActivity: "can contain a maximum of 128 characters. The characters must be alphanumeric". */
export const MAX_START_ACTIVITY_LENGTH = 128;
/** quotas.html, Journey quotas: "Maximum number of journey activities: 40 per journey". */
export const MAX_ACTIVITIES = 40;
/** quotas.html, Journey quotas: "Maximum contact center activities: 3 per journey". */
export const MAX_CONTACT_CENTER = 3;
/** RandomSplitActivity: "one of as many as five paths". */
export const MAX_RANDOM_BRANCHES = 5;
/** userguide/journeys-tour.html: a multivariate split has "up to four paths" plus its Else path. */
export const MAX_MULTI_BRANCHES = 4;
/** userguide/journeys-add-activities.html, custom channel: "up to 5000 alphanumeric characters". */
export const MAX_CUSTOM_DATA = 5000;
/** userguide/journeys-create.html, sending time: "You can add up to four time ranges per day". */
export const MAX_OPEN_HOURS_PER_DAY = 4;
/** userguide/journeys-create.html, sending time: "You can add up to 20 exceptions". */
export const MAX_CLOSED_DAYS = 20;

/** JourneySchedule.Timezone's valid values (pinpoint/2016-12-01 member documentation). */
export const JOURNEY_TIMEZONES = [
  'UTC',
  ...['01', '02', '03', '03:30', '04', '04:30', '05', '05:30', '05:45', '06', '06:30', '07', '08', '08:45']
    .concat(['09', '09:30', '10', '10:30', '11', '12', '12:45', '13', '13:45'])
    .map((o) => `UTC+${o}`),
  ...['02', '02:30', '03', '03:30', '04', '05', '06', '07', '08', '09', '09:30', '10', '11'].map(
    (o) => `UTC-${o}`,
  ),
];

const ALNUM = /^[A-Za-z0-9]+$/;
/** QuietTime Start/End: "24-hour notation and … HH:MM format". */
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** OpenHoursRule times are ISO 8601 times of day: HH:MM, optionally with seconds. */
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
/** An IAM role ARN without a path (userguide/journeys-add-activities.html, contact center). */
const ROLE_WITHOUT_PATH = /^arn:[^:]+:iam::\d{12}:role\/[\w+=,.@-]+$/;
/** CUSTOM DeliveryUri: a Lambda function name or ARN, or "a full URL, including the HTTPS protocol". */
const LAMBDA = /^(arn:[^:]+:lambda:[^:]+:\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/;

function duration(value: string | undefined, path: string): void {
  if (value !== undefined && !parseDuration(value))
    throw badRequest(`${path} must be a duration in ISO 8601 format, such as PT1H: ${value}`);
}

function instant(value: string | undefined, path: string): Date | undefined {
  if (value === undefined) return undefined;
  const at = parseInstant(value);
  if (!at) throw badRequest(`${path} must be a date and time in ISO 8601 format: ${value}`);
  return at;
}

function waitTime(w: WaitTime | undefined, path: string): void {
  if (!w) return;
  if (w.WaitFor !== undefined && w.WaitUntil !== undefined)
    throw badRequest(`${path} can specify WaitFor or WaitUntil, not both`);
  duration(w.WaitFor, `${path}.WaitFor`);
  instant(w.WaitUntil, `${path}.WaitUntil`);
}

/** SimpleCondition's kinds, as the wire names them (SegmentDimensions is `segmentDimensions`). */
const CONDITION_KINDS = ['EventCondition', 'SegmentCondition', 'segmentDimensions'] as const;

function simpleCondition(c: SimpleCondition | undefined, path: string, activities: Record<string, Activity>) {
  if (!c) return;
  if (CONDITION_KINDS.filter((k) => c[k] !== undefined).length > 1)
    throw badRequest(`${path} can specify only one of ${CONDITION_KINDS.join(', ')}`);
  const message = c.EventCondition?.MessageActivity;
  if (message !== undefined) {
    const target = activities[message];
    const kind = Object.hasOwn(activities, message) ? activityKind(target) : undefined;
    if (!kind || !MESSAGE_KINDS.includes(kind))
      throw badRequest(
        `${path}.EventCondition.MessageActivity ${message} is not a message activity of the journey`,
      );
  }
}

function activity(id: string, a: Activity, activities: Record<string, Activity>): void {
  const at = `Activities.${id}`;
  if (id.length > MAX_ACTIVITY_ID_LENGTH || !ALNUM.test(id))
    throw badRequest(
      `Activity identifier ${id} must contain 1 to ${MAX_ACTIVITY_ID_LENGTH} alphanumeric characters`,
    );
  if (!activityKind(a))
    throw badRequest(`${at} must specify exactly one activity type: ${ACTIVITY_KINDS.join(', ')}`);
  if (a.Holdout && (a.Holdout.Percentage < 0 || a.Holdout.Percentage > 100))
    throw badRequest(`${at}.Holdout.Percentage must be between 0 and 100`);
  const random = a.RandomSplit?.Branches;
  if (random) {
    if (random.length > MAX_RANDOM_BRANCHES)
      throw badRequest(`${at}.RandomSplit.Branches can have at most ${MAX_RANDOM_BRANCHES} branches`);
    random.forEach((b, i) => {
      if (b.Percentage !== undefined && (b.Percentage < 0 || b.Percentage > 100))
        throw badRequest(`${at}.RandomSplit.Branches[${i}].Percentage must be between 0 and 100`);
    });
    if (random.reduce((n, b) => n + (b.Percentage ?? 0), 0) > 100)
      throw badRequest(`The percentages of ${at}.RandomSplit.Branches must add up to 100`);
  }
  const multi = a.MultiCondition;
  if (multi?.Branches && multi.Branches.length > MAX_MULTI_BRANCHES)
    throw badRequest(`${at}.MultiCondition.Branches can have at most ${MAX_MULTI_BRANCHES} branches`);
  multi?.Branches?.forEach((b, i) =>
    simpleCondition(b.Condition, `${at}.MultiCondition.Branches[${i}].Condition`, activities),
  );
  waitTime(multi?.EvaluationWaitTime, `${at}.MultiCondition.EvaluationWaitTime`);
  a.ConditionalSplit?.Condition?.Conditions?.forEach((c, i) =>
    simpleCondition(c, `${at}.ConditionalSplit.Condition.Conditions[${i}]`, activities),
  );
  waitTime(a.ConditionalSplit?.EvaluationWaitTime, `${at}.ConditionalSplit.EvaluationWaitTime`);
  waitTime(a.Wait?.WaitTime, `${at}.Wait.WaitTime`);
  const data = a.CUSTOM?.MessageConfig?.Data;
  if (data !== undefined && data.length > MAX_CUSTOM_DATA)
    throw badRequest(`${at}.CUSTOM.MessageConfig.Data must be at most ${MAX_CUSTOM_DATA} characters`);
  const uri = a.CUSTOM?.DeliveryUri;
  if (uri !== undefined && !LAMBDA.test(uri) && !/^https:\/\/\S+$/.test(uri))
    throw badRequest(
      `${at}.CUSTOM.DeliveryUri must be an AWS Lambda function name or ARN, or a URL that starts with https://`,
    );
}

function activities(s: JourneySettings): void {
  const all = s.Activities ?? {};
  const ids = Object.keys(all);
  if (ids.length > MAX_ACTIVITIES)
    throw badRequest(`A journey can contain at most ${MAX_ACTIVITIES} activities`);
  if (ids.filter((id) => all[id].ContactCenter !== undefined).length > MAX_CONTACT_CENTER)
    throw badRequest(`A journey can contain at most ${MAX_CONTACT_CENTER} contact center activities`);
  for (const id of ids) activity(id, all[id], all);
  if (s.StartActivity !== undefined) {
    if (s.StartActivity.length > MAX_START_ACTIVITY_LENGTH || !ALNUM.test(s.StartActivity))
      throw badRequest(
        `StartActivity must contain 1 to ${MAX_START_ACTIVITY_LENGTH} alphanumeric characters: ${s.StartActivity}`,
      );
    if (!Object.hasOwn(all, s.StartActivity))
      throw badRequest(`StartActivity ${s.StartActivity} is not an activity of the journey`);
  }
  checkReferences(all);
  checkAcyclic(all);
}

function limits(s: JourneySettings): void {
  const l = s.Limits;
  if (!l) return;
  // JourneyLimits: DailyCap, EndpointReentryCap, TotalCap and TimeframeCap.Cap "The maximum value
  // is 100"; TimeframeCap.Days "The maximum value is 30"; 0 means no limit.
  const range = (v: number | undefined, path: string, min: number, max: number) => {
    if (v !== undefined && (v < min || v > max))
      throw badRequest(`${path} must be between ${min} and ${max}`);
  };
  range(l.DailyCap, 'Limits.DailyCap', 0, 100);
  range(l.EndpointReentryCap, 'Limits.EndpointReentryCap', 0, 100);
  range(l.TotalCap, 'Limits.TotalCap', 0, 100);
  range(l.TimeframeCap?.Cap, 'Limits.TimeframeCap.Cap', 0, 100);
  range(l.TimeframeCap?.Days, 'Limits.TimeframeCap.Days', 0, 30);
  // The model gives MessagesPerSecond no range; Pinpost applies CampaignLimits' 1–20,000.
  range(l.MessagesPerSecond, 'Limits.MessagesPerSecond', 1, 20_000);
  duration(l.EndpointReentryInterval, 'Limits.EndpointReentryInterval');
}

function schedule(s: JourneySettings): void {
  const sc = s.Schedule;
  if (!sc) return;
  const start = instant(sc.StartTime, 'Schedule.StartTime');
  const end = instant(sc.EndTime, 'Schedule.EndTime');
  if (start && end && end <= start) throw badRequest('Schedule.EndTime must be after Schedule.StartTime');
  if (sc.Timezone !== undefined && !JOURNEY_TIMEZONES.includes(sc.Timezone))
    throw badRequest(
      `Invalid Schedule.Timezone: ${sc.Timezone}. Valid values: ${JOURNEY_TIMEZONES.join(', ')}`,
    );
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether [start, end) of the day overlaps quiet time, which wraps past midnight when Start > End. */
function overlapsQuietTime(start: number, end: number, quiet: { Start: string; End: string }): boolean {
  const qs = minutes(quiet.Start);
  const qe = minutes(quiet.End);
  const windows =
    qs <= qe
      ? [[qs, qe]]
      : [
          [qs, 24 * 60],
          [0, qe],
        ];
  return windows.some(([a, b]) => start < b && a < end);
}

function sendingTime(s: JourneySettings): void {
  const q = s.QuietTime;
  if (q && (q.Start === undefined) !== (q.End === undefined))
    throw badRequest('QuietTime needs both Start and End');
  for (const k of ['Start', 'End'] as const)
    if (q?.[k] !== undefined && !HH_MM.test(q[k]!))
      throw badRequest(`QuietTime.${k} must be in HH:MM format`);
  if (!s.OpenHours && !s.ClosedDays) return;
  // OpenHours, ClosedDays: "QuietTime should be configured first and SendingSchedule should be set
  // to true" (model documentation).
  const member = s.OpenHours ? 'OpenHours' : 'ClosedDays';
  if (!q?.Start || s.SendingSchedule !== true)
    throw badRequest(`${member} needs QuietTime and SendingSchedule set to true`);
  const quiet = { Start: q.Start, End: q.End! };
  for (const channel of SCHEDULE_CHANNELS) {
    for (const [day, rules] of Object.entries(s.OpenHours?.[channel] ?? {})) {
      const at = `OpenHours.${channel}.${day}`;
      if (!(DAYS_OF_WEEK as readonly string[]).includes(day))
        throw badRequest(
          `Invalid OpenHours.${channel} day: ${day}. Valid values: ${DAYS_OF_WEEK.join(', ')}`,
        );
      if (rules.length > MAX_OPEN_HOURS_PER_DAY)
        throw badRequest(`${at} can have at most ${MAX_OPEN_HOURS_PER_DAY} time ranges`);
      rules.forEach((r, i) => {
        for (const k of ['StartTime', 'EndTime'] as const)
          if (r[k] === undefined || !TIME_OF_DAY.test(r[k]!))
            throw badRequest(`${at}[${i}].${k} must be a time of day in HH:MM format`);
        const start = minutes(r.StartTime!);
        const end = minutes(r.EndTime!);
        if (end <= start) throw badRequest(`${at}[${i}].EndTime must be after StartTime`);
        // userguide/journeys-create.html: "The hours that you specify for days of the week … must
        // respect the quiet time hours that you specify for the journey."
        if (overlapsQuietTime(start, end, quiet))
          throw badRequest(`${at}[${i}] overlaps the journey's QuietTime ${quiet.Start}-${quiet.End}`);
      });
    }
    const closed = s.ClosedDays?.[channel] ?? [];
    if (closed.length > MAX_CLOSED_DAYS)
      throw badRequest(`ClosedDays.${channel} can have at most ${MAX_CLOSED_DAYS} rules`);
    closed.forEach((r, i) => {
      const at = `ClosedDays.${channel}[${i}]`;
      if (r.StartDateTime === undefined || r.EndDateTime === undefined)
        throw badRequest(`${at} needs StartDateTime and EndDateTime`);
      const start = instant(r.StartDateTime, `${at}.StartDateTime`)!;
      const end = instant(r.EndDateTime, `${at}.EndDateTime`)!;
      if (end <= start) throw badRequest(`${at}.EndDateTime must be after StartDateTime`);
    });
  }
}

function entry(s: JourneySettings): void {
  const c = s.StartCondition;
  if (c?.SegmentStartCondition && c.EventStartCondition)
    throw badRequest('StartCondition can specify SegmentStartCondition or EventStartCondition, not both');
  // userguide/journeys-create.html: "Use recipient's local time zone is not supported for
  // event-triggered journeys."
  if (c?.EventStartCondition && s.LocalTime === true)
    throw badRequest('LocalTime is not supported for journeys that start with an EventStartCondition');
  duration(s.RefreshFrequency, 'RefreshFrequency');
  const role = s.JourneyChannelSettings?.ConnectCampaignExecutionRoleArn;
  if (role !== undefined && !ROLE_WITHOUT_PATH.test(role))
    throw badRequest(
      `JourneyChannelSettings.ConnectCampaignExecutionRoleArn must be an IAM role ARN without a path: ${role}`,
    );
}

/** Every rule a journey's settings must follow on a write, in the order they are checked. */
export function checkWrite(s: JourneySettings): void {
  if (s.Name.length > MAX_NAME_LENGTH) throw badRequest(`Name must be at most ${MAX_NAME_LENGTH} characters`);
  if (s.Name.trim() === '') throw badRequest('Name is required');
  if (/\s/.test(s.Name)) throw badRequest("Name can't contain spaces");
  // WriteJourneyRequest.State: "PAUSED, CANCELLED, COMPLETED, and CLOSED states are not supported in
  // requests to create or update a journey."
  if (s.State !== undefined && s.State !== 'DRAFT' && s.State !== 'ACTIVE')
    throw badRequest(`State ${s.State} is not supported in requests to create or update a journey`);
  activities(s);
  entry(s);
  limits(s);
  schedule(s);
  sendingTime(s);
}
