/**
 * SES v2 configuration sets: Create/Get/Delete/ListConfigurationSets and
 * PutConfigurationSet{Sending,Suppression,Reputation,Tracking,Delivery}Options
 * (APIReference-V2/API_CreateConfigurationSet.html and siblings).
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { arnOf, requestTagKeys, resourceTagKeys } from './authz.js';
import {
  changeConfigSet,
  ConfigSetError,
  createConfigSet,
  deleteConfigSet,
  findConfigSet,
  MAX_CONFIG_SETS,
  MAX_EVENT_DESTINATIONS,
  newConfigSet,
} from './configsets.js';
import type { ControlDeps } from './deps.js';
import { poolExists } from './v2-dedicated-ips.js';
import {
  alreadyExists,
  configSetExistsText,
  configSetMissingText,
  eventDestinationExistsText,
  eventDestinationMissingText,
  limitExceeded,
  notFound,
} from './errors.js';
import { pageSizeViolations, scopeOf } from './input.js';
import type { ConfigSetDoc } from './model.js';
import { page } from './paging.js';
import {
  configSetNameViolations,
  checkDeliveryOptions,
  delivery,
  reputation,
  tracking,
  uniqueReasons,
} from './v2-configset-input.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';

/** The v2 error for a configuration set fault. */
export function v2ConfigSetError(e: unknown, set: string, destination = ''): unknown {
  if (!(e instanceof ConfigSetError)) return e;
  switch (e.fault.kind) {
    case 'missing':
      return notFound(configSetMissingText(set));
    case 'exists':
      return alreadyExists(configSetExistsText(set));
    case 'limit':
      return limitExceeded(`You have reached the maximum number of configuration sets (${MAX_CONFIG_SETS}).`);
    case 'destination-missing':
      return notFound(eventDestinationMissingText(set, destination));
    case 'destination-exists':
      return alreadyExists(eventDestinationExistsText(set, destination));
    case 'destination-limit':
      return limitExceeded(
        `A configuration set can have at most ${MAX_EVENT_DESTINATIONS} event destinations.`,
      );
  }
}

/** A SendingPoolName must name a pool the account has: its own (v2-dedicated-ips.ts) or SES's two. */
async function checkPool(deps: ControlDeps, ctx: RequestContext, d: ConfigSetDoc['delivery']): Promise<void> {
  const pool = d?.SendingPoolName;
  // "SendingPool <pool1> doesn't exist" (aws-cloudformation/rain#271 quotes SES's answer).
  if (pool && !(await poolExists(deps, scopeOf(ctx), pool)))
    throw notFound(`SendingPool <${pool}> doesn't exist`);
}

/** The PutConfigurationSet…Options operations (each answers an empty output). */
type PutOption =
  `${'Archiving' | 'Delivery' | 'Reputation' | 'Sending' | 'Suppression' | 'Tracking' | 'Vdm'}Options`;

export function configSetOutput(doc: ConfigSetDoc): OutputOf<'GetConfigurationSet'> {
  return {
    ConfigurationSetName: doc.name,
    TrackingOptions: doc.tracking,
    DeliveryOptions: doc.delivery ?? { TlsPolicy: 'OPTIONAL' },
    ReputationOptions: {
      ReputationMetricsEnabled: doc.reputation.ReputationMetricsEnabled,
      LastFreshStart: doc.reputation.LastFreshStart ? new Date(doc.reputation.LastFreshStart) : undefined,
    },
    SendingOptions: { SendingEnabled: doc.sendingEnabled },
    Tags: doc.tags,
    SuppressionOptions: doc.suppression,
    VdmOptions: doc.vdm,
    ArchivingOptions: doc.archiving,
  };
}

type Named = { ConfigurationSetName: string };

