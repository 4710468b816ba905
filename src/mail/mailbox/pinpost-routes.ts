/**
 * `/_pinpost/mailbox`, the mailbox's own API (delivered mail only; the capture transport fills it):
 *   GET    /_pinpost/mailbox?recipient=&from=&subject=&since=&until=&account=&region=&limit=&next=
 *          → {messages: [summary…], nextToken?}, newest first; `recipient` and `from` match an
 *          address exactly (case-insensitive), `subject` a substring, `since`/`until` ISO 8601 or
 *          epoch ms (until exclusive), `limit` 1–1000 (default 50), `next` the previous nextToken.
 *   DELETE /_pinpost/mailbox                  → 204, clears it
 *   GET    /_pinpost/mailbox/<MessageId>      → {message, events}: bodies, attachments, SES events
 *   GET    /_pinpost/mailbox/<MessageId>.eml  → the raw message, message/rfc822
 *   DELETE /_pinpost/mailbox/<MessageId>      → 204, or 404
 *
 * No signature needed (a local tool, like LocalStack's `/_aws/*`). Nothing here logs: message
 * bodies, addresses and credentials never reach the log.
 */
import type { InternalRoute } from '../../server/internal-routes.js';
import { jsonResponse } from '../../server/internal-routes.js';
import type { EventPort } from '../../services/ses/ports.js';
import { decodeMarker, encodeMarker } from '../../store/index.js';
import type { RawRequest, RawResponse } from '../../wire/context.js';
import { fullMessage } from './bodies.js';
import { dateParam, methodNotAllowed, noContent, problem, queryOf } from './http.js';
import type { MailboxRecord, MailboxStore } from './store.js';

const PREFIX = '/_pinpost/mailbox';
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;

function summary(r: MailboxRecord) {
  return {
    id: r.messageId,
    account: r.account,
    region: r.region,
    timestamp: r.receivedAt.toISOString(),
    envelopeFrom: r.envelopeFrom,
    source: r.fromAddress,
    from: r.fromText,
    to: r.to,
    cc: r.cc,
    bcc: r.bcc,
    subject: r.subject,
    size: r.size,
    eml: `${PREFIX}/${encodeURIComponent(r.messageId)}.eml`,
  };
}

function list(store: MailboxStore, req: RawRequest): RawResponse {
  const q = queryOf(req.rawQuery);
  const limitText = q.get('limit');
  const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    return problem(400, `limit must be an integer from 1 to ${MAX_LIMIT}`);
  const since = dateParam(q, 'since');
  const until = dateParam(q, 'until');
  if (since === null || until === null)
    return problem(400, 'since and until must be ISO 8601 or epoch milliseconds');
  const next = q.get('next');
  const afterSeq = next ? Number(decodeMarker(next)) : undefined;
  if (afterSeq !== undefined && !Number.isInteger(afterSeq))
    return problem(400, 'next is not a token this API gave');
  const rows = store.list({
    account: q.get('account') || undefined,
    region: q.get('region') || undefined,
    recipient: q.get('recipient') || undefined,
    source: q.get('from') || undefined,
    subject: q.get('subject') || undefined,
    since,
    until,
    afterSeq,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const body: { messages: ReturnType<typeof summary>[]; nextToken?: string } = {
    messages: page.map(summary),
  };
  if (rows.length > limit) body.nextToken = encodeMarker(String(page[page.length - 1].seq));
  return jsonResponse(200, body);
}

async function one(
  store: MailboxStore,
  events: EventPort,
  req: RawRequest,
  rest: string,
): Promise<RawResponse> {
  const eml = rest.endsWith('.eml');
  let id: string;
  try {
    id = decodeURIComponent(eml ? rest.slice(0, -4) : rest);
  } catch {
    return problem(400, 'the message id is not valid percent-encoding');
  }
  const r = store.find(id);
  if (req.method === 'DELETE' && !eml) {
    return store.delete(id) ? noContent() : problem(404, `no message ${id} in the mailbox`);
  }
  if (req.method !== 'GET') return methodNotAllowed(eml ? ['GET'] : ['GET', 'DELETE']);
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
  return jsonResponse(200, {
    message: {
      ...summary(r),
      text: parsed?.text ?? null,
      html: parsed?.html ?? null,
      attachments: parsed?.attachments ?? [],
    },
    events: messageEvents,
  });
}

export function pinpostMailboxRoute(store: MailboxStore, events: EventPort): InternalRoute {
  return {
    prefix: PREFIX,
    access: { GET: 'pinpost:ReadMailbox', HEAD: 'pinpost:ReadMailbox', DELETE: 'pinpost:DeleteMailbox' },
    async handler(req) {
      if (req.path === PREFIX || req.path === `${PREFIX}/`) {
        if (req.method === 'GET') return list(store, req);
        if (req.method === 'DELETE') {
          store.delete();
          return noContent();
        }
        return methodNotAllowed(['GET', 'DELETE']);
      }
      const rest = req.path.slice(PREFIX.length + 1);
      if (rest === '' || rest.includes('/')) return problem(404, 'not found');
      return one(store, events, req, rest);
    },
  };
}
