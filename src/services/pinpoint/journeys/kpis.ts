/**
 * Journey engagement metrics (developerguide/analytics-standard-metrics.html, "Journey engagement
 * metrics"): each kpi-name the page lists, with its formula as its description states it, computed
 * from the event log (the `_email.*` events whose journey_id is the journey's). Rows are shaped as
 * analytics/kpis.ts shapes campaign metrics: a Values entry named after the metric
 * (`journey-emails-sent` → `JourneyEmailsSent`), a GroupedBys entry `JourneyActivityId` for the
 * `-grouped-by-journey-activity` metrics, and no rows at all when there is no data.
 *
 * Activity grouping reads the events' `run_id` column, which the event log fills from the
 * attribution's activity (`campaign_activity_id`): the part that sends a journey's email attributes
 * each message to its journey activity there (Attribution.activityId), or replaces this query.
 */
import type { ResultRow } from '../analytics/kpis.js';
import type { Database } from '../../../store/index.js';
import type { Scope } from '../ports.js';

interface Measure {
  types: string[];
  count: 'events' | 'messages';
}

type Formula = { kind: 'value'; m: Measure } | { kind: 'difference'; from: Measure; minus: Measure };

const messages = (...types: string[]): Measure => ({ types, count: 'messages' });
const events = (...types: string[]): Measure => ({ types, count: 'events' });
const SENT = messages('_email.send');

/** Each metric's formula, from its description on the standard-metrics page. */
const FORMULAS: Record<string, Formula> = {
  // "If a single participant clicked multiple links … each click is included in the count."
  clicked: { kind: 'value', m: events('_email.click') },
  complained: { kind: 'value', m: messages('_email.complaint') },
  // "the number of messages that were sent, minus the number of messages that couldn't be delivered
  // due to a soft or hard bounce, or because they were rejected"
  delivered: {
    kind: 'difference',
    from: SENT,
    minus: messages('_email.softbounce', '_email.hardbounce', '_email.rejected'),
  },
  hardbounced: { kind: 'value', m: messages('_email.hardbounce') },
  opened: { kind: 'value', m: messages('_email.open') },
  rejected: { kind: 'value', m: messages('_email.rejected') },
  sent: { kind: 'value', m: SENT },
  softbounced: { kind: 'value', m: messages('_email.softbounce') },
  // "If a single participant clicked the same unsubscribe link more than once, each click is included"
  unsubscribed: { kind: 'value', m: events('_email.unsubscribe') },
};

const GROUPED = '-grouped-by-journey-activity';

/** The metric a kpi-name asks for, or undefined when the page lists no such journey metric. */
function parse(name: string): { base: string; grouped: boolean } | undefined {
  let m = /^journey-emails-([a-z]+)$/.exec(name);
  if (m && FORMULAS[m[1]]) return { base: m[1], grouped: false };
  m = /^emails-([a-z]+)-grouped-by-journey-activity$/.exec(name);
  if (m && FORMULAS[m[1]]) return { base: m[1], grouped: true };
  return undefined;
}

export const isJourneyKpiName = (name: string): boolean => parse(name) !== undefined;

/** Every journey kpi-name, as the page lists them. */
export const JOURNEY_KPI_NAMES = Object.keys(FORMULAS).flatMap((b) => [
  `journey-emails-${b}`,
  `emails-${b}${GROUPED}`,
]);

export interface JourneyKpi {
  scope: Scope;
  appId: string;
  journeyId: string;
  name: string;
  start: Date;
  end: Date;
}

async function measure(
  db: Database,
  q: JourneyKpi,
  grouped: boolean,
  m: Measure,
): Promise<Map<string, number>> {
  const count = m.count === 'events' ? 'COUNT(*)' : 'COUNT(DISTINCT message_id)';
  // Ungrouped: one total row (its count 0 when nothing matched; PostgreSQL refuses `GROUP BY ''`).
  const [group, by] = grouped ? ['run_id', ' AND run_id IS NOT NULL GROUP BY run_id'] : ["''", ''];
  const rows = await db.all<{ g: string; n: number }>(
    `SELECT ${group} AS g, ${count} AS n FROM pinpoint_events
     WHERE account = ? AND region = ? AND app_id = ? AND journey_id = ? AND at >= ? AND at <= ?
       AND event_type IN (${m.types.map(() => '?').join(', ')})${by}`,
    [q.scope.account, q.scope.region, q.appId, q.journeyId, q.start.getTime(), q.end.getTime(), ...m.types],
  );
  return new Map(rows.map((r) => [String(r.g), Number(r.n)]));
}

/** A Double as Pinpoint writes it: `1368.0`. */
const double = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : String(n));

const pascal = (s: string) =>
  s
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

/** The metric's rows, sorted by activity id; none when nothing was counted. */
export async function journeyKpi(db: Database, q: JourneyKpi): Promise<ResultRow[]> {
  const metric = parse(q.name);
  if (!metric) return [];
  const formula = FORMULAS[metric.base];
  const values = new Map<string, number>();
  if (formula.kind === 'value') {
    for (const [g, n] of await measure(db, q, metric.grouped, formula.m)) if (n > 0) values.set(g, n);
  } else {
    const minus = await measure(db, q, metric.grouped, formula.minus);
    for (const [g, n] of await measure(db, q, metric.grouped, formula.from))
      if (n > 0) values.set(g, Math.max(0, n - (minus.get(g) ?? 0)));
  }
  const key = pascal(metric.grouped ? `emails-${metric.base}` : `journey-emails-${metric.base}`);
  return [...values.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([g, n]) => ({
      ...(metric.grouped ? { GroupedBys: [{ Key: 'JourneyActivityId', Type: 'String', Value: g }] } : {}),
      Values: [{ Key: key, Type: 'Double', Value: double(n) }],
    }));
}
