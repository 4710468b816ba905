import type { Database } from '../../store/index.js';
import { iso } from './store-shared.js';

/** GetServiceLinkedRoleDeletionStatus's Status (botocore iam DeletionTaskStatusType). */
export type DeletionTaskStatus = 'SUCCEEDED' | 'IN_PROGRESS' | 'FAILED' | 'NOT_STARTED';

/** The deletion tasks DeleteServiceLinkedRole submitted, per account, for their status. */
export class DeletionTaskRepo {
  constructor(private readonly db: Database) {}

  async record(accountId: string, taskId: string, status: DeletionTaskStatus, now: Date): Promise<void> {
    await this.db.run(
      'INSERT INTO iam_slr_deletion_tasks (task_id, account_id, status, create_date) VALUES (?, ?, ?, ?)',
      [taskId, accountId, status, iso(now)],
    );
  }

  async status(accountId: string, taskId: string): Promise<DeletionTaskStatus | undefined> {
    const r = await this.db.get<{ status: DeletionTaskStatus }>(
      'SELECT status FROM iam_slr_deletion_tasks WHERE account_id = ? AND task_id = ?',
      [accountId, taskId],
    );
    return r?.status;
  }
}
