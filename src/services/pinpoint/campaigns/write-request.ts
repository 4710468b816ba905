/**
 * A WriteCampaignRequest (apireference/apps-application-id-campaigns.html), as the model typed it,
 * into campaign settings, with the checks Pinpoint makes on its members' values, once authorized
 * (Pinpoint authorizes before it reads the body; its model step checks only required members). The
 * ranges are the model's (pinpoint/2016-12-01 CampaignLimits: Daily and Total at most 100,
 * MessagesPerSecond 1–20,000, MaximumDuration at least 60; QuietTime Start/End in HH:MM;
 * Schedule.Timezone one of the listed UTC offsets). AWS documents no error texts for these checks:
 * every message here is Pinpost's own wording, naming the member and what it must be.
 */
import type {
  CampaignEventFilter,
  CampaignHook as HookRequest,
  CampaignLimits as LimitsRequest,
  Schedule as ScheduleRequest,
  WriteCampaignRequest,
  WriteTreatmentResource,
} from '../../../wire/model/types/pinpoint.js';
import { badRequest } from '../errors.js';
import {
  FREQUENCIES,
  type CampaignHook,
  type CampaignLimits,
  type CampaignSettings,
  type EventFilter,
  type Frequency,
  type MessageSource,
  type Schedule,
  type Treatment,
} from './model.js';

/** An integer member in its range: the model typed it, Pinpoint's model step checks no range. */
function int(v: number | undefined, name: string, min?: number, max?: number): number | undefined {
  if (v === undefined) return undefined;
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
    const range =
      max === undefined
        ? `at least ${min}`
        : min === undefined
          ? `at most ${max}`
          : `between ${min} and ${max}`;
    throw badRequest(`${name} must be ${range}`);
  }
  return v;
}

/** An ISO 8601 instant (with a date and a time); undefined when it is not one. */
export function parseInstant(s: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s)) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Schedule.Timezone's values (pinpoint/2016-12-01 Schedule.Timezone). */
export const SCHEDULE_TIMEZONES = [
  'UTC',
  ...['01', '02', '03', '03:30', '04', '04:30', '05', '05:30', '05:45', '06', '06:30', '07', '08', '09']
    .concat(['09:30', '10', '10:30', '11', '12', '13'])
    .map((o) => `UTC+${o}`),
  ...['02', '03', '04', '05', '06', '07', '08', '09', '10', '11'].map((o) => `UTC-${o}`),
];

export const RECURRING: readonly Frequency[] = ['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY'];

function eventFilter(filter: CampaignEventFilter): EventFilter {
  const type = filter.FilterType;
  // Enum values: the model step does not check them.
  if ((type as string) !== 'SYSTEM' && (type as string) !== 'ENDPOINT')
    throw badRequest('EventFilter.FilterType must be SYSTEM or ENDPOINT');
  const dims = filter.Dimensions;
  const dt = dims.EventType?.DimensionType as string | undefined;
  if (dt !== undefined && dt !== 'INCLUSIVE' && dt !== 'EXCLUSIVE')
    throw badRequest('EventFilter.Dimensions.EventType.DimensionType must be INCLUSIVE or EXCLUSIVE');
  return { FilterType: type, Dimensions: dims };
}

export function readSchedule(raw: ScheduleRequest): Schedule {
  const startTime = raw.StartTime;
  if (!startTime) throw badRequest('Schedule.StartTime is required');
  const start = startTime === 'IMMEDIATE' ? undefined : parseInstant(startTime);
  if (startTime !== 'IMMEDIATE' && !start)
    throw badRequest('Schedule.StartTime must be IMMEDIATE or a time in ISO 8601 format');
  const endTime = raw.EndTime;
  const end = endTime === undefined ? undefined : parseInstant(endTime);
  if (endTime !== undefined && !end) throw badRequest('Schedule.EndTime must be a time in ISO 8601 format');
  if (start && end && end <= start) throw badRequest('Schedule.EndTime must be after Schedule.StartTime');
  const frequency = raw.Frequency;
  if (frequency !== undefined && !FREQUENCIES.includes(frequency))
    throw badRequest(`Schedule.Frequency must be one of ${FREQUENCIES.join(', ')}`);
  if (frequency === 'IN_APP_EVENT')
    throw badRequest('Schedule.Frequency IN_APP_EVENT is for in-app messages; Pinpost sends email only');
  if (frequency && RECURRING.includes(frequency) && !end)
    throw badRequest(`Schedule.EndTime is required when Schedule.Frequency is ${frequency}`);
  const filter = raw.EventFilter;
  if (frequency === 'EVENT' && !filter)
    throw badRequest('Schedule.EventFilter is required when Schedule.Frequency is EVENT');
  const timezone = raw.Timezone;
  if (timezone !== undefined && !SCHEDULE_TIMEZONES.includes(timezone))
    throw badRequest(`Schedule.Timezone must be one of ${SCHEDULE_TIMEZONES.join(', ')}`);
  let quiet: Schedule['QuietTime'];
  if (raw.QuietTime) {
    const { Start: qs, End: qe } = raw.QuietTime;
    if ((qs === undefined) !== (qe === undefined)) throw badRequest('QuietTime needs both Start and End');
    for (const [k, v] of [
      ['Start', qs],
      ['End', qe],
    ] as const)
      if (v !== undefined && !HH_MM.test(v)) throw badRequest(`QuietTime.${k} must be in HH:MM format`);
    if (qs !== undefined) quiet = { Start: qs, End: qe };
  }
  return {
    StartTime: startTime,
    ...(endTime !== undefined && { EndTime: endTime }),
    Frequency: frequency ?? 'ONCE',
    IsLocalTime: raw.IsLocalTime ?? false,
    Timezone: timezone ?? 'UTC',
    ...(quiet && { QuietTime: quiet }),
    ...(filter && { EventFilter: eventFilter(filter) }),
  };
}

