/**
 * The account page's sending chart from GetSendStatistics (API_GetSendStatistics.html: data points
 * of 15 minutes each over the last two weeks, only the intervals that had sending activity, each
 * with DeliveryAttempts, Bounces, Complaints and Rejects): the points summed into equal buckets
 * ending at `now`, empty buckets as zeros, so the chart's time axis is even.
 */
export interface SendDataPoint {
  Timestamp?: Date | string;
  DeliveryAttempts?: number;
  Bounces?: number;
  Complaints?: number;
  Rejects?: number;
}

export const SEND_METRICS = ['DeliveryAttempts', 'Bounces', 'Complaints', 'Rejects'] as const;
export type SendMetric = (typeof SEND_METRICS)[number];

export interface SendingSeries {
  /** The start of each bucket. */
  buckets: Date[];
  values: Record<SendMetric, number[]>;
  totals: Record<SendMetric, number>;
}

export interface SeriesOptions {
  now: Date;
  /** How far back, in minutes (a day by default). */
  windowMinutes?: number;
  /** The bucket size in minutes (an hour by default; 15, SES's own interval, at least). */
  bucketMinutes?: number;
}

const MINUTE = 60_000;

export function sendingSeries(points: readonly SendDataPoint[], options: SeriesOptions): SendingSeries {
  const bucketMs = Math.max(15, options.bucketMinutes ?? 60) * MINUTE;
  const windowMs = Math.max(bucketMs, (options.windowMinutes ?? 24 * 60) * MINUTE);
  const count = Math.ceil(windowMs / bucketMs);
  // The last bucket holds `now`; buckets are aligned to their size, as SES aligns its intervals.
  const lastStart = Math.floor(options.now.getTime() / bucketMs) * bucketMs;
  const firstStart = lastStart - (count - 1) * bucketMs;
  const buckets = Array.from({ length: count }, (_, i) => new Date(firstStart + i * bucketMs));
  const values = Object.fromEntries(SEND_METRICS.map((m) => [m, new Array<number>(count).fill(0)])) as Record<
    SendMetric,
    number[]
  >;
  const totals = Object.fromEntries(SEND_METRICS.map((m) => [m, 0])) as Record<SendMetric, number>;
  for (const p of points) {
    if (p.Timestamp === undefined) continue;
    const t = new Date(p.Timestamp).getTime();
    if (Number.isNaN(t) || t < firstStart || t >= lastStart + bucketMs) continue;
    const i = Math.floor((t - firstStart) / bucketMs);
    for (const m of SEND_METRICS) {
      const v = p[m] ?? 0;
      values[m][i] += v;
      totals[m] += v;
    }
  }
  return { buckets, values, totals };
}

/** A bucket's label: the hour and minute in UTC (the window is a day), or the date for longer buckets. */
export function bucketLabel(d: Date, bucketMinutes = 60): string {
  const iso = d.toISOString();
  return bucketMinutes >= 24 * 60 ? iso.slice(0, 10) : iso.slice(11, 16);
}

/** Sent in the last 24 hours over the quota, as a percentage with one decimal (GetSendQuota). */
export function quotaUsed(sentLast24Hours: number | undefined, max24HourSend: number | undefined): number {
  if (!max24HourSend || max24HourSend < 0 || !sentLast24Hours) return 0;
  return Math.round((sentLast24Hours / max24HourSend) * 1000) / 10;
}
