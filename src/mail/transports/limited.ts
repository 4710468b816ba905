/**
 * A remote transport (an SMTP relay, an upstream SES) takes at most `atOnce` messages at a time;
 * the others wait their turn in order. The outbox holds more deliveries in flight than that (a batch
 * at the transport while another commits: outbox/worker.ts), which costs a local capture nothing
 * but would otherwise open as many connections to a relay, or requests to an account's SES, at once.
 */
import type { Accepted, Transport } from './types.js';

export function limitedTransport(transport: Transport, atOnce: number): Transport {
  let sending = 0;
  const queue: (() => void)[] = [];
  return {
    name: transport.name,
    async send(message, outboxId): Promise<Accepted> {
      if (sending >= atOnce) await new Promise<void>((turn) => queue.push(turn));
      else sending++;
      try {
        return await transport.send(message, outboxId);
      } finally {
        // The slot passes to the next waiter as it is; with none waiting it is freed.
        const next = queue.shift();
        if (next) next();
        else sending--;
      }
    },
    close: () => transport.close(),
  };
}
