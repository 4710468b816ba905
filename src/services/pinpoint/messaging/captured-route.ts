/**
 * `/_pinpost/messages`, the captured messages of non-email channels (captured-store.ts):
 *   GET    /_pinpost/messages?channel=&app=&destination=&account=&region=&limit=
 *          → {messages: [{messageId, account, region, appId, channel, destination, endpointId,
 *          title, body, detail, capturedAt}…]}, newest first; `channel` a ChannelType (SMS, VOICE,
 *          APNS, GCM, …), `destination` the phone number or token exactly, `limit` 1–1000 (default 50).
 *   DELETE /_pinpost/messages → 204, clears them.
 *
 * Guarded as the mailbox is (src/mail/mailbox/pinpost-routes.ts): open on loopback; beyond it the
 * request is signed, needs pinpost:ReadMailbox (GET) or pinpost:DeleteMailbox (DELETE), and sees and
 * deletes only its own account's messages. Nothing here logs: bodies (OTP codes) never reach the log.
 */
import {
  accountScope,
  isResponse,
  methodNotAllowed,
  noContent,
  pageParams,
  queryOf,
} from '../../../mail/mailbox/http.js';
import { jsonResponse, type InternalCaller, type InternalRoute } from '../../../server/internal-routes.js';
import type { RawRequest, RawResponse } from '../../../wire/context.js';
import type { CapturedMessages } from './captured-store.js';

export const MESSAGES_ROUTE = '/_pinpost/messages';
const DEFAULT_LIMIT = 50;

export function capturedRoutes(store: CapturedMessages): InternalRoute[] {
  async function handler(req: RawRequest, caller?: InternalCaller): Promise<RawResponse> {
    const q = queryOf(req.rawQuery);
    const account = accountScope(q, caller);
    if (req.method === 'DELETE') {
      if (account !== null) await store.clear(account);
      return noContent();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(['GET', 'HEAD', 'DELETE']);
    const page = pageParams(q, DEFAULT_LIMIT);
    if (isResponse(page)) return page;
    const opt = (name: string) => q.get(name) || undefined;
    // Another account's messages, asked for beyond loopback: none (as the mailbox answers).
    const messages =
      account === null
        ? []
        : await store.list({
            account,
            region: opt('region'),
            app: opt('app'),
            channel: opt('channel')?.toUpperCase(),
            destination: opt('destination'),
            limit: page.limit ?? DEFAULT_LIMIT,
          });
    return jsonResponse(200, {
      messages: messages.map((m) => ({ ...m, capturedAt: m.capturedAt.toISOString() })),
    });
  }
  return [
    {
      prefix: MESSAGES_ROUTE,
      access: { GET: 'pinpost:ReadMailbox', HEAD: 'pinpost:ReadMailbox', DELETE: 'pinpost:DeleteMailbox' },
      handler,
    },
  ];
}
