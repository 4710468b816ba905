/**
 * When each IAM user and role last authenticated to each action (service last accessed,
 * access_policies_last-accessed.html: "the last time an IAM entity … attempted to access an AWS
 * service"), recorded off the request path: the authorizer reports every authorize step of a user or
 * role session (allowed or denied: AWS reports attempts), `record` only sets one entry of an
 * in-memory map (the latest attempt per account, entity and action), and the map is written through
 * the store at most once a second, in one transaction of one upsert per distinct entry that keeps
 * the later time (several processes may write the same row). A report flushes first, so it sees
 * this process's attempts at once; another process's within a second.
 *
 * Cost: one Map.set per authorized request; per flush, one transaction with one statement per
 * distinct (entity, action) seen in that second — `stats` counts both, for measuring.
 * The root user, federated users and web identities are not IAM entities with a report: skipped.
 *
 * Access keys' last use (GetAccessKeyLastUsed, the credential report's access_key_N_last_used_*)
 * rides on the same batches: a long-term key's first use in a batch is written, as its service
 * namespace and the request's region, unless the key's recorded use is less than 15 minutes older
 * ("When an access key is used more than once in a 15-minute span, only the first use is
 * recorded", id_credentials_getting-report.html) — one read and at most one write per key per flush.
 */
import type { Principal } from '../../wire/principal.js';
import type { AccessKeyRepo } from './store-access-keys.js';
import type { ReportRepo, ServiceAccessRecord } from './store-reports.js';

const FLUSH_INTERVAL_MS = 1000;
/** id_credentials_getting-report.html: one use recorded per 15-minute span. */
const KEY_USE_SPAN_MS = 15 * 60 * 1000;

interface KeyUse {
  when: Date;
  service: string;
  region: string;
}

export interface RecorderStats {
  /** Attempts reported by the authorizer (each one Map.set). */
  recorded: number;
  /** Flushes that wrote something, and the rows they wrote. */
  flushes: number;
  rowsWritten: number;
  /** Flushes the store refused (their entries are kept for the next one). */
  failures: number;
}

/** The entity an attempt is reported under: the user, or the role of a session. */
export function reportedEntityArn(p: Principal): string | undefined {
  if (p.isRoot || p.federatedProvider) return undefined;
  if (p.kind === 'User') return p.arn;
  if (p.kind === 'AssumedRole') return p.roleArn;
  return undefined;
}

export class ServiceAccessRecorder {
  private pending = new Map<string, { account: string; record: ServiceAccessRecord }>();
  private keyUses = new Map<string, KeyUse>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> = Promise.resolve();
  readonly stats: RecorderStats = { recorded: 0, flushes: 0, rowsWritten: 0, failures: 0 };

  constructor(
    private readonly repo: ReportRepo,
    private readonly now: () => Date,
    private readonly accessKeys?: AccessKeyRepo,
  ) {}

  /** One authorize step; `accessKeyId` the long-term key that signed it, if one did. */
  record(principal: Principal, action: string, region: string, accessKeyId?: string): void {
    const when = this.now();
    if (accessKeyId && !this.keyUses.has(accessKeyId)) {
      const colon = action.indexOf(':');
      this.keyUses.set(accessKeyId, { when, service: colon > 0 ? action.slice(0, colon) : action, region });
      this.schedule();
    }
    const arn = reportedEntityArn(principal);
    if (!arn) return;
    this.stats.recorded++;
    this.pending.set(`${principal.account}\u0000${arn}\u0000${action}`, {
      account: principal.account,
      record: { PrincipalArn: arn, Action: action, LastAuthenticated: when, Region: region },
    });
    this.schedule();
  }

  private schedule(): void {
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** Writes what is pending; resolves once this and any earlier flush are done. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.running.then(() => this.write());
    return this.running;
  }

  private async write(): Promise<void> {
    await this.writeKeyUses();
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const byAccount = new Map<string, ServiceAccessRecord[]>();
    for (const { account, record } of batch.values())
      byAccount.set(account, [...(byAccount.get(account) ?? []), record]);
    try {
      await this.repo.recordAccess([...byAccount.entries()]);
      this.stats.flushes++;
      this.stats.rowsWritten += batch.size;
    } catch {
      // Kept for the next flush, unless newer attempts replaced them meanwhile.
      this.stats.failures++;
      for (const [key, value] of batch) if (!this.pending.has(key)) this.pending.set(key, value);
    }
  }

  private async writeKeyUses(): Promise<void> {
    if (this.keyUses.size === 0 || !this.accessKeys) return;
    const uses = this.keyUses;
    this.keyUses = new Map();
    for (const [id, use] of uses) {
      try {
        const last = (await this.accessKeys.lastUsed(id))?.LastUsedDate;
        if (last && use.when.getTime() - last.getTime() < KEY_USE_SPAN_MS) continue;
        await this.accessKeys.recordUse(id, use.when, use.service, use.region);
      } catch {
        this.stats.failures++;
      }
    }
  }
}
