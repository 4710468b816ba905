/**
 * RemoveAttributes (PUT /v1/apps/{application-id}/attributes/{attribute-type},
 * apireference/apps-application-id-attributes-attribute-type.html). The model's UpdateAttributesRequest
 * documents it: Blacklist is "An array of the attributes to remove from all the endpoints that are
 * associated with the application. The array can specify the complete, exact name of each attribute
 * to remove or it can specify a glob pattern that an attribute name must match"; the answer's
 * Attributes are "the names of the attributes that were removed from the endpoints". The type picks
 * the map: endpoint-custom-attributes → Attributes, endpoint-metric-attributes → Metrics,
 * endpoint-user-attributes → User.UserAttributes. One transaction over the app's endpoints.
 */
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import { onApplication, requireApp, type AppDeps } from './apps.js';
import type { EndpointDoc } from './endpoints.js';
import { badRequest } from './errors.js';
import { scopeOf, type Raw } from './input.js';
import type { InputOf, OutputOf } from '../../wire/model/types/pinpoint.js';

const TYPES = ['endpoint-custom-attributes', 'endpoint-metric-attributes', 'endpoint-user-attributes'];

/** A glob (`*` any run of characters, `?` one) as a whole-name pattern. */
function globOf(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** The map of an endpoint the attribute type names, or undefined when it has none. */
function mapOf(doc: EndpointDoc, type: string): Raw | undefined {
  if (type === 'endpoint-custom-attributes') return doc.Attributes as Raw | undefined;
  if (type === 'endpoint-metric-attributes') return doc.Metrics as Raw | undefined;
  return (doc.User as Raw | undefined)?.UserAttributes as Raw | undefined;
}

function withMap(doc: EndpointDoc, type: string, map: Raw): EndpointDoc {
  if (type === 'endpoint-custom-attributes') return { ...doc, Attributes: map };
  if (type === 'endpoint-metric-attributes') return { ...doc, Metrics: map };
  return { ...doc, User: { ...(doc.User as Raw), UserAttributes: map } };
}

export function removeAttributesOperations(deps: AppDeps): OperationSpec[] {
  const remove = defineOperation<InputOf<'RemoveAttributes'>, OutputOf<'RemoveAttributes'>>({
    name: 'RemoveAttributes',
    action: 'mobiletargeting:RemoveAttributes',
    ...onApplication(deps),
    async handler({ ApplicationId: appId, AttributeType: type, UpdateAttributesRequest: body }, ctx) {
      // Checked once authorized: Pinpoint authorizes a request before it reads it. Pinpost's
      // wording; the valid values are the model's (AttributeType).
      if (!TYPES.includes(type))
        throw badRequest(`Invalid attribute-type: ${type}; valid values are ${TYPES.join(', ')}`);
      // An empty body (no UpdateAttributesRequest) removes nothing.
      const patterns = body?.Blacklist ?? [];
      const scope = scopeOf(ctx);
      const globs = patterns.map(globOf);
      const removed = new Set<string>();
      await deps.store.transaction(async () => {
        await requireApp(deps, scope, appId);
        for await (const { doc } of deps.store.iterate<EndpointDoc>(scope, appId, 'endpoint')) {
          const map = mapOf(doc, type);
          if (!map) continue;
          const gone = Object.keys(map).filter((k) => globs.some((g) => g.test(k)));
          if (gone.length === 0) continue;
          const kept = Object.fromEntries(Object.entries(map).filter(([k]) => !gone.includes(k)));
          gone.forEach((k) => removed.add(k));
          const userId = (doc.User as Raw | undefined)?.UserId;
          await deps.store.put(
            scope,
            appId,
            'endpoint',
            doc.Id,
            withMap(doc, type, kept),
            typeof userId === 'string' ? userId : undefined,
          );
        }
      });
      return {
        AttributesResource: {
          ApplicationId: appId,
          AttributeType: type,
          Attributes: [...removed].sort(),
        },
      };
    },
  });
  return [remove];
}
