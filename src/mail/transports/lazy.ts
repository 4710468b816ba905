/**
 * A transport whose module loads on first use: the SMTP relay (nodemailer's SMTP stack) and the
 * upstream SES client (@aws-sdk/client-sesv2) are hundreds of files that a server capturing mail —
 * the default — never needs, and loading them would slow every start.
 */
import type { Accepted, Transport } from './types.js';

export function lazyTransport(name: Transport['name'], load: () => Promise<Transport>): Transport {
  let loading: Promise<Transport> | undefined;
  const get = () => (loading ??= load());
  return {
    name,
    async send(message, outboxId): Promise<Accepted> {
      return (await get()).send(message, outboxId);
    },
    async close() {
      if (loading) await (await loading).close();
    },
  };
}
