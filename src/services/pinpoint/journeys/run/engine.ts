/**
 * The journey engine: each journey's pass, run as that journey's `journey-pass` job (schedule.ts)
 * by whichever process claims it. A pass starts the journey's runs whose time has come
 * (starts.ts), enters the runs whose start has come (entry.ts), then takes the journey's due
 * places, one batch of one activity of one run at a time (step.ts), earliest first, until nothing
 * is due by the clock; then it ends the runs nobody is left in, and the journey when its runs have
 * all ended and it starts no more (COMPLETED). It asks to run again at the journey's next due time
 * (a wait's end, a scheduled run, a refresh, its EndTime): the job's run_at, which is what the
 * JobWorker tells the Timeline, so under a manual clock a one-week wait passes in one advance.
 *
 * One job per journey: a journey's pass runs in one process at a time (its lease), so its run
 * cursors, counters and places are read and written by one pass only. A pass stopped (the process
 * stops, or its lease is lost) lets the batch in flight finish its sends but not commit, and hands
 * the rest back; a process killed mid-batch leaves its job to another once the lease runs out, and
 * that one sends the batch again: the delivery ledger answers DUPLICATE, nobody gets a message twice.
 *
 * A pass opens each run's sending session once (the app's orchestration role, as a campaign run
 * does), compiles each EMAIL activity's message once and reads each segment a split asks about once.
 */
import type { JobOutcome } from '../../../../jobs/index.js';
import type { PinpointContext, Scope } from '../../ports.js';
import { pacerFor } from '../../campaigns/deliver.js';
import { appArn } from '../../apps.js';
import type { JourneyStore } from '../journey-store.js';
import type { JourneyDoc } from '../model.js';
import { enter } from './entry.js';
import type { JourneyPlaces } from './places-store.js';
import { scopeOfRun, type JourneyRuns, type RunRow } from './runs-store.js';
import { PASS, schedulePass, type PassPayload } from './schedule.js';
import { emailPlan, type EmailPlan } from './sender.js';
import { step, Stopped, type Session, type StepDeps } from './step.js';
import { activeJourneys, nextStart, startDue, startsMore, type Active } from './starts.js';

export interface EngineOptions {
  batchSize?: number;
  /** Sends in flight at once within a batch. */
  concurrency?: number;
  /** Journeys whose passes run at once in this process. */
  passes?: number;
}

/**
 * Real time a pass's lease lasts without renewal: a killed process's journeys resume elsewhere
 * within it.
 */
