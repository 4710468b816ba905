/**
 * `/_pinpost/mailbox`, the mailbox's own API:
 *   GET    /_pinpost/mailbox?recipient=&from=&subject=&text=&since=&until=&account=&region=&limit=&next=
 *          → {messages: [summary…], nextToken?}, newest first; `recipient` and `from` match an
 *          address exactly (case-insensitive), `subject` a substring, `text` a substring of the
 *          subject, From, a recipient or a body (text or HTML), `since`/`until` ISO 8601 or
 *          epoch ms (until exclusive), `limit` 1–1000 (default 50), `next` the previous nextToken.
 *          Each summary has `status` (accepted: queued for delivery; delivered; failed) and
 *          `deliveredAt`.
 *   DELETE /_pinpost/mailbox                  → 204, clears it
 *   GET    /_pinpost/mailbox/wait?…           → waits for a message (wait-route.ts)
 *   GET    /_pinpost/mailbox/stream           → server-sent events, one per new message (stream-route.ts)
 *   GET    /_pinpost/mailbox/<MessageId>      → {message, events, links, dkim}: bodies, attachments,
 *                                               SES events, links, the DKIM check (dkim-check.ts)
 *   GET    /_pinpost/mailbox/<MessageId>/attachments/<n> → the n-th attachment (0-based), as a download
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
import { bodiesOf, fullMessage } from './bodies.js';
import { checkDkim, type DkimKeyLookup } from './dkim-check.js';
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
import { attachmentsOf } from './parse.js';
import type { MailboxStore } from './store.js';
import { MAILBOX_PREFIX, summary } from './summary.js';
import { streamMail, type MailStreams } from './stream-route.js';
import { waitForMail, type WaitDeps } from './wait-route.js';

// htmlparser2 loads with the first message view, not at start.
let extractor: Promise<typeof import('./extract.js')> | undefined;
const loadExtractor = () => (extractor ??= import('./extract.js'));

const DEFAULT_LIMIT = 50;

/**
 * Bodies a `text` search parses at most per request (each message is parsed once, then its bodies
 * are kept): a first search of a very large mailbox covers the newest this many.
 */
export const TEXT_SEARCH_PARSE_LIMIT = 20_000;

async function list(
  store: MailboxStore,
  req: RawRequest,
  caller: InternalCaller | undefined,
): Promise<RawResponse> {
  const q = queryOf(req.rawQuery);
  const page = pageParams(q, DEFAULT_LIMIT);
  if (isResponse(page)) return page;
  const account = accountScope(q, caller);
  const limit = page.limit ?? DEFAULT_LIMIT;
  const text = q.get('text') || undefined;
  if (text && account !== null) {
    for (const r of await store.unparsed(account, TEXT_SEARCH_PARSE_LIMIT)) {
      if (req.signal?.aborted) break;
      await bodiesOf(store, r);
    }
  }
  const rows =
    account === null
      ? []
      : await store.list({
          account,
          region: q.get('region') || undefined,
          recipient: q.get('recipient') || undefined,
          source: q.get('from') || undefined,
          subject: q.get('subject') || undefined,
          text,
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

/** An identity's DKIM key in an account and region (the SES control plane's identities). */
export type DkimKeys = (
  scope: { account: string; region: string },
  domain: string,
) => ReturnType<DkimKeyLookup>;

async function one(
  store: MailboxStore,
  events: EventPort,
  dkimKeys: DkimKeys | undefined,
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
    return (await store.delete(id, account)) ? noContent() : problem(404, `no message ${id} in the mailbox`);
  }
  if (req.method !== 'GET') return methodNotAllowed(eml ? ['GET'] : ['GET', 'DELETE']);
  const r = await store.find(id, account);
  if (!r) return problem(404, `no message ${id} in the mailbox`);
  if (eml) {
    return {
      status: 200,
      headers: {
        'content-type': 'message/rfc822',
        'content-disposition': `attachment; filename="${id.replace(/[^A-Za-z0-9._-]/g, '_')}.eml"`,
      },
      body: (await store.raw(r.seq)) ?? Buffer.alloc(0),
    };
  }
  const parsed = await fullMessage(store, r);
  const { extract } = await loadExtractor();
  const { links } = extract({ subject: r.subject, text: parsed?.text, html: parsed?.html });
  const messageEvents = (await events.ofMessage({ account: r.account, region: r.region }, r.messageId)).map(
    (e) => ({
      eventType: e.eventType,
      timestamp: e.timestamp.toISOString(),
      configurationSetName: e.configurationSetName,
      detail: e.detail,
    }),
  );
  return streamedJson(
    jsonPieces({
      message: {
        ...summary(r),
        text: parsed?.text ?? null,
        html: parsed?.html ?? null,
        attachments: parsed?.attachments ?? [],
      },
      events: messageEvents,
      links,
      dkim: await checkDkim((await store.raw(r.seq)) ?? Buffer.alloc(0), (domain) =>
        dkimKeys?.({ account: r.account, region: r.region }, domain),
      ),
    }),
  );
}

async function attachment(
  store: MailboxStore,
  id: string,
  index: string,
  caller: InternalCaller | undefined,
): Promise<RawResponse> {
  const r = await store.find(id, caller?.account);
  const raw = r && (await store.raw(r.seq));
  if (!raw) return problem(404, `no message ${id} in the mailbox`);
  const n = /^\d{1,4}$/.test(index) ? Number(index) : -1;
  const a = (await attachmentsOf(raw))[n];
  if (!a) return problem(404, `message ${id} has no attachment ${index}`);
  const name = (a.filename ?? `attachment-${n}`).replace(/[^A-Za-z0-9._ -]/g, '_');
  return {
    status: 200,
    headers: {
      // Served as a download, never rendered in the console's origin.
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${name}"`,
      'x-content-type-options': 'nosniff',
    },
    body: a.content,
  };
}

export function pinpostMailboxRoute(
  deps: WaitDeps & { streams: MailStreams; dkimKeys?: DkimKeys },
  events: EventPort,
): InternalRoute {
  const { store } = deps;
  return {
    prefix: MAILBOX_PREFIX,
    access: { GET: 'pinpost:ReadMailbox', HEAD: 'pinpost:ReadMailbox', DELETE: 'pinpost:DeleteMailbox' },
    async handler(req, caller) {
      if (req.path === MAILBOX_PREFIX || req.path === `${MAILBOX_PREFIX}/`) {
        if (req.method === 'GET') return list(store, req, caller);
        if (req.method === 'DELETE') {
          await store.delete(undefined, caller?.account);
          return noContent();
        }
        return methodNotAllowed(['GET', 'DELETE']);
      }
      const rest = req.path.slice(MAILBOX_PREFIX.length + 1);
      const download = /^([^/]+)\/attachments\/([^/]+)$/.exec(rest);
      if (download) {
        if (req.method !== 'GET') return methodNotAllowed(['GET']);
        let id: string;
        try {
          id = decodeURIComponent(download[1]);
        } catch {
          return problem(400, 'the message id is not valid percent-encoding');
        }
        return attachment(store, id, download[2], caller);
      }
      if (rest === '' || rest.includes('/')) return problem(404, 'not found');
      if (rest === 'wait') return waitForMail(deps, req, caller);
      if (rest === 'stream') return streamMail(deps.streams, req, caller);
      return one(store, events, deps.dkimKeys, req, rest, caller);
    },
  };
}
