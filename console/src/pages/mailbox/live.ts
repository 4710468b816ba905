/**
 * The mailbox's live feed: `GET /_pinpost/mailbox/stream` read with fetch() and signed headers
 * (EventSource cannot sign), parsed as server-sent events, reconnecting with Last-Event-ID after
 * the delay the server asked for until stopped.
 */
import { internalFetch } from '../../aws/internal.js';
import type { MessageSummary } from './search.js';
import { SseParser } from './sse.js';

export type LiveState = 'connecting' | 'live' | 'offline';

export function followMailbox(
  onMessage: (m: MessageSummary) => void,
  onState: (s: LiveState) => void,
): () => void {
  const stop = new AbortController();
  const parser = new SseParser();
  const run = async () => {
    while (!stop.signal.aborted) {
      onState('connecting');
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream' };
        if (parser.lastEventId) headers['last-event-id'] = parser.lastEventId;
        const res = await internalFetch('/_pinpost/mailbox/stream', { headers, signal: stop.signal });
        if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const e of parser.feed(value)) {
            if (e.event === 'ready') onState('live');
            else if (e.event === 'message') onMessage(JSON.parse(e.data) as MessageSummary);
          }
        }
      } catch {
        if (stop.signal.aborted) return;
      }
      onState('offline');
      await new Promise((r) => setTimeout(r, parser.retry ?? 2000));
    }
  };
  void run();
  return () => stop.abort();
}