const LEASE_MS = 10_000;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class JourneyEngine {
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly passes: number;

  constructor(
    private readonly c: PinpointContext,
    private readonly journeys: JourneyStore,
    private readonly runs: JourneyRuns,
    private readonly places: JourneyPlaces,
    options: EngineOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 250;
    // A journey sends one batch at a time, and with 32 sends in flight too few ended in a turn of the
    // event loop to share SQLite's COMMITs (COMMIT was 12% of the journey's main thread, twice a
    // campaign's a message). 64 was measured (DESIGN.md, "Journeys run"); a campaign's process keeps
    // 96 over its three batch jobs.
    this.concurrency = options.concurrency ?? 64;
    this.passes = options.passes ?? 4;
  }

  /** Runs journey passes in this process's JobWorker (registered before it starts). */
  register(): void {
    this.c.jobs.register<PassPayload>({
      kind: PASS,
      concurrency: this.passes,
      leaseMs: LEASE_MS,
      // A pass that fails is tried again (backoff) for as long as the journey runs, as the engine's
      // timer did: giving up would stop the journey for good. Attempts count every claim, so a
      // finite cap would also end a journey after that many due times.
      maxAttempts: Number.POSITIVE_INFINITY,
      run: (job, ctx) => this.pass(job.key, job.payload, ctx.signal),
    });
  }

  /**
   * Schedules a pass for every ACTIVE journey (idempotent: a job per journey): the journeys of a
   * database written before passes were jobs resume.
   */
  async resume(): Promise<void> {
    for (const { scope, doc } of await activeJourneys(this.c))
      await schedulePass(this.c, scope, doc.ApplicationId, doc.Id);
  }

  /** One journey's due work; the journey's next due time, or nothing when none is left. */
  async pass(journeyId: string, at: PassPayload, signal: AbortSignal): Promise<JobOutcome> {
    const scope: Scope = { account: at.account, region: at.region };
    const d = this.deps(signal);
    try {
      while (!signal.aborted) {
        const now = this.c.clock();
        const journey = await this.journeys.get(scope, at.appId, journeyId);
        if (journey?.State === 'ACTIVE')
          await startDue(this.c, this.journeys, this.runs, { scope, doc: journey }, now);
        const run = await this.runs.nextEntry(journeyId, now);
        if (run) {
          if (!journey) await this.runs.progress(run.run_id, run.cursor, true, now);
          // False when stopped, paused or cancelled meanwhile: the loop sees which.
          else await enter({ ...d, batchSize: 1000 }, run, journey);
          continue;
        }
        const first = await this.places.first(journeyId, now);
        if (!first) break;
        const owner = await this.runs.get(first.run_id);
        // Deleted since the place was read (a DeleteJourney committed in between): nothing to do.
        if (!owner) continue;
        if (!journey) {
          await this.runs.deleteJourney(journeyId);
          continue;
        }
        // Sends commit in batches of batchSize (a crash resends at most one); moves that send
        // nothing (a wait ending, a split) take larger batches.
        const sends = !!journey.Activities?.[first.activity]?.EMAIL;
        const due = await this.places.batch(first, now, sends ? this.batchSize : 4 * this.batchSize);
        await step(d, owner, journey, due);
      }
    } catch (err) {
      if (!(err instanceof Stopped)) throw err;
    }
    // Stopped: the rest is handed back, to this process's next start or another process.
    if (signal.aborted) return { runAt: this.c.clock().getTime() };
    await this.finish(journeyId);
    const next = await this.nextDue(scope, at.appId, journeyId);
    return next === undefined ? undefined : { runAt: next.getTime() };
  }

  /** When the journey next has work: a place due, a run to enter, a run to start, its end. */
  private async nextDue(scope: Scope, appId: string, journeyId: string): Promise<Date | undefined> {
    const now = this.c.clock();
    const times = [await this.places.nextDue(journeyId), await this.runs.nextEntryAt(journeyId)]
      .filter((t): t is string => t !== undefined)
      .map((t) => new Date(t));
    const journey = await this.journeys.get(scope, appId, journeyId);
    if (journey?.State === 'ACTIVE') {
      const a: Active = { scope, doc: journey };
      const start = await nextStart(this.c, this.runs, a, now);
      if (start) times.push(start);
    }
    let best: Date | undefined;
    for (const t of times) if (!best || t < best) best = t;
    return best;
  }

  private journeyOf(run: RunRow): Promise<JourneyDoc | undefined> {
    return this.journeys.get(scopeOfRun(run), run.app_id, run.journey_id);
  }

  /** What a pass's steps share: its stop signal, and sessions, plans and segments read once. */
  private deps(signal: AbortSignal): StepDeps {
    const sessions = new Map<string, Promise<Session>>();
    const plans = new Map<string, Promise<EmailPlan>>();
    const segments = new Map<string, Promise<Set<string>>>();
    return {
      c: this.c,
      runs: this.runs,
      places: this.places,
      concurrency: this.concurrency,
      shouldStop: () => signal.aborted,
      session: (run) => {
        let s = sessions.get(run.run_id);
        if (!s) {
          s = this.openSession(run);
          sessions.set(run.run_id, s);
        }
        return s;
      },
      plan: (run, journey, activityId) => {
        const key = `${run.journey_id}/${activityId}`;
        let p = plans.get(key);
        if (!p) {
          p = emailPlan(this.c, scopeOfRun(run), journey.Activities![activityId].EMAIL!);
          plans.set(key, p);
        }
        return p;
      },
      members: (run, segmentId) => {
        const key = `${run.app_id}/${segmentId}`;
        let s = segments.get(key);
        if (!s) {
          s = this.memberIds(run, segmentId);
          segments.set(key, s);
        }
        return s;
      },
    };
  }

  /** The ids of a segment's members now. */
  private async memberIds(run: RunRow, segmentId: string): Promise<Set<string>> {
    const ids = new Set<string>();
    const list = await this.c.ports.segments.members(scopeOfRun(run), run.app_id, segmentId);
    for await (const e of list ?? []) ids.add(e.Id);
    return ids;
  }

  /** Ends the runs nobody is left in; a journey whose runs all ended and that starts no more is COMPLETED. */
  private async finish(journeyId: string): Promise<void> {
    const now = this.c.clock();
    for (const run of await this.runs.finished(journeyId)) {
      await this.c.store.transaction(async () => {
        await this.runs.setStatus(run.run_id, 'COMPLETED', now);
        const journey = await this.journeyOf(run);
        if (!journey || journey.State !== 'ACTIVE' || (await this.runs.open(run.journey_id))) return;
        if (await startsMore(this.runs, journey, now)) return;
        await this.journeys.setState(scopeOfRun(run), run.app_id, run.journey_id, 'COMPLETED', now);
      });
      this.c.log.info({ app: run.app_id, journey: run.journey_id, run: run.run_id }, 'journey run completed');
    }
  }

  private async openSession(run: RunRow): Promise<Session> {
    const scope = scopeOfRun(run);
    try {
      const opened = await this.c.ports.orchestrator.open(scope, run.app_id, appArn(scope, run.app_id));
      if (!opened.ok) return { ok: false, outcome: opened.outcome };
      // The journey's MessagesPerSecond, never faster than the SES account's maximum send rate.
      const account = (await this.c.ses.account.get(scope)).maxSendRate;
      const own = (await this.journeyOf(run))?.Limits?.MessagesPerSecond;
      return {
        ok: true,
        session: opened.session,
        // Shared by the processes on PostgreSQL (deliver.ts, pacerFor).
        pacer: pacerFor(
          this.c.db,
          `journey-run/${run.run_id}`,
          own === undefined ? account : Math.min(own, account),
        ),
      };
    } catch (err) {
      return {
        ok: false,
        outcome: { deliveryStatus: 'UNKNOWN_FAILURE', statusCode: 500, statusMessage: message(err) },
      };
    }
  }
}
