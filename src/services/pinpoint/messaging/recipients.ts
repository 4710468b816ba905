/**
 * Who a direct message goes to, and Pinpoint's own verdict on each before anything is sent: an
 * endpoint that does not exist, is not an EMAIL endpoint, has opted out or is inactive is answered
 * without a send (MessageResult.DeliveryStatus: "OPT_OUT - The user who's associated with the
 * endpoint address has opted out of receiving messages from you"). The status texts are Pinpost's
 * wording, modelled on Pinpoint's SMS text "Destination phone number opted out"; AWS documents none
 * for email.
 */
import type { EndpointDoc } from '../endpoints.js';
import { RESOURCE_NOT_FOUND } from '../errors.js';
import type { SendOutcome } from '../ports.js';
import type { RecipientConfig } from './message-request.js';
import { refusedOutcome } from './outcomes.js';

export interface Recipient {
  /** The address the message goes to. */
  address?: string;
  config: RecipientConfig;
  endpoint?: EndpointDoc;
  endpointId?: string;
  userId?: string;
  /** Set when Pinpoint answers without sending. */
  refused?: SendOutcome;
}

const notEmail = (channelType: string) =>
  refusedOutcome('PERMANENT_FAILURE', `Pinpost sends email only; the channel type is ${channelType}`);

/** An entry of SendMessages' Addresses. */
export function addressRecipient(
  address: string,
  config: RecipientConfig & { channelType?: string },
): Recipient {
  const recipient: Recipient = { address, config };
  if (config.channelType === undefined)
    recipient.refused = refusedOutcome('PERMANENT_FAILURE', `ChannelType is required for address ${address}`);
  else if (config.channelType !== 'EMAIL') recipient.refused = notEmail(config.channelType);
  return recipient;
}

const userIdOf = (doc: EndpointDoc): string | undefined => {
  const id = (doc.User as { UserId?: unknown } | undefined)?.UserId;
  return typeof id === 'string' ? id : undefined;
};

/** An endpoint (SendMessages' Endpoints, or a user's endpoint for SendUsersMessages). */
export function endpointRecipient(
  endpointId: string,
  doc: EndpointDoc | undefined,
  config: RecipientConfig,
): Recipient {
  if (!doc)
    return { endpointId, config, refused: refusedOutcome('PERMANENT_FAILURE', RESOURCE_NOT_FOUND, 404) };
  const address = typeof doc.Address === 'string' ? doc.Address : undefined;
  const recipient: Recipient = { address, config, endpoint: doc, endpointId, userId: userIdOf(doc) };
  const channelType = String(doc.ChannelType ?? 'none');
  if (channelType !== 'EMAIL') recipient.refused = notEmail(channelType);
  else if (doc.OptOut === 'ALL')
    recipient.refused = refusedOutcome('OPT_OUT', 'Destination email address opted out');
  else if (doc.EndpointStatus === 'INACTIVE')
    recipient.refused = refusedOutcome('PERMANENT_FAILURE', `Endpoint ${endpointId} is inactive`);
  else if (!address)
    recipient.refused = refusedOutcome('PERMANENT_FAILURE', `Endpoint ${endpointId} has no address`);
  return recipient;
}