function limits(raw: LimitsRequest): CampaignLimits {
  const out: CampaignLimits = {};
  const put = (k: keyof CampaignLimits, v: number | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  put('Daily', int(raw.Daily, 'Daily', 0, 100));
  put('Total', int(raw.Total, 'Total', 0, 100));
  put('MessagesPerSecond', int(raw.MessagesPerSecond, 'MessagesPerSecond', 1, 20_000));
  put('MaximumDuration', int(raw.MaximumDuration, 'MaximumDuration', 60));
  put('Session', int(raw.Session, 'Session', 0));
  return out;
}

function hook(raw: HookRequest): CampaignHook {
  const mode = raw.Mode as string | undefined;
  if (mode !== undefined && mode !== 'FILTER' && mode !== 'DELIVERY')
    throw badRequest('Hook.Mode must be FILTER or DELIVERY');
  const webUrl = raw.WebUrl;
  if (webUrl !== undefined && !/^https?:\/\/\S+$/.test(webUrl)) throw badRequest('Hook.WebUrl must be a URL');
  return {
    ...(raw.LambdaFunctionName !== undefined && { LambdaFunctionName: raw.LambdaFunctionName }),
    ...(raw.Mode !== undefined && { Mode: raw.Mode }),
    ...(webUrl !== undefined && { WebUrl: webUrl }),
  };
}

/** The message parts, kept as the model typed them (only the email parts are read, model.ts). */
function messageSource(raw: WriteCampaignRequest | WriteTreatmentResource): MessageSource {
  const { MessageConfiguration: mc, TemplateConfiguration: tc, CustomDeliveryConfiguration: cdc } = raw;
  return {
    ...(mc && { MessageConfiguration: mc as unknown as MessageSource['MessageConfiguration'] }),
    ...(tc && { TemplateConfiguration: tc as unknown as MessageSource['TemplateConfiguration'] }),
    ...(cdc && { CustomDeliveryConfiguration: cdc }),
  };
}

/** Whether a message source says what to email: an EmailMessage or an EmailTemplate by name. */
export function hasEmail(s: MessageSource): boolean {
  const m = s.MessageConfiguration?.EmailMessage;
  return !!(m && (m.Title || m.HtmlBody || m.Body)) || !!s.TemplateConfiguration?.EmailTemplate?.Name;
}

/** The members the request gave; `required` on create (SegmentId, Schedule). */
export type WriteCampaign = Partial<CampaignSettings>;

export function readWriteCampaign(body: WriteCampaignRequest): WriteCampaign {
  const out: WriteCampaign = {};
  for (const k of ['Name', 'Description', 'SegmentId', 'TreatmentName', 'TreatmentDescription'] as const) {
    const v = body[k];
    if (v !== undefined) out[k] = v;
  }
  const segmentVersion = int(body.SegmentVersion, 'SegmentVersion', 1);
  if (segmentVersion !== undefined) out.SegmentVersion = segmentVersion;
  if (body.Schedule) out.Schedule = readSchedule(body.Schedule);
  const holdout = int(body.HoldoutPercent, 'HoldoutPercent', 0, 100);
  if (holdout !== undefined) out.HoldoutPercent = holdout;
  if (body.IsPaused !== undefined) out.IsPaused = body.IsPaused;
  if (body.Limits) out.Limits = limits(body.Limits);
  if (body.Hook) out.Hook = hook(body.Hook);
  if (body.Priority !== undefined) out.Priority = body.Priority;
  Object.assign(out, messageSource(body));
  if (body.AdditionalTreatments) {
    out.AdditionalTreatments = body.AdditionalTreatments.map((t, i): Treatment => ({
      Id: String(i + 1),
      // SizePercent is required (WriteTreatmentResource): the model step refused a treatment without it.
      SizePercent: int(t.SizePercent, 'SizePercent', 0, 100)!,
      ...messageSource(t),
      ...(t.Schedule && { Schedule: readSchedule(t.Schedule) }),
      ...(t.TreatmentName !== undefined && { TreatmentName: t.TreatmentName }),
      ...(t.TreatmentDescription !== undefined && { TreatmentDescription: t.TreatmentDescription }),
    }));
  }
  return out;
}

/** Checks that only hold for the whole campaign (after an update merged into the stored one). */
export function checkCampaign(s: CampaignSettings): void {
  const sizes = s.AdditionalTreatments.reduce((n, t) => n + t.SizePercent, 0);
  if (sizes + s.HoldoutPercent > 100)
    throw badRequest('The sum of AdditionalTreatments SizePercent and HoldoutPercent must not exceed 100');
  if (!hasEmail(s)) throw badRequest('The campaign needs an EmailMessage or an EmailTemplate to send');
  for (const t of s.AdditionalTreatments)
    if (!hasEmail(t) && !hasEmail(s))
      throw badRequest(`Treatment ${t.Id} needs an EmailMessage or an EmailTemplate to send`);
}
