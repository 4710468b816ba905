/**
 * The journey engine: a timer loop over the runs and places tables, and the journeys' time-driven
 * work (src/clock/timeline.ts). Each pass enters the runs whose start has come (entry.ts), then
 * takes the due places, one batch of one activity of one run at a time (step.ts), earliest first,
 * until nothing is due by the clock; then it ends the runs nobody is left in, and the journeys
 * whose runs have all ended and that start no more (COMPLETED). Under a manual clock an advance
 * runs it at each due time in order, so a one-week wait passes in one POST.
 *
 * A pass opens each run's sending session once (the app's orchestration role, as a campaign run
 * does), compiles each EMAIL activity's message once and reads each segment a split asks about
 * once. `stop()` lets the batch in flight finish its sends but not commit: it runs again on resume.
 */
import { AsyncResource } from 'node:async_hooks';
import { PassLoop, type TimedWork } from '../../../../clock/index.js';
import type { PinpointContext } from '../../ports.js';
import { Pacer } from '../../campaigns/deliver.js';
import { appArn } from '../../apps.js';
import type { JourneyStore } from '../journey-store.js';
import type { JourneyDoc } from '../model.js';
import { enter } from './entry.js';
import { startFromEvents } from './events.js';
import type { JourneyPlaces } from './places-store.js';
import { scopeOfRun, type JourneyRuns, type RunRow } from './runs-store.js';
import { emailPlan, type EmailPlan } from './sender.js';
import { step, Stopped, type Session, type StepDeps } from './step.js';
import { nextStart, startDue, startsMore } from './starts.js';

export interface EngineOptions {
  intervalMs?: number;
  batchSize?: number;
  concurrency?: number;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class JourneyEngine implements TimedWork {
  readonly name = 'journey engine';
  private readonly loop: PassLoop;
  private listening = false;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly detached = AsyncResource.bind((fn: () => void) => fn());

  constructor(
    private readonly c: PinpointContext,
    private readonly journeys: JourneyStore,
    private readonly runs: JourneyRuns,
    private readonly places: JourneyPlaces,
    options: EngineOptions = {},
  ) {
    this.loop = new PassLoop(
      () => this.drain(),
      options.intervalMs ?? 250,
      (err) => this.c.log.warn({ err: message(err) }, 'journey pass failed'),
    );
    this.batchSize = options.batchSize ?? 250;
    this.concurrency = options.concurrency ?? 32;
  }

  start(): void {
    // The ports are filled in by the time the server starts; events.onRecord is read then.
    if (!this.listening) {
      this.listening = true;
      this.c.ports.events.onRecord(async (scope, events) => {
        if (await startFromEvents(this.c, this.runs, scope, events)) setImmediate(() => this.kick());
      });
    }
    this.loop.start();
  }

  /**
   * Asks for a pass. Its work runs in the async context the engine was built in, never in the
   * caller's: a kick from inside a write's transaction (lifecycle.ts) must not put the pass's
   * statements on that transaction's connection.
   */
  kick(): void {
    this.detached(() => this.loop.kick());
  }

  async nextDue(): Promise<Date | undefined> {
    if (!this.loop.running) return undefined;
    const times = (
      await Promise.all([this.places.nextDue(), this.runs.nextEntryAt(), nextStart(this.c, this.runs)])
    )
      .filter((t): t is string => t !== undefined)
      .map((t) => Date.parse(t));
    return times.length ? new Date(Math.min(...times)) : undefined;
  }

  async runDue(): Promise<void> {
    this.kick();
    await this.idle();
  }

  idle(): Promise<void> {
    return this.loop.idle();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private journeyOf(run: RunRow): Promise<JourneyDoc | undefined> {
    return this.journeys.get(scopeOfRun(run), run.app_id, run.journey_id);
  }

  private async drain(): Promise<void> {
    const sessions = new Map<string, Promise<Session>>();
    const plans = new Map<string, Promise<EmailPlan>>();
    const segments = new Map<string, Promise<Set<string>>>();
    const d: StepDeps = {
      c: this.c,
      runs: this.runs,
      places: this.places,
      concurrency: this.concurrency,
      shouldStop: () => this.loop.stopRequested,
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
    try {
      while (!this.loop.stopRequested) {
        const now = this.c.clock();
        await startDue(this.c, this.journeys, this.runs, now);
        const run = await this.runs.nextEntry(now);
        if (run) {
          const journey = await this.journeyOf(run);
          if (!journey) await this.runs.progress(run.run_id, run.cursor, true, now);
          else if (!(await enter({ ...d, batchSize: 1000 }, run, journey))) return;
          continue;
        }
        const first = await this.places.first(now);
        if (!first) break;
        const owner = await this.runs.get(first.run_id);
        // Deleted since the place was read (a DeleteJourney committed in between): nothing to do.
        if (!owner) continue;
        const journey = await this.journeyOf(owner);
        if (!journey) {
          await this.runs.deleteJourney(owner.journey_id);
          continue;
        }
        // Sends commit in batches of batchSize (a crash resends at most one); moves that send
        // nothing (a wait ending, a split) take larger batches.
        const sends = !!journey.Activities?.[first.activity]?.EMAIL;
        const due = await this.places.batch(first, now, sends ? this.batchSize : 4 * this.batchSize);
        await step(d, owner, journey, due);
      }
    } catch (err) {
      if (err instanceof Stopped) return;
      throw err;
    }
    if (!this.loop.stopRequested) await this.finish();
  }

  /** The ids of a segment's members now. */
  private async memberIds(run: RunRow, segmentId: string): Promise<Set<string>> {
    const ids = new Set<string>();
    const list = await this.c.ports.segments.members(scopeOfRun(run), run.app_id, segmentId);
    for await (const e of list ?? []) ids.add(e.Id);
    return ids;
  }

  /** Ends the runs nobody is left in; a journey whose runs all ended and that starts no more is COMPLETED. */
  private async finish(): Promise<void> {
    const now = this.c.clock();
    for (const run of await this.runs.finished()) {
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
        pacer: new Pacer(own === undefined ? account : Math.min(own, account)),
      };
    } catch (err) {
      return {
        ok: false,
        outcome: { deliveryStatus: 'UNKNOWN_FAILURE', statusCode: 500, statusMessage: message(err) },
      };
    }
  }
}
