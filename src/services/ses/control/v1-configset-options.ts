/**
 * SES v1 configuration set options over the document v2 reads and writes, so both APIs see one
 * state as on AWS: CreateConfigurationSetTrackingOptions, UpdateConfigurationSetTrackingOptions,
 * DeleteConfigurationSetTrackingOptions, PutConfigurationSetDeliveryOptions,
 * UpdateConfigurationSetReputationMetricsEnabled (APIReference/API_*.html). v1's TlsPolicy
 * `Require`/`Optional` is v2's `REQUIRE`/`OPTIONAL`. The actions authorize on the
 * configuration-set ARN, as the other configuration set actions do (list_amazonses.html).
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { arnOf } from './authz.js';
import { changeConfigSet, ConfigSetError } from './configsets.js';
import type { ControlDeps } from './deps.js';
import {
  configSetDoesNotExist,
  invalidTrackingOptions,
  trackingOptionsAlreadyExist,
  trackingOptionsDoNotExist,
} from './errors.js';
import { getIdentity } from './identities.js';
import { scopeOf } from './input.js';
import type { ConfigSetDoc } from './model.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/ses.js';

export function v1ConfigSetOptionOperations(deps: ControlDeps): OperationSpec[] {
  const on = (i: { ConfigurationSetName: string }, ctx: RequestContext) => [
    arnOf(deps, ctx, 'configuration-set', i.ConfigurationSetName),
  ];
  const change = async (ctx: RequestContext, name: string, fn: (d: ConfigSetDoc) => ConfigSetDoc) => {
    try {
      await changeConfigSet(deps, scopeOf(ctx), name, fn);
    } catch (e) {
      throw e instanceof ConfigSetError ? configSetDoesNotExist(name) : e;
    }
  };
  /** The redirect domain must be a verified domain identity of the account (API_CreateConfigurationSetTrackingOptions.html). */
  const checkDomain = async (ctx: RequestContext, domain: string | undefined): Promise<string> => {
    if (!domain) throw invalidTrackingOptions('At least one field of TrackingOptions must contain a value.');
    const doc = (await getIdentity(deps, scopeOf(ctx), domain))?.doc;
    if (doc?.type !== 'DOMAIN' || doc.verificationStatus !== 'SUCCESS')
      throw invalidTrackingOptions(`Domain <${domain}> is not verified under this account.`);
    return domain;
  };
  return [
    defineOperation<
      InputOf<'CreateConfigurationSetTrackingOptions'>,
      OutputOf<'CreateConfigurationSetTrackingOptions'>
    >({
      name: 'CreateConfigurationSetTrackingOptions',
      action: 'ses:CreateConfigurationSetTrackingOptions',
      resources: on,
      async handler(i, ctx) {
        const name = i.ConfigurationSetName;
        const domain = await checkDomain(ctx, i.TrackingOptions.CustomRedirectDomain);
        await change(ctx, name, (d) => {
          if (d.tracking) throw trackingOptionsAlreadyExist(name);
          return { ...d, tracking: { CustomRedirectDomain: domain } };
        });
        return {};
      },
    }),
    defineOperation<
      InputOf<'UpdateConfigurationSetTrackingOptions'>,
      OutputOf<'UpdateConfigurationSetTrackingOptions'>
    >({
      name: 'UpdateConfigurationSetTrackingOptions',
      action: 'ses:UpdateConfigurationSetTrackingOptions',
      resources: on,
      async handler(i, ctx) {
        const name = i.ConfigurationSetName;
        const domain = await checkDomain(ctx, i.TrackingOptions.CustomRedirectDomain);
        await change(ctx, name, (d) => {
          if (!d.tracking) throw trackingOptionsDoNotExist(name);
          // v2's HttpsPolicy is kept: v1 has no member for it.
          return { ...d, tracking: { ...d.tracking, CustomRedirectDomain: domain } };
        });
        return {};
      },
    }),
    defineOperation<
      InputOf<'DeleteConfigurationSetTrackingOptions'>,
      OutputOf<'DeleteConfigurationSetTrackingOptions'>
    >({
      name: 'DeleteConfigurationSetTrackingOptions',
      action: 'ses:DeleteConfigurationSetTrackingOptions',
      resources: on,
      async handler(i, ctx) {
        await change(ctx, i.ConfigurationSetName, (d) => {
          if (!d.tracking) throw trackingOptionsDoNotExist(i.ConfigurationSetName);
          const { tracking: _gone, ...rest } = d;
          return rest;
        });
        return {};
      },
    }),
    defineOperation<
      InputOf<'PutConfigurationSetDeliveryOptions'>,
      OutputOf<'PutConfigurationSetDeliveryOptions'>
    >({
      name: 'PutConfigurationSetDeliveryOptions',
      action: 'ses:PutConfigurationSetDeliveryOptions',
      resources: on,
      async handler(i, ctx) {
        // No DeliveryOptions (or no TlsPolicy) puts the default back: Optional.
        const TlsPolicy = i.DeliveryOptions?.TlsPolicy === 'Require' ? 'REQUIRE' : 'OPTIONAL';
        await change(ctx, i.ConfigurationSetName, (d) => ({ ...d, delivery: { ...d.delivery, TlsPolicy } }));
        return {};
      },
    }),
    defineOperation<
      InputOf<'UpdateConfigurationSetReputationMetricsEnabled'>,
      OutputOf<'UpdateConfigurationSetReputationMetricsEnabled'>
    >({
      name: 'UpdateConfigurationSetReputationMetricsEnabled',
      action: 'ses:UpdateConfigurationSetReputationMetricsEnabled',
      resources: on,
      async handler(i, ctx) {
        await change(ctx, i.ConfigurationSetName, (d) => ({
          ...d,
          reputation: { ...d.reputation, ReputationMetricsEnabled: i.Enabled },
        }));
        // The model has no output for this operation.
        return undefined;
      },
    }),
  ];
}
