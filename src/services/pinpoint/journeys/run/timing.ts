/**
 * When an endpoint that arrives at an activity may move on: a Wait at the end of its WaitTime
 * (WaitFor, an ISO 8601 duration from arrival, or WaitUntil, an instant; at once when that has
 * passed), a ConditionalSplit or MultiCondition after its EvaluationWaitTime (pinpoint/2016-12-01
 * ConditionalSplitActivity: "The amount of time to wait before determining whether the conditions
 * are met, or the date and time when Amazon Pinpoint determines whether the conditions are met"),
 * every other activity at once.
 */
import { parseInstant } from '../../campaigns/write-request.js';
import { addDuration, parseDuration } from '../duration.js';
import type { Activity, WaitTime } from '../model.js';

function after(w: WaitTime | undefined, now: Date): Date {
  if (w?.WaitFor !== undefined) {
    const d = parseDuration(w.WaitFor);
    return d ? addDuration(now, d) : now;
  }
  if (w?.WaitUntil !== undefined) {
    const until = parseInstant(w.WaitUntil);
    return until && until > now ? until : now;
  }
  return now;
}

export function arrival(a: Activity | undefined, now: Date): Date {
  if (a?.Wait) return after(a.Wait.WaitTime, now);
  if (a?.ConditionalSplit) return after(a.ConditionalSplit.EvaluationWaitTime, now);
  if (a?.MultiCondition) return after(a.MultiCondition.EvaluationWaitTime, now);
  return now;
}
