/**
 * The account-level suppression list (dg/sending-email-suppression-list.html), per account and
 * region, keyed by the lower-cased address (SES matches suppressed recipients without regard to
 * case). Writes come from PutSuppressedDestination and from sending (the mailbox simulator's
 * bounces and complaints, through SuppressionPort.put).
 */
import type { SesScope, SuppressionPort, SuppressionReason } from '../ports.js';
import type { ControlDeps } from './deps.js';
import type { SuppressionDoc } from './model.js';

export const suppressionKey = (address: string) => address.toLowerCase();

export function putSuppressed(
  deps: ControlDeps,
  scope: SesScope,
  address: string,
  reason: SuppressionReason,
  now = deps.store.now(),
  extra: Pick<SuppressionDoc, 'MessageId' | 'FeedbackId'> = {},
): Promise<void> {
  return deps.store.put<SuppressionDoc>(scope, 'suppression', suppressionKey(address), {
    EmailAddress: address,
    Reason: reason,
    LastUpdateTime: now.toISOString(),
    ...extra,
  });
}

export function suppressionPort(deps: ControlDeps): SuppressionPort {
  return {
    async find(scope, address) {
      const doc = (await deps.store.get<SuppressionDoc>(scope, 'suppression', suppressionKey(address)))?.doc;
      return doc ? { reason: doc.Reason, lastUpdateTime: new Date(doc.LastUpdateTime) } : undefined;
    },
    put: (scope, address, reason, now) => putSuppressed(deps, scope, address, reason, now),
  };
}
