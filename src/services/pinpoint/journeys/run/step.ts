/**
 * One step of a journey: a batch of endpoints that are due at one activity of one run do what the
 * activity does, and move on (to the activity it names next, due when that activity says —
 * timing.ts — or out of the journey when it names none). EMAIL sends (sender.ts), Wait moves on at
 * its end, ConditionalSplit and MultiCondition decide their conditions (conditions.ts), RandomSplit
 * and Holdout split by a hash of the journey, activity and endpoint ids (the same after a restart).
 *
 * The batch commits in one transaction: the moves, the counters, the `_journey.send` events and
 * the send log. A crash before it loses the batch, which runs again; its sends are then answered
 * DUPLICATE by the ledger and nobody gets a message twice.
 */
import type { EndpointDoc, PinpointContext, PinpointEvent, SendOutcome } from '../../ports.js';
import { delivered, type Pacer } from '../../campaigns/deliver.js';
import { eligible } from '../../campaigns/run.js';
import { bucketOf } from '../../campaigns/split.js';
import { activityKind, type Activity, type JourneyDoc } from '../model.js';
import { meeting, meetingAll, type ConditionContext } from './conditions.js';
import { endpointsById } from '../../endpoints-by-id.js';
import type { JourneyPlaces, Move, PlaceRow } from './places-store.js';
import { bump, JOURNEY, scopeOfRun, type JourneyRuns, type RunRow, type Tally } from './runs-store.js';
import { sendBatch, type EmailPlan, type Target } from './sender.js';
import { arrival } from './timing.js';
import { sendGate } from './gate.js';

export type Session =
  | { ok: true; session: import('../../ports.js').EmailSession; pacer: Pacer }
  | { ok: false; outcome: SendOutcome };

export interface StepDeps {
  c: PinpointContext;
  runs: JourneyRuns;
  places: JourneyPlaces;
  concurrency: number;
  shouldStop(): boolean;
  /** The run's sending session, opened once per pass. */
  session(run: RunRow): Promise<Session>;
  /** An EMAIL activity's compiled message, once per pass. */
  plan(run: RunRow, journey: JourneyDoc, activityId: string): Promise<EmailPlan>;
  /** A segment's members now, once per pass. */
  members(run: RunRow, segmentId: string): Promise<Set<string>>;
}

/** Thrown when the server stops in the middle of a batch: the batch is not committed. */
export class Stopped extends Error {}

/**
 * Activity metric names (GetJourneyExecutionActivityMetrics). developerguide
 * analytics-standard-metrics.html, "Journey activity execution metrics": multivariate and random
 * splits count each path as `Branch_#` (from 1), and a random split its whole as `TOTAL`. An EMAIL
 * activity counts its sends as SUCCESS and each failure under its DeliveryStatus
 * (PERMANENT_FAILURE, TEMPORARY_FAILURE, THROTTLED, UNKNOWN_FAILURE, OPT_OUT), as Pinpoint's message
 * results name them. The public copies of that page omit the keys of the yes/no split, holdout,
 * email and wait rows; for those, the names below are Pinpost's.
 */
export const METRIC = {
  sent: 'SUCCESS',
  waited: 'WAIT_COMPLETED',
  yes: 'YES',
  no: 'NO',
  branch: (i: number) => `Branch_${i + 1}`,
  total: 'TOTAL',
  otherwise: 'DEFAULT',
  heldOut: 'HOLDOUT',
  passed: 'CONTINUED',
  inactive: 'ENDPOINT_INACTIVE',
} as const;

/** `_journey.send` (developerguide/event-streams-data-journey.html, its sample's attributes). */
function journeySend(
  run: RunRow,
  activityId: string,
  ep: EndpointDoc,
  at: Date,
  outcome: SendOutcome | undefined,
): PinpointEvent {
  const ok = !outcome || delivered(outcome);
  return {
    eventType: '_journey.send',
    timestamp: at,
    appId: run.app_id,
    endpointId: ep.Id,
    address: typeof ep.Address === 'string' ? ep.Address : undefined,
    attributes: {
      journey_run_id: run.run_id,
      journey_send_status: ok ? 'SUCCESS' : 'FAILURE',
      journey_id: run.journey_id,
      journey_activity_id: activityId,
      journey_activity_type: 'EMAIL',
      journey_send_status_message: ok ? '200' : outcome.statusMessage,
      journey_send_status_code: ok ? '200' : String(outcome.statusCode),
    },
  };
}

