/**
 * Sending quotas (manage-sending-quotas.html): the 24-hour quota and the maximum send rate, both
 * counted in recipients. As SES does, a send is accepted while any quota is left, even if its
 * recipients take the count past the limit; the next sends then wait ("if your send rate quota is
 * one message per second, and you send a message to five recipients at once, Amazon SES lets you do
 * that. For the next five seconds, though, Amazon will return errors" — the SES blog quoted in
 * django-ses/django-ses#59).
 */
import type { AccountSendingRecord, SesScope } from '../ports.js';
import type { SendingStore } from './store.js';
import { MemoryRateBuckets, type RateBuckets } from '../../../store/rate-buckets.js';
import { MAX_RECIPIENTS } from './prepare.js';

const DAY_MS = 86_400_000;

/**
 * How long a count of the last 24 hours may stand in for a new one, in real time and on the one
 * clock both: the bound on what was sent since (Quotas.dailyExceeded) holds for this long.
 */
const COUNT_STANDS_MS = 1000;
/** Accounts and regions whose last count is kept; past it the kept counts are dropped. */
const COUNTS_KEPT = 1000;

/** The last exact count of an account and region, and when (real ms, the one clock's ms) at what rate. */
interface LastCount {
  n: number;
  real: number;
  clock: number;
  maxSendRate: number;
}

/** The name of an account's send-rate bucket. */
const rateBucket = (scope: SesScope) => `ses/${scope.account}/${scope.region}`;

/**
 * The 24-hour quota and the maximum send rate. The rate is a token bucket per account and region,
 * refilled continuously: in memory on SQLite (one process), one bucket in PostgreSQL shared by
 * every process on the database (src/store/rate-buckets.ts). It refills with the time that passed
 * on the one clock (src/clock/) or in real time, whichever is more. A send rate paces real work: a
 * client sends as fast as it really can, and under `--clock manual` a clock standing still would
 * otherwise throttle every send past the first second's worth until a test moved it (a campaign,
 * paced in real time, would fail its endpoints with Throttling). A clock moved ahead refills the
 * bucket as that much time would.
 */
export class Quotas {
  private readonly rate: RateBuckets;
  private readonly lastCounts = new Map<string, LastCount>();

  constructor(
    private readonly store: SendingStore,
    rate?: RateBuckets,
    /** Real elapsed time in milliseconds (monotonic). */
    private readonly realNow: () => number = () => performance.now(),
  ) {
    this.rate = rate ?? new MemoryRateBuckets();
  }

  sentLast24Hours(scope: SesScope, now: Date): Promise<number> {
    return this.store.countedSince(scope, new Date(now.getTime() - DAY_MS));
  }

  /**
   * Whether the 24-hour quota is used up. Max24HourSend -1 is "an unlimited quota" (GetSendQuota).
   *
   * Counted afresh unless a count made less than COUNT_STANDS_MS ago (real time and the one clock)
   * leaves the quota out of reach: every process's sends take from the account's one rate bucket,
   * so since that count they can have added at most the bucket's fill (MaxSendRate), its refill
   * for the time passed (under MaxSendRate again) and one take's debt (MAX_RECIPIENTS); and sends
   * already past the rate but not yet committed when it was read, as many again. Near the quota
   * every send counts; far from it, a count a second spares a statement a send (a round trip on
   * PostgreSQL, where the campaign path had eight).
   */
  async dailyExceeded(scope: SesScope, account: AccountSendingRecord, now: Date): Promise<boolean> {
    if (account.max24HourSend < 0) return false;
    const key = rateBucket(scope);
    const real = this.realNow();
    const clock = now.getTime();
    const last = this.lastCounts.get(key);
    if (
      last &&
      real - last.real < COUNT_STANDS_MS &&
      clock >= last.clock &&
      clock - last.clock < COUNT_STANDS_MS
    ) {
      const rate = Math.max(last.maxSendRate, account.maxSendRate);
      const mostSince = 2 * (2 * rate + MAX_RECIPIENTS);
      if (last.n + mostSince < account.max24HourSend) return false;
    }
    const n = await this.sentLast24Hours(scope, now);
    if (this.lastCounts.size >= COUNTS_KEPT) this.lastCounts.clear();
    this.lastCounts.set(key, { n, real, clock, maxSendRate: account.maxSendRate });
    return n >= account.max24HourSend;
  }

  /**
   * Takes `count` recipients from the maximum send rate; false when it is exhausted. On PostgreSQL
   * one statement on the account's shared bucket: call it outside the send's transaction, so the
   * bucket's row is not held until that send commits.
   */
  async takeRate(scope: SesScope, account: AccountSendingRecord, count: number, now: Date): Promise<boolean> {
    if (count === 0) return true;
    const take = await this.rate.take(rateBucket(scope), account.maxSendRate, count, 'debt', now.getTime());
    return take.granted > 0;
  }

  /** Gives back what takeRate took for a send that was then refused (the 24-hour quota). */
  giveBackRate(scope: SesScope, account: AccountSendingRecord, count: number): Promise<void> {
    return count === 0
      ? Promise.resolve()
      : this.rate.giveBack(rateBucket(scope), account.maxSendRate, count);
  }
}
