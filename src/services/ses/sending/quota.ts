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

const DAY_MS = 86_400_000;

/**
 * The rate is a token bucket per account and region, refilled continuously: in memory on SQLite (one
 * process), one bucket in PostgreSQL shared by every process on the database (src/store/rate-buckets.ts).
 * It refills with the time that passed on the one clock (src/clock/) or in real time, whichever is
 * more. A send rate paces real work: a client sends as fast as it really can, and under
 * `--clock manual` a clock standing still would otherwise throttle every send past the first
 * second's worth until a test moved it (a campaign, paced in real time, would fail its endpoints
 * with Throttling). A clock moved ahead refills the bucket as that much time would.
 */
export class SendRateLimiter {
  private readonly buckets: MemoryRateBuckets;

  /** `realNow`: real elapsed time in milliseconds (monotonic). */
  constructor(realNow: () => number = () => performance.now()) {
    this.buckets = new MemoryRateBuckets(realNow);
  }

  /** Takes `count` tokens if any is left; false when the rate is exhausted. */
  take(scope: SesScope, maxSendRate: number, count: number, now: Date): boolean {
    return this.buckets.takeNow(rateBucket(scope), maxSendRate, count, 'debt', now.getTime()).granted > 0;
  }
}

/** The name of an account's send-rate bucket. */
const rateBucket = (scope: SesScope) => `ses/${scope.account}/${scope.region}`;

export class Quotas {
  private readonly rate: RateBuckets;

  constructor(
    private readonly store: SendingStore,
    rate?: RateBuckets,
  ) {
    this.rate = rate ?? new MemoryRateBuckets();
  }

  sentLast24Hours(scope: SesScope, now: Date): Promise<number> {
    return this.store.countedSince(scope, new Date(now.getTime() - DAY_MS));
  }

  /** Whether the 24-hour quota is used up. Max24HourSend -1 is "an unlimited quota" (GetSendQuota). */
  async dailyExceeded(scope: SesScope, account: AccountSendingRecord, now: Date): Promise<boolean> {
    return account.max24HourSend >= 0 && (await this.sentLast24Hours(scope, now)) >= account.max24HourSend;
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
