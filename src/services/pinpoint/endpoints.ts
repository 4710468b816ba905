/**
 * Endpoints and users: UpdateEndpoint (202), UpdateEndpointsBatch (202, at most 100 items),
 * GetEndpoint, DeleteEndpoint (202), GetUserEndpoints, DeleteUserEndpoints (202)
 * (apireference/apps-application-id-endpoints.html, apps-application-id-endpoints-endpoint-id.html,
 * apps-application-id-users-user-id.html). Authorized as list_pinpoint.html ("Actions defined by
 * Amazon Pinpoint") says: UpdateEndpointsBatch on the app, the single-endpoint operations on the
 * endpoint resource type, the user operations on the user resource type.
 */
import { createHash } from 'node:crypto';
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import { onApplication, requireApp, underApplication, type AppDeps } from './apps.js';
import { badRequest, notFound, RESOURCE_NOT_FOUND } from './errors.js';
import { scopeOf, type Raw } from './input.js';
import type { PinpointStore, Scope } from './store.js';
import type { EndpointResponse, InputOf, OutputOf } from '../../wire/model/types/pinpoint.js';

/** pinpoint/2016-12-01 ChannelType. */
const CHANNEL_TYPES = [
  'PUSH',
  'GCM',
  'APNS',
  'APNS_SANDBOX',
  'APNS_VOIP',
  'APNS_VOIP_SANDBOX',
  'ADM',
  'SMS',
  'VOICE',
  'EMAIL',
  'BAIDU',
  'CUSTOM',
  'IN_APP',
];

/** developerguide/quotas.html, "Endpoint quotas": 100 endpoints per UpdateEndpointsBatch request. */
export const MAX_BATCH = 100;

/** The members an endpoint request may set (EndpointRequest / EndpointBatchItem, without Id). */
const MEMBERS = [
  'Address',
  'Attributes',
  'ChannelType',
  'Demographic',
  'EffectiveDate',
  'EndpointStatus',
  'Location',
  'Metrics',
  'OptOut',
  'RequestId',
  'User',
] as const;

export type EndpointDoc = Partial<Record<(typeof MEMBERS)[number], unknown>> & {
  Id: string;
  CohortId: string;
  CreationDate: string;
};

export type Fields = Partial<Record<(typeof MEMBERS)[number], unknown>>;

const isObject = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Keeps the modelled members and checks their types as the model states them: an import job's rows
 * and PutEvents' endpoints arrive unchecked; UpdateEndpoint's were typed by the model, whose
 * ChannelType enum Pinpoint's model step does not check. `quoteValues: false`
 * leaves the values and attribute names out of the messages (an import job's Failures repeat
 * nothing of the file they read).
 */
export function endpointFields(fields: object, { quoteValues = true } = {}): Fields {
  const item = fields as Raw;
  const quoted = (v: string) => (quoteValues ? `: ${v}` : '');
  const out: Fields = {};
  for (const m of MEMBERS) if (item[m] !== undefined && item[m] !== null) out[m] = item[m];
  for (const m of [
    'Address',
    'ChannelType',
    'EffectiveDate',
    'EndpointStatus',
    'OptOut',
    'RequestId',
  ] as const) {
    if (out[m] !== undefined && typeof out[m] !== 'string') throw badRequest(`${m} must be a string`);
  }
  for (const m of ['Attributes', 'Demographic', 'Location', 'Metrics', 'User'] as const) {
    if (out[m] !== undefined && !isObject(out[m])) throw badRequest(`${m} must be an object`);
  }
  if (out.ChannelType !== undefined && !CHANNEL_TYPES.includes(out.ChannelType as string)) {
    throw badRequest(`Invalid ChannelType${quoted(String(out.ChannelType))}`);
  }
  for (const [k, v] of Object.entries((out.Metrics as Raw | undefined) ?? {})) {
    if (typeof v !== 'number')
      throw badRequest(
        quoteValues ? `Metrics value for ${k} must be a number` : 'A Metrics value must be a number',
      );
  }
  for (const map of [out.Attributes, (out.User as Raw | undefined)?.UserAttributes]) {
    for (const [k, v] of Object.entries((map as Raw | undefined) ?? {})) {
      if (!Array.isArray(v))
        throw badRequest(
          quoteValues ? `Attribute ${k} must be a list of strings` : 'An attribute must be a list of strings',
        );
    }
  }
  return out;
}

/** The cohort (0–99) Pinpoint assigns an endpoint, stable for its id. */
const cohortOf = (id: string) => String(createHash('sha256').update(id).digest().readUInt32BE(0) % 100);

export interface EndpointItem {
  id: string;
  fields: Fields;
}

/**
 * Creates or updates endpoints (UpdateEndpoint, UpdateEndpointsBatch, PutEvents, import jobs): each
 * member given replaces the stored one, members not given keep their value; a new endpoint is
 * ACTIVE and not opted out unless the request says otherwise.
 */
export function upsertEndpoints(
  store: PinpointStore,
  scope: Scope,
  appId: string,
  items: EndpointItem[],
): Promise<void> {
  return store.transaction(async () => {
    const now = store.now().toISOString();
    for (const { id, fields: f } of items) {
      const before = (await store.get<EndpointDoc>(scope, appId, 'endpoint', id))?.doc;
      const doc: EndpointDoc = {
        EndpointStatus: 'ACTIVE',
        OptOut: 'NONE',
        ...before,
        ...f,
        EffectiveDate: (f.EffectiveDate as string | undefined) ?? now,
        Id: id,
        CohortId: before?.CohortId ?? cohortOf(id),
        CreationDate: before?.CreationDate ?? now,
      };
      const userId = (doc.User as Raw | undefined)?.UserId;
      await store.put(scope, appId, 'endpoint', id, doc, typeof userId === 'string' ? userId : undefined);
    }
  });
}