export function v2ConfigSetOperations(deps: ControlDeps): OperationSpec[] {
  const onSet = {
    violations: (i: Named) => configSetNameViolations(i.ConfigurationSetName),
    resources: (i: Named, ctx: RequestContext) => [
      arnOf(deps, ctx, 'configuration-set', i.ConfigurationSetName),
    ],
    conditionKeys: (i: Named, ctx: RequestContext) =>
      resourceTagKeys(deps, ctx, 'configuration-set', i.ConfigurationSetName),
  };
  const path = '/v2/email/configuration-sets/{ConfigurationSetName}';

  /** PutConfigurationSet…Options: change the set as the request says, answer {}. */
  const put = <P extends PutOption>(
    op: P,
    tail: string,
    apply: (doc: ConfigSetDoc, i: InputOf<`PutConfigurationSet${P}`>) => ConfigSetDoc,
    more: {
      /** The service's own words for values the model refuses too (OperationSpec.checkFirst). */
      checkFirst?: (i: InputOf<`PutConfigurationSet${P}`>) => void;
      verify?: (i: InputOf<`PutConfigurationSet${P}`>, ctx: RequestContext) => Promise<void>;
    } = {},
  ) =>
    defineOperation<InputOf<`PutConfigurationSet${P}`> & Named, OutputOf<`PutConfigurationSet${P}`>>({
      name: `PutConfigurationSet${op}`,
      action: `ses:PutConfigurationSet${op}`,
      http: { method: 'PUT', path: `${path}/${tail}` },
      ...onSet,
      checkFirst: more.checkFirst,
      async handler(i, ctx) {
        await more.verify?.(i, ctx);
        try {
          await changeConfigSet(deps, scopeOf(ctx), i.ConfigurationSetName, (doc) => apply(doc, i));
        } catch (e) {
          throw v2ConfigSetError(e, i.ConfigurationSetName);
        }
        return {};
      },
    });

  const create = defineOperation<InputOf<'CreateConfigurationSet'>, OutputOf<'CreateConfigurationSet'>>({
    name: 'CreateConfigurationSet',
    action: 'ses:CreateConfigurationSet',
    violations: (i) => configSetNameViolations(i.ConfigurationSetName),
    resources: (i, ctx) => [arnOf(deps, ctx, 'configuration-set', i.ConfigurationSetName)],
    conditionKeys: (i) => requestTagKeys(i.Tags),
    async handler(i, ctx) {
      const doc = newConfigSet(i.ConfigurationSetName);
      doc.tracking = tracking(i.TrackingOptions);
      doc.delivery = delivery(i.DeliveryOptions);
      doc.reputation = reputation(i.ReputationOptions);
      doc.sendingEnabled = i.SendingOptions?.SendingEnabled ?? true;
      if (i.SuppressionOptions)
        doc.suppression = { SuppressedReasons: uniqueReasons(i.SuppressionOptions.SuppressedReasons) };
      doc.vdm = i.VdmOptions;
      if (i.ArchivingOptions) doc.archiving = { ArchiveArn: i.ArchivingOptions.ArchiveArn };
      doc.tags = i.Tags ?? [];
      await checkPool(deps, ctx, doc.delivery);
      try {
        await createConfigSet(deps, scopeOf(ctx), doc);
      } catch (e) {
        throw v2ConfigSetError(e, i.ConfigurationSetName);
      }
      return {};
    },
  });

  const get = defineOperation<InputOf<'GetConfigurationSet'>, OutputOf<'GetConfigurationSet'>>({
    name: 'GetConfigurationSet',
    action: 'ses:GetConfigurationSet',
    ...onSet,
    async handler(i, ctx) {
      const found = await findConfigSet(deps, scopeOf(ctx), i.ConfigurationSetName);
      if (!found) throw notFound(configSetMissingText(i.ConfigurationSetName));
      return configSetOutput(found.doc);
    },
  });

  const del = defineOperation<InputOf<'DeleteConfigurationSet'>, OutputOf<'DeleteConfigurationSet'>>({
    name: 'DeleteConfigurationSet',
    action: 'ses:DeleteConfigurationSet',
    ...onSet,
    async handler(i, ctx) {
      try {
        await deleteConfigSet(deps, scopeOf(ctx), i.ConfigurationSetName);
      } catch (e) {
        throw v2ConfigSetError(e, i.ConfigurationSetName);
      }
      return {};
    },
  });

  const list = defineOperation<InputOf<'ListConfigurationSets'>, OutputOf<'ListConfigurationSets'>>({
    name: 'ListConfigurationSets',
    action: 'ses:ListConfigurationSets',
    violations: (i) => pageSizeViolations('PageSize', i.PageSize, 1, 1000),
    http: {
      method: 'GET',
      path: '/v2/email/configuration-sets',
      query: { NextToken: 'NextToken', PageSize: 'PageSize' },
    },
    resources: () => ['*'],
    async handler(i, ctx) {
      const size = i.PageSize ?? 100;
      const p = await page<ConfigSetDoc>(deps.store, scopeOf(ctx), 'configset', i.NextToken, size);
      return { ConfigurationSets: p.items.map((r) => r.doc.name), NextToken: p.nextToken };
    },
  });

  return [
    create,
    get,
    del,
    list,
    // POST /v2/email/list-configuration-sets in the SDK's current model, GET in botocore's.
    { ...list, http: { method: 'POST', path: '/v2/email/list-configuration-sets' } },
    put('SendingOptions', 'sending', (doc, i) => ({ ...doc, sendingEnabled: i.SendingEnabled ?? false })),
    put('SuppressionOptions', 'suppression-options', (doc, i) => ({
      ...doc,
      suppression: { SuppressedReasons: uniqueReasons(i.SuppressedReasons) },
    })),
    put('ReputationOptions', 'reputation-options', (doc, i) => ({
      ...doc,
      reputation: { ...doc.reputation, ReputationMetricsEnabled: i.ReputationMetricsEnabled ?? false },
    })),
    // An absent or empty CustomRedirectDomain stops using one.
    put('TrackingOptions', 'tracking-options', (doc, i) => ({
      ...doc,
      tracking: i.CustomRedirectDomain
        ? { CustomRedirectDomain: i.CustomRedirectDomain, HttpsPolicy: i.HttpsPolicy }
        : undefined,
    })),
    put('DeliveryOptions', 'delivery-options', (doc, i) => ({ ...doc, delivery: delivery(i) }), {
      // Named within DeliveryOptions ("deliveryOptions.MaxDeliverySeconds"), where the model names
      // this operation's members at the top: SES's words win (test/ses-control-configsets.test.ts).
      checkFirst: checkDeliveryOptions,
      verify: (i, ctx) => checkPool(deps, ctx, i),
    }),
    // API_PutConfigurationSetVdmOptions.html: stored, GetConfigurationSet shows them.
    put('VdmOptions', 'vdm-options', (doc, i) => ({ ...doc, vdm: i.VdmOptions })),
    // API_PutConfigurationSetArchivingOptions.html: an absent ArchiveArn stops archiving.
    put('ArchivingOptions', 'archiving-options', (doc, i) => ({
      ...doc,
      archiving: i.ArchiveArn ? { ArchiveArn: i.ArchiveArn } : undefined,
    })),
  ];
}
