/**
 * Reading a WriteCampaignRequest (apireference/apps-application-id-campaigns.html) into campaign
 * settings, with the checks Pinpoint makes on its members. The ranges are the model's
 * (pinpoint/2016-12-01 CampaignLimits: Daily and Total at most 100, MessagesPerSecond 1–20,000,
 * MaximumDuration at least 60; QuietTime Start/End in HH:MM; Schedule.Timezone one of the listed
 * UTC offsets). AWS documents no error texts for these checks: every message here is Pinpost's
 * own wording, naming the member and what it must be.
 */
import type { CustomDeliveryConfiguration } from '../../../wire/model/types/pinpoint.js';
import { badRequest } from '../errors.js';
import type { Raw } from '../input.js';
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

const isObject = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);

function obj(raw: Raw, name: string): Raw | undefined {
  const v = raw[name];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw badRequest(`${name} must be an object`);
  return v;
}

function text(raw: Raw, name: string): string | undefined {
  const v = raw[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`${name} must be a string`);
  return v;
}

function int(raw: Raw, name: string, min?: number, max?: number): number | undefined {
  const v = raw[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw badRequest(`${name} must be an integer`);
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

function flag(raw: Raw, name: string): boolean | undefined {
  const v = raw[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw badRequest(`${name} must be a boolean`);
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

function eventFilter(raw: Raw): EventFilter {
  const type = text(raw, 'FilterType');
  if (type !== 'SYSTEM' && type !== 'ENDPOINT')
    throw badRequest('EventFilter.FilterType must be SYSTEM or ENDPOINT');
  const dims = obj(raw, 'Dimensions');
  if (!dims) throw badRequest('EventFilter.Dimensions is required');
  const eventType = obj(dims, 'EventType');
  if (eventType) {
    const values = eventType.Values;
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string'))
      throw badRequest('EventFilter.Dimensions.EventType.Values must be a list of strings');
    const dt = eventType.DimensionType;
    if (dt !== undefined && dt !== 'INCLUSIVE' && dt !== 'EXCLUSIVE')
      throw badRequest('EventFilter.Dimensions.EventType.DimensionType must be INCLUSIVE or EXCLUSIVE');
  }
  return { FilterType: type, Dimensions: dims as EventFilter['Dimensions'] };
}

export function readSchedule(raw: Raw): Schedule {
  const startTime = text(raw, 'StartTime');
  if (!startTime) throw badRequest('Schedule.StartTime is required');
  const start = startTime === 'IMMEDIATE' ? undefined : parseInstant(startTime);
  if (startTime !== 'IMMEDIATE' && !start)
    throw badRequest('Schedule.StartTime must be IMMEDIATE or a time in ISO 8601 format');
  const endTime = text(raw, 'EndTime');
  const end = endTime === undefined ? undefined : parseInstant(endTime);
  if (endTime !== undefined && !end) throw badRequest('Schedule.EndTime must be a time in ISO 8601 format');
  if (start && end && end <= start) throw badRequest('Schedule.EndTime must be after Schedule.StartTime');
  const frequency = text(raw, 'Frequency') as Frequency | undefined;
  if (frequency !== undefined && !FREQUENCIES.includes(frequency))
    throw badRequest(`Schedule.Frequency must be one of ${FREQUENCIES.join(', ')}`);
  if (frequency === 'IN_APP_EVENT')
    throw badRequest('Schedule.Frequency IN_APP_EVENT is for in-app messages; Pinpost sends email only');
  if (frequency && RECURRING.includes(frequency) && !end)
    throw badRequest(`Schedule.EndTime is required when Schedule.Frequency is ${frequency}`);
  const filterRaw = obj(raw, 'EventFilter');
  if (frequency === 'EVENT' && !filterRaw)
    throw badRequest('Schedule.EventFilter is required when Schedule.Frequency is EVENT');
  const timezone = text(raw, 'Timezone');
  if (timezone !== undefined && !SCHEDULE_TIMEZONES.includes(timezone))
    throw badRequest(`Schedule.Timezone must be one of ${SCHEDULE_TIMEZONES.join(', ')}`);
  const quietRaw = obj(raw, 'QuietTime');
  let quiet: Schedule['QuietTime'];
  if (quietRaw) {
    const qs = text(quietRaw, 'Start');
    const qe = text(quietRaw, 'End');
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
    IsLocalTime: flag(raw, 'IsLocalTime') ?? false,
    Timezone: timezone ?? 'UTC',
    ...(quiet && { QuietTime: quiet }),
    ...(filterRaw && { EventFilter: eventFilter(filterRaw) }),
  };
}

function limits(raw: Raw): CampaignLimits {
  const out: CampaignLimits = {};
  const put = (k: keyof CampaignLimits, v: number | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  put('Daily', int(raw, 'Daily', 0, 100));
  put('Total', int(raw, 'Total', 0, 100));
  put('MessagesPerSecond', int(raw, 'MessagesPerSecond', 1, 20_000));
  put('MaximumDuration', int(raw, 'MaximumDuration', 60));
  put('Session', int(raw, 'Session', 0));
  return out;
}

function hook(raw: Raw): CampaignHook {
  const mode = text(raw, 'Mode');
  if (mode !== undefined && mode !== 'FILTER' && mode !== 'DELIVERY')
    throw badRequest('Hook.Mode must be FILTER or DELIVERY');
  const webUrl = text(raw, 'WebUrl');
  if (webUrl !== undefined && !/^https?:\/\/\S+$/.test(webUrl)) throw badRequest('Hook.WebUrl must be a URL');
  return {
    ...(text(raw, 'LambdaFunctionName') !== undefined && {
      LambdaFunctionName: text(raw, 'LambdaFunctionName'),
    }),
    ...(mode !== undefined && { Mode: mode }),
    ...(webUrl !== undefined && { WebUrl: webUrl }),
  };
}

function messageSource(raw: Raw): MessageSource {
  const mc = obj(raw, 'MessageConfiguration');
  const tc = obj(raw, 'TemplateConfiguration');
  const cdc = obj(raw, 'CustomDeliveryConfiguration');
  if (mc) {
    const email = obj(mc, 'EmailMessage');
    if (email) for (const k of ['Body', 'FromAddress', 'HtmlBody', 'Title']) text(email, k);
  }
  if (tc) {
    const t = obj(tc, 'EmailTemplate');
    if (t) {
      text(t, 'Name');
      text(t, 'Version');
    }
  }
  return {
    ...(mc && { MessageConfiguration: mc }),
    ...(tc && { TemplateConfiguration: tc }),
    // Kept as written: the model step refuses one without DeliveryUri (its required member) before
    // the handler stores anything; its other members are echoed as sent.
    ...(cdc && { CustomDeliveryConfiguration: cdc as unknown as CustomDeliveryConfiguration }),
  };
}

/** Whether a message source says what to email: an EmailMessage or an EmailTemplate by name. */
export function hasEmail(s: MessageSource): boolean {
  const m = s.MessageConfiguration?.EmailMessage;
  return !!(m && (m.Title || m.HtmlBody || m.Body)) || !!s.TemplateConfiguration?.EmailTemplate?.Name;
}

/** The members the request gave; `required` on create (SegmentId, Schedule). */
export type WriteCampaign = Partial<CampaignSettings>;

export function readWriteCampaign(body: Raw): WriteCampaign {
  const out: WriteCampaign = {};
  const name = text(body, 'Name');
  if (name !== undefined) out.Name = name;
  const description = text(body, 'Description');
  if (description !== undefined) out.Description = description;
  const segmentId = text(body, 'SegmentId');
  if (segmentId !== undefined) out.SegmentId = segmentId;
  const segmentVersion = int(body, 'SegmentVersion', 1);
  if (segmentVersion !== undefined) out.SegmentVersion = segmentVersion;
  const schedule = obj(body, 'Schedule');
  if (schedule) out.Schedule = readSchedule(schedule);
  const holdout = int(body, 'HoldoutPercent', 0, 100);
  if (holdout !== undefined) out.HoldoutPercent = holdout;
  const paused = flag(body, 'IsPaused');
  if (paused !== undefined) out.IsPaused = paused;
  const lim = obj(body, 'Limits');
  if (lim) out.Limits = limits(lim);
  const h = obj(body, 'Hook');
  if (h) out.Hook = hook(h);
  const priority = int(body, 'Priority');
  if (priority !== undefined) out.Priority = priority;
  for (const k of ['TreatmentName', 'TreatmentDescription'] as const) {
    const v = text(body, k);
    if (v !== undefined) out[k] = v;
  }
  Object.assign(out, messageSource(body));
  const extra = body.AdditionalTreatments;
  if (extra !== undefined && extra !== null) {
    if (!Array.isArray(extra)) throw badRequest('AdditionalTreatments must be a list');
    out.AdditionalTreatments = extra.map((t, i): Treatment => {
      if (!isObject(t)) throw badRequest('AdditionalTreatments must be a list of treatments');
      const size = int(t, 'SizePercent', 0, 100);
      if (size === undefined) throw badRequest('AdditionalTreatments[].SizePercent is required');
      const sched = obj(t, 'Schedule');
      return {
        Id: String(i + 1),
        SizePercent: size,
        ...messageSource(t),
        ...(sched && { Schedule: readSchedule(sched) }),
        ...(text(t, 'TreatmentName') !== undefined && { TreatmentName: text(t, 'TreatmentName') }),
        ...(text(t, 'TreatmentDescription') !== undefined && {
          TreatmentDescription: text(t, 'TreatmentDescription'),
        }),
      };
    });
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