class Batch {
  readonly tally: Tally = new Map();
  readonly moves: Move[] = [];
  readonly events: PinpointEvent[] = [];
  readonly sent: string[] = [];
  constructor(
    readonly journey: JourneyDoc,
    readonly activityId: string,
    readonly now: Date,
  ) {}

  /** Moves a place on to `next` (out of the journey when there is no such activity). */
  to(p: PlaceRow, next: string | undefined): void {
    const acts = this.journey.Activities ?? {};
    if (next !== undefined && Object.hasOwn(acts, next)) {
      this.moves.push({ place: p, activity: next, due: arrival(acts[next], this.now) });
      return;
    }
    this.moves.push({ place: p });
    bump(this.tally, JOURNEY, 'ENDPOINT_LEFT');
  }

  count(metric: string, n = 1): void {
    bump(this.tally, this.activityId, metric, n);
  }
}

const docsOf = async (d: StepDeps, run: RunRow, places: PlaceRow[]) => {
  const found = await endpointsById(
    d.c,
    scopeOfRun(run),
    run.app_id,
    places.map((p) => p.endpoint_id),
  );
  return places.map(
    (p) => found.get(p.endpoint_id) ?? ({ Id: p.endpoint_id, CohortId: '', CreationDate: '' } as EndpointDoc),
  );
};

async function email(d: StepDeps, run: RunRow, b: Batch, next: string | undefined, places: PlaceRow[]) {
  const docs = await docsOf(d, run, places);
  const gate = await sendGate(d.c, run, b.journey, b.now, docs);
  const targets: { place: PlaceRow; target: Target }[] = [];
  for (let i = 0; i < places.length; i++) {
    const ep = docs[i];
    if (!eligible(ep)) {
      b.count((ep.OptOut ?? 'NONE') !== 'NONE' ? 'OPT_OUT' : METRIC.inactive);
      b.to(places[i], next);
      continue;
    }
    const verdict = gate.check(ep);
    if (verdict && 'skip' in verdict) {
      b.count(verdict.skip);
      b.to(places[i], next);
      continue;
    }
    if (verdict) {
      b.moves.push({ place: places[i], activity: b.activityId, due: verdict.hold });
      continue;
    }
    targets.push({ place: places[i], target: { endpoint: ep, entry: places[i].entry } });
  }
  if (targets.length === 0) return;
  const session = await d.session(run);
  let outcomes: (SendOutcome | undefined)[];
  if (!session.ok) outcomes = targets.map(() => session.outcome);
  else {
    outcomes = await sendBatch(
      {
        session: session.session,
        plan: await d.plan(run, b.journey, b.activityId),
        appId: run.app_id,
        journeyId: run.journey_id,
        runId: run.run_id,
        activityId: b.activityId,
        concurrency: d.concurrency,
        pacer: session.pacer,
        // Paused, cancelled or deleted meanwhile: no further send starts.
        stopped: async () => d.shouldStop() || (await halted(d, run)),
      },
      targets.map((t) => t.target),
    );
    if (d.shouldStop()) throw new Stopped();
  }
  for (let i = 0; i < targets.length; i++) {
    const o = outcomes[i];
    // Not started (the journey was halted): the place stays where it is.
    if (!o) continue;
    const { place, target } = targets[i];
    if (delivered(o)) {
      b.count(METRIC.sent);
      b.sent.push(target.endpoint.Id);
      b.events.push(journeySend(run, b.activityId, target.endpoint, b.now, undefined));
    } else {
      b.count(o.deliveryStatus);
      b.events.push(journeySend(run, b.activityId, target.endpoint, b.now, o));
    }
    b.to(place, next);
  }
}

/** Whether the run may no longer move: paused, cancelled or deleted since its batch was read. */
async function halted(d: StepDeps, run: RunRow): Promise<boolean> {
  const now = await d.runs.get(run.run_id);
  return !now || now.status !== 'RUNNING' || now.paused === 1;
}

const bucket = (run: RunRow, activityId: string, endpointId: string) =>
  bucketOf(`${run.journey_id}/${activityId}`, endpointId);

