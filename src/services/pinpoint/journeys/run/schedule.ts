/**
 * A journey's due work is one job of the one job mechanism (src/jobs): kind `journey-pass`, key the
 * journey's id. Whatever makes work due for a journey — its activation, a resume, an update, a run
 * an event or a segment's new version starts — schedules its pass in the transaction that wrote
 * that work, so the two commit together; the pass itself (engine.ts) asks to run again at the
 * journey's next due time. One job per journey means one process works a journey at a time (the
 * job's lease) while different journeys spread over the processes of a shared database.
 */
import type { JobKind } from '../../../../jobs/kinds.js';
import type { PinpointContext, Scope } from '../../ports.js';
import type { JourneyDoc } from '../model.js';

export const PASS: JobKind = 'journey-pass';

/** Where the journey's document is (the job's key is its id). */
export interface PassPayload {
  account: string;
  region: string;
  appId: string;
}

/** Makes sure the journey's pass runs by `at` (now when not given). */
export async function schedulePass(
  c: PinpointContext,
  scope: Scope,
  appId: string,
  journeyId: string,
  at?: Date,
): Promise<void> {
  const now = c.clock();
  const payload: PassPayload = { account: scope.account, region: scope.region, appId };
  await c.jobs.schedule({ kind: PASS, key: journeyId, payload, runAt: (at ?? now).getTime() }, now.getTime());
}

/**
 * RefreshOnSegmentUpdate: a new version of a segment (UpdateSegment, an import into it) has the
 * pass of each ACTIVE journey that starts from it run now, which starts a run for the new version
 * (starts.ts). Called in the transaction that saves the version.
 */
export async function segmentVersioned(
  c: PinpointContext,
  scope: Scope,
  appId: string,
  segmentId: string,
): Promise<void> {
  for (const { doc } of await c.store.list<JourneyDoc>(scope, appId, 'journey')) {
    if (doc.State !== 'ACTIVE' || !doc.RefreshOnSegmentUpdate) continue;
    if (doc.StartCondition?.SegmentStartCondition?.SegmentId !== segmentId) continue;
    await schedulePass(c, scope, appId, doc.Id);
  }
}
