/**
 * What a process keeps per campaign run while it runs the run's jobs: the plan (compiled messages,
 * limits, quiet time, hook), the session opened under the app's orchestration role, and the pacer.
 * Opened by the first job of a run in this process and shared by its later ones, so a batch does
 * not assume the role again. The pacer takes from the run's bucket, shared on PostgreSQL by every
 * process sending the run's batches (deliver.ts, pacerFor), so Limits.MessagesPerSecond holds for
 * the whole cluster. Entries age out in real time (an assumed role's
 * credentials expire in real time) and the oldest goes when there are too many.
 */
import { pinpointArn } from '../input.js';
import type { EmailSession, PinpointContext, SendOutcome } from '../ports.js';
import { pacerFor, type Pacer } from './deliver.js';
import type { CampaignDoc } from './model.js';
import { planRun, type RunPlan } from './plan.js';
import { scopeOfRun, type RunRow } from './runs-store.js';

export type Session = { ok: true; session: EmailSession } | { ok: false; outcome: SendOutcome };

export interface RunResources {
  plan: RunPlan;
  session: Session;
  pacer: Pacer;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The campaign version the run sends (the current document if that version is gone). */
export async function campaignOfRun(c: PinpointContext, run: RunRow): Promise<CampaignDoc | undefined> {
  const scope = scopeOfRun(run);
  return (
    (await c.store.getVersion<CampaignDoc>(
      scope,
      run.app_id,
      'campaign-version',
      run.campaign_id,
      run.version,
    )) ?? (await c.store.get<CampaignDoc>(scope, run.app_id, 'campaign', run.campaign_id))?.doc
  );
}

async function openSession(c: PinpointContext, run: RunRow): Promise<Session> {
  const scope = scopeOfRun(run);
  try {
    const opened = await c.ports.orchestrator.open(
      scope,
      run.app_id,
      pinpointArn(scope, `apps/${run.app_id}`),
    );
    return opened.ok ? { ok: true, session: opened.session } : { ok: false, outcome: opened.outcome };
  } catch (err) {
    return {
      ok: false,
      outcome: { deliveryStatus: 'UNKNOWN_FAILURE', statusCode: 500, statusMessage: message(err) },
    };
  }
}

async function open(c: PinpointContext, run: RunRow, campaign: CampaignDoc): Promise<RunResources> {
  const plan = await planRun(c, run, campaign);
  const session = await openSession(c, run);
  // The campaign's MessagesPerSecond, never faster than the SES account's maximum send rate (the
  // email channel's MessagesPerSecond, developerguide/quotas.html).
  const account = (await c.ses.account.get(scopeOfRun(run))).maxSendRate;
  const own = plan.limits.MessagesPerSecond;
  const rate = own === undefined ? account : Math.min(own, account);
  return { plan, session, pacer: pacerFor(c.db, `campaign-run/${run.run_id}`, rate) };
}

export class RunResourceCache {
  private readonly entries = new Map<string, { at: number; value: Promise<RunResources> }>();

  constructor(
    private readonly c: PinpointContext,
    private readonly max = 64,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  /** The run's resources; undefined when its campaign is gone. */
  async get(run: RunRow): Promise<RunResources | undefined> {
    const hit = this.entries.get(run.run_id);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const campaign = await campaignOfRun(this.c, run);
    if (!campaign) return undefined;
    const value = open(this.c, run, campaign);
    this.entries.delete(run.run_id);
    this.entries.set(run.run_id, { at: Date.now(), value });
    void value.catch(() => {
      if (this.entries.get(run.run_id)?.value === value) this.entries.delete(run.run_id);
    });
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(key);
    }
    return value;
  }

  /** The run ended (or was deleted): its session is not needed any more in this process. */
  drop(runId: string): void {
    this.entries.delete(runId);
  }

  clear(): void {
    this.entries.clear();
  }
}
