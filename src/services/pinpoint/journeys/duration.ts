/**
 * ISO 8601 durations as journeys write them (WaitTime.WaitFor, RefreshFrequency,
 * Limits.EndpointReentryInterval: "a duration in ISO 8601 format, such as PT1H"): `PnYnMnWnDTnHnMnS`,
 * whole numbers, with fractional seconds allowed. Years and months are calendar units, so adding a
 * duration to an instant is done field by field in UTC.
 */

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** The duration `text` writes, or undefined when it is not one (or is empty: `P`, `PT`). */
export function parseDuration(text: string): Duration | undefined {
  const m = PATTERN.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i].replace(',', '.')));
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/** Whether the duration lasts no time at all (`PT0S`). */
export const isZero = (d: Duration): boolean => Object.values(d).every((v) => v === 0);

/** `at` moved forward by `d`: calendar fields in UTC, then the fixed-length ones. */
export function addDuration(at: Date, d: Duration): Date {
  const out = new Date(at.getTime());
  if (d.years || d.months) out.setUTCMonth(out.getUTCMonth() + d.years * 12 + d.months);
  const fixed =
    ((d.weeks * 7 + d.days) * 24 * 3600 + d.hours * 3600 + d.minutes * 60) * 1000 + d.seconds * 1000;
  return new Date(out.getTime() + Math.round(fixed));
}
