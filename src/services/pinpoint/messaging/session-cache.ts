/**
 * Role sessions the orchestrator has assumed, reused until shortly before they expire: one
 * AssumeRole per app, role and source ARN, not one per message. An entry is only good for the
 * channel version it was made for, so a channel update (another role, another identity) takes
 * effect on the next send.
 */
import type { ServiceSession } from '../../sts/service-assume.js';

/** A session is not reused in its last five minutes, so no send starts with credentials about to lapse. */
export const RENEW_BEFORE_MS = 5 * 60_000;

interface Entry {
  channelVersion: number;
  session: ServiceSession;
}

export class SessionCache {
  private readonly entries = new Map<string, Entry>();

  /** STS issues sessions on the real clock, so they are judged on it too (not the engine's clock). */
  constructor(private readonly now: () => Date = () => new Date()) {}

  get(key: string, channelVersion: number): ServiceSession | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.channelVersion !== channelVersion || !this.fresh(entry.session)) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.session;
  }

  put(key: string, channelVersion: number, session: ServiceSession): void {
    for (const [k, e] of this.entries) if (!this.fresh(e.session)) this.entries.delete(k);
    this.entries.set(key, { channelVersion, session });
  }

  get size(): number {
    return this.entries.size;
  }

  private fresh(session: ServiceSession): boolean {
    return session.credentials.Expiration.getTime() - this.now().getTime() > RENEW_BEFORE_MS;
  }
}
