/**
 * Retry policy: exponential backoff, `baseMs · 2^(attempt-1)` capped at `maxMs`, up to
 * `maxAttempts` deliveries in all. No jitter: processes sharing a database claim a message's retry
 * once between them (it is one job), so there is no herd of processes to spread, and a
 * deterministic schedule is easier to read in the outbox and exact on the manual clock.
 */
export interface RetryPolicy {
  /** Delay after the first failure (default 1 s). */
  baseMs: number;
  /** Longest delay between two attempts (default 15 min). */
  maxMs: number;
  /** Attempts in all before the message is marked failed (default 12: about 1.5 h of retries). */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1000, maxMs: 15 * 60_000, maxAttempts: 12 };

/** The delay before the next attempt, after `attempts` failed ones (1 or more). */
export function backoffDelay(policy: RetryPolicy, attempts: number): number {
  const exp = Math.min(attempts - 1, 30);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exp);
}
