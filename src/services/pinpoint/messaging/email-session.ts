/**
 * Sending one message as a session (EmailSession): the delivery ledger first (a key already sent is
 * DUPLICATE and nothing goes out), then the From address, which must belong to the channel's
 * identity (sender-identity.ts; refused as SES refuses an unverified sender, MessageRejected, and
 * nothing goes out), then SES v2 SendEmail through the pipeline as the session's principal, so SES
 * and IAM decide the send exactly as for an SDK caller. The ledger row and the
 * attribution commit inside SES's own send transaction (InternalCall.onCommit): a crash can never
 * leave a sent message without its row, or a row without its message.
 */
import { notVerified } from '../../ses/sending/errors.js';
import { sendAs } from '../../ses/sending/send-as.js';
import type { Principal } from '../../../wire/principal.js';
import type { ChannelDoc } from '../email-channel.js';
import type { EmailSession, PinpointContext, Scope, SendOutcome } from '../ports.js';
import type { DeliveryLedger } from './ledger.js';
import { duplicateOutcome, failedOutcome, sentOutcome } from './outcomes.js';
import { sendersOutsideIdentity } from './sender-identity.js';
import { sendEmailInput, type MessagingEmail } from './ses-input.js';

export interface MessagingSession extends EmailSession {
  send(message: MessagingEmail): Promise<SendOutcome>;
}

export interface SessionDeps {
  c: PinpointContext;
  ledger: DeliveryLedger;
  scope: Scope;
  channel: ChannelDoc;
  /**
   * Who sends: the run's role session (renewed when near its end; rejects with STS's error when the
   * role can no longer be assumed), or the account's root when the channel names no role.
   */
  principal: () => Promise<Principal>;
}

export function emailSession({ c, ledger, scope, channel, principal }: SessionDeps): MessagingSession {
  const alreadySent = async (key: string | undefined): Promise<SendOutcome | undefined> => {
    const prior = key === undefined ? undefined : await ledger.find(scope, key);
    return prior && duplicateOutcome(prior.messageId);
  };
  return {
    fromAddress: channel.FromAddress,
    sentAlready: (keys) => ledger.findMany(scope, keys),
    async send(message) {
      const duplicate = message.ledgerChecked ? undefined : await alreadySent(message.ledgerKey);
      if (duplicate) return duplicate;
      const fromAddress = message.fromAddress ?? channel.FromAddress;
      const outside = sendersOutsideIdentity(channel.Identity, fromAddress, message.raw);
      if (outside.length > 0) return failedOutcome(notVerified(scope.region, outside));
      try {
        const { MessageId } = await sendAs(c.pipeline(), await principal(), {
          api: 'v2',
          service: c.services.sesV2(),
          input: sendEmailInput(message, channel),
          region: scope.region,
          // Pinpoint tracks opens and clicks of the email it sends, whatever the configuration set
          // (userguide/channels-email-open-click-tracking.html).
          trackOpensAndClicks: true,
          // Awaited by SES inside its send transaction, the ledger row first: the row, the
          // attribution and the message commit together or not at all.
          onCommit: async ({ MessageId: messageId }) => {
            if (message.ledgerKey !== undefined) {
              await ledger.insert(scope, {
                key: message.ledgerKey,
                messageId,
                appId: message.attribution.appId,
                sentAt: c.clock(),
              });
            }
            await c.ports.events.attribute(scope, messageId, {
              ...message.attribution,
              fromAddress: message.attribution.fromAddress ?? fromAddress,
            });
          },
        });
        return sentOutcome(MessageId);
      } catch (err) {
        // Another send of the same key committed first: this one rolled back and sent nothing.
        return (await alreadySent(message.ledgerKey)) ?? failedOutcome(err);
      }
    },
  };
}
