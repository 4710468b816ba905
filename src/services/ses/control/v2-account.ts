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
import { bool, check, scopeOf, str, strings } from './input.js';
import type { AccountDetailsDoc } from './model.js';
import { suppressedReasons } from './v2-configset-input.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';

interface DetailsInput {
  details: Omit<AccountDetailsDoc, 'ReviewDetails'>;
  production?: boolean;
}

export function v2AccountOperations(deps: ControlDeps): OperationSpec[] {
  const getAccountOp = defineOperation<InputOf<'GetAccount'>, OutputOf<'GetAccount'>>({
    name: 'GetAccount',
    action: 'ses:GetAccount',
    http: { method: 'GET', path: '/v2/email/account' },
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

  const putDetails = defineOperation<DetailsInput, OutputOf<'PutAccountDetails'>>({
    name: 'PutAccountDetails',
    action: 'ses:PutAccountDetails',
    http: { method: 'POST', path: '/v2/email/account/details' },
    parse(raw) {
      const details = {
        MailType: str(raw, 'MailType') as AccountDetailsDoc['MailType'],
        WebsiteURL: str(raw, 'WebsiteURL') as string,
        ContactLanguage: str(raw, 'ContactLanguage') as AccountDetailsDoc['ContactLanguage'],
        UseCaseDescription: str(raw, 'UseCaseDescription'),
        AdditionalContactEmailAddresses: strings(raw, 'AdditionalContactEmailAddresses'),
      };
      check('v2', [
        ['MailType', details.MailType, { required: true, enum: ['MARKETING', 'TRANSACTIONAL'] }],
        [
          'WebsiteURL',
          details.WebsiteURL,
          {
            required: true,
            min: 1,
            max: 1000,
            pattern: '^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\\?([^#]*))?(#(.*))?',
          },
        ],
        ['ContactLanguage', details.ContactLanguage, { enum: ['EN', 'JA'] }],
        ['UseCaseDescription', details.UseCaseDescription, { max: 5000 }],
        ['AdditionalContactEmailAddresses', details.AdditionalContactEmailAddresses, { min: 1, max: 4 }],
        ...(details.AdditionalContactEmailAddresses ?? []).map(
          (a, n) =>
            [`AdditionalContactEmailAddresses.${n + 1}`, a, { min: 6, max: 254, pattern: '^(.+)@(.+)$' }] as [
              string,
              unknown,
              object,
            ],
        ),
      ]);
      return { details, production: bool(raw, 'ProductionAccessEnabled') };
    },
    resources: () => ['*'],
    async handler(i, ctx) {
      await updateAccount(deps, scopeOf(ctx), (a) => {
        const granted = i.production === true || a.productionAccessEnabled;
        return {
          ...a,
          ...(i.production === true && !a.productionAccessEnabled ? deps.productionQuota : {}),
          productionAccessEnabled: granted,
          details: {
            ...i.details,
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

  const putSending = defineOperation<{ SendingEnabled: boolean }, OutputOf<'PutAccountSendingAttributes'>>({
    name: 'PutAccountSendingAttributes',
    action: 'ses:PutAccountSendingAttributes',
    http: { method: 'PUT', path: '/v2/email/account/sending' },
    // API_PutAccountSendingAttributes.html: "If false, your account can't send email."; absent means false.
    parse: (raw) => ({ SendingEnabled: bool(raw, 'SendingEnabled') ?? false }),
    resources: () => ['*'],
    async handler(i, ctx) {
      await updateAccount(deps, scopeOf(ctx), (a) => ({ ...a, sendingEnabled: i.SendingEnabled }));
      return {};
    },
  });

  const putSuppression = defineOperation<
    { reasons: ('BOUNCE' | 'COMPLAINT')[] },
    OutputOf<'PutAccountSuppressionAttributes'>
  >({
    name: 'PutAccountSuppressionAttributes',
    action: 'ses:PutAccountSuppressionAttributes',
    http: { method: 'PUT', path: '/v2/email/account/suppression' },
    parse: (raw) => ({ reasons: suppressedReasons(raw, 'suppressedReasons') ?? [] }),
    resources: () => ['*'],
    async handler(i, ctx) {
      await updateAccount(deps, scopeOf(ctx), (a) => ({ ...a, suppressedReasons: i.reasons }));
      return {};
    },
  });

  return [getAccountOp, putDetails, putSending, putSuppression];
}
