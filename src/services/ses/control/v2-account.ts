/**
 * SES v2 account: GetAccount, PutAccountDetails, PutAccountSendingAttributes,
 * PutAccountSuppressionAttributes (APIReference-V2/API_GetAccount.html and siblings). None has a
 * resource type in list_amazonses.html, so each authorizes on "*".
 *
 * Production access: on AWS, PutAccountDetails with ProductionAccessEnabled opens a review case
 * (ReviewDetails.Status PENDING) that AWS Support decides on, usually within a day
 * (dg/request-production-access.html). Pinpost has nobody to review it, so it grants at once:
 * Status GRANTED, ProductionAccessEnabled true and the production quotas of account.ts.
 */
import { randomInt } from 'node:crypto';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { accountRecord, getAccount, updateAccount } from './account.js';
import type { ControlDeps } from './deps.js';
import { scopeOf } from './input.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';

export function v2AccountOperations(deps: ControlDeps): OperationSpec[] {
  const getAccountOp = defineOperation<InputOf<'GetAccount'>, OutputOf<'GetAccount'>>({
    name: 'GetAccount',
    action: 'ses:GetAccount',
    resources: () => ['*'],
    async handler(_i, ctx) {
      const scope = scopeOf(ctx);
      const doc = await getAccount(deps, scope);
      const record = accountRecord(doc);
      return {
        DedicatedIpAutoWarmupEnabled: doc.dedicatedIpAutoWarmupEnabled ?? false,
        EnforcementStatus: 'HEALTHY',
        ProductionAccessEnabled: record.productionAccessEnabled,
        SendQuota: {
          Max24HourSend: record.max24HourSend,
          MaxSendRate: record.maxSendRate,
          SentLast24Hours: await deps.sentLast24Hours(scope),
        },
        SendingEnabled: record.sendingEnabled,
        SuppressionAttributes: { SuppressedReasons: record.suppressedReasons },
        Details: doc.details,
        VdmAttributes: doc.vdm,
      };
    },
  });

  const putDetails = defineOperation<InputOf<'PutAccountDetails'>, OutputOf<'PutAccountDetails'>>({
    name: 'PutAccountDetails',
    action: 'ses:PutAccountDetails',
    resources: () => ['*'],
    async handler(i, ctx) {
      const { ProductionAccessEnabled: production, ...details } = i;
      await updateAccount(deps, scopeOf(ctx), (a) => {
        const granted = production === true || a.productionAccessEnabled;
        return {
          ...a,
          ...(production === true && !a.productionAccessEnabled ? deps.productionQuota : {}),
          productionAccessEnabled: granted,
          details: {
            ...details,
            ReviewDetails: {
              Status: granted ? 'GRANTED' : 'PENDING',
              CaseId: a.details?.ReviewDetails.CaseId ?? String(randomInt(1_000_000_000, 9_999_999_999)),
            },
          },
        };
      });
      return {};
    },
  });

  const putSending = defineOperation<
    InputOf<'PutAccountSendingAttributes'>,
    OutputOf<'PutAccountSendingAttributes'>
  >({
    name: 'PutAccountSendingAttributes',
    action: 'ses:PutAccountSendingAttributes',
    resources: () => ['*'],
    async handler(i, ctx) {
      // API_PutAccountSendingAttributes.html: "If false, your account can't send email."; absent means false.
      const sendingEnabled = i.SendingEnabled ?? false;
      await updateAccount(deps, scopeOf(ctx), (a) => ({ ...a, sendingEnabled }));
      return {};
    },
  });

  const putSuppression = defineOperation<
    InputOf<'PutAccountSuppressionAttributes'>,
    OutputOf<'PutAccountSuppressionAttributes'>
  >({
    name: 'PutAccountSuppressionAttributes',
    action: 'ses:PutAccountSuppressionAttributes',
    resources: () => ['*'],
    async handler(i, ctx) {
      const reasons = [...new Set(i.SuppressedReasons ?? [])];
      await updateAccount(deps, scopeOf(ctx), (a) => ({ ...a, suppressedReasons: reasons }));
      return {};
    },
  });

  return [getAccountOp, putDetails, putSending, putSuppression];
}
