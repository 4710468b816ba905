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
import { bool, check, obj, scopeOf, str, type Raw } from './input.js';
import type { ConfigSetDoc } from './model.js';
import type { OutputOf } from '../../../wire/model/types/ses.js';

const setName = (raw: Raw) => {
  const name = str(raw, 'ConfigurationSetName');
  check('v1', [['ConfigurationSetName', name, { required: true }]]);
  return name as string;
};

const redirectDomain = (raw: Raw) => {
  const t = obj(raw, 'TrackingOptions');
  check('v1', [['TrackingOptions', t, { required: true }]]);
  return str(t as Raw, 'CustomRedirectDomain');
};

export function v1ConfigSetOptionOperations(deps: ControlDeps): OperationSpec[] {
  const on = (i: { name: string }, ctx: RequestContext) => [arnOf(deps, ctx, 'configuration-set', i.name)];
  const change = async (ctx: RequestContext, name: string, fn: (d: ConfigSetDoc) => ConfigSetDoc) => {
    try {
      await changeConfigSet(deps, scopeOf(ctx), name, fn);
    } catch (e) {
      throw e instanceof ConfigSetError ? configSetDoesNotExist(name) : e;
    }
  };
  /** The redirect domain must be a verified domain identity of the account (API_CreateConfigurationSetTrackingOptions.html). */
  const checkDomain = async (ctx: RequestContext, domain: string | undefined) => {
    if (!domain) throw invalidTrackingOptions('At least one field of TrackingOptions must contain a value.');
    const doc = (await getIdentity(deps, scopeOf(ctx), domain))?.doc;
    if (doc?.type !== 'DOMAIN' || doc.verificationStatus !== 'SUCCESS')
      throw invalidTrackingOptions(`Domain <${domain}> is not verified under this account.`);
  };
  return [
    defineOperation<{ name: string; domain?: string }, OutputOf<'CreateConfigurationSetTrackingOptions'>>({
      name: 'CreateConfigurationSetTrackingOptions',
      action: 'ses:CreateConfigurationSetTrackingOptions',
      parse: (raw) => ({ name: setName(raw), domain: redirectDomain(raw) }),
      resources: on,
      async handler(i, ctx) {
        await checkDomain(ctx, i.domain);
        await change(ctx, i.name, (d) => {
          if (d.tracking) throw trackingOptionsAlreadyExist(i.name);
          return { ...d, tracking: { CustomRedirectDomain: i.domain as string } };
        });
        return {};
      },
    }),
    defineOperation<{ name: string; domain?: string }, OutputOf<'UpdateConfigurationSetTrackingOptions'>>({
      name: 'UpdateConfigurationSetTrackingOptions',
      action: 'ses:UpdateConfigurationSetTrackingOptions',
      parse: (raw) => ({ name: setName(raw), domain: redirectDomain(raw) }),
      resources: on,
      async handler(i, ctx) {
        await checkDomain(ctx, i.domain);
        await change(ctx, i.name, (d) => {
          if (!d.tracking) throw trackingOptionsDoNotExist(i.name);
          // v2's HttpsPolicy is kept: v1 has no member for it.
          return { ...d, tracking: { ...d.tracking, CustomRedirectDomain: i.domain as string } };
        });
        return {};
      },
    }),
    defineOperation<{ name: string }, OutputOf<'DeleteConfigurationSetTrackingOptions'>>({
      name: 'DeleteConfigurationSetTrackingOptions',
      action: 'ses:DeleteConfigurationSetTrackingOptions',
      parse: (raw) => ({ name: setName(raw) }),
      resources: on,
      async handler(i, ctx) {
        await change(ctx, i.name, (d) => {
          if (!d.tracking) throw trackingOptionsDoNotExist(i.name);
          const { tracking: _gone, ...rest } = d;
          return rest;
        });
        return {};
      },
    }),
    defineOperation<{ name: string; tls?: string }, OutputOf<'PutConfigurationSetDeliveryOptions'>>({
      name: 'PutConfigurationSetDeliveryOptions',
      action: 'ses:PutConfigurationSetDeliveryOptions',
      parse(raw) {
        const options = obj(raw, 'DeliveryOptions');
        const tls = options && str(options, 'TlsPolicy');
        check('v1', [['DeliveryOptions.TlsPolicy', tls, { enum: ['Require', 'Optional'] }]]);
        return { name: setName(raw), tls };
      },
      resources: on,
      async handler(i, ctx) {
        // No DeliveryOptions (or no TlsPolicy) puts the default back: Optional.
        const TlsPolicy = i.tls === 'Require' ? 'REQUIRE' : 'OPTIONAL';
        await change(ctx, i.name, (d) => ({ ...d, delivery: { ...d.delivery, TlsPolicy } }));
        return {};
      },
    }),
    defineOperation<
      { name: string; enabled: boolean },
      OutputOf<'UpdateConfigurationSetReputationMetricsEnabled'>
    >({
      name: 'UpdateConfigurationSetReputationMetricsEnabled',
      action: 'ses:UpdateConfigurationSetReputationMetricsEnabled',
      parse(raw) {
        const enabled = bool(raw, 'Enabled');
        check('v1', [['Enabled', enabled, { required: true }]]);
        return { name: setName(raw), enabled: enabled as boolean };
      },
      resources: on,
      async handler(i, ctx) {
        await change(ctx, i.name, (d) => ({
          ...d,
          reputation: { ...d.reputation, ReputationMetricsEnabled: i.enabled },
        }));
        // The model has no output for this operation.
        return undefined;
      },
    }),
  ];
}
