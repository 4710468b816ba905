/**
 * The standard email metrics (KPIs) Pinpoint documents for applications and campaigns
 * (developerguide/analytics-standard-metrics.html), computed from the event log, and their result
 * rows (developerguide/analytics-query-results.html): one `Values` entry `{Key, Type: 'Double',
 * Value}` per row, a `GroupedBys` entry `{Key, Type: 'String', Value}` for `grouped-by` metrics,
 * and no rows at all when there is no data.
 *
 * AWS's samples name the value after the metric (`unique-deliveries` → `UniqueDeliveries`,
 * `txn-emails-sent` → `TxnEmailsSent`); the other metrics' keys follow the same rule here. Rates
 * are fractions from 0 to 1 (Pinpost's choice: AWS's pages do not show a rate's value).
 * Push and SMS metrics are valid names with no data in an email-only Pinpoint: no rows.
 */
import type { Database } from '../../../store/index.js';
import type { Scope } from '../ports.js';
import { BASE, NONE, type Group, type Measure, type Population } from './kpi-catalog.js';

const GROUPINGS: [string, Group][] = [
  ['-grouped-by-campaign-activity', 'activity'],
  ['-grouped-by-campaign', 'campaign'],
  ['-grouped-by-date', 'date'],
  ['-grouped-by-country', 'none'],
];

function split(name: string): { base: string; group: Group } {
  for (const [suffix, group] of GROUPINGS)
    if (name.endsWith(suffix)) return { base: name.slice(0, -suffix.length), group };
  return { base: name, group: 'none' };
}

const pascal = (s: string) =>
  s
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

const GROUP_KEY: Record<Exclude<Group, 'none'>, string> = {
  campaign: 'CampaignId',
  activity: 'CampaignActivityId',
  date: 'Date',
};
const GROUP_COLUMN: Record<Group, string> = {
  none: "''",
  campaign: 'campaign_id',
  activity: 'run_id',
  date: 'day',
};
const COUNT: Record<Measure['count'], string> = {
  events: 'COUNT(*)',
  messages: 'COUNT(DISTINCT message_id)',
  recipients: 'COUNT(DISTINCT COALESCE(endpoint_id, address))',
};

export interface KpiQuery {
  scope: Scope;
  appId: string;
  /** Set for campaign metrics. */
  campaignId?: string;
  population: Population;
  name: string;
  start: Date;
  end: Date;
}

interface ResultRowValue {
  Key: string;
  Type: string;
  Value: string;
}

/** A single-value metric's row has no GroupedBys (analytics-query-results.html, its sample). */
export interface ResultRow {
  GroupedBys?: ResultRowValue[];
  Values: ResultRowValue[];
}

/** A Double as Pinpoint writes it: `1368.0`, `0.75`. */
const double = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : String(n));

/** Counts one measure per group over the query's events. */
async function measure(db: Database, q: KpiQuery, group: Group, m: Measure): Promise<Map<string, number>> {
  const column = GROUP_COLUMN[group];
  const where = [
    'account = ?',
    'region = ?',
    'app_id = ?',
    'at >= ?',
    'at <= ?',
    `event_type IN (${m.types.map(() => '?').join(', ')})`,
  ];
  const params: (string | number)[] = [
    q.scope.account,
    q.scope.region,
    q.appId,
    q.start.getTime(),
    q.end.getTime(),
    ...m.types,
  ];
  if (q.population === 'campaign') {
    where.push('campaign_id = ?');
    params.push(q.campaignId ?? '');
  } else if (q.population === 'campaigns') where.push('campaign_id IS NOT NULL');
  else where.push('campaign_id IS NULL AND journey_id IS NULL');
  if (group !== 'none') where.push(`${column} IS NOT NULL`);
  // Ungrouped, one row (a count of 0 when nothing matched): PostgreSQL refuses GROUP BY a constant.
  const groupBy = group === 'none' ? '' : ` GROUP BY ${column}`;
  const rows = await db.all<{ g: string; n: number }>(
    `SELECT ${column} AS g, ${COUNT[m.count]} AS n FROM pinpoint_events WHERE ${where.join(' AND ')}${groupBy}`,
    params,
  );
  return new Map(rows.map((r) => [String(r.g), Number(r.n)]));
}

/** The metric's rows, sorted by their grouping value. */
export async function computeKpi(db: Database, q: KpiQuery): Promise<ResultRow[]> {
  const { base, group } = split(q.name);
  const formula = BASE[q.population][base] ?? NONE;
  const values = new Map<string, number>();
  if (formula.kind === 'value') {
    for (const [g, n] of await measure(db, q, group, formula.m)) if (n > 0) values.set(g, n);
  } else if (formula.kind === 'rate') {
    const num = await measure(db, q, group, formula.num);
    for (const [g, d] of await measure(db, q, group, formula.den))
      if (d > 0) values.set(g, (num.get(g) ?? 0) / d);
  } else if (formula.kind === 'difference') {
    const minus = await measure(db, q, group, formula.minus);
    for (const [g, n] of await measure(db, q, group, formula.from))
      if (n > 0) values.set(g, Math.max(0, n - (minus.get(g) ?? 0)));
  }
  const key = pascal(base);
  return [...values.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([g, n]) => ({
      ...(group === 'none' ? {} : { GroupedBys: [{ Key: GROUP_KEY[group], Type: 'String', Value: g }] }),
      Values: [{ Key: key, Type: 'Double', Value: double(n) }],
    }));
}
