/**
 * SendMessages (POST /v1/apps/{application-id}/messages, apireference/apps-application-id-messages.html):
 * a direct message to as many as 100 recipients, given as Addresses (address → AddressConfiguration)
 * and Endpoints (endpoint id → EndpointSendConfiguration). The answer is per recipient
 * (MessageResponse: Result by address, EndpointResult by endpoint id), 200 even when every send failed.
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
  MAX_RECIPIENTS,
  recipientConfigOf,
  tooMany,
  type DirectEmail,
  type RecipientConfig,
} from './message-request.js';
import { addressRecipient, endpointRecipient } from './recipients.js';
import { endpointMessageResult, messageResult } from './results.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/pinpoint.js';

/** What the handler sends: the request's body as the direct sender reads it. */
interface SendMessagesRequest {
  /** Absent when the request carries content for other channels only. */
  email?: DirectEmail;
  other: OtherMessages;
  addresses: [string, RecipientConfig & { channelType?: string }][];
  endpoints: [string, RecipientConfig][];
}

/** The body once authorized: Pinpoint authorizes a request before it reads it. */
function readRequest(body: InputOf<'SendMessages'>['MessageRequest']): SendMessagesRequest {
  // The message request's parts are read by the readers SendUsersMessages shares (message-request.ts).
  const request = body as unknown as Raw;
  const addresses = entriesOf(request, 'Addresses').map(
    ([address, v]): SendMessagesRequest['addresses'][number] => [
      address,
      recipientConfigOf(v, `Addresses.${address}`),
    ],
  );
  const endpoints = entriesOf(request, 'Endpoints').map(
    ([id, v]): SendMessagesRequest['endpoints'][number] => [id, recipientConfigOf(v, `Endpoints.${id}`)],
  );
  if (addresses.length + endpoints.length > MAX_RECIPIENTS)
    throw tooMany(MAX_RECIPIENTS, 'recipients (Addresses and Endpoints) per request');
  const other = otherMessagesOf(request);
  const email = hasEmailContent(request) || !hasOtherContent(other) ? directEmailOf(request) : undefined;
  return { email, other, addresses, endpoints };
}

export function sendMessagesOperation(c: PinpointContext, deps: MixedSendDeps): OperationSpec {
  const messages = onAppMessages(c);
  return defineOperation<InputOf<'SendMessages'>, OutputOf<'SendMessages'>>({
    name: 'SendMessages',
    action: 'mobiletargeting:SendMessages',
    check({ MessageRequest: request }) {
      // MessageConfiguration is required (MessageRequest): refused in these words before the request
      // is authorized, as it always was (test/pinpoint-messages.test.ts pins them).
      if (!request?.MessageConfiguration) throw badRequest('Missing MessageConfiguration');
    },
    resources: (i, ctx) => messages.resources({ appId: i.ApplicationId }, ctx),
    conditionKeys: (i, ctx) => messages.conditionKeys({ appId: i.ApplicationId }, ctx),
    async handler(input, ctx) {
      const i = { appId: input.ApplicationId, ...readRequest(input.MessageRequest) };
      const scope = scopeOf(ctx);
      await requireApp({ store: c.store }, scope, i.appId);
      const recipients = i.addresses.map(([address, config]) => addressRecipient(address, config));
      const channels = i.addresses.map(([, config]) => capturedChannel(config.channelType));
      for (const [id, config] of i.endpoints) {
        const endpoint = (await c.store.get<EndpointDoc>(scope, i.appId, 'endpoint', id))?.doc;
        recipients.push(endpointRecipient(id, endpoint, config));
        channels.push(capturedChannel(endpoint?.ChannelType));
      }
      const outcomes = await sendMixed(deps, scope, i.appId, i.email, i.other, recipients, channels);
      const byAddress = i.addresses.map(([address], n) => [address, messageResult(outcomes[n])]);
      const byEndpoint = i.endpoints.map(([id], n) => {
        const at = i.addresses.length + n;
        return [id, endpointMessageResult(outcomes[at], recipients[at].address)];
      });
      return {
        MessageResponse: {
          ApplicationId: i.appId,
          RequestId: ctx.requestId,
          ...(byAddress.length ? { Result: Object.fromEntries(byAddress) } : {}),
          ...(byEndpoint.length ? { EndpointResult: Object.fromEntries(byEndpoint) } : {}),
        },
      };
    },
  });
}
