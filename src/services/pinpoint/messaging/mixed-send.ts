/**
 * A direct message to recipients of any channel: email recipients are sent through SES
 * (direct-send.ts), recipients of the other channels captured (captured-send.ts). Both are prepared
 * before either writes, so bad input for one channel sends nothing through the other.
 */
import type { Scope, SendOutcome } from '../ports.js';
import { CAPTURED_CHANNELS, type OtherMessages } from './captured-request.js';
import { prepareCapture, type CapturedRecipient } from './captured-send.js';
import type { CapturedMessages } from './captured-store.js';
import { sendDirect, type DirectSendDeps } from './direct-send.js';
import type { DirectEmail } from './message-request.js';
import { refusedOutcome } from './outcomes.js';
import type { Recipient } from './recipients.js';

export interface MixedSendDeps extends DirectSendDeps {
  captured: CapturedMessages;
}

/** The channel of an address's ChannelType or an endpoint's, when Pinpost captures it. */
export const capturedChannel = (channelType: unknown): string | undefined =>
  typeof channelType === 'string' && CAPTURED_CHANNELS.includes(channelType) ? channelType : undefined;

/**
 * The outcome of each recipient, in order. `channels[n]` is the captured channel of recipient n
 * (undefined: it goes the email way, where a non-email channel is refused as before).
 */
export async function sendMixed(
  deps: MixedSendDeps,
  scope: Scope,
  appId: string,
  email: DirectEmail | undefined,
  other: OtherMessages,
  recipients: Recipient[],
  channels: (string | undefined)[],
): Promise<SendOutcome[]> {
  const toCapture: number[] = [];
  const toEmail: number[] = [];
  channels.forEach((channel, n) => (channel ? toCapture : toEmail).push(n));
  const captureRecipients: CapturedRecipient[] = toCapture.map((n) => ({
    channel: channels[n]!,
    address: recipients[n].address,
    endpoint: recipients[n].endpoint,
    endpointId: recipients[n].endpointId,
    config: recipients[n].config,
  }));
  const capture = await prepareCapture(deps.c, deps.captured, scope, appId, other, captureRecipients);
  const emailRecipients = toEmail.map((n) => recipients[n]);
  const emailOutcomes = email
    ? await sendDirect(deps, scope, appId, email, emailRecipients)
    : emailRecipients.map(
        (r) =>
          // Pinpost's wording: the request has no email content for an email recipient.
          r.refused ??
          refusedOutcome('PERMANENT_FAILURE', 'The message has no content for the EMAIL channel'),
      );
  const capturedOutcomes = await capture();
  const outcomes: SendOutcome[] = new Array<SendOutcome>(recipients.length);
  toCapture.forEach((n, k) => (outcomes[n] = capturedOutcomes[k]));
  toEmail.forEach((n, k) => (outcomes[n] = emailOutcomes[k]));
  return outcomes;
}
