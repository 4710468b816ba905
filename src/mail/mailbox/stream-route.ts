/**
 * `GET /_pinpost/mailbox/stream` — server-sent events (text/event-stream): one `message` event per
 * message as it is listed, its data the summary `/_pinpost/mailbox` lists, its id the mailbox's
 * sequence number (a client reconnecting with `Last-Event-ID` gets what it missed). The stream opens
 * with a `ready` event, sends a comment line as a heartbeat every {@link HEARTBEAT_MS} so idle
 * proxies keep it open, and ends when the client leaves or the server stops. Pinpost's own bound: at
 * most {@link DEFAULT_MAX_STREAMS} streams at once (then 503 with Retry-After). A signed caller gets
 * its own account's mail only. Nothing is polled: the mailbox signals arrivals (store.onArrival).
 *
 * Browsers' EventSource cannot sign a request; the console reads this stream with fetch() and signed
 * headers (a plain EventSource works on loopback, where the route is open).
 */
import type { InternalCaller } from '../../server/internal-routes.js';
import type { RawRequest, RawResponse } from '../../wire/context.js';
import { accountScope, methodNotAllowed, problem, queryOf } from './http.js';
import type { MailboxStore } from './store.js';
import { summary } from './summary.js';

export const DEFAULT_MAX_STREAMS = 64;
export const HEARTBEAT_MS = 15_000;
/** Rows read at a time when catching up (a burst, or a reconnect after a while). */
const BATCH = 200;

export class MailStreams {
  private readonly open = new Set<() => void>();
  private stopped = false;

  constructor(
    readonly store: MailboxStore,
    readonly max: number = DEFAULT_MAX_STREAMS,
    readonly heartbeatMs: number = HEARTBEAT_MS,
  ) {}

  /** Streams open now. */
  get size(): number {
    return this.open.size;
  }

  /** Ends every stream; new ones are refused until resume(). */
  stop(): void {
    this.stopped = true;
    for (const end of [...this.open]) end();
  }

  resume(): void {
    this.stopped = false;
  }

  get accepting(): boolean {
    return !this.stopped;
  }

  /** The events of one stream, from after `seen`, until `signal` aborts or the streams stop. */
  async *events(account: string | undefined, seen: number, signal?: AbortSignal): AsyncGenerator<string> {
    let pending: boolean;
    let ended = false;
    let wake: (() => void) | undefined;
    const notify = () => {
      pending = true;
      wake?.();
    };
    const end = () => {
      ended = true;
      wake?.();
    };
    const unsubscribe = this.store.onArrival(notify);
    this.open.add(end);
    signal?.addEventListener('abort', end, { once: true });
    try {
      // Mail committed after `seen` but before arrivals were heard was not told: look once.
      await this.store.arrivalsHeard();
      pending = true;
      yield `retry: 2000\nevent: ready\ndata: ${JSON.stringify({ lastEventId: String(seen) })}\n\n`;
      while (!ended && !signal?.aborted) {
        if (pending) {
          pending = false;
          const rows = await this.store.list({ account, newerThanSeq: seen, order: 'oldest', limit: BATCH });
          for (const r of rows) {
            seen = r.seq;
            yield `id: ${r.seq}\nevent: message\ndata: ${JSON.stringify(summary(r))}\n\n`;
          }
          if (rows.length === BATCH) pending = true;
          continue;
        }
        // Real time, not the one clock: how often an idle connection shows it is alive.
        const beat = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(true), this.heartbeatMs);
          wake = () => {
            clearTimeout(timer);
            resolve(false);
          };
        });
        wake = undefined;
        if (beat && !ended) yield ': heartbeat\n\n';
      }
    } finally {
      unsubscribe();
      this.open.delete(end);
      signal?.removeEventListener('abort', end);
    }
  }
}

export async function streamMail(
  streams: MailStreams,
  req: RawRequest,
  caller: InternalCaller | undefined,
): Promise<RawResponse> {
  if (req.method !== 'GET') return methodNotAllowed(['GET']);
  if (!streams.accepting) return problem(503, 'the server is stopping');
  if (streams.size >= streams.max) {
    return {
      ...problem(503, `too many mailbox streams are open (at most ${streams.max} at once)`),
      headers: { 'content-type': 'application/json', 'retry-after': '5' },
    };
  }
  const account = accountScope(queryOf(req.rawQuery), caller);
  if (account === null) return problem(400, 'a signed caller streams its own account only');
  const last = req.headers['last-event-id'];
  const resume = last !== undefined && /^\d{1,15}$/.test(last);
  const seen = resume ? Number(last) : await streams.store.lastSeq();
  return {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    },
    body: streams.events(account, seen, req.signal),
  };
}
