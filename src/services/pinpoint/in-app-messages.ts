/**
 * GetInAppMessages (GET /v1/apps/{application-id}/endpoints/{endpoint-id}/inappmessages,
 * apireference/apps-application-id-endpoints-endpoint-id-inappmessages.html): the in-app messages
 * of the app's in-app campaigns for an endpoint. Pinpost's campaigns send email only (a campaign with
 * an in-app schedule is refused, campaigns/write-request.ts), so no in-app campaign can exist and
 * the answer is the empty list AWS gives an app without one.
 */
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import { requireApp, underApplication, type AppDeps } from './apps.js';
import { scopeOf } from './input.js';
import type { InputOf, OutputOf } from '../../wire/model/types/pinpoint.js';

export function inAppMessageOperations(deps: AppDeps): OperationSpec[] {
  const get = defineOperation<InputOf<'GetInAppMessages'>, OutputOf<'GetInAppMessages'>>({
    name: 'GetInAppMessages',
    action: 'mobiletargeting:GetInAppMessages',
    // The endpoint resource type, `apps/<id>/endpoints/<endpoint>` (list_pinpoint.html).
    ...underApplication(deps, (i) => `endpoints/${i.EndpointId}`),
    async handler(i, ctx) {
      await requireApp(deps, scopeOf(ctx), i.ApplicationId);
      return { InAppMessagesResponse: { InAppMessageCampaigns: [] } };
    },
  });
  return [get];
}
