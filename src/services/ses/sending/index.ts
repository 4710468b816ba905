/**
 * SES sending: v1 SendEmail/SendRawEmail/SendTemplatedEmail/SendBulkTemplatedEmail, v2
 * SendEmail/SendBulkEmail, GetSendQuota/GetSendStatistics; checks (identity, sandbox, quotas, rate,
 * suppression, sizes), the mailbox simulator, events, and the hand-off to the outbox.
 */
import type { Database, Migration } from '../../../store/index.js';
import type { OperationSpec } from '../../../wire/operation.js';
import type { SesControl } from '../control/index.js';
import type { EventPort, MimePort, OutboxPort } from '../ports.js';

export const sesSendingMigrations: readonly Migration[] = [];

export interface SesSendingDeps {
  control: SesControl;
  outbox: OutboxPort;
  mime: MimePort;
  partition: string;
}

export interface SesSending {
  events: EventPort;
  v1Operations(): OperationSpec[];
  v2Operations(): OperationSpec[];
}

/** Until sending lands: no send operations and no events. */
export function createSesSending(_db: Database, _deps: SesSendingDeps): SesSending {
  return {
    events: { record: () => undefined, ofMessage: () => [] },
    v1Operations: () => [],
    v2Operations: () => [],
  };
}
