/**
 * What SendMessages and SendUsersMessages authorize: mobiletargeting:SendMessages /
 * SendUsersMessages on `arn:aws:mobiletargeting:region:accountId:apps/projectId/messages`
 * (developerguide/permissions-actions.html, "Messages"), with the app's tags as aws:ResourceTag.
 */
import type { RequestContext } from '../../../wire/context.js';
import type { AppDoc } from '../apps.js';
import { pinpointArn, resourceTagKeys, scopeOf } from '../input.js';
import type { PinpointContext } from '../ports.js';

export function onAppMessages(c: PinpointContext) {
  return {
    resources: (i: { appId: string }, ctx: RequestContext) => [
      pinpointArn(scopeOf(ctx), `apps/${i.appId}/messages`),
    ],
    conditionKeys: async (i: { appId: string }, ctx: RequestContext) =>
      resourceTagKeys((await c.store.get<AppDoc>(scopeOf(ctx), i.appId, 'app'))?.doc.tags),
  };
}
