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

/** The rate is a token bucket per account and region, refilled continuously; kept in memory. */
export class SendRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Takes `count` tokens if any is left; false when the rate is exhausted. */
  take(scope: SesScope, maxSendRate: number, count: number, now: Date): boolean {
    const key = `${scope.account}/${scope.region}`;
    const t = now.getTime();
    const b = this.buckets.get(key) ?? { tokens: maxSendRate, at: t };
    const tokens = Math.min(maxSendRate, b.tokens + ((t - b.at) / 1000) * maxSendRate);
    if (tokens <= 0) {
      this.buckets.set(key, { tokens, at: t });
      return false;
    }
    this.buckets.set(key, { tokens: tokens - count, at: t });
    return true;
  }
}

export type QuotaVerdict = 'ok' | 'daily' | 'rate';

export class Quotas {
  private readonly rate = new SendRateLimiter();

  constructor(private readonly store: SendingStore) {}

  sentLast24Hours(scope: SesScope, now: Date): number {
    return this.store.countedSince(scope, new Date(now.getTime() - DAY_MS));
  }

  /** Checks (and, when ok, consumes) the quotas for `count` recipients. */
  check(scope: SesScope, account: AccountSendingRecord, count: number, now: Date): QuotaVerdict {
    if (count === 0) return 'ok';
    // Max24HourSend -1 is "an unlimited quota" (GetSendQuota in ses/2010-12-01).
    if (account.max24HourSend >= 0 && this.sentLast24Hours(scope, now) >= account.max24HourSend)
      return 'daily';
    if (!this.rate.take(scope, account.maxSendRate, count, now)) return 'rate';
    return 'ok';
  }
}
