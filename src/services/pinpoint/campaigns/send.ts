/**
 * What one slice of a run does with its endpoints (a batch of the segment, or held endpoints whose
 * time came), and what it counts: split by hash into holdout and treatments, held back while in
 * quiet time or before their local start time, capped by the Daily/Total limits, filtered by the
 * hook, rendered and sent through the run's session. The counts are records started at zero; the
 * job adds them to the stored activities when it commits (progress.ts), together with the held
 * endpoints, the send log and the `_campaign.send` events collected here.
 */
import type { EndpointDoc, PinpointContext, PinpointEvent } from '../ports.js';
import { fail, newActivity, noteZone, type ActivityRecord } from './activity.js';
import { deliver, delivered, type DeliverContext } from './deliver.js';
import { filterThroughHook } from './hook.js';
import { isValidZone, localStart, quietUntil } from './local-time.js';
import { DEFAULT_TREATMENT } from './model.js';
import type { RunResources } from './resources.js';
import type { CampaignRuns, HeldRow, RunRow } from './runs-store.js';
import { bucketOf } from './split.js';

const DAY_MS = 24 * 3600_000;
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Thrown when the job must stop in the middle of its sending: nothing of it is committed. */
export class Stopped extends Error {}

/** What a slice commits: its counts per treatment, held endpoints, events and delivered endpoints. */
export interface Progress {
  acts: Map<string, ActivityRecord>;
  held: HeldRow[];
  events: PinpointEvent[];
  delivered: string[];
}

export interface SendEnv {
  c: PinpointContext;
  runs: CampaignRuns;
  run: RunRow;
  res: RunResources;
  /** Aborted when the process stops or lost the job: no further send starts. */
  signal: AbortSignal;
  /** Sends in flight at once. */
  concurrency: number;
}

export class Sender implements Progress {
  readonly acts = new Map<string, ActivityRecord>();
  readonly held: HeldRow[] = [];
  readonly events: PinpointEvent[] = [];
  readonly delivered: string[] = [];

  constructor(private readonly e: SendEnv) {
    const { run, res } = e;
    for (const tid of res.plan.treatments.keys())
      this.acts.set(tid, newActivity(run.app_id, run.campaign_id, run.run_id, tid, res.plan.nominal));
  }

  act(treatmentId: string): ActivityRecord {
    return this.acts.get(treatmentId) ?? this.acts.get(DEFAULT_TREATMENT)!;
  }

  /** A batch of the segment: split, held back or sent. */
  async batch(batch: EndpointDoc[], now: Date): Promise<void> {
    const { plan } = this.e.res;
    const schedule = plan.campaign.Schedule;
    const groups = new Map<string, EndpointDoc[]>();
    for (const ep of batch) {
      const tid = plan.split(bucketOf(this.e.run.campaign_id, ep.Id));
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
          plan.nominal,
          schedule.Timezone ?? 'UTC',
          zone ?? schedule.Timezone ?? 'UTC',
        );
        if (start > now) release = start;
      }
      release ??= quietUntil(plan.quiet, zone, now);
      if (release) {
        act.tally.held++;
        this.held.push({
          endpoint_id: ep.Id,
          treatment_id: act.TreatmentId,
          release_at: release.toISOString(),
        });
        continue;
      }
      const list = groups.get(act.TreatmentId) ?? [];
      list.push(ep);
      groups.set(act.TreatmentId, list);
    }
    await this.send(groups, now);
  }

  /** Sends each treatment's endpoints; throws Stopped when the job must stop first. */
  async send(groups: Map<string, EndpointDoc[]>, now: Date): Promise<void> {
    const { c, run, res, signal } = this.e;
    const { limits, deadline, hook } = res.plan;
    for (const [tid, list] of groups) {
      const act = this.act(tid);
      let eps = list;
      if (deadline && now > deadline) {
        act.tally.expired += eps.length;
        continue;
      }
      if (limits.Daily !== undefined || limits.Total !== undefined) {
        const counts = await this.e.runs.deliveryCounts(
          run,
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
            c.egress,
            hook.WebUrl,
            {
              MessageConfiguration: res.plan.treatments.get(tid)?.source.MessageConfiguration ?? {},
              ApplicationId: run.app_id,
              CampaignId: run.campaign_id,
              TreatmentId: tid,
              ActivityId: act.Id,
              ScheduledTime: res.plan.nominal.toISOString(),
              endpoints: eps,
            },
            signal,
          );
          act.tally.filtered += eps.length - kept.length;
          eps = kept;
        } catch (err) {
          // Cut short by the process stopping: the slice is not committed, and runs again.
          if (signal.aborted) throw new Stopped();
          act.TotalEndpointCount += eps.length;
          fail(act, message(err), eps.length);
          for (const e of eps) this.event(e, act, 'FAILURE', message(err));
          continue;
        }
      }
      act.TotalEndpointCount += eps.length;
      if (!res.session.ok) {
        fail(act, res.session.outcome.statusMessage, eps.length);
        for (const e of eps) this.event(e, act, 'FAILURE', res.session.outcome.statusMessage);
        continue;
      }
      const treatment = res.plan.treatments.get(tid) ?? res.plan.treatments.get(DEFAULT_TREATMENT)!;
      const ctx: DeliverContext = {
        session: res.session.session,
        appId: run.app_id,
        campaignId: run.campaign_id,
        runId: run.run_id,
        concurrency: this.e.concurrency,
        pacer: res.pacer,
        stopped: () => signal.aborted,
      };
      const results = await deliver(ctx, treatment, eps);
      if (signal.aborted) throw new Stopped();
      for (const r of results) {
        if (delivered(r.outcome)) {
          act.SuccessfulEndpointCount++;
          this.delivered.push(r.endpoint.Id);
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
    const { run } = this.e;
    this.events.push({
      eventType: '_campaign.send',
      timestamp: this.e.c.clock(),
      appId: run.app_id,
      endpointId: ep.Id,
      campaignId: run.campaign_id,
      treatmentId: act.TreatmentId,
      address: String(ep.Address),
      attributes: {
        campaign_id: run.campaign_id,
        campaign_activity_id: act.Id,
        treatment_id: act.TreatmentId,
        delivery_type: 'EMAIL',
        campaign_send_status: status,
        ...(reason !== undefined && { campaign_send_status_message: reason }),
      },
    });
  }
}
