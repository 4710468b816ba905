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

const DAY_MS = 86_400_000;

/**
 * The rate is a token bucket per account and region, refilled continuously; kept in memory. It
 * refills with the time that passed on the one clock (src/clock/) or in real time, whichever is
 * more. A send rate paces real work: a client sends as fast as it really can, and under
 * `--clock manual` a clock standing still would otherwise throttle every send past the first
 * second's worth until a test moved it (a campaign, paced in real time, would fail its endpoints
 * with Throttling). A clock moved ahead refills the bucket as that much time would.
 */
export class SendRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number; realAt: number }>();

  /** `realNow`: real elapsed time in milliseconds (monotonic). */
  constructor(private readonly realNow: () => number = () => performance.now()) {}

  /** Takes `count` tokens if any is left; false when the rate is exhausted. */
  take(scope: SesScope, maxSendRate: number, count: number, now: Date): boolean {
    const key = `${scope.account}/${scope.region}`;
    const t = now.getTime();
    const real = this.realNow();
    const b = this.buckets.get(key) ?? { tokens: maxSendRate, at: t, realAt: real };
    const elapsed = Math.max(t - b.at, real - b.realAt, 0);
    const tokens = Math.min(maxSendRate, b.tokens + (elapsed / 1000) * maxSendRate);
    if (tokens <= 0) {
      this.buckets.set(key, { tokens, at: t, realAt: real });
      return false;
    }
    this.buckets.set(key, { tokens: tokens - count, at: t, realAt: real });
    return true;
  }
}

export type QuotaVerdict = 'ok' | 'daily' | 'rate';

export class Quotas {
  private readonly rate = new SendRateLimiter();

  constructor(private readonly store: SendingStore) {}

  sentLast24Hours(scope: SesScope, now: Date): Promise<number> {
    return this.store.countedSince(scope, new Date(now.getTime() - DAY_MS));
  }

  /** Checks (and, when ok, consumes) the quotas for `count` recipients. */
  async check(
    scope: SesScope,
    account: AccountSendingRecord,
    count: number,
    now: Date,
  ): Promise<QuotaVerdict> {
    if (count === 0) return 'ok';
    // Max24HourSend -1 is "an unlimited quota" (GetSendQuota in ses/2010-12-01).
    if (account.max24HourSend >= 0 && (await this.sentLast24Hours(scope, now)) >= account.max24HourSend)
      return 'daily';
    if (!this.rate.take(scope, account.maxSendRate, count, now)) return 'rate';
    return 'ok';
  }
}
