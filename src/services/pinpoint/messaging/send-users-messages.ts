/**
 * SendUsersMessages (POST /v1/apps/{application-id}/users-messages,
 * apireference/apps-application-id-users-messages.html): "For each user ID in the list, Amazon
 * Pinpoint sends the message to all the endpoints that are associated with the user ID", as many
 * as 100 users per request. The answer maps each user to its endpoints' results (an empty map for a
 * user without endpoints).
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { requireApp } from '../apps.js';
import type { EndpointDoc } from '../endpoints.js';
import { badRequest } from '../errors.js';
import { scopeOf, type Raw } from '../input.js';
import type { PinpointContext } from '../ports.js';
import { onAppMessages } from './authorization.js';
import { hasEmailContent, hasOtherContent, otherMessagesOf, type OtherMessages } from './captured-request.js';
import { capturedChannel, sendMixed, type MixedSendDeps } from './mixed-send.js';
import {
  directEmailOf,
  entriesOf,
  MAX_USERS,
  recipientConfigOf,
  tooMany,
  type DirectEmail,
  type RecipientConfig,
} from './message-request.js';
import { endpointRecipient, type Recipient } from './recipients.js';
import { endpointMessageResult } from './results.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/pinpoint.js';

/** What the handler sends: the request's body as the direct sender reads it. */
interface SendUsersRequest {
  /** Absent when the request carries content for other channels only. */
  email?: DirectEmail;
  other: OtherMessages;
  users: [string, RecipientConfig][];
}

/** The body once authorized: Pinpoint authorizes a request before it reads it. */
function readRequest(body: InputOf<'SendUsersMessages'>['SendUsersMessageRequest']): SendUsersRequest {
  // The message request's parts are read by the readers SendMessages shares (message-request.ts).
  const request = body as unknown as Raw;
  const users = entriesOf(request, 'Users').map(([id, v]): SendUsersRequest['users'][number] => [
    id,
    recipientConfigOf(v, `Users.${id}`),
  ]);
  if (users.length > MAX_USERS) throw tooMany(MAX_USERS, 'users per request');
  const other = otherMessagesOf(request);
  const email = hasEmailContent(request) || !hasOtherContent(other) ? directEmailOf(request) : undefined;
  return { email, other, users };
}

export function sendUsersMessagesOperation(c: PinpointContext, deps: MixedSendDeps): OperationSpec {
  const messages = onAppMessages(c);
  return defineOperation<InputOf<'SendUsersMessages'>, OutputOf<'SendUsersMessages'>>({
    name: 'SendUsersMessages',
    action: 'mobiletargeting:SendUsersMessages',
    check({ SendUsersMessageRequest: request }) {
      // Users and MessageConfiguration are required (SendUsersMessageRequest): refused in these
      // words before the request is authorized, as they always were (test/pinpoint-messages.test.ts
      // pins them).
      if (!request?.Users) throw badRequest('Missing Users');
      if (!request.MessageConfiguration) throw badRequest('Missing MessageConfiguration');
    },
    resources: (i, ctx) => messages.resources({ appId: i.ApplicationId }, ctx),
    conditionKeys: (i, ctx) => messages.conditionKeys({ appId: i.ApplicationId }, ctx),
    async handler(input, ctx) {
      const i = { appId: input.ApplicationId, ...readRequest(input.SendUsersMessageRequest) };
      const scope = scopeOf(ctx);
      await requireApp({ store: c.store }, scope, i.appId);
      const owners: string[] = [];
      const recipients: Recipient[] = [];
      const channels: (string | undefined)[] = [];
      for (const [userId, config] of i.users) {
        for (const { doc } of await c.store.byUser<EndpointDoc>(scope, i.appId, 'endpoint', userId)) {
          owners.push(userId);
          recipients.push(endpointRecipient(doc.Id, doc, config));
          channels.push(capturedChannel(doc.ChannelType));
        }
      }
      const outcomes = await sendMixed(deps, scope, i.appId, i.email, i.other, recipients, channels);
      const result: Record<string, Record<string, ReturnType<typeof endpointMessageResult>>> = {};
      for (const [userId] of i.users) result[userId] = {};
      recipients.forEach((r, n) => {
        result[owners[n]][r.endpointId!] = endpointMessageResult(outcomes[n], r.address);
      });
      return {
        SendUsersMessageResponse: { ApplicationId: i.appId, RequestId: ctx.requestId, Result: result },
      };
    },
  });
}
