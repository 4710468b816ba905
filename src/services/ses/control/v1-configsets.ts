/**
 * SES v1 configuration sets over the store v2 uses: CreateConfigurationSet,
 * DescribeConfigurationSet, DeleteConfigurationSet, ListConfigurationSets,
 * Create/Update/DeleteConfigurationSetEventDestination, UpdateConfigurationSetSendingEnabled
 * (APIReference/API_*.html). The action names are the ones v2 uses, so they authorize on the same
 * configuration-set ARN (list_amazonses.html).
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { SesEventType } from '../ports.js';
import { arnOf } from './authz.js';
import {
  addDestination,
  changeConfigSet,
  ConfigSetError,
  createConfigSet,
  deleteConfigSet,
  findConfigSet,
  MAX_CONFIG_SETS,
  MAX_EVENT_DESTINATIONS,
  NAME_PATTERN,
  newConfigSet,
  removeDestination,
  replaceDestination,
} from './configsets.js';
import type { ControlDeps } from './deps.js';
import {
  configSetAlreadyExists,
  configSetDoesNotExist,
  eventDestinationAlreadyExists,
  eventDestinationDoesNotExist,
  invalidConfigurationSet,
  v1LimitExceeded,
} from './errors.js';
import { bool, check, int, list, obj, scopeOf, str, strings, type Raw } from './input.js';
import type { ConfigSetDoc, EventDestinationDoc } from './model.js';
import { page } from './paging.js';
import { V1_EVENT_TYPES, v1EventDestination } from './event-destination-output.js';
import type { OutputOf } from '../../../wire/model/types/ses.js';

/** v1 event type names ↔ v2's (ses/2010-12-01 EventType, sesv2 EventType). */
const V1_TYPES: Record<string, SesEventType> = V1_EVENT_TYPES;

function v1Error(e: unknown, set: string, destination = ''): unknown {
  if (!(e instanceof ConfigSetError)) return e;
  switch (e.fault.kind) {
    case 'missing':
      return configSetDoesNotExist(set);
    case 'exists':
      return configSetAlreadyExists(set);
    case 'limit':
      return v1LimitExceeded(
        `You have reached the maximum number of configuration sets (${MAX_CONFIG_SETS}).`,
      );
    case 'destination-missing':
      return eventDestinationDoesNotExist(set, destination);
    case 'destination-exists':
      return eventDestinationAlreadyExists(set, destination);
    case 'destination-limit':
      return v1LimitExceeded(
        `A configuration set can have at most ${MAX_EVENT_DESTINATIONS} event destinations.`,
      );
  }
}

const setName = (raw: Raw) => {
  const name = str(raw, 'ConfigurationSetName');
  check('v1', [['ConfigurationSetName', name, { required: true }]]);
  return name as string;
};

function parseDestination(raw: Raw): EventDestinationDoc {
  const d = obj(raw, 'EventDestination');
  check('v1', [['EventDestination', d, { required: true }]]);
  const o = d as Raw;
  const name = str(o, 'Name');
  const types = strings(o, 'MatchingEventTypes') ?? [];
  check('v1', [
    ['EventDestination.name', name, { required: true, pattern: NAME_PATTERN }],
    ['EventDestination.matchingEventTypes', list(o, 'MatchingEventTypes'), { required: true, min: 1 }],
    ...types.map(
      (t, n) =>
        [`EventDestination.matchingEventTypes.${n + 1}`, t, { enum: Object.keys(V1_TYPES) }] as [
          string,
          unknown,
          object,
        ],
    ),
  ]);
  const out: EventDestinationDoc = {
    Name: name as string,
    Enabled: bool(o, 'Enabled') ?? false,
    MatchingEventTypes: [...new Set(types.map((t) => V1_TYPES[t]))],
  };
  const firehose = obj(o, 'KinesisFirehoseDestination');
  if (firehose)
    out.KinesisFirehoseDestination = {
      IamRoleArn: str(firehose, 'IAMRoleARN') ?? '',
      DeliveryStreamArn: str(firehose, 'DeliveryStreamARN') ?? '',
    };
  const cloudwatch = obj(o, 'CloudWatchDestination');
  if (cloudwatch)
    out.CloudWatchDestination = {
      DimensionConfigurations: (list(cloudwatch, 'DimensionConfigurations') ?? []) as Raw[],
    };
  const sns = obj(o, 'SNSDestination');
  if (sns) out.SnsDestination = { TopicArn: str(sns, 'TopicARN') ?? '' };
  return out;
}

