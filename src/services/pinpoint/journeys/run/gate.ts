/**
 * Whether an EMAIL activity may send to an endpoint now, by the journey's limits and sending times
 * (pinpoint/2016-12-01 JourneyLimits, WriteJourneyRequest):
 *
 * - DailyCap: "The maximum number of messages that the journey can send to a single participant
 *   during a 24-hour period"; TotalCap: "The maximum number of messages a journey can sent to a
 *   single endpoint … If set to 0, this limit will not apply"; TimeframeCap: "The maximum number of
 *   messages that all journeys can send to an endpoint during the specified timeframe" (Cap and
 *   Days; 0 disables). A capped endpoint gets no message and moves on (counted DAILY_CAP,
 *   TOTAL_CAP, TIMEFRAME_CAP: Pinpost's metric names).
 * - QuietTime: when the endpoint's Demographic.Timezone is valid and its local time is within
 *   Start–End (campaigns/local-time.ts); with SendingSchedule, OpenHours.EMAIL (the windows of each
 *   local weekday; a day without windows is closed) and ClosedDays.EMAIL (StartDateTime–EndDateTime)
 *   too, in the endpoint's zone (else Schedule.Timezone, else UTC). WaitForQuietTime ("whether
 *   endpoints in quiet hours should enter a wait till the end of their quiet hours"): true holds
 *   the endpoint at the activity until it may send; false moves it on without a message (counted
 *   QUIET_TIME).
 */
import type { EndpointDoc, PinpointContext } from '../../ports.js';
import { isValidZone, offsetMinutes, quietUntil } from '../../campaigns/local-time.js';
import { parseInstant } from '../../campaigns/write-request.js';
import { DAYS_OF_WEEK, type JourneyDoc, type OpenHoursRule } from '../model.js';
import type { RunRow } from './runs-store.js';

export type Verdict = { hold: Date } | { skip: string } | undefined;

export interface Gate {
  check(ep: EndpointDoc): Verdict;
}

const DAY_MS = 24 * 3600_000;
const CHUNK = 400;
const positive = (n: number | undefined): n is number => n !== undefined && n > 0;

interface Counts {
  day: number;
  total: number;
  frame: number;
}

async function sendCounts(
  c: PinpointContext,
  run: RunRow,
  ids: string[],
  now: Date,
  frameDays: number,
): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>();
  const day = new Date(now.getTime() - DAY_MS).toISOString();
  const frame = new Date(now.getTime() - frameDays * DAY_MS).toISOString();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    const rows = await c.db.all<{ endpoint_id: string; day: number; total: number; frame: number }>(
      `SELECT endpoint_id,
         SUM(CASE WHEN journey_id = ? AND sent_at > ? THEN 1 ELSE 0 END) AS day,
         SUM(CASE WHEN journey_id = ? THEN 1 ELSE 0 END) AS total,
         SUM(CASE WHEN sent_at > ? THEN 1 ELSE 0 END) AS frame
       FROM pinpoint_journey_sends WHERE account = ? AND region = ? AND app_id = ?
         AND endpoint_id IN (${part.map(() => '?').join(', ')}) GROUP BY endpoint_id`,
      [run.journey_id, day, run.journey_id, frame, run.account, run.region, run.app_id, ...part],
    );
    for (const r of rows) out.set(r.endpoint_id, { day: r.day, total: r.total, frame: r.frame });
  }
  return out;
}

const minutes = (hhmm: string | undefined) =>
  hhmm === undefined ? undefined : Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The first instant at or after `now` within the open hours, in a zone `offset` minutes east. */
function nextOpen(
  rules: Partial<Record<string, OpenHoursRule[]>>,
  zone: string,
  now: Date,
): Date | undefined {
  const offset = offsetMinutes(zone, now) ?? 0;
  const local = now.getTime() + offset * 60000;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  const minute = Math.floor((local - dayStart) / 60000);
  const windows = (day: string) =>
    (rules[day] ?? [])
      .map((r) => ({ from: minutes(r.StartTime), to: minutes(r.EndTime) }))
      .filter((w): w is { from: number; to: number } => w.from !== undefined && w.to !== undefined)
      .sort((a, b) => a.from - b.from);
  for (let d = 0; d <= 7; d++) {
    const start = dayStart + d * DAY_MS;
    // getUTCDay: 0 is Sunday; DAYS_OF_WEEK starts on Monday.
    const list = windows(DAYS_OF_WEEK[(new Date(start).getUTCDay() + 6) % 7]);
    if (d === 0 && list.some((w) => minute >= w.from && minute < w.to)) return now;
    const later = list.find((w) => d > 0 || minute < w.from);
    if (later) return new Date(start + later.from * 60000 - offset * 60000);
  }
  return undefined;
}

export async function sendGate(
  c: PinpointContext,
  run: RunRow,
  journey: JourneyDoc,
  now: Date,
  endpoints: EndpointDoc[],
): Promise<Gate> {
  const l = journey.Limits ?? {};
  const frame = l.TimeframeCap;
  const frameOn = positive(frame?.Cap) && positive(frame?.Days);
  const capped = positive(l.DailyCap) || positive(l.TotalCap) || frameOn;
  const counts = capped
    ? await sendCounts(
        c,
        run,
        endpoints.map((e) => e.Id),
        now,
        frameOn ? frame!.Days! : 0,
      )
    : new Map<string, Counts>();
  const scheduled = journey.SendingSchedule === true;
  const open = scheduled ? journey.OpenHours?.EMAIL : undefined;
  const closed = scheduled ? (journey.ClosedDays?.EMAIL ?? []) : [];
  const hold = journey.WaitForQuietTime === true;
  return {
    check(ep) {
      const n = counts.get(ep.Id);
      if (n) {
        if (positive(l.DailyCap) && n.day >= l.DailyCap) return { skip: 'DAILY_CAP' };
        if (positive(l.TotalCap) && n.total >= l.TotalCap) return { skip: 'TOTAL_CAP' };
        if (frameOn && n.frame >= frame!.Cap!) return { skip: 'TIMEFRAME_CAP' };
      }
      const own = (ep.Demographic as { Timezone?: unknown } | undefined)?.Timezone;
      const zone = isValidZone(own) ? own : (journey.Schedule?.Timezone ?? 'UTC');
      let until = quietUntil(journey.QuietTime, isValidZone(own) ? own : undefined, now);
      for (const day of closed) {
        const from = day.StartDateTime ? parseInstant(day.StartDateTime) : undefined;
        const to = day.EndDateTime ? parseInstant(day.EndDateTime) : undefined;
        if (from && to && now >= from && now < to && (!until || to > until)) until = to;
      }
      if (!until && open) {
        const next = nextOpen(open, zone, now);
        if (!next) return { skip: 'QUIET_TIME' };
        if (next > now) until = next;
      }
      if (!until) return undefined;
      return hold ? { hold: until } : { skip: 'QUIET_TIME' };
    },
  };
}
