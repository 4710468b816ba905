/**
 * The members of imported segments: the endpoint ids and user ids an import job named (an imported
 * segment is "an unchanging set of endpoints or user IDs", userguide/segments-importing.html). Kept
 * in a table of their own rather than in the segment's document, so a segment of a million imported
 * endpoints is read in pages. (The import jobs not yet finished were queued here until they became
 * jobs of the one job mechanism: version 2 moves them.)
 */
import type { Database, Migration } from '../../../store/index.js';
import type { Scope } from '../store.js';

export type MemberType = 'endpoint' | 'user';

export const segmentMigrations: readonly Migration[] = [
  {
    context: 'pinpoint-segments',
    version: 1,
    name: 'imported segment members and the import job queue',
    up: `
      CREATE TABLE pinpoint_segment_members (
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        app_id TEXT NOT NULL,
        segment_id TEXT NOT NULL,
        member_type TEXT NOT NULL,
        member_id TEXT NOT NULL,
        PRIMARY KEY (account, region, app_id, segment_id, member_type, member_id)
      );
      CREATE TABLE pinpoint_import_queue (
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        app_id TEXT NOT NULL,
        job_id TEXT NOT NULL,
        PRIMARY KEY (account, region, app_id, job_id)
      );
    `,
  },
  {
    context: 'pinpoint-segments',
    version: 2,
    name: 'queued import jobs become jobs',
    // Due since the job was created (its document's date on the one clock, which the queue metric
    // ages jobs from; 0 when it has none), so it runs at once. The payload is import-runner.ts's
    // QueuedJob. The `jobs` context's migrations have run, and `pinpoint`'s, which moved the import
    // jobs' documents into `documents` (contexts apply in name order).
    up: async (db) => {
      const rows = await db.all<{
        account: string;
        region: string;
        app_id: string;
        job_id: string;
        created_at: string | null;
      }>(
        `SELECT q.account, q.region, q.app_id, q.job_id, d.created_at FROM pinpoint_import_queue q
         LEFT JOIN documents d ON d.service = 'pinpoint' AND d.account = q.account AND d.region = q.region
           AND d.parent = q.app_id AND d.kind = 'import-job' AND d.doc_key = q.job_id
         ORDER BY q.account, q.region, q.app_id, q.job_id`,
      );
      for (const r of rows) {
        const job: QueuedJob = { account: r.account, region: r.region, appId: r.app_id, jobId: r.job_id };
        const parsed = r.created_at ? Date.parse(r.created_at) : NaN;
        const created = Number.isNaN(parsed) ? 0 : parsed;
        await db.run(
          `INSERT INTO pinpost_jobs (kind, job_key, payload, state, run_at, attempts, created_at)
           VALUES ('import-job', ?, ?, 'ready', ?, 0, ?) ON CONFLICT (kind, job_key) DO NOTHING`,
          [r.job_id, JSON.stringify(job), created, created],
        );
      }
      await db.exec('DROP TABLE pinpoint_import_queue');
    },
  },
];

export interface Member {
  type: MemberType;
  id: string;
}

/** An import job to run (the payload of its `import-job` job). */
export interface QueuedJob extends Scope {
  appId: string;
  jobId: string;
}

const PAGE = 1000;

export class SegmentMembers {
  constructor(private readonly db: Database) {}

  /** Adds members; one already there is kept once (a resumed job writes its rows again). */
  async add(scope: Scope, appId: string, segmentId: string, members: Member[]): Promise<void> {
    for (const m of members) {
      await this.db.run(
        'INSERT INTO pinpoint_segment_members (account, region, app_id, segment_id, member_type, member_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [scope.account, scope.region, appId, segmentId, m.type, m.id],
      );
    }
  }

  /** A segment's members in pages, so a large imported segment is never held whole. */
  async *iterate(scope: Scope, appId: string, segmentId: string): AsyncGenerator<Member> {
    let afterType = '';
    let afterId = '';
    for (;;) {
      const rows = await this.db.all<{ member_type: MemberType; member_id: string }>(
        `SELECT member_type, member_id FROM pinpoint_segment_members
         WHERE account = ? AND region = ? AND app_id = ? AND segment_id = ?
           AND (member_type > ? OR (member_type = ? AND member_id > ?))
         ORDER BY member_type, member_id LIMIT ${PAGE}`,
        [scope.account, scope.region, appId, segmentId, afterType, afterType, afterId],
      );
      for (const r of rows) yield { type: r.member_type, id: r.member_id };
      if (rows.length < PAGE) return;
      afterType = rows[rows.length - 1].member_type;
      afterId = rows[rows.length - 1].member_id;
    }
  }

  async deleteSegment(scope: Scope, appId: string, segmentId: string): Promise<void> {
    await this.db.run(
      'DELETE FROM pinpoint_segment_members WHERE account = ? AND region = ? AND app_id = ? AND segment_id = ?',
      [scope.account, scope.region, appId, segmentId],
    );
  }
}
