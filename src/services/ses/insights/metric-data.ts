/**
 * SES v2 BatchGetMetricData (APIReference-V2/API_BatchGetMetricData.html) over Pinpost's own
 * sending records (ses_sent_messages, ses_events, read only): 1–10 queries in namespace VDM, each a
 * metric between StartDate and EndDate, optionally filtered by EMAIL_IDENTITY (the identity that
 * authorized the send) and CONFIGURATION_SET, answered as one value per UTC day of the interval.
 * As the model defines the metrics, only messages with one recipient count and the mailbox
 * simulator's never do: SEND, DELIVERY, COMPLAINT, PERMANENT_BOUNCE and TRANSIENT_BOUNCE count
 * events; OPEN and CLICK count messages opened or clicked (unique), on the day of the first.
 *
 * What Pinpost cannot measure is refused, not invented: DELIVERY_OPEN and DELIVERY_CLICK count
 * deliveries of messages carrying open or click trackers, which Pinpost does not record per
 * message; DELIVERY_COMPLAINT counts deliveries to mailbox providers with a feedback loop, and the
 * ISP dimension needs the recipient's provider, neither of which Pinpost knows. Those queries are
 * BadRequestException with Pinpost's wording. Authorized on "*".
 */
import type { Database } from '../../../store/index.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { badRequest } from '../control/errors.js';
import { scopeOf } from '../control/input.js';
import type { SesScope } from '../ports.js';
import type { BatchGetMetricDataQuery, InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';

export const METRICS = [
  'SEND',
  'COMPLAINT',
  'PERMANENT_BOUNCE',
  'TRANSIENT_BOUNCE',
  'OPEN',
  'CLICK',
  'DELIVERY',
  'DELIVERY_OPEN',
  'DELIVERY_CLICK',
  'DELIVERY_COMPLAINT',
] as const;
export type Metric = (typeof METRICS)[number];
export const UNMEASURED: Partial<Record<Metric, string>> = {
  DELIVERY_OPEN: 'Pinpost does not record which messages carried open trackers',
  DELIVERY_CLICK: 'Pinpost does not record which messages carried click trackers',
  DELIVERY_COMPLAINT: "Pinpost does not know recipients' mailbox providers or their feedback loops",
};
const EVENT_OF: Record<string, string> = {
  SEND: 'SEND',
  COMPLAINT: 'COMPLAINT',
  PERMANENT_BOUNCE: 'BOUNCE',
  TRANSIENT_BOUNCE: 'BOUNCE',
  OPEN: 'OPEN',
  CLICK: 'CLICK',
  DELIVERY: 'DELIVERY',
};
export const DAY_MS = 86_400_000;
/** Pinpost's bound on one query's interval: two years of daily values. */
export const MAX_DAYS = 731;

interface Query {
  Id: string;
  Metric: Metric;
  identity?: string;
  configurationSet?: string;
  start: number;
  end: number;
}

/**
 * A query's own checks, once authorized (the model's, Id to EndDate, came before): what Pinpost
 * cannot measure, and an interval it will not count.
 */
function readQuery(q: BatchGetMetricDataQuery): Query {
  const id = q.Id;
  const why = UNMEASURED[q.Metric];
  if (why) throw badRequest(`Metric \`${q.Metric}\` of query \`${id}\` is not available: ${why}.`);
  const dims = q.Dimensions ?? {};
  for (const name of Object.keys(dims)) {
    if (name === 'ISP')
      throw badRequest(
        `Dimension \`ISP\` of query \`${id}\` is not available: Pinpost does not know recipients' mailbox providers.`,
      );
    if (name !== 'EMAIL_IDENTITY' && name !== 'CONFIGURATION_SET')
      throw badRequest(
        `Dimension \`${name}\` of query \`${id}\` is not one of EMAIL_IDENTITY, CONFIGURATION_SET, ISP.`,
      );
  }
  const start = q.StartDate.getTime();
  const end = q.EndDate.getTime();
  if (end <= start) throw badRequest(`Query \`${id}\`: EndDate must be after StartDate.`);
  if ((end - start) / DAY_MS > MAX_DAYS)
    throw badRequest(`Query \`${id}\`: the interval is longer than ${MAX_DAYS} days.`);
  return {
    Id: id,
    Metric: q.Metric,
    identity: dims.EMAIL_IDENTITY,
    configurationSet: dims.CONFIGURATION_SET,
    start,
    end,
  };
}

interface Row {
  message_id: string;
  event_type: string;
  at: number;
  detail: string;
  mail: string;
  configuration_set: string | null;
}

/** A metric's query: which metric, filtered how, over which interval (epoch ms). */
export type MetricQuery = Omit<Query, 'Id'>;

/**
 * One value per UTC day of the query's interval, counted from Pinpost's sending records (the
 * module comment says how); SES v2 export jobs (control/v2-export-jobs.ts) read the same values.
 */
export async function dailyValues(
  db: Database,
  scope: SesScope,
  q: MetricQuery,
): Promise<{ timestamps: Date[]; values: number[] }> {
  // The mailbox simulator's messages count no recipient (m.counted) and their events none.
  const rows = await db.all<Row>(
    `SELECT e.message_id, e.event_type, e.at, e.detail, m.mail, m.configuration_set
     FROM ses_events e JOIN ses_sent_messages m ON m.message_id = e.message_id
     WHERE e.account = ? AND e.region = ? AND e.event_type = ? AND e.counted = 1 AND m.counted > 0 AND e.at >= ? AND e.at < ?
     ORDER BY e.at`,
    [scope.account, scope.region, EVENT_OF[q.Metric], q.start, q.end],
  );
  const firstDay = Math.floor(q.start / DAY_MS);
  const days = Math.ceil(q.end / DAY_MS) - firstDay;
  const values = new Array<number>(days).fill(0);
  const seen = new Set<string>();
  for (const r of rows) {
    const mail = JSON.parse(r.mail) as { destination: string[]; sourceArn: string };
    if (mail.destination.length !== 1) continue;
    if (q.configurationSet !== undefined && r.configuration_set !== q.configurationSet) continue;
    if (q.identity !== undefined && mail.sourceArn.slice(mail.sourceArn.indexOf('/') + 1) !== q.identity)
      continue;
    if (q.Metric === 'PERMANENT_BOUNCE' || q.Metric === 'TRANSIENT_BOUNCE') {
      const type = (JSON.parse(r.detail) as { bounce?: { bounceType?: string } }).bounce?.bounceType;
      if (type !== (q.Metric === 'PERMANENT_BOUNCE' ? 'Permanent' : 'Transient')) continue;
    }
    if (q.Metric === 'OPEN' || q.Metric === 'CLICK') {
      if (seen.has(r.message_id)) continue;
      seen.add(r.message_id);
    }
    values[Math.floor(Number(r.at) / DAY_MS) - firstDay]++;
  }
  return { timestamps: values.map((_, n) => new Date((firstDay + n) * DAY_MS)), values };
}

export function metricDataOperation(db: Database): OperationSpec {
  return defineOperation<InputOf<'BatchGetMetricData'>, OutputOf<'BatchGetMetricData'>>({
    name: 'BatchGetMetricData',
    action: 'ses:BatchGetMetricData',
    resources: () => ['*'],
    async handler(i, ctx) {
      const queries = i.Queries.map(readQuery);
      const scope = scopeOf(ctx);
      const Results = [];
      for (const q of queries) {
        const { timestamps, values } = await dailyValues(db, scope, q);
        Results.push({ Id: q.Id, Timestamps: timestamps, Values: values });
      }
      return { Results, Errors: [] };
    },
  });
}
