/**
 * One run of a campaign, from its segment to sent mail, resumable at any point:
 *
 * - the session is opened under the app's orchestration role with aws:SourceArn = the app's ARN;
 *   when it cannot be, every endpoint of the run fails with that reason and nothing is sent;
 * - the segment version's members are read lazily (EMAIL, ACTIVE, not opted out, each address
 *   once), split by hash into holdout and treatments, held back while in quiet time or before
 *   their local start time, capped by the Daily/Total limits, filtered by the hook, rendered and
 *   sent in batches;
 * - after each batch one transaction writes the cursor, the activities' counts, the held
 *   endpoints, the send log and the `_campaign.send` events, and the loop yields to the event
 *   loop. A crash loses at most the batch in flight, whose resends the ledger answers DUPLICATE.
 */
import { pinpointArn } from '../input.js';
import type { EndpointDoc, PinpointContext, PinpointEvent, SendOutcome } from '../ports.js';
import type { Scope } from '../store.js';
import { activityOutput, fail, newActivity, noteZone, type ActivityRecord } from './activity.js';
import { deliver, delivered, Pacer, type DeliverContext } from './deliver.js';
import { filterThroughHook } from './hook.js';
import { isValidZone, LOCAL_TIME_LEAD_MS, localStart, quietUntil } from './local-time.js';
import { DEFAULT_TREATMENT, type CampaignDoc } from './model.js';
import { planRun, type RunPlan } from './plan.js';
import { CampaignRuns, scopeOfRun, type HeldRow, type RunRow } from './runs-store.js';
import { nextRun } from './schedule.js';
import { bucketOf } from './split.js';

export interface RunDeps {
  c: PinpointContext;
  runs: CampaignRuns;
  /** True once the server is stopping: the run stops at its next batch boundary. */
  shouldStop(): boolean;
  /** Aborted when the server stops: ends a hook call in flight at once. */
  stopSignal?: AbortSignal;
  batchSize: number;
  concurrency: number;
}

const DAY_MS = 24 * 3600_000;
const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Whether Pinpoint sends email to this endpoint at all. */
export function eligible(ep: EndpointDoc): boolean {
  return (
    ep.ChannelType === 'EMAIL' &&
    typeof ep.Address === 'string' &&
    ep.Address !== '' &&
    (ep.EndpointStatus ?? 'ACTIVE') === 'ACTIVE' &&
    (ep.OptOut ?? 'NONE') === 'NONE'
  );
}

/** Thrown when the server stops in the middle of a batch: the batch is not committed. */
class Stopped extends Error {}

type Session = { ok: true; ctx: DeliverContext } | { ok: false; outcome: SendOutcome };

class Execution {
  private readonly scope: Scope;
  private events: PinpointEvent[] = [];
  private deliveredIds: string[] = [];

  constructor(
    private readonly d: RunDeps,
    private readonly run: RunRow,
    private readonly plan: RunPlan,
    private readonly acts: Map<string, ActivityRecord>,
    private readonly session: Session,
  ) {
    this.scope = scopeOfRun(run);
  }

  private act(treatmentId: string): ActivityRecord {
    return this.acts.get(treatmentId) ?? this.acts.get(DEFAULT_TREATMENT)!;
  }

  /** Whether the run should stop now: server stopping, campaign deleted or paused. */
  async interrupted(): Promise<boolean> {
    if (this.d.shouldStop()) return true;
    const now = await this.d.c.store.get<CampaignDoc>(
      this.scope,
      this.run.app_id,
      'campaign',
      this.run.campaign_id,
    );
    return !now || now.doc.IsPaused;
  }

  /** The main pass over the segment, from the cursor. Returns false when interrupted. */
  async mainPass(): Promise<boolean> {
    const { c } = this.d;
    const camp = this.plan.campaign;
    const members = await c.ports.segments.members(
      this.scope,
      this.run.app_id,
      camp.SegmentId,
      camp.SegmentVersion,
    );
    if (!members) {
      // Pinpost's wording: the segment (version) was deleted after the campaign named it.
      fail(
        this.act(DEFAULT_TREATMENT),
        `Segment ${camp.SegmentId} version ${camp.SegmentVersion} was not found`,
        0,
      );
      return true;
    }
    const only = this.run.endpoints ? new Set(JSON.parse(this.run.endpoints) as string[]) : undefined;
    const seen = new Set<string>();
    let index = 0;
    let batch: EndpointDoc[] = [];
    // `for await`: the members are read lazily, page by page, as the run goes through them.
    for await (const ep of members) {
      if (only && !only.has(ep.Id)) continue;
      if (!eligible(ep)) continue;
      const address = String(ep.Address).toLowerCase();
      if (seen.has(address)) continue;
      seen.add(address);
      index++;
      if (index <= this.run.cursor) continue;
      batch.push(ep);
      if (batch.length >= this.d.batchSize) {
        await this.mainBatch(batch, index);
        batch = [];
        if (await this.interrupted()) return false;
      }
    }
    if (batch.length) await this.mainBatch(batch, index);
    return true;
  }

