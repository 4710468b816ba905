/**
 * `GET /_pinpost/mailbox/wait?to=&from=&subject=&since=&timeout=` — long-polls until a message
 * matches, then answers `{message, links, codes}` (extract.ts defines links and codes); 408 with
 * `{message}` when none arrived in time. Pinpost's own route (LocalStack, moto and Mailpit have
 * none); its rules:
 *   to       a recipient (To, Cc, Bcc or envelope), whole address, case-insensitive
 *   from     the From address (the Source), case-insensitive
 *   subject  a substring of the subject, case-insensitive
 *   since    received at or after (ISO 8601 or epoch milliseconds); without it, any message counts
 *   timeout  seconds to wait, 0–{@link WAIT_MAX_SECONDS} (default {@link WAIT_DEFAULT_SECONDS}); 0 only looks
 * When several messages match, the newest is returned. A signed caller sees its own account's mail
 * only. The wait ends as soon as a matching message is listed (an in-process signal from the
 * mailbox, no polling), when the client disconnects, and when the server stops (503). Only the
 * capture transport fills the mailbox: under another one the wait answers 409 at once rather than
 * time out on mail that cannot come.
 */
import type { InternalCaller } from '../../server/internal-routes.js';
import type { RawRequest, RawResponse } from '../../wire/context.js';
import { bodiesOf } from './bodies.js';
import { dateParam, methodNotAllowed, problem, queryOf } from './http.js';
import { jsonPieces, streamedJson } from './json-chunks.js';
import type { MailboxStore } from './store.js';
import { summary } from './summary.js';
import type { MailboxWaiters } from './waiters.js';

export const WAIT_DEFAULT_SECONDS = 30;
export const WAIT_MAX_SECONDS = 120;

// htmlparser2 loads with the first wait that finds mail, not at start.
let extractor: Promise<typeof import('./extract.js')> | undefined;
const loadExtractor = () => (extractor ??= import('./extract.js'));

export interface WaitDeps {
  store: MailboxStore;
  waiters: MailboxWaiters;
  /** The transport delivering mail: only `capture` fills the mailbox. */
  transport: 'capture' | 'smtp' | 'ses';
}

export async function waitForMail(
  { store, waiters, transport }: WaitDeps,
  req: RawRequest,
  caller: InternalCaller | undefined,
): Promise<RawResponse> {
  if (req.method !== 'GET') return methodNotAllowed(['GET']);
  if (transport !== 'capture')
    return problem(
      409,
      `the mailbox holds mail only with --transport capture; this server delivers through ${transport}`,
    );
  const q = queryOf(req.rawQuery);
  const timeoutText = q.get('timeout');
  const timeout = timeoutText === null || timeoutText === '' ? WAIT_DEFAULT_SECONDS : Number(timeoutText);
  if (!Number.isFinite(timeout) || timeout < 0 || timeout > WAIT_MAX_SECONDS)
    return problem(400, `timeout must be a number of seconds from 0 to ${WAIT_MAX_SECONDS}`);
  const since = dateParam(q, 'since');
  if (since === null) return problem(400, 'since must be ISO 8601 or epoch milliseconds');
  const filter = {
    recipient: q.get('to') || undefined,
    source: q.get('from') || undefined,
    subject: q.get('subject') || undefined,
    since,
    account: caller?.account,
  };
  const outcome = await waiters.wait(filter, timeout * 1000, req.signal);
  switch (outcome.kind) {
    case 'timeout':
      return problem(408, `no matching message arrived within ${timeout} s`);
    case 'ended':
      return problem(503, 'the wait ended: the server is stopping');
    case 'busy':
      return {
        ...problem(503, `too many requests are waiting for mail (at most ${waiters.max} at once)`),
        headers: { 'content-type': 'application/json', 'retry-after': '1' },
      };
    case 'found': {
      const r = outcome.record;
      const bodies = await bodiesOf(store, r);
      const { extract } = await loadExtractor();
      const { links, codes } = extract({ subject: r.subject, text: bodies.text, html: bodies.html });
      const message = { ...summary(r), text: bodies.text ?? null, html: bodies.html ?? null };
      return streamedJson(jsonPieces({ message, links, codes }));
    }
  }
}
