/**
 * The tracking endpoints Pinpost serves in place of SES's tracking domain (or behind a
 * configuration set's CustomRedirectDomain pointed at Pinpost): no signature, like every
 * `/_pinpost/*` route.
 *   GET /_pinpost/t/o/<token> → 200 a 1×1 transparent GIF, and an Open event
 *   GET /_pinpost/t/c/<token> → 302 to the original link, and a Click event
 * A token this server did not seal, or one for a message it never sent, is 404 and records
 * nothing. HEAD answers the same without recording (link scanners probe with it). Events carry the
 * fields of SES's Open and Click objects (event-publishing-retrieving-sns-contents.html) and are
 * recorded for 60 days after the send, as SES collects them (faqs-metrics.html, general Q1); the
 * redirect keeps working after that.
 */
import { jsonResponse, type InternalRoute } from '../../../server/internal-routes.js';
import type { RawRequest } from '../../../wire/context.js';
import type { EventPort, SesEvent } from '../ports.js';
import type { TokenCodec, TokenKind, TokenPayload } from './token.js';

export const TRACKING_PREFIX = '/_pinpost/t';
export const COLLECTION_WINDOW_MS = 60 * 24 * 3_600_000;

/** The smallest transparent 1×1 GIF. */
export const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const PATH = /^\/_pinpost\/t\/([oc])\/([A-Za-z0-9_-]+)$/;
const NO_CACHE = 'no-cache, no-store, must-revalidate, max-age=0';

export function trackingRoutes(codec: TokenCodec, events: EventPort, clock: () => Date): InternalRoute[] {
  return [
    {
      prefix: TRACKING_PREFIX,
      // Fetched by recipients' mail clients; the token in the path is the credential.
      access: 'public',
      async handler(req) {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          return { ...jsonResponse(405, { message: 'method not allowed' }), headers: { allow: 'GET, HEAD' } };
        }
        const m = PATH.exec(req.path);
        const kind: TokenKind = m?.[1] === 'o' ? 'open' : 'click';
        const payload = m ? codec.open(kind, m[2]) : undefined;
        const sent = payload && (await sendEventOf(events, payload));
        if (!payload || !sent) return jsonResponse(404, { message: 'not found' });
        if (req.method === 'GET') await record(events, kind, payload, sent, req, clock());
        return kind === 'open'
          ? {
              status: 200,
              headers: { 'content-type': 'image/gif', 'cache-control': NO_CACHE },
              body: PIXEL_GIF,
            }
          : { status: 302, headers: { location: payload.link ?? '', 'cache-control': NO_CACHE }, body: '' };
      },
    },
  ];
}

/** The message's Send event: proof it was sent, and the `mail` object its events repeat. */
async function sendEventOf(events: EventPort, p: TokenPayload): Promise<SesEvent | undefined> {
  if (p.messageId === '') return undefined;
  return (await events.ofMessage(p.scope, p.messageId)).find((e) => e.eventType === 'SEND');
}

async function record(
  events: EventPort,
  kind: TokenKind,
  p: TokenPayload,
  sent: SesEvent,
  req: RawRequest,
  now: Date,
): Promise<void> {
  const mail = sent.detail['mail'] as { timestamp?: string } | undefined;
  const sentAt = Date.parse(mail?.timestamp ?? '') || sent.timestamp.getTime();
  if (now.getTime() - sentAt > COLLECTION_WINDOW_MS) return;
  const seen = {
    ipAddress: req.sourceIp,
    timestamp: now.toISOString(),
    userAgent: req.headers['user-agent'] ?? '',
  };
  const detail =
    kind === 'open'
      ? { eventType: 'Open', mail, open: seen }
      : {
          eventType: 'Click',
          mail,
          click: { ...seen, link: p.link, ...(p.linkTags ? { linkTags: p.linkTags } : {}) },
        };
  await events.record({
    messageId: p.messageId,
    scope: p.scope,
    eventType: kind === 'open' ? 'OPEN' : 'CLICK',
    timestamp: now,
    configurationSetName: sent.configurationSetName,
    detail,
  });
}
