/**
 * `/_pinpost/mailbox`, the mailbox's own API:
 *   GET    /_pinpost/mailbox?recipient=&from=&subject=&since=&until=&account=&region=&limit=&next=
 *          → {messages: [summary…], nextToken?}, newest first; `recipient` and `from` match an
 *          address exactly (case-insensitive), `subject` a substring, `since`/`until` ISO 8601 or
 *          epoch ms (until exclusive), `limit` 1–1000 (default 50), `next` the previous nextToken.
 *          Each summary has `status` (accepted: queued for delivery; delivered; failed) and
 *          `deliveredAt`.
 *   DELETE /_pinpost/mailbox                  → 204, clears it
 *   GET    /_pinpost/mailbox/wait?…           → waits for a message (wait-route.ts)
 *   GET    /_pinpost/mailbox/<MessageId>      → {message, events}: bodies, attachments, SES events
 *   GET    /_pinpost/mailbox/<MessageId>.eml  → the raw message, message/rfc822
 *   DELETE /_pinpost/mailbox/<MessageId>      → 204, or 404
 *
 * Open on loopback (like LocalStack's `/_aws/*`); beyond it the request is signed and sees and
 * deletes only its own account's mail. JSON answers are written in chunks (json-chunks.ts). Nothing
 * here logs: message bodies, addresses and credentials never reach the log.
 */
import type { InternalCaller, InternalRoute } from '../../server/internal-routes.js';
import type { EventPort } from '../../services/ses/ports.js';
import { encodeMarker } from '../../store/index.js';
import type { RawRequest, RawResponse } from '../../wire/context.js';
import { fullMessage } from './bodies.js';
import {
  accountScope,
  isResponse,
  methodNotAllowed,
  noContent,
  pageParams,
  problem,
  queryOf,
} from './http.js';
import { jsonPieces, streamedJson } from './json-chunks.js';
import type { MailboxStore } from './store.js';
import { MAILBOX_PREFIX, summary } from './summary.js';
import { waitForMail, type WaitDeps } from './wait-route.js';

const DEFAULT_LIMIT = 50;

function list(store: MailboxStore, req: RawRequest, caller: InternalCaller | undefined): RawResponse {
  const q = queryOf(req.rawQuery);
  const page = pageParams(q, DEFAULT_LIMIT);
  if (isResponse(page)) return page;
  const account = accountScope(q, caller);
  const limit = page.limit ?? DEFAULT_LIMIT;
  const rows =
    account === null
      ? []
      : store.list({
          account,
          region: q.get('region') || undefined,
          recipient: q.get('recipient') || undefined,
          source: q.get('from') || undefined,
          subject: q.get('subject') || undefined,
          since: page.since,
          until: page.until,
          afterSeq: page.afterSeq,
          limit: limit + 1,
        });
  const shown = rows.slice(0, limit);
  const body: { messages: ReturnType<typeof summary>[]; nextToken?: string } = {
    messages: shown.map(summary),
  };
  if (rows.length > limit) body.nextToken = encodeMarker(String(shown[shown.length - 1].seq));
  return streamedJson(jsonPieces(body));
}

async function one(
  store: MailboxStore,
  events: EventPort,
  req: RawRequest,
  rest: string,
  caller: InternalCaller | undefined,
): Promise<RawResponse> {
  const eml = rest.endsWith('.eml');
  let id: string;
  try {
    id = decodeURIComponent(eml ? rest.slice(0, -4) : rest);
  } catch {
    return problem(400, 'the message id is not valid percent-encoding');
  }
  const account = caller?.account;
  if (req.method === 'DELETE' && !eml) {
    return store.delete(id, account) ? noContent() : problem(404, `no message ${id} in the mailbox`);
  }
  if (req.method !== 'GET') return methodNotAllowed(eml ? ['GET'] : ['GET', 'DELETE']);
  const r = store.find(id, account);
  if (!r) return problem(404, `no message ${id} in the mailbox`);
  if (eml) {
    return {
      status: 200,
      headers: {
        'content-type': 'message/rfc822',
        'content-disposition': `attachment; filename="${id.replace(/[^A-Za-z0-9._-]/g, '_')}.eml"`,
      },
      body: store.raw(r.seq) ?? Buffer.alloc(0),
    };
  }
  const parsed = await fullMessage(store, r);
  const messageEvents = events.ofMessage({ account: r.account, region: r.region }, r.messageId).map((e) => ({
    eventType: e.eventType,
    timestamp: e.timestamp.toISOString(),
    configurationSetName: e.configurationSetName,
    detail: e.detail,
  }));
  return streamedJson(
    jsonPieces({
      message: {
        ...summary(r),
        text: parsed?.text ?? null,
        html: parsed?.html ?? null,
        attachments: parsed?.attachments ?? [],
      },
      events: messageEvents,
    }),
  );
}

export function pinpostMailboxRoute(deps: WaitDeps, events: EventPort): InternalRoute {
  const { store } = deps;
  return {
    prefix: MAILBOX_PREFIX,
    access: { GET: 'pinpost:ReadMailbox', HEAD: 'pinpost:ReadMailbox', DELETE: 'pinpost:DeleteMailbox' },
    async handler(req, caller) {
      if (req.path === MAILBOX_PREFIX || req.path === `${MAILBOX_PREFIX}/`) {
        if (req.method === 'GET') return list(store, req, caller);
        if (req.method === 'DELETE') {
          store.delete(undefined, caller?.account);
          return noContent();
        }
        return methodNotAllowed(['GET', 'DELETE']);
      }
      const rest = req.path.slice(MAILBOX_PREFIX.length + 1);
      if (rest === '' || rest.includes('/')) return problem(404, 'not found');
      if (rest === 'wait') return waitForMail(deps, req, caller);
      return one(store, events, req, rest, caller);
    },
  };
}
