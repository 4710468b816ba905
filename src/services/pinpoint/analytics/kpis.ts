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

/** What a measure counts: events, distinct messages, or distinct recipients (endpoint or address). */
interface Measure {
  types: string[];
  count: 'events' | 'messages' | 'recipients';
}

type Formula =
  | { kind: 'value'; m: Measure }
  | { kind: 'rate'; num: Measure; den: Measure }
  | { kind: 'difference'; from: Measure; minus: Measure }
  | { kind: 'none' };

export type Population = 'campaigns' | 'transactional' | 'campaign';
type Group = 'none' | 'campaign' | 'activity' | 'date';

const messages = (...types: string[]): Measure => ({ types, count: 'messages' });
const events = (...types: string[]): Measure => ({ types, count: 'events' });
const recipients = (...types: string[]): Measure => ({ types, count: 'recipients' });
const value = (m: Measure): Formula => ({ kind: 'value', m });
const rate = (num: Measure, den: Measure): Formula => ({ kind: 'rate', num, den });
const NONE: Formula = { kind: 'none' };

const SENT = messages('_email.send');
const DELIVERED = messages('_email.delivered');
const HARD = messages('_email.hardbounce');

/** Each metric's formula, from its description on the standard-metrics page. */
const BASE: Record<Population, Record<string, Formula>> = {
  // "Application metrics for campaigns"
  campaigns: {
    'successful-delivery-rate': rate(DELIVERED, SENT),
    'email-open-rate': rate(messages('_email.open'), DELIVERED),
    'unique-deliveries': value(recipients('_email.delivered')),
    // "the number of messages that were sent by a campaign, minus the number … due to a hard bounce"
    'successful-deliveries': { kind: 'difference', from: SENT, minus: HARD },
    'push-open-rate': NONE,
  },
  // "Application metrics for transactional email messages" (and SMS, which has no data here)
  transactional: {
    'txn-emails-clicked': value(events('_email.click')),
    'txn-emails-complaint-rate': rate(messages('_email.complaint'), SENT),
    'txn-emails-with-complaints': value(messages('_email.complaint')),
    // "the number of messages that were sent, minus … a soft or hard bounce or because they were rejected"
    'txn-emails-delivered': {
      kind: 'difference',
      from: SENT,
      minus: messages('_email.softbounce', '_email.hardbounce', '_email.rejected'),
    },
    'txn-emails-delivery-rate': rate(DELIVERED, SENT),
    'txn-emails-hard-bounced': value(HARD),
    'txn-emails-opened': value(messages('_email.open')),
    'txn-emails-sent': value(SENT),
    'txn-emails-soft-bounced': value(messages('_email.softbounce')),
    'txn-emails-unique-clicks': value(recipients('_email.click')),
    'txn-emails-unique-opens': value(recipients('_email.open')),
    ...Object.fromEntries(
      [
        'txn-sms-average-price',
        'txn-sms-average-price-by-parts',
        'txn-sms-delivered',
        'txn-sms-error-distribution',
        'txn-sms-delivery-rate',
        'txn-sms-delivered-by-parts',
        'txn-sms-sent-by-parts',
        'txn-sms-sent',
        'txn-sms-total-price',
      ].map((n) => [n, NONE]),
    ),
  },
  // "Campaign metrics"
  campaign: {
    'hard-bounce-rate': rate(HARD, SENT),
    'successful-delivery-rate': rate(DELIVERED, SENT),
    'email-open-rate': rate(messages('_email.open'), DELIVERED),
    'direct-email-opens': value(messages('_email.open')),
    'unique-deliveries': value(recipients('_email.delivered')),
    clicks: value(events('_email.click')),
    'successful-deliveries': { kind: 'difference', from: SENT, minus: HARD },
    'attempted-deliveries': value(SENT),
    'push-open-rate': NONE,
    'direct-push-opens': NONE,
    'sms-spend': NONE,
  },
};