/** The stored (v2) TlsPolicy as v1 spells it (TlsPolicy enums of both models). */
const v1Tls = (s: string): 'Require' | 'Optional' => (s === 'REQUIRE' ? 'Require' : 'Optional');

function describe(doc: ConfigSetDoc, attributes: string[]): OutputOf<'DescribeConfigurationSet'> {
  const want = (a: string) => attributes.includes(a);
  return {
    ConfigurationSet: { Name: doc.name },
    EventDestinations: want('eventDestinations') ? doc.eventDestinations.map(v1EventDestination) : undefined,
    TrackingOptions:
      want('trackingOptions') && doc.tracking
        ? { CustomRedirectDomain: doc.tracking.CustomRedirectDomain }
        : undefined,
    DeliveryOptions: want('deliveryOptions')
      ? { TlsPolicy: v1Tls(doc.delivery?.TlsPolicy ?? 'OPTIONAL') }
      : undefined,
    ReputationOptions: want('reputationOptions')
      ? {
          SendingEnabled: doc.sendingEnabled,
          ReputationMetricsEnabled: doc.reputation.ReputationMetricsEnabled,
          LastFreshStart: doc.reputation.LastFreshStart ? new Date(doc.reputation.LastFreshStart) : undefined,
        }
      : undefined,
  };
}

