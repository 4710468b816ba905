/**
 * SES v2 Virtual Deliverability Manager and the deliverability dashboard, as stored settings:
 * PutAccountVdmAttributes (GetAccount's VdmAttributes, API_PutAccountVdmAttributes.html),
 * GetDeliverabilityDashboardOptions and PutDeliverabilityDashboardOption
 * (API_PutDeliverabilityDashboardOption.html). None has a resource type in list_amazonses.html, so
 * each authorizes on "*". The configuration-set side (PutConfigurationSetVdmOptions,
 * PutConfigurationSetArchivingOptions) is in v2-configsets.ts with the other configuration-set options.
 *
 * Pinpost's equivalent of the physical part: AWS bills the dashboard monthly and measures inbox
 * placement with seed lists; Pinpost stores the subscription (AccountStatus ACTIVE while enabled,
 * DISABLED otherwise) and its subscribed domains, which must be verified domain identities of the
 * account, and measures nothing beyond its own event data.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { getAccount, updateAccount } from './account.js';
import type { ControlDeps } from './deps.js';
import { badRequest, identityMissingText, notFound } from './errors.js';
import { getIdentity } from './identities.js';
import { scopeOf } from './input.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';

export function v2VdmOperations(deps: ControlDeps): OperationSpec[] {
  return [
    // The model checks VdmEnabled (required) and each feature's ENABLED/DISABLED before authorizing.
    defineOperation<InputOf<'PutAccountVdmAttributes'>, OutputOf<'PutAccountVdmAttributes'>>({
      name: 'PutAccountVdmAttributes',
      action: 'ses:PutAccountVdmAttributes',
      resources: () => ['*'],
      async handler(i, ctx) {
        await updateAccount(deps, scopeOf(ctx), (a) => ({ ...a, vdm: i.VdmAttributes }));
        return {};
      },
    }),
    defineOperation<
      InputOf<'GetDeliverabilityDashboardOptions'>,
      OutputOf<'GetDeliverabilityDashboardOptions'>
    >({
      name: 'GetDeliverabilityDashboardOptions',
      action: 'ses:GetDeliverabilityDashboardOptions',
      resources: () => ['*'],
      async handler(_i, ctx) {
        const d = (await getAccount(deps, scopeOf(ctx))).dashboard;
        const enabled = d?.enabled ?? false;
        return {
          DashboardEnabled: enabled,
          AccountStatus: enabled ? 'ACTIVE' : 'DISABLED',
          ActiveSubscribedDomains: enabled
            ? d!.domains.map((x) => ({
                Domain: x.Domain,
                SubscriptionStartDate: new Date(x.SubscriptionStartDate),
              }))
            : [],
          PendingExpirationSubscribedDomains: [],
        };
      },
    }),
    defineOperation<
      InputOf<'PutDeliverabilityDashboardOption'>,
      OutputOf<'PutDeliverabilityDashboardOption'>
    >({
      name: 'PutDeliverabilityDashboardOption',
      action: 'ses:PutDeliverabilityDashboardOption',
      // The model leaves Domain optional; a subscription names the domain it is for.
      check(i) {
        if ((i.SubscribedDomains ?? []).some((d) => !d.Domain))
          throw badRequest('Each subscribed domain must name a Domain.');
      },
      resources: () => ['*'],
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        const domains = (i.SubscribedDomains ?? []).flatMap((d) => (d.Domain ? [d.Domain] : []));
        for (const domain of domains) {
          const identity = (await getIdentity(deps, scope, domain))?.doc;
          if (!identity || identity.type !== 'DOMAIN') throw notFound(identityMissingText(domain));
        }
        const at = deps.store.now().toISOString();
        await updateAccount(deps, scope, (a) => {
          const since = new Map((a.dashboard?.domains ?? []).map((d) => [d.Domain, d.SubscriptionStartDate]));
          return {
            ...a,
            dashboard: {
              enabled: i.DashboardEnabled,
              domains: i.DashboardEnabled
                ? domains.map((Domain) => ({ Domain, SubscriptionStartDate: since.get(Domain) ?? at }))
                : [],
            },
          };
        });
        return {};
      },
    }),
  ];
}
