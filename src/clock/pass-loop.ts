/**
 * The loop that drives a part's durable, time-driven work: a pass over its stored work runs at
 * every tick and whenever the part is kicked (something was written, an event arrived), never two
 * passes at once; a kick during a pass asks for one more pass after it, so nothing written meanwhile
 * waits for the next tick. What a pass finds due is decided by the clock; the tick only paces how
 * often it looks. `idle()` is what a Timeline advance waits on (TimedWork.idle).
 */
export class PassLoop {
  private timer?: NodeJS.Timeout;
  private working?: Promise<void>;
  private again = false;
  private stopping = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly intervalMs: number,
    /** A pass that throws is reported here; the loop goes on. */
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** Started and not asked to stop. */
  get running(): boolean {
    return !this.stopping && this.timer !== undefined;
  }

  /** stop() was called: a pass in progress should end at its next safe point. */
  get stopRequested(): boolean {
    return this.stopping;
  }

  start(): void {
    this.stopping = false;
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Runs a pass now, or one more after the pass in progress. */
  kick(): void {
    if (!this.running) return;
    if (this.working) {
      this.again = true;
      return;
    }
    this.working = this.pass()
      .catch(this.onError)
      .finally(() => {
        this.working = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when no pass is in progress nor asked for. */
  async idle(): Promise<void> {
    while (this.working) await this.working;
  }

  /** Stops the ticks and waits for the pass in progress to end. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.working;
  }
}
