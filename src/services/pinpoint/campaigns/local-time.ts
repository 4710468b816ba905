/**
 * Time in an endpoint's time zone: quiet time (Schedule.QuietTime, the app's QuietTime) and
 * local-time schedules (Schedule.IsLocalTime). Per pinpoint/2016-12-01 Schedule.QuietTime, an
 * endpoint is in quiet time when its Demographic.Timezone is valid and its local time is at or
 * after QuietTime.Start and at or before QuietTime.End; otherwise it gets the message.
 */
import type { QuietTime } from './model.js';

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** A formatter for an IANA zone, or null when the zone is not valid (cached either way). */
function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return f;
}

const FIXED = /^UTC([+-])(\d{2})(?::(\d{2}))?$/;

/** Minutes east of UTC of `zone` at `at`: an IANA zone or Schedule.Timezone's `UTC+05:30` form. */
export function offsetMinutes(zone: string, at: Date): number | undefined {
  if (zone === 'UTC') return 0;
  const fixed = FIXED.exec(zone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0));
  const f = formatter(zone);
  if (!f) return undefined;
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((local - Math.floor(at.getTime() / 1000) * 1000) / 60000);
}

const validity = new Map<string, boolean>();

/** Whether a Demographic.Timezone names a zone (cached: a run asks once per endpoint). */
export function isValidZone(zone: unknown): zone is string {
  if (typeof zone !== 'string') return false;
  let ok = validity.get(zone);
  if (ok === undefined) {
    ok = offsetMinutes(zone, new Date(0)) !== undefined;
    validity.set(zone, ok);
  }
  return ok;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When quiet time ends for an endpoint in `zone` at `at`: undefined when it is not in quiet time
 * (or the zone is not valid), else the first minute after QuietTime.End, local time. A quiet
 * time whose Start is after its End spans midnight (22:00–07:00).
 */
export function quietUntil(quiet: QuietTime | undefined, zone: unknown, at: Date): Date | undefined {
  if (!quiet?.Start || !quiet.End || typeof zone !== 'string') return undefined;
  const offset = offsetMinutes(zone, at);
  if (offset === undefined) return undefined;
  const localMs = at.getTime() + offset * 60000;
  const minute = Math.floor(localMs / 60000) % 1440;
  const start = toMinutes(quiet.Start);
  const end = toMinutes(quiet.End);
  const inQuiet = start <= end ? minute >= start && minute <= end : minute >= start || minute <= end;
  if (!inQuiet) return undefined;
  const minutesToRelease = ((end - minute + 1440) % 1440) + 1;
  const startOfMinute = Math.floor(at.getTime() / 60000) * 60000;
  return new Date(startOfMinute + minutesToRelease * 60000);
}

/**
 * The instant a local-time schedule reaches an endpoint: the wall-clock time of `nominal` in the
 * schedule's own zone (Schedule.Timezone), read in the endpoint's zone.
 */
export function localStart(nominal: Date, scheduleZone: string, endpointZone: string): Date {
  const wall = nominal.getTime() + (offsetMinutes(scheduleZone, nominal) ?? 0) * 60000;
  const offset = offsetMinutes(endpointZone, nominal) ?? offsetMinutes(scheduleZone, nominal) ?? 0;
  return new Date(wall - offset * 60000);
}

/** The earliest a local-time schedule can reach anyone: the zones run from UTC-12 to UTC+14. */
export const LOCAL_TIME_LEAD_MS = 14 * 3600_000;
