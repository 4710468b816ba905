/**
 * The conditions of ConditionalSplit and MultiCondition activities, decided for a batch of
 * endpoints at once (pinpoint/2016-12-01 SimpleCondition):
 *
 * - EventCondition: an event of the message that a prior activity (MessageActivity) sent this
 *   endpoint in this run, of one of Dimensions.EventType's Values (`_email.open`, `_email.click`,
 *   …; INCLUSIVE: such an event happened, EXCLUSIVE: none did), recorded by the time of the
 *   evaluation. One query per batch, over the event log's journey index.
 * - SegmentCondition: the endpoint is a member of the segment (its latest version) now.
 * - SegmentDimensions: the endpoint matches the dimensions (segments/predicate.ts).
 *
 * Condition.Operator ALL needs every condition, ANY one of them (ALL when not given).
 */
import type { Database } from '../../../../store/index.js';
import type { EndpointDoc } from '../../ports.js';
import { compileDimensions } from '../../segments/predicate.js';
import type { SimpleCondition } from '../model.js';

export interface ConditionContext {
  db: Database;
  journeyId: string;
  runId: string;
  now: Date;
  /** The members of a segment (ids), read once per pass. */
  members(segmentId: string): Set<string>;
}

const CHUNK = 400;

function hadEvent(x: ConditionContext, activity: string, types: string[], ids: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    // No EventType values: any event of the message (the journey's own `_journey.send` is not one).
    const typed = types.length
      ? `AND event_type IN (${types.map(() => '?').join(', ')})`
      : `AND event_type <> '_journey.send'`;
    const rows = x.db.all<{ endpoint_id: string }>(
      `SELECT DISTINCT endpoint_id FROM pinpoint_events WHERE journey_id = ?
         AND endpoint_id IN (${part.map(() => '?').join(', ')}) AND run_id = ? ${typed} AND at <= ?
         AND json_extract(doc, '$.attributes.journey_run_id') = ?`,
      [x.journeyId, ...part, activity, ...types, x.now.getTime(), x.runId],
    );
    for (const r of rows) out.add(r.endpoint_id);
  }
  return out;
}

/** The ids of `endpoints` that meet one condition. */
export function meeting(x: ConditionContext, c: SimpleCondition, endpoints: EndpointDoc[]): Set<string> {
  const ids = endpoints.map((e) => e.Id);
  if (c.EventCondition) {
    const dim = c.EventCondition.Dimensions?.EventType;
    const had = hadEvent(x, c.EventCondition.MessageActivity ?? '', dim?.Values ?? [], ids);
    return dim?.DimensionType === 'EXCLUSIVE' ? new Set(ids.filter((id) => !had.has(id))) : had;
  }
  if (c.SegmentCondition) {
    const members = x.members(c.SegmentCondition.SegmentId);
    return new Set(ids.filter((id) => members.has(id)));
  }
  if (c.segmentDimensions) {
    const test = compileDimensions(c.segmentDimensions, x.now);
    return new Set(endpoints.filter(test).map((e) => e.Id));
  }
  return new Set();
}

/** The ids of `endpoints` that meet the conditions combined by `operator`. */
export function meetingAll(
  x: ConditionContext,
  conditions: SimpleCondition[],
  operator: 'ALL' | 'ANY' | undefined,
  endpoints: EndpointDoc[],
): Set<string> {
  const sets = conditions.map((c) => meeting(x, c, endpoints));
  const ids = endpoints.map((e) => e.Id);
  if (operator === 'ANY') return new Set(ids.filter((id) => sets.some((s) => s.has(id))));
  return new Set(ids.filter((id) => sets.every((s) => s.has(id))));
}