  private async mainBatch(batch: EndpointDoc[], cursor: number): Promise<void> {
    const now = this.d.c.clock();
    const schedule = this.plan.campaign.Schedule;
    const groups = new Map<string, EndpointDoc[]>();
    const held: HeldRow[] = [];
    for (const ep of batch) {
      const tid = this.plan.split(bucketOf(this.run.campaign_id, ep.Id));
      if (tid === undefined) {
        this.act(DEFAULT_TREATMENT).tally.holdout++;
        continue;
      }
      const act = this.act(tid);
      const demo = ep.Demographic as { Timezone?: unknown } | undefined;
      const zone = isValidZone(demo?.Timezone) ? demo.Timezone : undefined;
      noteZone(act, zone ?? schedule.Timezone ?? 'UTC');
      let release: Date | undefined;
      if (schedule.IsLocalTime) {
        const start = localStart(
          this.plan.nominal,
          schedule.Timezone ?? 'UTC',
          zone ?? schedule.Timezone ?? 'UTC',
        );
        if (start > now) release = start;
      }
      release ??= quietUntil(this.plan.quiet, zone, now);
      if (release) {
        act.tally.held++;
        held.push({ endpoint_id: ep.Id, treatment_id: act.TreatmentId, release_at: release.toISOString() });
        continue;
      }
      const list = groups.get(act.TreatmentId) ?? [];
      list.push(ep);
      groups.set(act.TreatmentId, list);
    }
    await this.send(groups, now);
    await this.commit(async () => {
      await this.d.runs.setCursor(this.run.run_id, cursor);
      await this.d.runs.hold(this.run.run_id, held);
    });
    await yieldToLoop();
  }

  /** Sends the held endpoints whose time has come. Returns false when interrupted. */
  async heldPass(): Promise<boolean> {
    for (;;) {
      const now = this.d.c.clock();
      const rows = await this.d.runs.dueHeld(this.run.run_id, now, this.d.batchSize);
      if (rows.length === 0) return true;
      const groups = new Map<string, EndpointDoc[]>();
      for (const r of rows) {
        const ep = (
          await this.d.c.store.get<EndpointDoc>(this.scope, this.run.app_id, 'endpoint', r.endpoint_id)
        )?.doc;
        if (!ep || !eligible(ep)) continue;
        const list = groups.get(r.treatment_id) ?? [];
        list.push(ep);
        groups.set(r.treatment_id, list);
      }
      await this.send(groups, now);
      await this.commit(() =>
        this.d.runs.release(
          this.run.run_id,
          rows.map((r) => r.endpoint_id),
        ),
      );
      await yieldToLoop();
      if (await this.interrupted()) return false;
    }
  }

  private async send(groups: Map<string, EndpointDoc[]>, now: Date): Promise<void> {
    const { limits, deadline, hook } = this.plan;
    for (const [tid, list] of groups) {
      const act = this.act(tid);
      let eps = list;
      if (deadline && now > deadline) {
        act.tally.expired += eps.length;
        continue;
      }
      if (limits.Daily !== undefined || limits.Total !== undefined) {
        const counts = await this.d.runs.deliveryCounts(
          this.run,
          eps.map((e) => e.Id),
          new Date(now.getTime() - DAY_MS),
        );
        eps = eps.filter((e) => {
          const n = counts.get(e.Id);
          const capped =
            !!n &&
            ((limits.Daily !== undefined && n.recent >= limits.Daily) ||
              (limits.Total !== undefined && n.total >= limits.Total));
          if (capped) act.tally.capped++;
          return !capped;
        });
      }
      if (hook && eps.length) {
        try {
          const kept = await filterThroughHook(
            this.d.c.egress,
            hook.WebUrl,
            {
              MessageConfiguration: this.plan.treatments.get(tid)?.source.MessageConfiguration ?? {},
              ApplicationId: this.run.app_id,
              CampaignId: this.run.campaign_id,
              TreatmentId: tid,
              ActivityId: act.Id,
              ScheduledTime: this.plan.nominal.toISOString(),
              endpoints: eps,
            },
            this.d.stopSignal,
          );
          act.tally.filtered += eps.length - kept.length;
          eps = kept;
        } catch (err) {
          // Cut short by the server stopping: the batch is not committed, and runs again on resume.
          if (this.d.shouldStop()) throw new Stopped();
          act.TotalEndpointCount += eps.length;
          fail(act, message(err), eps.length);
          for (const e of eps) this.event(e, act, 'FAILURE', message(err));
          continue;
        }
      }
      act.TotalEndpointCount += eps.length;
      if (!this.session.ok) {
        fail(act, this.session.outcome.statusMessage, eps.length);
        for (const e of eps) this.event(e, act, 'FAILURE', this.session.outcome.statusMessage);
        continue;
      }
      const treatment = this.plan.treatments.get(tid) ?? this.plan.treatments.get(DEFAULT_TREATMENT)!;
      const results = await deliver(this.session.ctx, treatment, eps);
      if (this.d.shouldStop()) throw new Stopped();
      for (const r of results) {
        if (delivered(r.outcome)) {
          act.SuccessfulEndpointCount++;
          this.deliveredIds.push(r.endpoint.Id);
          this.event(r.endpoint, act, 'SUCCESS');
        } else {
          fail(act, r.outcome.statusMessage);
          this.event(r.endpoint, act, 'FAILURE', r.outcome.statusMessage);
        }
      }
    }
  }

