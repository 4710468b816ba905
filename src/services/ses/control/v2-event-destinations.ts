/**
 * SES v2 event destinations: Create/Update/DeleteConfigurationSetEventDestination and
 * GetConfigurationSetEventDestinations (APIReference-V2/API_CreateConfigurationSetEventDestination.html).
 * Authorized on the configuration set (list_amazonses.html). Texts "An event destination with name
 * <E> already exists for configuration set <C>." and "… does not exist …" as SES v1 words them.
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { arnOf, resourceTagKeys } from './authz.js';
import {
  addDestination,
  changeConfigSet,
  findConfigSet,
  removeDestination,
  replaceDestination,
} from './configsets.js';
import type { ControlDeps } from './deps.js';
import { configSetMissingText, notFound } from './errors.js';
import { scopeOf } from './input.js';
import {
  configSetNameViolations,
  eventDestinationNameViolations,
  matchingEventTypesViolations,
  eventDestination,
} from './v2-configset-input.js';
import { v2ConfigSetError } from './v2-configsets.js';
import { v2EventDestination } from './event-destination-output.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';

type Named = { ConfigurationSetName: string };
type DestInput = InputOf<'CreateConfigurationSetEventDestination'>;

export function v2EventDestinationOperations(deps: ControlDeps): OperationSpec[] {
  const onSet = {
    resources: (i: Named, ctx: RequestContext) => [
      arnOf(deps, ctx, 'configuration-set', i.ConfigurationSetName),
    ],
    conditionKeys: (i: Named, ctx: RequestContext) =>
      resourceTagKeys(deps, ctx, 'configuration-set', i.ConfigurationSetName),
  };
  const violations = (i: DestInput) => [
    ...configSetNameViolations(i.ConfigurationSetName),
    ...eventDestinationNameViolations(i.EventDestinationName),
    ...matchingEventTypesViolations(i.EventDestination),
  ];
  const write = async (i: DestInput, ctx: RequestContext, fn: typeof addDestination) => {
    const dest = eventDestination(i.EventDestinationName, i.EventDestination);
    try {
      await changeConfigSet(deps, scopeOf(ctx), i.ConfigurationSetName, (doc) => fn(doc, dest));
    } catch (e) {
      throw v2ConfigSetError(e, i.ConfigurationSetName, dest.Name);
    }
    return {};
  };

  return [
    defineOperation<DestInput, OutputOf<'CreateConfigurationSetEventDestination'>>({
      name: 'CreateConfigurationSetEventDestination',
      action: 'ses:CreateConfigurationSetEventDestination',
      violations,
      ...onSet,
      handler: async (i, ctx) => write(i, ctx, addDestination),
    }),
    defineOperation<
      InputOf<'UpdateConfigurationSetEventDestination'>,
      OutputOf<'UpdateConfigurationSetEventDestination'>
    >({
      name: 'UpdateConfigurationSetEventDestination',
      action: 'ses:UpdateConfigurationSetEventDestination',
      violations,
      ...onSet,
      handler: async (i, ctx) => write(i, ctx, replaceDestination),
    }),
    defineOperation<
      InputOf<'DeleteConfigurationSetEventDestination'>,
      OutputOf<'DeleteConfigurationSetEventDestination'>
    >({
      name: 'DeleteConfigurationSetEventDestination',
      action: 'ses:DeleteConfigurationSetEventDestination',
      violations: (i) => [
        ...eventDestinationNameViolations(i.EventDestinationName),
        ...configSetNameViolations(i.ConfigurationSetName),
      ],
      ...onSet,
      async handler(i, ctx) {
        try {
          await changeConfigSet(deps, scopeOf(ctx), i.ConfigurationSetName, (doc) =>
            removeDestination(doc, i.EventDestinationName),
          );
        } catch (e) {
          throw v2ConfigSetError(e, i.ConfigurationSetName, i.EventDestinationName);
        }
        return {};
      },
    }),
    defineOperation<
      InputOf<'GetConfigurationSetEventDestinations'>,
      OutputOf<'GetConfigurationSetEventDestinations'>
    >({
      name: 'GetConfigurationSetEventDestinations',
      action: 'ses:GetConfigurationSetEventDestinations',
      violations: (i) => configSetNameViolations(i.ConfigurationSetName),
      ...onSet,
      async handler(i, ctx) {
        const found = await findConfigSet(deps, scopeOf(ctx), i.ConfigurationSetName);
        if (!found) throw notFound(configSetMissingText(i.ConfigurationSetName));
        return { EventDestinations: found.doc.eventDestinations.map(v2EventDestination) };
      },
    }),
  ];
}
