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
import { check, obj, scopeOf, str } from './input.js';
import type { EventDestinationDoc } from './model.js';
import { configSetName, eventDestination } from './v2-configset-input.js';
import { NAME_PATTERN } from './configsets.js';
import { v2ConfigSetError } from './v2-configsets.js';
import { v2EventDestination } from './event-destination-output.js';
import type { OutputOf } from '../../../wire/model/types/sesv2.js';

interface DestInput {
  name: string;
  dest: EventDestinationDoc;
}

export function v2EventDestinationOperations(deps: ControlDeps): OperationSpec[] {
  const base = '/v2/email/configuration-sets/{ConfigurationSetName}/event-destinations';
  const onSet = {
    resources: (i: { name: string }, ctx: RequestContext) => [arnOf(deps, ctx, 'configuration-set', i.name)],
    conditionKeys: (i: { name: string }, ctx: RequestContext) =>
      resourceTagKeys(deps, ctx, 'configuration-set', i.name),
  };
  const parse = (raw: Record<string, unknown>): DestInput => ({
    name: configSetName(raw),
    dest: eventDestination(str(raw, 'EventDestinationName') as string, obj(raw, 'EventDestination')),
  });
  const write = async (i: DestInput, ctx: RequestContext, fn: typeof addDestination) => {
    try {
      await changeConfigSet(deps, scopeOf(ctx), i.name, (doc) => fn(doc, i.dest));
    } catch (e) {
      throw v2ConfigSetError(e, i.name, i.dest.Name);
    }
    return {};
  };

  return [
    defineOperation<DestInput, OutputOf<'CreateConfigurationSetEventDestination'>>({
      name: 'CreateConfigurationSetEventDestination',
      action: 'ses:CreateConfigurationSetEventDestination',
      http: { method: 'POST', path: base },
      parse,
      ...onSet,
      handler: async (i, ctx) => write(i, ctx, addDestination),
    }),
    defineOperation<DestInput, OutputOf<'UpdateConfigurationSetEventDestination'>>({
      name: 'UpdateConfigurationSetEventDestination',
      action: 'ses:UpdateConfigurationSetEventDestination',
      http: { method: 'PUT', path: `${base}/{EventDestinationName}` },
      parse,
      ...onSet,
      handler: async (i, ctx) => write(i, ctx, replaceDestination),
    }),
    defineOperation<
      { name: string; destination: string },
      OutputOf<'DeleteConfigurationSetEventDestination'>
    >({
      name: 'DeleteConfigurationSetEventDestination',
      action: 'ses:DeleteConfigurationSetEventDestination',
      http: { method: 'DELETE', path: `${base}/{EventDestinationName}` },
      parse(raw) {
        const destination = str(raw, 'EventDestinationName');
        check('v2', [['EventDestinationName', destination, { required: true, pattern: NAME_PATTERN }]]);
        return { name: configSetName(raw), destination: destination as string };
      },
      ...onSet,
      async handler(i, ctx) {
        try {
          await changeConfigSet(deps, scopeOf(ctx), i.name, (doc) => removeDestination(doc, i.destination));
        } catch (e) {
          throw v2ConfigSetError(e, i.name, i.destination);
        }
        return {};
      },
    }),
    defineOperation<{ name: string }, OutputOf<'GetConfigurationSetEventDestinations'>>({
      name: 'GetConfigurationSetEventDestinations',
      action: 'ses:GetConfigurationSetEventDestinations',
      http: { method: 'GET', path: base },
      parse: (raw) => ({ name: configSetName(raw) }),
      ...onSet,
      async handler(i, ctx) {
        const found = await findConfigSet(deps, scopeOf(ctx), i.name);
        if (!found) throw notFound(configSetMissingText(i.name));
        return { EventDestinations: found.doc.eventDestinations.map(v2EventDestination) };
      },
    }),
  ];
}
