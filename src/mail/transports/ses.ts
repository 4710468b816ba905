/**
 * The `ses` transport: forwards the exact bytes to an upstream SES (a real account, or another
 * Pinpost) with SES v2 SendEmail and `Content.Raw` (docs.aws.amazon.com/ses/latest/APIReference-V2/
 * API_SendEmail.html). Credentials come from the SDK's default provider chain (environment,
 * shared config and credentials files, SSO, container and instance roles); the signing region is
 * AWS_REGION when set, otherwise the region the message was sent in.
 * The envelope recipients go in Destination so Bcc recipients are delivered too. A 4xx answer
 * (MessageRejected, AccessDenied, ...) is permanent; throttling, 5xx and network errors are retried.
 */
import { SendEmailCommand, SESv2Client, SESv2ServiceException } from '@aws-sdk/client-sesv2';
import type { OutgoingMessage } from '../../services/ses/ports.js';
import { PermanentDeliveryError, type Transport } from './types.js';

const RETRYABLE_CODES = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException']);

export function sesTransport(endpoint: string): Transport {
  const clients = new Map<string, SESv2Client>();
  const client = (region: string): SESv2Client => {
    const signingRegion = process.env.AWS_REGION || region;
    let c = clients.get(signingRegion);
    if (!c) {
      // The worker retries with its own backoff; the SDK's retries would only hide attempts.
      c = new SESv2Client({ endpoint, region: signingRegion, maxAttempts: 1 });
      clients.set(signingRegion, c);
    }
    return c;
  };
  return {
    name: 'ses',
    async send(message: OutgoingMessage) {
      try {
        await client(message.scope.region).send(
          new SendEmailCommand({
            Destination: { ToAddresses: message.recipients },
            Content: { Raw: { Data: message.raw } },
          }),
        );
        return { recipients: message.recipients };
      } catch (err) {
        if (err instanceof SESv2ServiceException && err.$fault === 'client' && !RETRYABLE_CODES.has(err.name))
          throw new PermanentDeliveryError(`${err.name}: ${err.message}`);
        throw err;
      }
    },
    close: async () => {
      for (const c of clients.values()) c.destroy();
      clients.clear();
    },
  };
}
