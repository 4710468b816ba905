/**
 * What Pinpoint hands SES for one message: a v2 SendEmail to one recipient, from the channel's
 * FromAddress (or the message's own) under the channel's identity and configuration set
 * (apps-application-id-channels-email.html: FromAddress, Identity, ConfigurationSet). One
 * recipient per send, so SES's events and tracking links belong to one endpoint.
 */
import type { SendEmailV2Input } from '../../ses/sending/send-as.js';
import type { ChannelDoc } from '../email-channel.js';
import type { OutgoingEmail } from '../ports.js';

/** OutgoingEmail plus what a direct message may also set (EmailMessage). */
export interface MessagingEmail extends OutgoingEmail {
  replyTo?: string[];
  feedbackAddress?: string;
}

export function sendEmailInput(message: MessagingEmail, channel: ChannelDoc): SendEmailV2Input {
  const input: SendEmailV2Input = {
    FromEmailAddress: message.fromAddress ?? channel.FromAddress,
    FromEmailAddressIdentityArn: channel.Identity,
    Destination: { ToAddresses: [message.to] },
    ConfigurationSetName: channel.ConfigurationSet,
    Content: message.raw
      ? { Raw: { Data: message.raw } }
      : {
          Simple: {
            Subject: { Data: message.subject },
            Body: {
              ...(message.html !== undefined ? { Html: { Data: message.html } } : {}),
              ...(message.text !== undefined ? { Text: { Data: message.text } } : {}),
            },
            ...(message.headers?.length ? { Headers: message.headers } : {}),
          },
        },
  };
  if (message.replyTo?.length) input.ReplyToAddresses = message.replyTo;
  if (message.feedbackAddress) input.FeedbackForwardingEmailAddress = message.feedbackAddress;
  return input;
}
