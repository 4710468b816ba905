/**
 * `POST /_pinpost/ses/inbound`: hands Pinpost a message as if SES had received it for the account
 * (JSON `{"from", "to": [...], "raw", "sourceIp"?, "tls"?, "account", "region"}`; beyond loopback
 * the signed caller's account and region, and the caller must be allowed pinpost:ReceiveMail).
 * The account's active receipt rule set runs (engine.ts); the message lands in the mailbox as it
 * left the actions, marked received by having no outbox row (a negative `outbox_id`); the
 * answer says what ran. Refused mail (no recipient the account receives for, an IP filter) is 403
 * with the recipients refused, and nothing is written.
 */
import { randomInt } from 'node:crypto';
import type { InternalCaller, InternalRoute } from '../../../server/internal-routes.js';
import { jsonResponse } from '../../../server/internal-routes.js';
import type { RawRequest } from '../../../wire/context.js';
import type { Database } from '../../../store/index.js';
import { mailboxRecord } from '../../../mail/mailbox/listing.js';
import type { MailboxStore } from '../../../mail/mailbox/store.js';
import type { SesScope } from '../ports.js';
import { runReceipt, type InboundMessage, type ReceiptState, type ReceivingDeps } from './engine.js';

export const INBOUND_PATH = '/_pinpost/ses/inbound';

export interface InboundRouteDeps extends ReceivingDeps {
  db: Database;
  mailbox: MailboxStore;
  /** The account's receipt state: active rule set, IP filters, verified domains. */
  state(scope: SesScope): Promise<ReceiptState>;
}

class Problem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const strings = (v: unknown) =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;

function parse(req: RawRequest, caller?: InternalCaller): InboundMessage {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new Problem(400, 'The body must be JSON: {"from", "to": [...], "raw", "account", "region"}');
  }
  const from = body['from'];
  const to = strings(body['to']);
  const raw = body['raw'];
  if (typeof from !== 'string' || !from.includes('@'))
    throw new Problem(400, '`from` must be an email address');
  if (!to || to.length === 0 || !to.every((t) => t.includes('@')))
    throw new Problem(400, '`to` must be a list of email addresses');
  if (typeof raw !== 'string' || raw === '')
    throw new Problem(400, '`raw` must be the message (RFC 5322 text)');
  const account = caller?.account ?? body['account'];
  const region = caller?.region ?? body['region'];
  if (typeof account !== 'string' || account === '') throw new Problem(400, '`account` is required');
  if (typeof region !== 'string' || region === '') throw new Problem(400, '`region` is required');
  const sourceIp = typeof body['sourceIp'] === 'string' ? body['sourceIp'] : req.sourceIp;
  return {
    scope: { account, region },
    envelopeFrom: from,
    recipients: to,
    raw: Buffer.from(raw, 'utf8'),
    sourceIp,
    tls: body['tls'] === true,
  };
}

/**
 * A mailbox key no outbox row has: outbox ids are positive, received mail takes a random negative
 * one (48 bits: two receptions at once on one PostgreSQL database do not pick the same).
 */
const receivedKey = (): number => -randomInt(1, 2 ** 47);

export function inboundRoute(deps: InboundRouteDeps): InternalRoute {
  return {
    prefix: INBOUND_PATH,
    access: { POST: 'pinpost:ReceiveMail' },
    async handler(req, caller) {
      try {
        const msg = parse(req, caller);
        // One transaction: a bounce queued by a BounceAction and the mailbox row stand or fall together.
        const run = await deps.db.transaction(async () => {
          const r = await runReceipt(deps, msg, await deps.state(msg.scope));
          if (!r.accepted) return r;
          const envelope = { messageId: r.messageId, scope: msg.scope, envelopeFrom: msg.envelopeFrom };
          const record = { ...envelope, recipients: r.recipients, raw: r.raw };
          await deps.mailbox.insert(mailboxRecord(record, receivedKey(), deps.now(), 'delivered'));
          return r;
        });
        if (!run.accepted) return jsonResponse(403, { message: run.reason, refused: run.refused });
        const { raw: _raw, accepted: _accepted, ...answer } = run;
        return jsonResponse(200, answer);
      } catch (e) {
        if (e instanceof Problem) return jsonResponse(e.status, { message: e.message });
        throw e;
      }
    },
  };
}