export function v1ConfigSetOperations(deps: ControlDeps): OperationSpec[] {
  const on = (i: { name: string }, ctx: RequestContext) => [arnOf(deps, ctx, 'configuration-set', i.name)];
  const change = async (
    ctx: RequestContext,
    name: string,
    dest: string,
    fn: (d: ConfigSetDoc) => ConfigSetDoc,
  ) => {
    try {
      await changeConfigSet(deps, scopeOf(ctx), name, fn);
    } catch (e) {
      throw v1Error(e, name, dest);
    }
  };
  return [
    defineOperation<{ name: string }, OutputOf<'CreateConfigurationSet'>>({
      name: 'CreateConfigurationSet',
      action: 'ses:CreateConfigurationSet',
      parse(raw) {
        const set = obj(raw, 'ConfigurationSet');
        check('v1', [['ConfigurationSet', set, { required: true }]]);
        const name = str(set as Raw, 'Name');
        check('v1', [['ConfigurationSet.name', name, { required: true }]]);
        return { name: name as string };
      },
      resources: on,
      async handler(i, ctx) {
        // API_ConfigurationSet.html's naming rule; InvalidConfigurationSet is the model's error for it.
        if (!new RegExp(`^${NAME_PATTERN}$`).test(i.name))
          throw invalidConfigurationSet(`Configuration set name <${i.name}> is invalid.`);
        try {
          await createConfigSet(deps, scopeOf(ctx), newConfigSet(i.name));
        } catch (e) {
          throw v1Error(e, i.name);
        }
        return {};
      },
    }),
    defineOperation<{ name: string; attributes: string[] }, OutputOf<'DescribeConfigurationSet'>>({
      name: 'DescribeConfigurationSet',
      action: 'ses:DescribeConfigurationSet',
      parse(raw) {
        const attributes = strings(raw, 'ConfigurationSetAttributeNames') ?? [];
        check(
          'v1',
          attributes.map(
            (a, n) =>
              [
                `configurationSetAttributeNames.${n + 1}`,
                a,
                { enum: ['eventDestinations', 'trackingOptions', 'deliveryOptions', 'reputationOptions'] },
              ] as [string, unknown, object],
          ),
        );
        return { name: setName(raw), attributes };
      },
      resources: on,
      async handler(i, ctx) {
        const found = await findConfigSet(deps, scopeOf(ctx), i.name);
        if (!found) throw configSetDoesNotExist(i.name);
        return describe(found.doc, i.attributes);
      },
    }),
    defineOperation<{ name: string }, OutputOf<'DeleteConfigurationSet'>>({
      name: 'DeleteConfigurationSet',
      action: 'ses:DeleteConfigurationSet',
      parse: (raw) => ({ name: setName(raw) }),
      resources: on,
      async handler(i, ctx) {
        try {
          await deleteConfigSet(deps, scopeOf(ctx), i.name);
        } catch (e) {
          throw v1Error(e, i.name);
        }
        return {};
      },
    }),
    defineOperation<{ NextToken?: string; MaxItems?: number }, OutputOf<'ListConfigurationSets'>>({
      name: 'ListConfigurationSets',
      action: 'ses:ListConfigurationSets',
      parse: (raw) => ({ NextToken: str(raw, 'NextToken'), MaxItems: int(raw, 'MaxItems') }),
      resources: () => ['*'],
      async handler(i, ctx) {
        check('v1', [['MaxItems', i.MaxItems, { minValue: 1, maxValue: 1000 }]]);
        const p = await page<ConfigSetDoc>(
          deps.store,
          scopeOf(ctx),
          'configset',
          i.NextToken,
          i.MaxItems ?? 1000,
        );
        return { ConfigurationSets: p.items.map((r) => ({ Name: r.doc.name })), NextToken: p.nextToken };
      },
    }),
    defineOperation<
      { name: string; dest: EventDestinationDoc },
      OutputOf<'CreateConfigurationSetEventDestination'>
    >({
      name: 'CreateConfigurationSetEventDestination',
      action: 'ses:CreateConfigurationSetEventDestination',
      parse: (raw) => ({ name: setName(raw), dest: parseDestination(raw) }),
      resources: on,
      handler: async (i, ctx) => (
        await change(ctx, i.name, i.dest.Name, (d) => addDestination(d, i.dest)),
        {}
      ),
    }),
    defineOperation<
      { name: string; dest: EventDestinationDoc },
      OutputOf<'UpdateConfigurationSetEventDestination'>
    >({
      name: 'UpdateConfigurationSetEventDestination',
      action: 'ses:UpdateConfigurationSetEventDestination',
      parse: (raw) => ({ name: setName(raw), dest: parseDestination(raw) }),
      resources: on,
      handler: async (i, ctx) => (
        await change(ctx, i.name, i.dest.Name, (d) => replaceDestination(d, i.dest)),
        {}
      ),
    }),
    defineOperation<
      { name: string; destination: string },
      OutputOf<'DeleteConfigurationSetEventDestination'>
    >({
      name: 'DeleteConfigurationSetEventDestination',
      action: 'ses:DeleteConfigurationSetEventDestination',
      parse(raw) {
        const destination = str(raw, 'EventDestinationName');
        check('v1', [['EventDestinationName', destination, { required: true }]]);
        return { name: setName(raw), destination: destination as string };
      },
      resources: on,
      handler: async (i, ctx) => (
        await change(ctx, i.name, i.destination, (d) => removeDestination(d, i.destination)),
        {}
      ),
    }),
    defineOperation<{ name: string; enabled: boolean }, OutputOf<'UpdateConfigurationSetSendingEnabled'>>({
      name: 'UpdateConfigurationSetSendingEnabled',
      action: 'ses:UpdateConfigurationSetSendingEnabled',
      parse(raw) {
        const enabled = bool(raw, 'Enabled');
        check('v1', [['Enabled', enabled, { required: true }]]);
        return { name: setName(raw), enabled: enabled as boolean };
      },
      resources: on,
      handler: async (i, ctx) =>
        void (await change(ctx, i.name, '', (d) => ({ ...d, sendingEnabled: i.enabled }))),
    }),
  ];
}
