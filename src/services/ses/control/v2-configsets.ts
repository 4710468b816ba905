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
import { bool, int, obj, pageSize, scopeOf, str, tags, type Raw } from './input.js';
import type { ConfigSetDoc } from './model.js';
import { page } from './paging.js';
import {
  archiveArn,
  configSetName,
  delivery,
  reputation,
  suppressedReasons,
  tracking,
  vdmOptions,
} from './v2-configset-input.js';
import type { OutputOf } from '../../../wire/model/types/sesv2.js';

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

interface CreateInput {
  name: string;
  doc: ConfigSetDoc;
}

export function v2ConfigSetOperations(deps: ControlDeps): OperationSpec[] {
  const onSet = {
    resources: (i: { name: string }, ctx: RequestContext) => [arnOf(deps, ctx, 'configuration-set', i.name)],
    conditionKeys: (i: { name: string }, ctx: RequestContext) =>
      resourceTagKeys(deps, ctx, 'configuration-set', i.name),
  };
  const path = '/v2/email/configuration-sets/{ConfigurationSetName}';

  /** PutConfigurationSet…Options: read the body, change the set, answer {}. */
  const put = <T>(
    op: PutOption,
    tail: string,
    read: (raw: Raw) => T,
    apply: (doc: ConfigSetDoc, value: T) => ConfigSetDoc,
    verify?: (value: T, ctx: RequestContext) => Promise<void>,
  ) =>
    defineOperation<{ name: string; value: T }, OutputOf<`PutConfigurationSet${PutOption}`>>({
      name: `PutConfigurationSet${op}`,
      action: `ses:PutConfigurationSet${op}`,
      http: { method: 'PUT', path: `${path}/${tail}` },
      parse: (raw) => ({ name: configSetName(raw), value: read(raw) }),
      ...onSet,
      async handler(i, ctx) {
        await verify?.(i.value, ctx);
        try {
          await changeConfigSet(deps, scopeOf(ctx), i.name, (doc) => apply(doc, i.value));
        } catch (e) {
          throw v2ConfigSetError(e, i.name);
        }
        return {};
      },
    });

  const create = defineOperation<CreateInput, OutputOf<'CreateConfigurationSet'>>({
    name: 'CreateConfigurationSet',
    action: 'ses:CreateConfigurationSet',
    http: { method: 'POST', path: '/v2/email/configuration-sets' },
    parse(raw) {
      const name = configSetName(raw);
      const doc = newConfigSet(name);
      doc.tracking = tracking(obj(raw, 'TrackingOptions'));
      doc.delivery = delivery(obj(raw, 'DeliveryOptions'));
      doc.reputation = reputation(obj(raw, 'ReputationOptions'));
      const sending = obj(raw, 'SendingOptions');
      doc.sendingEnabled = (sending && bool(sending, 'SendingEnabled')) ?? true;
      const reasons = suppressedReasons(obj(raw, 'SuppressionOptions'), 'suppressionOptions');
      if (reasons) doc.suppression = { SuppressedReasons: reasons };
      doc.vdm = vdmOptions(obj(raw, 'VdmOptions'));
      const archiving = obj(raw, 'ArchivingOptions');
      if (archiving) doc.archiving = { ArchiveArn: str(archiving, 'ArchiveArn') };
      doc.tags = tags(raw) ?? [];
      return { name, doc };
    },
    resources: (i, ctx) => [arnOf(deps, ctx, 'configuration-set', i.name)],
    conditionKeys: (i) => requestTagKeys(i.doc.tags),
    async handler(i, ctx) {
      await checkPool(deps, ctx, i.doc.delivery);
      try {
        await createConfigSet(deps, scopeOf(ctx), i.doc);
      } catch (e) {
        throw v2ConfigSetError(e, i.name);
      }
      return {};
    },
  });

  const get = defineOperation<{ name: string }, OutputOf<'GetConfigurationSet'>>({
    name: 'GetConfigurationSet',
    action: 'ses:GetConfigurationSet',
    http: { method: 'GET', path },
    parse: (raw) => ({ name: configSetName(raw) }),
    ...onSet,
    async handler(i, ctx) {
      const found = await findConfigSet(deps, scopeOf(ctx), i.name);
      if (!found) throw notFound(configSetMissingText(i.name));
      return configSetOutput(found.doc);
    },
  });

  const del = defineOperation<{ name: string }, OutputOf<'DeleteConfigurationSet'>>({
    name: 'DeleteConfigurationSet',
    action: 'ses:DeleteConfigurationSet',
    http: { method: 'DELETE', path },
    parse: (raw) => ({ name: configSetName(raw) }),
    ...onSet,
    async handler(i, ctx) {
      try {
        await deleteConfigSet(deps, scopeOf(ctx), i.name);
      } catch (e) {
        throw v2ConfigSetError(e, i.name);
      }
      return {};
    },
  });

  const list = defineOperation<{ NextToken?: string; PageSize?: number }, OutputOf<'ListConfigurationSets'>>({
    name: 'ListConfigurationSets',
    action: 'ses:ListConfigurationSets',
    http: {
      method: 'GET',
      path: '/v2/email/configuration-sets',
      query: { NextToken: 'NextToken', PageSize: 'PageSize' },
    },
    parse: (raw) => ({ NextToken: str(raw, 'NextToken'), PageSize: int(raw, 'PageSize') }),
    resources: () => ['*'],
    async handler(i, ctx) {
      const size = pageSize('v2', 'PageSize', i.PageSize, 100, 1, 1000);
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
    put(
      'SendingOptions',
      'sending',
      (raw) => bool(raw, 'SendingEnabled') ?? false,
      (doc, v) => ({ ...doc, sendingEnabled: v }),
    ),
    put(
      'SuppressionOptions',
      'suppression-options',
      (raw) => suppressedReasons(raw, 'suppressionOptions'),
      (doc, v) => ({ ...doc, suppression: v ? { SuppressedReasons: v } : undefined }),
    ),
    put(
      'ReputationOptions',
      'reputation-options',
      (raw) => bool(raw, 'ReputationMetricsEnabled') ?? false,
      (doc, v) => ({ ...doc, reputation: { ...doc.reputation, ReputationMetricsEnabled: v } }),
    ),
    put(
      'TrackingOptions',
      'tracking-options',
      (raw) => (str(raw, 'CustomRedirectDomain') ? tracking(raw) : undefined),
      (doc, v) => ({ ...doc, tracking: v }),
    ),
    put(
      'DeliveryOptions',
      'delivery-options',
      (raw) => delivery(raw),
      (doc, v) => ({ ...doc, delivery: v }),
      (v, ctx) => checkPool(deps, ctx, v),
    ),
    // API_PutConfigurationSetVdmOptions.html: stored, GetConfigurationSet shows them.
    put(
      'VdmOptions',
      'vdm-options',
      (raw) => vdmOptions(obj(raw, 'VdmOptions')),
      (doc, v) => ({ ...doc, vdm: v }),
    ),
    // API_PutConfigurationSetArchivingOptions.html: an absent ArchiveArn stops archiving.
    put(
      'ArchivingOptions',
      'archiving-options',
      (raw) => archiveArn(raw),
      (doc, v) => ({ ...doc, archiving: v ? { ArchiveArn: v } : undefined }),
    ),
  ];
}
