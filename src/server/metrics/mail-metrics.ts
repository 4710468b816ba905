/**
 * Messages, counted where their fate is recorded: SES's event record (SesSending.onEvent: every Send,
 * Delivery, Bounce, Complaint and Reject, whether from the outbox's delivery, the mailbox
 * simulator or the suppression list) and the outbox giving up on a message (Mail.onFailed). One
 * count per message and event, as SES's own events are (not per recipient).
 *
 * Events are counted as they are recorded, inside the recording transaction: a send whose
 * transaction then rolls back (rare: a failure after the record) stays counted. Prometheus
 * counters are per process and approximate by nature; the event log is the exact record.
 */
import type { FailedListener } from '../../mail/index.js';
import type { SesEvent } from '../../services/ses/ports.js';
import type { Metrics } from './registry.js';

export interface MailEventSources {
  onSesEvent(listener: (e: SesEvent) => void): void;
  onFailed(listener: FailedListener): void;
}

const BOUNCE_TYPES = new Set(['Permanent', 'Transient', 'Undetermined']);

/** SES's bounceType (event-publishing-retrieving-sns-contents.html#event-publishing-retrieving-sns-contents-bounce-object). */
export function bounceTypeOf(detail: Record<string, unknown>): string {
  const type = (detail['bounce'] as { bounceType?: unknown } | undefined)?.bounceType;
  return typeof type === 'string' && BOUNCE_TYPES.has(type) ? type : 'Undetermined';
}

export function countMail(metrics: Metrics, sources: MailEventSources): void {
  sources.onSesEvent((e) => {
    switch (e.eventType) {
      case 'SEND':
        return metrics.messagesSent.inc();
      case 'DELIVERY':
        return metrics.messagesDelivered.inc();
      case 'BOUNCE':
        return metrics.messagesBounced.labels(bounceTypeOf(e.detail)).inc();
      case 'COMPLAINT':
        return metrics.messagesComplained.inc();
      case 'REJECT':
        return metrics.messagesRejected.inc();
      default:
        return;
    }
  });
  sources.onFailed(() => metrics.messagesFailed.inc());
}
