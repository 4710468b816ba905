/**
 * `/_aws/ses`, LocalStack's sent-mail endpoint, so suites written against LocalStack keep working
 * (LocalStack's SesServiceApiResource: GET filters `id` and `email` (the Source), both optional and
 * combined with AND; DELETE with `id` removes one message, without it clears; DELETE answers 204).
 * Each message: `{Id, Region, Timestamp, Source, Destination: {ToAddresses, CcAddresses,
 * BccAddresses}, Subject, Body: {text_part, html_part}, RawData}`; Timestamp is UTC in LocalStack's
 * `%Y-%m-%dT%H:%M:%S` form (localstack/utils/time.py). Unlike LocalStack, every message has both its
 * parsed parts and its RawData, since every message here went through MIME.
 *
 * A message is listed from the moment its send returns (it is listed in the send's transaction),
 * as LocalStack stores it before answering.
 *
 * Pinpost's additions, for large mailboxes: `since` (ISO 8601 or epoch ms, received at or after),
 * `limit` (1–1000; without it every message, as LocalStack answers) and `next` (the `nextToken` a
 * limited answer ends with when more messages follow). The answer is written message by message
 * as the client reads it, so it holds one message at a time, however many there are.
 *
 * Open on loopback; beyond it the request is signed and sees only its own account's mail.
 * Nothing here logs: message bodies never reach the log.
 */
import type { InternalCaller, InternalRoute } from '../../server/internal-routes.js';
import { jsonResponse } from '../../server/internal-routes.js';
import { encodeMarker } from '../../store/index.js';
import { bodiesOf } from './bodies.js';
import { isResponse, methodNotAllowed, noContent, pageParams, queryOf } from './http.js';
import { jsonPieces, streamedJson } from './json-chunks.js';
import type { MailboxQuery, MailboxRecord, MailboxStore } from './store.js';

export function localstackTimestamp(d: Date): string {
  return d.toISOString().slice(0, 19);
}

async function toLocalstack(store: MailboxStore, r: MailboxRecord, raw: Buffer) {
  const bodies = await bodiesOf(store, r);
  return {
    Id: r.messageId,
    Region: r.region,
    Timestamp: localstackTimestamp(r.receivedAt),
    Source: r.fromAddress,
    Destination: { ToAddresses: r.to, CcAddresses: r.cc, BccAddresses: r.bcc },
    Subject: r.subject,
    Body: { text_part: bodies.text ?? null, html_part: bodies.html ?? null },
    RawData: raw.toString('utf8'),
  };
}

/** `{"messages":[…]}` (and `nextToken` when `limit` left some out), one message at a time. */
async function* listing(store: MailboxStore, query: MailboxQuery, limit: number | undefined) {
  yield '{"messages":[';
  let written = 0;
  let lastSeq = 0;
  let more = false;
  for await (const r of store.scan({
    ...query,
    order: 'oldest',
    limit: limit === undefined ? undefined : limit + 1,
  })) {
    if (written === limit) {
      more = true;
      break;
    }
    const raw = await store.raw(r.seq);
    if (!raw) continue; // deleted while the answer was being written
    if (written) yield ',';
    yield* jsonPieces(await toLocalstack(store, r, raw));
    written++;
    lastSeq = r.seq;
  }
  yield ']';
  if (more) yield `,"nextToken":${JSON.stringify(encodeMarker(String(lastSeq)))}`;
  yield '}';
}

export function localstackRoute(store: MailboxStore): InternalRoute {
  return {
    prefix: '/_aws/ses',
    access: { GET: 'pinpost:ReadMailbox', DELETE: 'pinpost:DeleteMailbox' },
    async handler(req, caller?: InternalCaller) {
      if (req.path !== '/_aws/ses') return jsonResponse(404, { message: 'not found' });
      const q = queryOf(req.rawQuery);
      const id = q.get('id') || undefined;
      const account = caller?.account;
      if (req.method === 'GET') {
        const page = pageParams(q, undefined);
        if (isResponse(page)) return page;
        const query: MailboxQuery = {
          messageId: id,
          source: q.get('email') || undefined,
          account,
          since: page.since,
          until: page.until,
          afterSeq: page.afterSeq,
        };
        return streamedJson(listing(store, query, page.limit));
      }
      if (req.method === 'DELETE') {
        await store.delete(id, account);
        return noContent();
      }
      return methodNotAllowed(['GET', 'DELETE']);
    },
  };
}
