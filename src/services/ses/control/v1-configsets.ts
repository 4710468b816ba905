/**
 * SES v1 configuration sets over the store v2 uses: CreateConfigurationSet,
 * DescribeConfigurationSet, DeleteConfigurationSet, ListConfigurationSets,
 * Create/Update/DeleteConfigurationSetEventDestination, UpdateConfigurationSetSendingEnabled
 * (APIReference/API_*.html). The action names are the ones v2 uses, so they authorize on the same
 * configuration-set ARN (list_amazonses.html).
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
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
import { pageSizeViolations, scopeOf } from './input.js';
import type { ConfigSetDoc, EventDestinationDoc } from './model.js';
import { page } from './paging.js';
import { V1_EVENT_TYPES, v1EventDestination } from './event-destination-output.js';
import type { EventDestination, InputOf, OutputOf } from '../../../wire/model/types/ses.js';
import { minLengthViolation, patternViolation } from './v1-malformed.js';
import type { Violation } from '../../../wire/model/violations.js';

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

/**
 * A v1 event destination is refused before authorization, with the model's violations, when its
 * name breaks the naming rule of API_EventDestination.html or it names no event type: the model
 * carries neither constraint (the operations' `violations`, v1-malformed.ts).
 */
function destinationMalformed(i: InputOf<'CreateConfigurationSetEventDestination'>): Violation[] {
  const d = i.EventDestination as EventDestination | undefined;
  return [
    ...patternViolation(['EventDestination', 'Name'], d?.Name, NAME_PATTERN),
    ...minLengthViolation(['EventDestination', 'MatchingEventTypes'], d?.MatchingEventTypes, 1),
  ];
}

/** A v1 event destination as it is stored, with v2's event type names. */
function destinationDoc(d: EventDestination): EventDestinationDoc {
  const out: EventDestinationDoc = {
    Name: d.Name,
    Enabled: d.Enabled ?? false,
    MatchingEventTypes: [...new Set(d.MatchingEventTypes.map((t) => V1_EVENT_TYPES[t]))],
  };
  const firehose = d.KinesisFirehoseDestination;
  if (firehose)
    out.KinesisFirehoseDestination = {
      IamRoleArn: firehose.IAMRoleARN,
      DeliveryStreamArn: firehose.DeliveryStreamARN,
    };
  const cloudwatch = d.CloudWatchDestination;
  if (cloudwatch)
    out.CloudWatchDestination = {
      DimensionConfigurations: cloudwatch.DimensionConfigurations.map((c) => ({ ...c })),
    };
  if (d.SNSDestination) out.SnsDestination = { TopicArn: d.SNSDestination.TopicARN };
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
  const on = (name: string, ctx: RequestContext) => [arnOf(deps, ctx, 'configuration-set', name)];
  const onSet = (i: { ConfigurationSetName: string }, ctx: RequestContext) => on(i.ConfigurationSetName, ctx);
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
    defineOperation<InputOf<'CreateConfigurationSet'>, OutputOf<'CreateConfigurationSet'>>({
      name: 'CreateConfigurationSet',
      action: 'ses:CreateConfigurationSet',
      resources: (i, ctx) => on(i.ConfigurationSet.Name, ctx),
      async handler(i, ctx) {
        const name = i.ConfigurationSet.Name;
        // API_ConfigurationSet.html's naming rule; InvalidConfigurationSet is the model's error for it.
        if (!new RegExp(`^${NAME_PATTERN}$`).test(name))
          throw invalidConfigurationSet(`Configuration set name <${name}> is invalid.`);
        try {
          await createConfigSet(deps, scopeOf(ctx), newConfigSet(name));
        } catch (e) {
          throw v1Error(e, name);
        }
        return {};
      },
    }),
    defineOperation<InputOf<'DescribeConfigurationSet'>, OutputOf<'DescribeConfigurationSet'>>({
      name: 'DescribeConfigurationSet',
      action: 'ses:DescribeConfigurationSet',
      resources: onSet,
      async handler(i, ctx) {
        const found = await findConfigSet(deps, scopeOf(ctx), i.ConfigurationSetName);
        if (!found) throw configSetDoesNotExist(i.ConfigurationSetName);
        return describe(found.doc, i.ConfigurationSetAttributeNames ?? []);
      },
    }),
    defineOperation<InputOf<'DeleteConfigurationSet'>, OutputOf<'DeleteConfigurationSet'>>({
      name: 'DeleteConfigurationSet',
      action: 'ses:DeleteConfigurationSet',
      resources: onSet,
      async handler(i, ctx) {
        try {
          await deleteConfigSet(deps, scopeOf(ctx), i.ConfigurationSetName);
        } catch (e) {
          throw v1Error(e, i.ConfigurationSetName);
        }
        return {};
      },
    }),
    defineOperation<InputOf<'ListConfigurationSets'>, OutputOf<'ListConfigurationSets'>>({
      name: 'ListConfigurationSets',
      action: 'ses:ListConfigurationSets',
      // The model gives MaxItems no range: these bounds are Pinpost's own.
      violations: (i) => pageSizeViolations('MaxItems', i.MaxItems, 1, 1000),
      resources: () => ['*'],
      async handler(i, ctx) {
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
      InputOf<'CreateConfigurationSetEventDestination'>,
      OutputOf<'CreateConfigurationSetEventDestination'>
    >({
      name: 'CreateConfigurationSetEventDestination',
      action: 'ses:CreateConfigurationSetEventDestination',
      violations: destinationMalformed,
      resources: onSet,
      async handler(i, ctx) {
        const dest = destinationDoc(i.EventDestination);
        await change(ctx, i.ConfigurationSetName, dest.Name, (d) => addDestination(d, dest));
        return {};
      },
    }),
    defineOperation<
      InputOf<'UpdateConfigurationSetEventDestination'>,
      OutputOf<'UpdateConfigurationSetEventDestination'>
    >({
      name: 'UpdateConfigurationSetEventDestination',
      action: 'ses:UpdateConfigurationSetEventDestination',
      violations: destinationMalformed,
      resources: onSet,
      async handler(i, ctx) {
        const dest = destinationDoc(i.EventDestination);
        await change(ctx, i.ConfigurationSetName, dest.Name, (d) => replaceDestination(d, dest));
        return {};
      },
    }),
    defineOperation<
      InputOf<'DeleteConfigurationSetEventDestination'>,
      OutputOf<'DeleteConfigurationSetEventDestination'>
    >({
      name: 'DeleteConfigurationSetEventDestination',
      action: 'ses:DeleteConfigurationSetEventDestination',
      resources: onSet,
      handler: async (i, ctx) => (
        await change(ctx, i.ConfigurationSetName, i.EventDestinationName, (d) =>
          removeDestination(d, i.EventDestinationName),
        ),
        {}
      ),
    }),
    defineOperation<
      InputOf<'UpdateConfigurationSetSendingEnabled'>,
      OutputOf<'UpdateConfigurationSetSendingEnabled'>
    >({
      name: 'UpdateConfigurationSetSendingEnabled',
      action: 'ses:UpdateConfigurationSetSendingEnabled',
      resources: onSet,
      handler: async (i, ctx) =>
        void (await change(ctx, i.ConfigurationSetName, '', (d) => ({ ...d, sendingEnabled: i.Enabled }))),
    }),
  ];
}