  /**
   * `_campaign.send` (developerguide/event-streams-data-campaign.html: campaign_id,
   * campaign_activity_id, treatment_id, delivery_type, campaign_send_status). A failure's reason
   * goes in `campaign_send_status_message`, a Pinpost attribute.
   */
  private event(ep: EndpointDoc, act: ActivityRecord, status: 'SUCCESS' | 'FAILURE', reason?: string): void {
    this.events.push({
      eventType: '_campaign.send',
      timestamp: this.d.c.clock(),
      appId: this.run.app_id,
      endpointId: ep.Id,
      campaignId: this.run.campaign_id,
      treatmentId: act.TreatmentId,
      address: String(ep.Address),
      attributes: {
        campaign_id: this.run.campaign_id,
        campaign_activity_id: act.Id,
        treatment_id: act.TreatmentId,
        delivery_type: 'EMAIL',
        campaign_send_status: status,
        ...(reason !== undefined && { campaign_send_status_message: reason }),
      },
    });
  }

  /** Writes the batch's progress in one transaction with `extra`. */
  async commit(extra: () => Promise<void> = async () => undefined): Promise<void> {
    const { c, runs } = this.d;
    const events = this.events;
    const ids = this.deliveredIds;
    this.events = [];
    this.deliveredIds = [];
    const limited = this.plan.limits.Daily !== undefined || this.plan.limits.Total !== undefined;
    const committed = await c.store.transaction(async () => {
      // A campaign deleted while its batch was sending: its run and activities are gone, and stay so.
      if (!(await runs.get(this.run.run_id))) return false;
      for (const a of this.acts.values()) await runs.putActivity(this.run, a);
      await extra();
      if (limited && ids.length) await runs.logDeliveries(this.run, ids, c.clock());
      if (events.length) await c.ports.events.record(this.scope, events);
      return true;
    });
    if (committed && events.length) {
      const delivered = ids.length;
      c.metrics.campaignEndpoints.labels('delivered').inc(delivered);
      if (events.length > delivered)
        c.metrics.campaignEndpoints.labels('failed').inc(events.length - delivered);
    }
  }

  /** Ends the run: activities COMPLETED with their Result, and the next run scheduled. */
  async finish(): Promise<void> {
    const { c, runs } = this.d;
    const now = c.clock();
    let anyFailed = false;
    for (const a of this.acts.values()) {
      a.State = 'COMPLETED';
      a.End = now.toISOString();
      // FAIL when the session could not be opened, or something failed and nothing was delivered.
      const failed = !this.session.ok || (a.tally.reason !== undefined && a.SuccessfulEndpointCount === 0);
      a.Result = failed ? 'FAIL' : 'SUCCESS';
      anyFailed ||= failed;
      // Counts and AWS's reason only: no addresses or message content reach the log.
      c.log.info(
        {
          app: this.run.app_id,
          campaign: this.run.campaign_id,
          run: this.run.run_id,
          treatment: a.TreatmentId,
          result: a.Result,
          total: a.TotalEndpointCount,
          successful: a.SuccessfulEndpointCount,
          reason: a.tally.reason,
        },
        'campaign run finished',
      );
    }
    await this.commit(async () => {
      await runs.setState(this.run.run_id, 'done', now);
      const current = (
        await c.store.get<CampaignDoc>(this.scope, this.run.app_id, 'campaign', this.run.campaign_id)
      )?.doc;
      if (!current || this.run.endpoints) return;
      const next = nextRun(current.Schedule, this.plan.nominal, now);
      if (!next) return;
      const at = current.Schedule.IsLocalTime ? new Date(next.getTime() - LOCAL_TIME_LEAD_MS) : next;
      await runs.schedule(this.scope, this.run.app_id, this.run.campaign_id, current.Version, at);
    });
    (anyFailed ? c.metrics.campaignRunsFailed : c.metrics.campaignRunsCompleted).inc();
  }
}

