/**
 * The query the console's Pinpoint routes (`/_pinpost/pinpoint/…`) need: on loopback they are open
 * and read the account and region named here; a signed caller beyond loopback reads its own.
 */
import type { Session } from '../../session.js';

export function scopeQuery(session: Session, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams({ account: session.account, region: session.region });
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) q.set(k, v);
  return q.toString();
}
