/** What the outbox worker asks of a delivery transport. */
import type { OutgoingMessage } from '../../services/ses/ports.js';

/** What a transport reports once it has taken a message. */
export interface Accepted {
  /** The recipients the transport accepted (an SMTP relay may refuse some and take the rest). */
  recipients: string[];
  /** The server's final reply, when the transport has one (`250 2.0.0 OK …`). */
  response?: string;
  /** A local write to commit together with marking the message delivered (awaited in that transaction). */
  commit?: () => Promise<void>;
}

export interface Transport {
  readonly name: 'capture' | 'smtp' | 'ses';
  /**
   * Resolves once the transport accepted the message. It may carry a write that the worker commits
   * in the same transaction that marks the message delivered (the capture transport's mailbox
   * row), so a local delivery happens exactly once even across a crash.
   * Rejects with a {@link PermanentDeliveryError} when retrying cannot help.
   */
  send(message: OutgoingMessage, outboxId: number): Promise<Accepted>;
  close(): Promise<void>;
}

/** A refusal that retrying will not change (an SMTP 5xx reply, a 4xx from an upstream SES). */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}

/** An error's message for the outbox's `last_error`: bounded, one line. */
export function describeError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.replace(/\s+/g, ' ').slice(0, 500);
}
