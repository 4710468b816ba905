/**
 * The conditions of ConditionalSplit and MultiCondition activities, decided for a batch of
 * endpoints at once (pinpoint/2016-12-01 SimpleCondition):
 *
 * - EventCondition (API reference apps-application-id-journeys.html, "EventCondition",
 *   "EventDimensions"): with MessageActivity, an event of the message that activity sent this
 *   endpoint in this run (`_email.open`, `_email.click`, …); without it, an event the app recorded
 *   for the endpoint (PutEvents; not the engine's own journey or campaign events) since the run
 *   started — Pinpost's reading, as the model lets MessageActivity be omitted and AWS documents no
 *   other source. The event has to be of one of Dimensions.EventType's Values and match its
 *   Attributes and Metrics (event-dimensions.ts, the matcher EVENT campaigns use), recorded by the
 *   time of the evaluation. INCLUSIVE: such an event happened, EXCLUSIVE: none did. One query per
 *   batch: the event type, time, and INCLUSIVE attributes narrow it in SQL; the matcher decides on
 *   the rows it returns, metrics included (a JSON number is text to PostgreSQL's `#>>`, so a
 *   comparison in SQL would be one of strings there).
 * - SegmentCondition: the endpoint is a member of the segment (its latest version) now.
 * - SegmentDimensions: the endpoint matches the dimensions (segments/predicate.ts).
 *
 * Condition.Operator ALL needs every condition, ANY one of them (ALL when not given).
 */
import type { Database, SqlValue } from '../../../../store/index.js';
import { compileEventDimensions, type EventDimensionsDoc, type EventFacts } from '../../event-dimensions.js';
import type { EndpointDoc } from '../../ports.js';
import { compileDimensions } from '../../segments/predicate.js';
import type { SimpleCondition } from '../model.js';

export interface ConditionContext {
  db: Database;
  account: string;
  region: string;
  appId: string;
  journeyId: string;
  runId: string;
  /** When the run started: the earliest app event a condition without MessageActivity counts. */
  runStart: Date;
  now: Date;
  /** The members of a segment (ids), read once per pass. */
  members(segmentId: string): Promise<Set<string>>;
}

const CHUNK = 400;

/**
 * SQL that narrows the rows to events that may match the INCLUSIVE attribute dimensions: a
 * superset of the matcher's, never more exact (the matcher decides). A name that a JSON path
 * would need to quote (both engines read `$.a.b` their own way) is left to the matcher.
 */
function narrowing(db: Database, d: EventDimensionsDoc): { sql: string; params: SqlValue[] } {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  const plain = (name: string) => /^[A-Za-z0-9_-]+$/.test(name);
  for (const [name, a] of Object.entries(d.Attributes ?? {})) {
    if ((a.AttributeType ?? 'INCLUSIVE') !== 'INCLUSIVE' || !plain(name) || !Array.isArray(a.Values))
      continue;
    parts.push(`${db.dialect.jsonText('doc', '?')} IN (${a.Values.map(() => '?').join(', ') || 'NULL'})`);
    params.push(`$.attributes.${name}`, ...a.Values);
  }
  return { sql: parts.map((p) => `AND ${p}`).join(' '), params };
}

async function hadEvent(
  x: ConditionContext,
  activity: string | undefined,
  dims: EventDimensionsDoc,
  ids: string[],
): Promise<Set<string>> {
  const out = new Set<string>();
  const types = dims.EventType?.Values ?? [];
  const detailed = Object.keys(dims.Attributes ?? {}).length + Object.keys(dims.Metrics ?? {}).length > 0;
  // EventType is decided in SQL; the matcher sees only the attribute and metric dimensions.
  const match = detailed
    ? compileEventDimensions({ Attributes: dims.Attributes, Metrics: dims.Metrics })
    : undefined;
  const narrow = detailed ? narrowing(x.db, dims) : { sql: '', params: [] };
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    const inPart = `endpoint_id IN (${part.map(() => '?').join(', ')})`;
    // No EventType values: any event (of the message: the journey's own `_journey.send` is not one).
    const typed = types.length
      ? `AND event_type IN (${types.map(() => '?').join(', ')})`
      : `AND event_type <> '_journey.send'`;
    const [where, params] = activity
      ? [
          `journey_id = ? AND ${inPart} AND run_id = ?
             AND ${x.db.dialect.jsonText('doc', "'$.attributes.journey_run_id'")} = ?`,
          [x.journeyId, ...part, activity, x.runId],
        ]
      : [
          `account = ? AND region = ? AND app_id = ? AND at >= ? AND ${inPart}
             AND journey_id IS NULL AND campaign_id IS NULL`,
          [x.account, x.region, x.appId, x.runStart.getTime(), ...part],
        ];
    const sql = `SELECT ${match ? 'endpoint_id, doc' : 'DISTINCT endpoint_id'} FROM pinpoint_events
       WHERE ${where} ${typed} AND at <= ? ${narrow.sql}`;
    const rows = await x.db.all<{ endpoint_id: string; doc?: string }>(sql, [
      ...params,
      ...types,
      x.now.getTime(),
      ...narrow.params,
    ]);
    for (const r of rows) {
      if (out.has(r.endpoint_id)) continue;
      if (!match || match(JSON.parse(r.doc!) as EventFacts)) out.add(r.endpoint_id);
    }
  }
  return out;
}

/** The ids of `endpoints` that meet one condition. */
export async function meeting(
  x: ConditionContext,
  c: SimpleCondition,
  endpoints: EndpointDoc[],
): Promise<Set<string>> {
  const ids = endpoints.map((e) => e.Id);
  if (c.EventCondition) {
    const dims = c.EventCondition.Dimensions ?? {};
    const had = await hadEvent(x, c.EventCondition.MessageActivity, dims, ids);
    return dims.EventType?.DimensionType === 'EXCLUSIVE' ? new Set(ids.filter((id) => !had.has(id))) : had;
  }
  if (c.SegmentCondition) {
    const members = await x.members(c.SegmentCondition.SegmentId);
    return new Set(ids.filter((id) => members.has(id)));
  }
  if (c.segmentDimensions) {
    const test = compileDimensions(c.segmentDimensions, x.now);
    return new Set(endpoints.filter(test).map((e) => e.Id));
  }
  return new Set();
}

/** The ids of `endpoints` that meet the conditions combined by `operator`. */
export async function meetingAll(
  x: ConditionContext,
  conditions: SimpleCondition[],
  operator: 'ALL' | 'ANY' | undefined,
  endpoints: EndpointDoc[],
): Promise<Set<string>> {
  const sets: Set<string>[] = [];
  for (const c of conditions) sets.push(await meeting(x, c, endpoints));
  const ids = endpoints.map((e) => e.Id);
  if (operator === 'ANY') return new Set(ids.filter((id) => sets.some((s) => s.has(id))));
  return new Set(ids.filter((id) => sets.every((s) => s.has(id))));
}