async function decide(d: StepDeps, run: RunRow, b: Batch, a: Activity, places: PlaceRow[]): Promise<void> {
  const x: ConditionContext = {
    db: d.c.db,
    account: run.account,
    region: run.region,
    appId: run.app_id,
    journeyId: run.journey_id,
    runId: run.run_id,
    runStart: new Date(run.start_at),
    now: b.now,
    members: (segmentId) => d.members(run, segmentId),
  };
  if (a.ConditionalSplit) {
    const s = a.ConditionalSplit;
    const docs = await docsOf(d, run, places);
    const yes = await meetingAll(x, s.Condition?.Conditions ?? [], s.Condition?.Operator, docs);
    for (const p of places) {
      const met = yes.has(p.endpoint_id);
      b.count(met ? METRIC.yes : METRIC.no);
      b.to(p, met ? s.TrueActivity : s.FalseActivity);
    }
    return;
  }
  if (a.MultiCondition) {
    const m = a.MultiCondition;
    let left = await docsOf(d, run, places);
    const byId = new Map(places.map((p) => [p.endpoint_id, p]));
    for (const [i, branch] of (m.Branches ?? []).entries()) {
      if (!branch.Condition || left.length === 0) continue;
      const met = await meeting(x, branch.Condition, left);
      for (const ep of left.filter((e) => met.has(e.Id))) {
        b.count(METRIC.branch(i));
        b.to(byId.get(ep.Id)!, branch.NextActivity);
      }
      left = left.filter((e) => !met.has(e.Id));
    }
    for (const ep of left) {
      b.count(METRIC.otherwise);
      b.to(byId.get(ep.Id)!, m.DefaultActivity);
    }
    return;
  }
  if (a.RandomSplit) {
    const branches = a.RandomSplit.Branches ?? [];
    b.count(METRIC.total, places.length);
    for (const p of places) {
      const n = bucket(run, b.activityId, p.endpoint_id);
      let edge = 0;
      const i = branches.findIndex((br) => n < (edge += br.Percentage ?? 0));
      b.count(METRIC.branch(i < 0 ? branches.length - 1 : i));
      b.to(p, branches[i < 0 ? branches.length - 1 : i]?.NextActivity);
    }
    return;
  }
  if (a.Holdout) {
    for (const p of places) {
      if (bucket(run, b.activityId, p.endpoint_id) < a.Holdout.Percentage) {
        b.count(METRIC.heldOut);
        b.to(p, undefined);
      } else {
        b.count(METRIC.passed);
        b.to(p, a.Holdout.NextActivity);
      }
    }
  }
}

/** Takes one batch of places (one run, one activity) a step; throws Stopped when interrupted. */
export async function step(d: StepDeps, run: RunRow, journey: JourneyDoc, places: PlaceRow[]): Promise<void> {
  const activityId = places[0].activity;
  const a = journey.Activities?.[activityId];
  const b = new Batch(journey, activityId, d.c.clock());
  const kind = a && activityKind(a);
  if (a && kind === 'EMAIL') {
    // A journey's TimeframeCap counts the sends of every journey of its app (capped or not), and
    // journeys run side by side, in this process or another: their check, send and logging take
    // turns per app, or two could each read the log before the other's send is in it and both
    // send past the cap. One journey's batches already run one at a time.
    const lock = `journey-timeframe-cap:${run.account}:${run.region}:${run.app_id}`;
    await d.c.db.exclusive(lock, async () => {
      await email(d, run, b, a.EMAIL!.NextActivity, places);
      await commit(d, run, b);
    });
    return;
  }
  if (!a || !kind) for (const p of places) b.to(p, undefined);
  else if (kind === 'Wait') {
    b.count(METRIC.waited, places.length);
    for (const p of places) b.to(p, a.Wait!.NextActivity);
  } else if (
    kind === 'ConditionalSplit' ||
    kind === 'MultiCondition' ||
    kind === 'RandomSplit' ||
    kind === 'Holdout'
  )
    await decide(d, run, b, a, places);
  // SMS, PUSH, CUSTOM and ContactCenter never run: a journey using them cannot be activated.
  else for (const p of places) b.to(p, (a[kind] as { NextActivity?: string }).NextActivity);
  await commit(d, run, b);
}

async function commit(d: StepDeps, run: RunRow, b: Batch): Promise<void> {
  const { c, runs, places } = d;
  await c.store.transaction(async () => {
    // A journey deleted while its batch was in flight: its runs and places are gone, and stay so.
    if (!(await runs.touch(run.run_id, b.now))) return;
    await runs.add(run, b.tally);
    await places.move(b.moves);
    // Every send is logged: the caps count them, TimeframeCap across the app's journeys.
    for (const id of b.sent)
      await c.db.run(
        'INSERT INTO pinpoint_journey_sends (account, region, app_id, journey_id, endpoint_id, sent_at) VALUES (?, ?, ?, ?, ?, ?)',
        [run.account, run.region, run.app_id, run.journey_id, id, b.now.toISOString()],
      );
    if (b.events.length) await c.ports.events.record(scopeOfRun(run), b.events);
  });
}
