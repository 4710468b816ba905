/**
 * `/_aws/ses`, LocalStack's sent-mail endpoint, so suites written against LocalStack keep working
 * (LocalStack's SesServiceApiResource: GET filters `id` and `email` (the Source), both optional and
 * combined with AND; DELETE with `id` removes one message, without it clears; DELETE answers 204).
 * Each message: `{Id, Region, Timestamp, Source, Destination: {ToAddresses, CcAddresses,
 * BccAddresses}, Subject, Body: {text_part, html_part}, RawData}`; Timestamp is UTC in LocalStack's
 * `%Y-%m-%dT%H:%M:%S` form (localstack/utils/time.py). Unlike LocalStack, every message has both its
 * parsed parts and its RawData, since every message here went through MIME.
 *
 * No signature needed (a local tool). Nothing here logs: message bodies never reach the log.
 */
import type { InternalRoute } from '../../server/internal-routes.js';
import { jsonResponse } from '../../server/internal-routes.js';
import { bodiesOf } from './bodies.js';
import { methodNotAllowed, noContent, queryOf } from './http.js';
import type { MailboxRecord, MailboxStore } from './store.js';

export function localstackTimestamp(d: Date): string {
  return d.toISOString().slice(0, 19);
}

async function toLocalstack(store: MailboxStore, r: MailboxRecord) {
  const bodies = await bodiesOf(store, r);
  return {
    Id: r.messageId,
    Region: r.region,
    Timestamp: localstackTimestamp(r.receivedAt),
    Source: r.fromAddress,
    Destination: { ToAddresses: r.to, CcAddresses: r.cc, BccAddresses: r.bcc },
    Subject: r.subject,
    Body: { text_part: bodies.text ?? null, html_part: bodies.html ?? null },
    RawData: store.raw(r.seq)?.toString('utf8') ?? '',
  };
}

export function localstackRoute(store: MailboxStore): InternalRoute {
  return {
    prefix: '/_aws/ses',
    access: { GET: 'pinpost:ReadMailbox', DELETE: 'pinpost:DeleteMailbox' },
    async handler(req) {
      if (req.path !== '/_aws/ses') return jsonResponse(404, { message: 'not found' });
      const q = queryOf(req.rawQuery);
      const id = q.get('id') || undefined;
      if (req.method === 'GET') {
        const rows = store.list({ messageId: id, source: q.get('email') || undefined, order: 'oldest' });
        const messages = [];
        for (const r of rows) messages.push(await toLocalstack(store, r));
        return jsonResponse(200, { messages });
      }
      if (req.method === 'DELETE') {
        store.delete(id);
        return noContent();
      }
      return methodNotAllowed(['GET', 'DELETE']);
    },
  };
}
