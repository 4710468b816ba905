import type { Database } from '../../store/index.js';
import { date, iso } from './store-shared.js';

export interface StoredCredentialReport {
  GeneratedTime: Date;
  Content: string;
}

export type TokenVersion = 'v1Token' | 'v2Token';

export interface StoredLastAccessedJob {
  JobId: string;
  Arn: string;
  Granularity: 'SERVICE_LEVEL' | 'ACTION_LEVEL';
  CreationDate: Date;
  CompletionDate: Date;
  /** The report as computed at generation (service-last-accessed.ts's LastAccessedReport, JSON). */
  Report: string;
}

/** One principal's last authentication to one action (`service:Action`). */
export interface ServiceAccessRecord {
  PrincipalArn: string;
  Action: string;
  LastAuthenticated: Date;
  Region: string;
}

/**
 * An account's reports and preferences: its credential report, its STS token preference, its
 * service last accessed jobs, and when each principal last authenticated to each action.
 */
export class ReportRepo {
  constructor(private readonly db: Database) {}

  async credentialReport(accountId: string): Promise<StoredCredentialReport | undefined> {
    const r = await this.db.get<{ generated_time: string; content: string }>(
      'SELECT generated_time, content FROM iam_credential_reports WHERE account_id = ?',
      [accountId],
    );
    return r && { GeneratedTime: date(r.generated_time), Content: r.content };
  }

  async setCredentialReport(accountId: string, report: StoredCredentialReport): Promise<void> {
    await this.db.transaction(async () => {
      await this.db.run('DELETE FROM iam_credential_reports WHERE account_id = ?', [accountId]);
      await this.db.run(
        'INSERT INTO iam_credential_reports (account_id, generated_time, content) VALUES (?, ?, ?)',
        [accountId, iso(report.GeneratedTime), report.Content],
      );
    });
  }

  async tokenVersion(accountId: string): Promise<TokenVersion | undefined> {
    const r = await this.db.get<{ v: string }>(
      'SELECT global_endpoint_token_version AS v FROM iam_sts_preferences WHERE account_id = ?',
      [accountId],
    );
    return r?.v as TokenVersion | undefined;
  }

  async setTokenVersion(accountId: string, version: TokenVersion): Promise<void> {
    await this.db.transaction(async () => {
      await this.db.run('DELETE FROM iam_sts_preferences WHERE account_id = ?', [accountId]);
      await this.db.run(
        'INSERT INTO iam_sts_preferences (account_id, global_endpoint_token_version) VALUES (?, ?)',
        [accountId, version],
      );
    });
  }

  async addJob(accountId: string, job: StoredLastAccessedJob): Promise<void> {
    await this.db.run(
      'INSERT INTO iam_last_accessed_jobs (job_id, account_id, arn, granularity, creation_date, completion_date, report) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [
        job.JobId,
        accountId,
        job.Arn,
        job.Granularity,
        iso(job.CreationDate),
        iso(job.CompletionDate),
        job.Report,
      ],
    );
  }

  async job(accountId: string, jobId: string): Promise<StoredLastAccessedJob | undefined> {
    const r = await this.db.get<{
      job_id: string;
      arn: string;
      granularity: string;
      creation_date: string;
      completion_date: string;
      report: string;
    }>(
      'SELECT job_id, arn, granularity, creation_date, completion_date, report FROM iam_last_accessed_jobs WHERE account_id = ? AND job_id = ?',
      [accountId, jobId],
    );
    return (
      r && {
        JobId: r.job_id,
        Arn: r.arn,
        Granularity: r.granularity as StoredLastAccessedJob['Granularity'],
        CreationDate: date(r.creation_date),
        CompletionDate: date(r.completion_date),
        Report: r.report,
      }
    );
  }

  /**
   * Records each entity's latest attempt per action, for several accounts, in one transaction; a
   * row only moves forward in time (another process may have written a later attempt).
   */
  async recordAccess(batches: readonly (readonly [string, readonly ServiceAccessRecord[]])[]): Promise<void> {
    await this.db.transaction(async () => {
      for (const [accountId, records] of batches)
        for (const r of records)
          await this.db.run(
            `INSERT INTO iam_service_access (account_id, principal_arn, action, last_authenticated, region) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (account_id, principal_arn, action) DO UPDATE SET last_authenticated = excluded.last_authenticated, region = excluded.region
             WHERE excluded.last_authenticated > iam_service_access.last_authenticated`,
            [accountId, r.PrincipalArn, r.Action, iso(r.LastAuthenticated), r.Region],
          );
    });
  }

  /** Every recorded authentication of the account's principals (of those ARNs when given). */
  async accessOf(accountId: string, principalArns: readonly string[]): Promise<ServiceAccessRecord[]> {
    if (principalArns.length === 0) return [];
    const rows = await this.db.all<{
      principal_arn: string;
      action: string;
      last_authenticated: string;
      region: string;
    }>(
      `SELECT principal_arn, action, last_authenticated, region FROM iam_service_access WHERE account_id = ? AND principal_arn IN (${principalArns.map(() => '?').join(', ')})`,
      [accountId, ...principalArns],
    );
    return rows.map((r) => ({
      PrincipalArn: r.principal_arn,
      Action: r.action,
      LastAuthenticated: date(r.last_authenticated),
      Region: r.region,
    }));
  }
}
