/**
 * What v1 SendBulkTemplatedEmail and v2 SendBulkEmail share: the call fails as a whole for what
 * concerns every destination (account or configuration set paused, unknown configuration set or
 * template, unverified sender); each destination is then its own send — its own message id, its own
 * transaction — and its own status (BulkEmailStatus in each model).
 */
import { isAwsError } from '../../../wire/errors.js';
import { checkSend } from './checks.js';
import type { SendingContext } from './context.js';
import type { PreparedSend } from './prepare.js';
import { resolveContent } from './prepare.js';
import type { BulkEmailDestinationStatus } from '../../../wire/model/types/ses.js';

export type BulkStatus =
  | 'SUCCESS'
  | 'MESSAGE_REJECTED'
  | 'ACCOUNT_THROTTLED'
  | 'ACCOUNT_DAILY_QUOTA_EXCEEDED'
  | 'INVALID_PARAMETER'
  | 'FAILED';

export interface BulkResult {
  status: BulkStatus;
  error?: string;
  messageId?: string;
}

function statusOf(err: unknown): BulkResult {
  if (!isAwsError(err)) throw err;
  const message = err.awsMessage ?? err.code;
  if (err.code === 'MessageRejected') return { status: 'MESSAGE_REJECTED', error: message };
  if (message === 'Daily message quota exceeded.')
    return { status: 'ACCOUNT_DAILY_QUOTA_EXCEEDED', error: message };
  if (message === 'Maximum sending rate exceeded.') return { status: 'ACCOUNT_THROTTLED', error: message };
  if (err.code === 'InvalidParameterValue' || err.code === 'BadRequestException')
    return { status: 'INVALID_PARAMETER', error: message };
  return { status: 'FAILED', error: message };
}

/**
 * Sends each entry. `whole` is checked first with no recipient restriction so that what fails every
 * entry fails the call (the sandbox's recipient check is per entry).
 */
export async function sendBulk(d: SendingContext, entries: PreparedSend[]): Promise<BulkResult[]> {
  const first = await resolveContent(d, entries[0].req);
  await checkSend(d.control, { ...first, to: [], cc: [], bcc: [] });
  const out: BulkResult[] = [];
  for (const entry of entries) {
    try {
      out.push({ status: 'SUCCESS', messageId: await d.engine.send(await resolveContent(d, entry.req)) });
    } catch (err) {
      out.push(statusOf(err));
    }
  }
  return out;
}

/** v1's BulkEmailStatus spells the same statuses in PascalCase. */
export const V1_STATUS: Record<BulkStatus, NonNullable<BulkEmailDestinationStatus['Status']>> = {
  SUCCESS: 'Success',
  MESSAGE_REJECTED: 'MessageRejected',
  ACCOUNT_THROTTLED: 'AccountThrottled',
  ACCOUNT_DAILY_QUOTA_EXCEEDED: 'AccountDailyQuotaExceeded',
  INVALID_PARAMETER: 'InvalidParameterValue',
  FAILED: 'Failed',
};
