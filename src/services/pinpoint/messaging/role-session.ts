/**
 * The role session of one sending run. Pinpoint assumes the channel's role when a run opens and
 * again only when that session nears its end, so every send of the run goes out under one session
 * (one AssumeRole, not one per message) and a long run never sends on credentials about to lapse.
 * Nothing is kept from one run to the next: the next run assumes the role anew, and so sees the
 * role's trust and permissions policies as they are then (orchestrator.ts says what a run is).
 */
import type { Principal } from '../../../wire/principal.js';
import type { ServiceSession } from '../../sts/service-assume.js';

/** A session is not used in its last five minutes, so no send starts with credentials about to lapse. */
export const RENEW_BEFORE_MS = 5 * 60_000;

export class RoleSession {
  private current?: ServiceSession;
  private renewing?: Promise<ServiceSession>;

  /**
   * `assume` has Pinpoint assume the role (rejecting with STS's error). STS issues sessions on the
   * one clock (src/clock/), so they are judged on it too: pass the engine's clock.
   */
  constructor(
    private readonly assume: () => Promise<ServiceSession>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Assumes the role for the run's start; rejects with STS's error (the run then sends nothing). */
  async open(): Promise<void> {
    this.current = await this.assume();
  }

  /**
   * The session's principal, assuming the role again first when the session is near its end
   * (sends in flight at that moment share one renewal). Rejects with STS's error when the role can
   * no longer be assumed.
   */
  async principal(): Promise<Principal> {
    if (this.current && this.fresh(this.current)) return this.current.principal;
    this.renewing ??= this.assume().finally(() => {
      this.renewing = undefined;
    });
    this.current = await this.renewing;
    return this.current.principal;
  }

  private fresh(session: ServiceSession): boolean {
    return session.credentials.Expiration.getTime() - this.now().getTime() > RENEW_BEFORE_MS;
  }
}