async function openSession(d: RunDeps, run: RunRow): Promise<Session> {
  const scope = scopeOfRun(run);
  const appArn = pinpointArn(scope, `apps/${run.app_id}`);
  try {
    const opened = await d.c.ports.orchestrator.open(scope, run.app_id, appArn);
    if (!opened.ok) return { ok: false, outcome: opened.outcome };
    return {
      ok: true,
      ctx: {
        session: opened.session,
        appId: run.app_id,
        campaignId: run.campaign_id,
        runId: run.run_id,
        concurrency: d.concurrency,
        stopped: () => d.shouldStop(),
        pacer: new Pacer(undefined),
      },
    };
  } catch (err) {
    return {
      ok: false,
      outcome: { deliveryStatus: 'UNKNOWN_FAILURE', statusCode: 500, statusMessage: message(err) },
    };
  }
}

/** Loads (or, on a run's first step, creates) the run's activities, one per treatment. */
async function activitiesOf(d: RunDeps, run: RunRow, plan: RunPlan): Promise<Map<string, ActivityRecord>> {
  const stored = (await d.runs.activitiesOfRun(run.run_id)) as ActivityRecord[];
  const acts = new Map(stored.map((a) => [a.TreatmentId, a]));
  for (const tid of plan.treatments.keys())
    if (!acts.has(tid))
      acts.set(tid, newActivity(run.app_id, run.campaign_id, run.run_id, tid, plan.nominal));
  return acts;
}

/**
 * Takes a run one step: a due or interrupted run through its segment, a holding run through its
 * held endpoints that are due. Returns when the run is done, waits on held endpoints, or stops.
 */
export async function advanceRun(d: RunDeps, runId: string): Promise<void> {
  const run = await d.runs.get(runId);
  if (!run || run.state === 'done') return;
  const scope = scopeOfRun(run);
  const campaign =
    (await d.c.store.getVersion<CampaignDoc>(
      scope,
      run.app_id,
      'campaign-version',
      run.campaign_id,
      run.version,
    )) ?? (await d.c.store.get<CampaignDoc>(scope, run.app_id, 'campaign', run.campaign_id))?.doc;
  if (!campaign) {
    await d.runs.setState(run.run_id, 'done', d.c.clock());
    return;
  }
  const plan = await planRun(d.c, run, campaign);
  const acts = await activitiesOf(d, run, plan);
  if (run.state === 'due') {
    const now = d.c.clock();
    for (const a of acts.values()) {
      a.State = 'RUNNING';
      a.Start = now.toISOString();
    }
    await d.c.store.transaction(async () => {
      await d.runs.setState(run.run_id, 'executing', now);
      for (const a of acts.values()) await d.runs.putActivity(run, a);
    });
    d.c.metrics.campaignRunsStarted.inc();
    d.c.log.info(
      { app: run.app_id, campaign: run.campaign_id, run: run.run_id, treatments: acts.size },
      'campaign run started',
    );
  }
  const session = await openSession(d, run);
  // The campaign's MessagesPerSecond, never faster than the SES account's maximum send rate (the
  // email channel's MessagesPerSecond, developerguide/quotas.html).
  if (session.ok) {
    const account = (await d.c.ses.account.get(scope)).maxSendRate;
    const own = plan.limits.MessagesPerSecond;
    session.ctx.pacer = new Pacer(own === undefined ? account : Math.min(own, account));
  }
  const x = new Execution(d, run, plan, acts, session);
  try {
    if (run.state === 'due' || run.state === 'executing') {
      if (!(await x.mainPass())) return;
      if ((await d.runs.heldCount(run.run_id)) > 0) {
        await x.commit(() => d.runs.setState(run.run_id, 'holding'));
        if (!(await x.heldPass())) return;
      }
    } else if (!(await x.heldPass())) return;
  } catch (err) {
    if (err instanceof Stopped) return;
    throw err;
  }
  if ((await d.runs.heldCount(run.run_id)) > 0) return;
  await x.finish();
}

export { activityOutput };
