/**
 * The account-level suppression list (dg/sending-email-suppression-list.html), per account and
 * region, keyed by the lower-cased address (SES matches suppressed recipients without regard to
 * case). Writes come from PutSuppressedDestination and from sending (the mailbox simulator's
 * bounces and complaints, through SuppressionPort.put).
 */
import type { SesScope, SuppressionPort, SuppressionReason } from '../ports.js';
import type { ControlDeps } from './deps.js';
import { generationCache } from './ports.js';
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

/**
 * The most entries of one account's list held in memory: a list this short is read whole, once a
 * generation of the control plane (ports.ts), and a send's recipients are looked up in it instead
 * of one read each; a longer list is read per recipient. Small, because every write to the control
 * plane (a bounce that adds an address is one) has the list read again.
 */
const HELD_LIST = 100;

interface HeldList {
  /** The whole list by key, or undefined when it is longer than HELD_LIST. */
  entries?: ReadonlyMap<string, { reason: SuppressionReason; at: number }>;
}

export function suppressionPort(deps: ControlDeps): SuppressionPort {
  const held = generationCache<HeldList>(
    deps,
    async (scope) => {
      const docs = await deps.store.list<SuppressionDoc>(scope, 'suppression', { limit: HELD_LIST + 1 });
      if (docs.length > HELD_LIST) return {};
      return {
        entries: new Map(
          docs.map((d) => [d.key, { reason: d.doc.Reason, at: Date.parse(d.doc.LastUpdateTime) }]),
        ),
      };
    },
    (r) => Object.freeze(r),
  );
  return {
    async find(scope, address) {
      const key = suppressionKey(address);
      // Inside a transaction the list is read as it stands there (it may hold this one's writes).
      const list = deps.store.db.inTransaction ? undefined : (await held(scope, ''))?.entries;
      if (list) {
        const e = list.get(key);
        return e && { reason: e.reason, lastUpdateTime: new Date(e.at) };
      }
      const doc = (await deps.store.get<SuppressionDoc>(scope, 'suppression', key))?.doc;
      return doc ? { reason: doc.Reason, lastUpdateTime: new Date(doc.LastUpdateTime) } : undefined;
    },
    put: (scope, address, reason, now) => putSuppressed(deps, scope, address, reason, now),
  };
}
