/**
 * Account-level settings per account and region. New accounts start in the sandbox when the
 * server says so: 200 messages per 24 hours and 1 per second, ProductionAccessEnabled false
 * (docs.aws.amazon.com/ses/latest/dg/request-production-access.html, "You can send a maximum of
 * 200 messages per 24-hour period", "a maximum of one message per second"). Out of the sandbox,
 * Pinpost grants 50,000 per 24 hours at 14 per second: the production quota AWS commonly grants
 * on a first request in us-east-1 (dg/manage-sending-quotas.html describes quotas being raised
 * from there); AWS's actual figure varies by region and case.
 */
import type { AccountSendingRecord, SesScope } from '../ports.js';
import type { ControlDeps } from './deps.js';
import type { AccountDoc } from './model.js';

export const SANDBOX_QUOTA = { max24HourSend: 200, maxSendRate: 1 } as const;
export const PRODUCTION_QUOTA = { max24HourSend: 50_000, maxSendRate: 14 } as const;

export function defaultAccount(
  sandbox: boolean,
  production: { max24HourSend: number; maxSendRate: number } = PRODUCTION_QUOTA,
): AccountDoc {
  const quota = sandbox ? SANDBOX_QUOTA : production;
  return {
    sendingEnabled: true,
    productionAccessEnabled: !sandbox,
    ...quota,
    // "The account-level suppression list is enabled by default for both bounces and complaints"
    // for accounts created since November 2019 (sending-email-suppression-list.html).
    suppressedReasons: ['BOUNCE', 'COMPLAINT'],
  };
}

export async function getAccount(deps: ControlDeps, scope: SesScope): Promise<AccountDoc> {
  const stored = await deps.store.get<AccountDoc>(scope, 'account', '');
  return stored?.doc ?? defaultAccount(deps.sandbox, deps.productionQuota);
}

export function saveAccount(deps: ControlDeps, scope: SesScope, doc: AccountDoc): Promise<void> {
  return deps.store.put(scope, 'account', '', doc);
}

export function updateAccount(
  deps: ControlDeps,
  scope: SesScope,
  change: (a: AccountDoc) => AccountDoc,
): Promise<AccountDoc> {
  return deps.store.transaction(async () => {
    const next = change(await getAccount(deps, scope));
    await saveAccount(deps, scope, next);
    return next;
  });
}

export function accountRecord(doc: AccountDoc): AccountSendingRecord {
  return {
    sendingEnabled: doc.sendingEnabled,
    productionAccessEnabled: doc.productionAccessEnabled,
    max24HourSend: doc.max24HourSend,
    maxSendRate: doc.maxSendRate,
    suppressedReasons: [...doc.suppressedReasons],
  };
}
