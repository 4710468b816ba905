/**
 * Pinpoint apps: CreateApp (201), GetApp, GetApps, DeleteApp (apireference/apps.html,
 * apps-application-id.html). An app's Id is 32 lower-case hex digits, its ARN
 * `arn:aws:mobiletargeting:<region>:<account>:apps/<id>`.
 */
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import { APP_NOT_FOUND, badRequest, notFound } from './errors.js';
import { pageSize, pinpointArn, requestTagKeys, resourceTagKeys, scopeOf } from './input.js';
import type { PinpointStore, Scope } from './store.js';
import type { InputOf, OutputOf } from '../../wire/model/types/pinpoint.js';

export interface AppDoc {
  Id: string;
  Arn: string;
  Name: string;
  tags: Record<string, string>;
  CreationDate: string;
}

export interface AppDeps {
  store: PinpointStore;
}

export const appArn = (scope: Scope, id: string) => pinpointArn(scope, `apps/${id}`);

/** The app, or NotFoundException. */
export async function requireApp(deps: AppDeps, scope: Scope, id: string): Promise<AppDoc> {
  const app = (await deps.store.get<AppDoc>(scope, id, 'app'))?.doc;
  if (!app) throw notFound(APP_NOT_FOUND);
  return app;
}

/** What an operation on an existing app authorizes: the app's ARN, with its tags as aws:ResourceTag. */
export function onApp(deps: AppDeps) {
  return {
    resources: (i: { appId: string }, ctx: RequestContext) => [appArn(scopeOf(ctx), i.appId)],
    conditionKeys: async (i: { appId: string }, ctx: RequestContext) =>
      resourceTagKeys((await deps.store.get<AppDoc>(scopeOf(ctx), i.appId, 'app'))?.doc.tags),
  };
}

/** onApp for an input the model typed: the app's id is its ApplicationId member. */
export function onApplication(deps: AppDeps) {
  const app = onApp(deps);
  return {
    resources: (i: { ApplicationId: string }, ctx: RequestContext) =>
      app.resources({ appId: i.ApplicationId }, ctx),
    conditionKeys: (i: { ApplicationId: string }, ctx: RequestContext) =>
      app.conditionKeys({ appId: i.ApplicationId }, ctx),
  };
}

/**
 * What an operation on a part of an app authorizes: the part's own ARN under the app's
 * (list_pinpoint.html, "Resource types": endpoint `apps/<id>/endpoints/<endpoint>`, user
 * `apps/<id>/users/<user>`, channel `apps/<id>/channels/<type>`, event-stream, events, …). Those
 * resource types carry no condition keys, so no tags are added.
 */
export function underApp<I extends { appId: string }>(deps: AppDeps, path: (i: I) => string) {
  return {
    resources: (i: I, ctx: RequestContext) => [`${appArn(scopeOf(ctx), i.appId)}/${path(i)}`],
  };
}

/** underApp for an input the model typed: the app's id is its ApplicationId member. */
export function underApplication<I extends { ApplicationId: string }>(deps: AppDeps, path: (i: I) => string) {
  const under = underApp<I & { appId: string }>(deps, path);
  return {
    resources: (i: I, ctx: RequestContext) => under.resources({ ...i, appId: i.ApplicationId }, ctx),
  };
}

const appOutput = (app: AppDoc) => ({ ApplicationResponse: app });

/** GetApps' page size when none is asked for; AWS documents none, so every app fits a page. */
const DEFAULT_PAGE_SIZE = 1000;

export function appOperations(deps: AppDeps): OperationSpec[] {
  const create = defineOperation<InputOf<'CreateApp'>, OutputOf<'CreateApp'>>({
    name: 'CreateApp',
    action: 'mobiletargeting:CreateApp',
    // The app does not exist yet: Pinpoint authorizes `apps/*` (list_amazonpinpoint.html, CreateApp on apps*).
    resources: (_i, ctx) => [pinpointArn(scopeOf(ctx), 'apps/*')],
    // Tagging on creation also needs mobiletargeting:TagResource (list_pinpoint.html, "API operations").
    additionalActions: ({ CreateApplicationRequest: { tags } }) =>
      tags && Object.keys(tags).length ? ['mobiletargeting:TagResource'] : [],
    conditionKeys: (i) => requestTagKeys(i.CreateApplicationRequest.tags),
    async handler({ CreateApplicationRequest: { Name, tags } }, ctx) {
      // Name is required (CreateApplicationRequest), as the model step checked; an empty one too
      // (Pinpost's wording).
      if (!Name) throw badRequest('Missing Name');
      const scope = scopeOf(ctx);
      const id = randomBytes(16).toString('hex');
      const app: AppDoc = {
        Id: id,
        Arn: appArn(scope, id),
        Name,
        tags: tags ?? {},
        CreationDate: deps.store.now().toISOString(),
      };
      await deps.store.put(scope, id, 'app', '', app);
      return appOutput(app);
    },
  });

  const get = defineOperation<InputOf<'GetApp'>, OutputOf<'GetApp'>>({
    name: 'GetApp',
    action: 'mobiletargeting:GetApp',
    ...onApplication(deps),
    handler: async (i, ctx) => appOutput(await requireApp(deps, scopeOf(ctx), i.ApplicationId)),
  });

  const list = defineOperation<InputOf<'GetApps'>, OutputOf<'GetApps'>>({
    name: 'GetApps',
    action: 'mobiletargeting:GetApps',
    // "not authorized to perform: mobiletargeting:GetApps on resource: arn:aws:mobiletargeting:us-west-2:123456789012:*"
    // (developerguide/tutorials-using-postman-troubleshooting.html).
    resources: (_i, ctx) => [pinpointArn(scopeOf(ctx), '*')],
    async handler(i, ctx) {
      const size = pageSize(i.PageSize) ?? DEFAULT_PAGE_SIZE;
      const rows = await deps.store.apps<AppDoc>(scopeOf(ctx), i.Token ?? '', size + 1);
      const items = rows.slice(0, size).map((r) => r.doc);
      const next = rows.length > size ? items[items.length - 1].Id : undefined;
      return { ApplicationsResponse: { Item: items, NextToken: next } };
    },
  });

  const remove = defineOperation<InputOf<'DeleteApp'>, OutputOf<'DeleteApp'>>({
    name: 'DeleteApp',
    action: 'mobiletargeting:DeleteApp',
    ...onApplication(deps),
    handler(i, ctx) {
      const scope = scopeOf(ctx);
      return deps.store.transaction(async () => {
        const app = await requireApp(deps, scope, i.ApplicationId);
        await deps.store.deleteApp(scope, i.ApplicationId);
        return appOutput(app);
      });
    },
  });

  return [create, get, list, remove];
}