/** The kpi-name values the standard-metrics page lists, per population. */
const NAMES: Record<Population, string[]> = {
  campaigns: [
    'successful-delivery-rate',
    'successful-delivery-rate-grouped-by-date',
    'email-open-rate',
    'email-open-rate-grouped-by-campaign',
    'unique-deliveries',
    'unique-deliveries-grouped-by-campaign',
    'unique-deliveries-grouped-by-date',
    'successful-deliveries-grouped-by-campaign',
    'push-open-rate',
    'push-open-rate-grouped-by-campaign',
  ],
  transactional: [
    ...[
      'clicked',
      'complaint-rate',
      'with-complaints',
      'delivered',
      'delivery-rate',
      'hard-bounced',
      'opened',
      'sent',
      'soft-bounced',
      'unique-clicks',
      'unique-opens',
    ].flatMap((n) => [`txn-emails-${n}`, `txn-emails-${n}-grouped-by-date`]),
    'txn-sms-average-price-grouped-by-country',
    'txn-sms-average-price-by-parts-grouped-by-country',
    'txn-sms-delivered',
    'txn-sms-delivered-grouped-by-country',
    'txn-sms-delivered-grouped-by-date',
    'txn-sms-error-distribution',
    'txn-sms-delivery-rate',
    'txn-sms-delivery-rate-grouped-by-date',
    'txn-sms-delivered-by-parts',
    'txn-sms-delivered-by-parts-grouped-by-country',
    'txn-sms-sent-by-parts',
    'txn-sms-sent-by-parts-grouped-by-country',
    'txn-sms-sent',
    'txn-sms-sent-grouped-by-country',
    'txn-sms-sent-grouped-by-date',
    'txn-sms-total-price-grouped-by-country',
  ],
  campaign: [
    'hard-bounce-rate',
    'hard-bounce-rate-grouped-by-campaign-activity',
    'successful-delivery-rate',
    'successful-delivery-rate-grouped-by-campaign-activity',
    'successful-delivery-rate-grouped-by-date',
    'email-open-rate',
    'email-open-rate-grouped-by-campaign-activity',
    'direct-email-opens-grouped-by-campaign-activity',
    'unique-deliveries',
    'unique-deliveries-grouped-by-campaign-activity',
    'unique-deliveries-grouped-by-date',
    'clicks-grouped-by-campaign-activity',
    'successful-deliveries-grouped-by-campaign-activity',
    'attempted-deliveries-grouped-by-campaign-activity',
    'push-open-rate',
    'push-open-rate-grouped-by-campaign-activity',
    'direct-push-opens-grouped-by-campaign-activity',
    'sms-spend',
  ],
};

/** The population an application metric reads: `txn-` metrics transactional sends, others campaigns. */
export const applicationPopulation = (name: string): Population =>
  name.startsWith('txn-') ? 'transactional' : 'campaigns';

export const isKpiName = (population: Population, name: string): boolean => NAMES[population].includes(name);

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
function measure(db: Database, q: KpiQuery, group: Group, m: Measure): Map<string, number> {
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
  const rows = db.all<{ g: string; n: number }>(
    `SELECT ${column} AS g, ${COUNT[m.count]} AS n FROM pinpoint_events WHERE ${where.join(' AND ')} GROUP BY ${column}`,
    params,
  );
  return new Map(rows.map((r) => [String(r.g), Number(r.n)]));
}

/** The metric's rows, sorted by their grouping value. */
export function computeKpi(db: Database, q: KpiQuery): ResultRow[] {
  const { base, group } = split(q.name);
  const formula = BASE[q.population][base] ?? NONE;
  const values = new Map<string, number>();
  if (formula.kind === 'value') {
    for (const [g, n] of measure(db, q, group, formula.m)) if (n > 0) values.set(g, n);
  } else if (formula.kind === 'rate') {
    const num = measure(db, q, group, formula.num);
    for (const [g, d] of measure(db, q, group, formula.den)) if (d > 0) values.set(g, (num.get(g) ?? 0) / d);
  } else if (formula.kind === 'difference') {
    const minus = measure(db, q, group, formula.minus);
    for (const [g, n] of measure(db, q, group, formula.from))
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
