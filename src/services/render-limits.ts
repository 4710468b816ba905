/**
 * Rendering limits, for SES and Pinpoint alike. A template is the sender's code run on the server:
 * seven nested `{{#each @root.a}}` in 176 bytes do n^7 iterations, `{{rjust "x" 500000000}}` asks for
 * 500 million characters. Every render therefore runs within limits, counted as it goes rather than
 * timed, so the same template fails the same way on any machine:
 *
 * - output: the characters the rendered parts of one message hold together, at most the service's
 *   maximum message size (the caller passes it: SES dg/quotas.html, 10 MB for v1 and 40 MB for v2;
 *   Pinpoint developerguide/quotas.html, "Maximum message size, including attachments: 10 MB");
 * - work: one unit per block body run (each iteration of `each`, each branch taken), per helper call
 *   and per property lookup, plus one per WORK_CHARS characters a helper reads or returns, escaping
 *   reads or a list's printing reads. AWS documents no such limit; MAX_RENDER_WORK is Pinpost's own.
 *
 * A render past either limit throws RenderLimitError, which each caller reports as its rendering
 * failure. bounded-handlebars.ts does the counting inside Handlebars.
 */

export interface RenderLimits {
  /** Characters the rendered parts of one message may hold together: the maximum message size. */
  maxOutput: number;
  /** Units of work (see above). */
  maxWork: number;
}

/**
 * Pinpost's own bound on rendering work (AWS documents none): a 5,000-row table of ten variables
 * takes about 150,000 units; the worst template stops after about a tenth of a second.
 */
export const MAX_RENDER_WORK = 250_000;
/** Characters read or written that count as one unit of work. */
export const WORK_CHARS = 64;

export const renderLimits = (maxOutput: number): RenderLimits => ({ maxOutput, maxWork: MAX_RENDER_WORK });

/** A render that went past its limits. The text is Pinpost's own (AWS documents none). */
export class RenderLimitError extends Error {}

/** One render's counts (withinLimits makes one per render). */
export class Budget {
  private work = 0;
  private output = 0;
  /** Per block body running: the characters its nested bodies returned (counted already). */
  private readonly nested: number[] = [];
  private exceeded: RenderLimitError | undefined;

  constructor(readonly limits: RenderLimits) {}

  spend(units: number): void {
    if (this.exceeded) throw this.exceeded;
    this.work += units;
    if (this.work > this.limits.maxWork) {
      this.fail(
        `Rendering stopped: the template takes more than ${this.limits.maxWork} steps (block iterations, helper calls and lookups).`,
      );
    }
  }

  read(chars: number): void {
    if (chars > 0) this.spend(Math.ceil(chars / WORK_CHARS));
  }

  /** Throws if `chars` more characters would not fit in the output. */
  room(chars: number): void {
    if (this.exceeded) throw this.exceeded;
    if (this.output + chars > this.limits.maxOutput) {
      this.fail(
        `Rendering stopped: the rendered message would be longer than ${this.limits.maxOutput} characters, the maximum message size.`,
      );
    }
  }

  enter(): void {
    this.spend(1);
    this.nested.push(0);
  }

  /**
   * A block body returned `out`. Only what it added itself counts as output (its nested bodies'
   * text was counted when they returned), so the total is the size of what is produced, however
   * deeply blocks nest.
   */
  leave(out: unknown): void {
    const nested = this.nested.pop() ?? 0;
    const length = typeof out === 'string' ? out.length : 0;
    if (length > nested) {
      this.room(length - nested);
      this.output += length - nested;
    }
    if (this.nested.length > 0) this.nested[this.nested.length - 1] += length;
  }

  abandon(): void {
    this.nested.pop();
  }

  private fail(message: string): never {
    this.exceeded = new RenderLimitError(message);
    throw this.exceeded;
  }
}

/** The budget of the render running now: rendering is synchronous, so one at a time. */
let active: Budget | undefined;

/** Runs `render` (which renders one message's parts) within `limits`. */
export function withinLimits<T>(limits: RenderLimits, render: () => T): T {
  const outer = active;
  active = new Budget(limits);
  try {
    return render();
  } finally {
    active = outer;
  }
}

/**
 * For helpers about to produce `chars` characters (padding, replacing, joining): refuses before the
 * text is made when it cannot fit in what the message may still hold.
 */
export function claimOutput(chars: number): void {
  active?.room(chars);
}

/** The budget of the render running now, if any (bounded-handlebars.ts counts against it). */
export const activeBudget = (): Budget | undefined => active;

/** What a render runs under when its caller set no limits: the smallest message size of both services. */
export const DEFAULT_LIMITS = renderLimits(10_485_760);