/**
 * A stored endpoint as EndpointResponse. Its members were checked against the model's types when
 * written (endpointFields), so they are the response's as stored.
 */
function endpointResponse(appId: string, doc: EndpointDoc): EndpointResponse {
  const { Id, CohortId, CreationDate, ...fields } = doc;
  return {
    ...(fields as Pick<EndpointResponse, (typeof MEMBERS)[number]>),
    ApplicationId: appId,
    CohortId,
    CreationDate,
    Id,
  };
}

export function endpointOperations(deps: AppDeps): OperationSpec[] {
  const accepted = (ctxRequestId: string) => ({
    MessageBody: { Message: 'Accepted', RequestID: ctxRequestId },
  });
  const output = endpointResponse;

  const update = defineOperation<InputOf<'UpdateEndpoint'>, OutputOf<'UpdateEndpoint'>>({
    name: 'UpdateEndpoint',
    action: 'mobiletargeting:UpdateEndpoint',
    ...underApplication(deps, (i) => `endpoints/${i.EndpointId}`),
    async handler({ ApplicationId: appId, EndpointId: id, EndpointRequest: body }, ctx) {
      // Read once authorized (Pinpoint authorizes before it reads the body); no member is required,
      // so a request without a body changes nothing but the dates.
      const item = { id, fields: endpointFields(body ?? {}) };
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, appId);
      await upsertEndpoints(deps.store, scope, appId, [item]);
      return accepted(ctx.requestId);
    },
  });

  const batch = defineOperation<InputOf<'UpdateEndpointsBatch'>, OutputOf<'UpdateEndpointsBatch'>>({
    name: 'UpdateEndpointsBatch',
    action: 'mobiletargeting:UpdateEndpointsBatch',
    ...onApplication(deps),
    async handler({ ApplicationId: appId, EndpointBatchRequest: { Item: list } }, ctx) {
      // Item is required (EndpointBatchRequest): the model step refused a body without it.
      if (list.length > MAX_BATCH)
        throw badRequest(`Batch size exceeds the maximum of ${MAX_BATCH} endpoints`);
      const items = list.map(({ Id, ...fields }): EndpointItem => {
        // Pinpost's wording: an item without an Id names no endpoint to write.
        if (!Id) throw badRequest('Endpoint Id is required');
        return { id: Id, fields: endpointFields(fields) };
      });
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, appId);
      await upsertEndpoints(deps.store, scope, appId, items);
      return accepted(ctx.requestId);
    },
  });

  const find = async (scope: Scope, appId: string, id: string) => {
    await requireApp(deps, scope, appId);
    const doc = (await deps.store.get<EndpointDoc>(scope, appId, 'endpoint', id))?.doc;
    if (!doc) throw notFound(RESOURCE_NOT_FOUND);
    return doc;
  };

  const get = defineOperation<InputOf<'GetEndpoint'>, OutputOf<'GetEndpoint'>>({
    name: 'GetEndpoint',
    action: 'mobiletargeting:GetEndpoint',
    ...underApplication(deps, (i) => `endpoints/${i.EndpointId}`),
    handler: async (i, ctx) => ({
      EndpointResponse: output(i.ApplicationId, await find(scopeOf(ctx), i.ApplicationId, i.EndpointId)),
    }),
  });

  const remove = defineOperation<InputOf<'DeleteEndpoint'>, OutputOf<'DeleteEndpoint'>>({
    name: 'DeleteEndpoint',
    action: 'mobiletargeting:DeleteEndpoint',
    ...underApplication(deps, (i) => `endpoints/${i.EndpointId}`),
    handler({ ApplicationId: appId, EndpointId: id }, ctx) {
      const scope = scopeOf(ctx);
      return deps.store.transaction(async () => {
        const doc = await find(scope, appId, id);
        await deps.store.delete(scope, appId, 'endpoint', id);
        return { EndpointResponse: output(appId, doc) };
      });
    },
  });

  const ofUser = async (scope: Scope, appId: string, userId: string) => {
    await requireApp(deps, scope, appId);
    const docs = (await deps.store.byUser<EndpointDoc>(scope, appId, 'endpoint', userId)).map((r) => r.doc);
    if (docs.length === 0) throw notFound(RESOURCE_NOT_FOUND);
    return docs;
  };

  const getUser = defineOperation<InputOf<'GetUserEndpoints'>, OutputOf<'GetUserEndpoints'>>({
    name: 'GetUserEndpoints',
    action: 'mobiletargeting:GetUserEndpoints',
    ...underApplication(deps, (i) => `users/${i.UserId}`),
    async handler({ ApplicationId: appId, UserId: userId }, ctx) {
      const docs = await ofUser(scopeOf(ctx), appId, userId);
      return { EndpointsResponse: { Item: docs.map((d) => output(appId, d)) } };
    },
  });

  const deleteUser = defineOperation<InputOf<'DeleteUserEndpoints'>, OutputOf<'DeleteUserEndpoints'>>({
    name: 'DeleteUserEndpoints',
    action: 'mobiletargeting:DeleteUserEndpoints',
    ...underApplication(deps, (i) => `users/${i.UserId}`),
    handler({ ApplicationId: appId, UserId: userId }, ctx) {
      const scope = scopeOf(ctx);
      return deps.store.transaction(async () => {
        const docs = await ofUser(scope, appId, userId);
        for (const d of docs) await deps.store.delete(scope, appId, 'endpoint', d.Id);
        return { EndpointsResponse: { Item: docs.map((d) => output(appId, d)) } };
      });
    },
  });

  return [update, batch, get, remove, getUser, deleteUser];
}
