/**
 * Turns GetApplicationDateRangeKpi answers into chart data. A `-grouped-by-date` metric answers one
 * row per day that has data (developerguide/analytics-query-results.html: `GroupedBys`
 * `{Key: 'Date', Value: '2026-12-05'}`, `Values` `[{Key, Type: 'Double', Value: '3.0'}]`); a day
 * without data has no row, so the chart writes 0 for it.
 */

export interface KpiRowValue {
  Key?: string;
  Type?: string;
  Value?: string;
}

export interface KpiRow {
  GroupedBys?: KpiRowValue[];
  Values?: KpiRowValue[];
}

export interface KpiSeriesInput {
  /** The label the chart shows (Sends, Deliveries …). */
  name: string;
  rows: KpiRow[];
}

export interface ChartData {
  /** One label per day, `YYYY-MM-DD`, from the range's first day to its last. */
  labels: string[];
  series: { name: string; values: number[] }[];
}

/** The application KPIs the analytics page charts, one series each (analytics-standard-metrics.html). */
export const EMAIL_KPIS: { name: string; kpi: string }[] = [
  { name: 'Sends', kpi: 'txn-emails-sent-grouped-by-date' },
  { name: 'Deliveries', kpi: 'txn-emails-delivered-grouped-by-date' },
  { name: 'Opens', kpi: 'txn-emails-opened-grouped-by-date' },
  { name: 'Clicks', kpi: 'txn-emails-clicked-grouped-by-date' },
  // One series for both kinds of bounce (inputs of one name are added up).
  { name: 'Bounces', kpi: 'txn-emails-hard-bounced-grouped-by-date' },
  { name: 'Bounces', kpi: 'txn-emails-soft-bounced-grouped-by-date' },
];

/** Campaign email, which the application answers by date only as unique deliveries. */
export const CAMPAIGN_KPIS: { name: string; kpi: string }[] = [
  { name: 'Unique deliveries', kpi: 'unique-deliveries-grouped-by-date' },
];

const DAY = 86_400_000;

/** The UTC days from `start` to `end`, both included. */
export function daysBetween(start: Date, end: Date): string[] {
  const first = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  const out: string[] = [];
  for (let t = first; t <= end.getTime(); t += DAY) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** A row's date (`Date` group) and value; undefined for a row that is not a dated number. */
function dated(row: KpiRow): { day: string; value: number } | undefined {
  const day = row.GroupedBys?.find((g) => g.Key === 'Date')?.Value;
  const raw = row.Values?.[0]?.Value;
  const value = raw === undefined ? NaN : Number(raw);
  if (!day || !Number.isFinite(value)) return undefined;
  return { day: day.slice(0, 10), value };
}

/** The chart's series, one per name: inputs that share a name are added up day by day. */
export function kpiChartData(start: Date, end: Date, inputs: KpiSeriesInput[]): ChartData {
  const labels = daysBetween(start, end);
  const index = new Map(labels.map((d, i) => [d, i]));
  const byName = new Map<string, number[]>();
  for (const { name, rows } of inputs) {
    const values = byName.get(name) ?? labels.map(() => 0);
    byName.set(name, values);
    for (const row of rows) {
      const d = dated(row);
      const i = d && index.get(d.day);
      if (d && i !== undefined) values[i] += d.value;
    }
  }
  return { labels, series: [...byName].map(([name, values]) => ({ name, values })) };
}

/** Each series' total over the range, for the figures above the chart. */
export const totals = (data: ChartData): { name: string; total: number }[] =>
  data.series.map((s) => ({ name: s.name, total: s.values.reduce((a, b) => a + b, 0) }));
