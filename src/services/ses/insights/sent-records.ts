/**
 * What the Deliverability dashboard's reports read: the messages an account sent from a domain and
 * the DELIVERY, BOUNCE and OPEN events Pinpost recorded for them (ses_sent_messages, ses_events,
 * read only), and the dashboard subscription that must be on before any report is given.
 *
 * "Unable to find a dashboard account for <ACCOUNT>." (NotFoundException) is AWS's answer to a
 * dashboard report asked without a subscription (aws/aws-cli#5210, GetDomainStatisticsReport);
 * Pinpost gives it for every operation under /v2/email/deliverability-dashboard/, since all of them
 * are features of the subscription (API_PutDeliverabilityDashboardOption.html: "When you enable the
 * Deliverability dashboard, you gain access to reputation, deliverability, and other metrics … You
 * also gain the ability to perform predictive inbox placement tests").
 */
import type { Database } from '../../../store/index.js';
import { badRequest, notFound } from '../control/errors.js';
import type { AccountDoc } from '../control/model.js';
import { ControlStore } from '../control/store.js';
import type { SesScope } from '../ports.js';
import { recipientsOf } from './message-insights.js';

export const DAY_MS = 86_400_000;

export type Dashboard = NonNullable<AccountDoc['dashboard']>;

/** The account's dashboard subscription; NotFoundException (AWS's text) when it is off. */
export async function requireDashboard(store: ControlStore, scope: SesScope): Promise<Dashboard> {
  const d = (await store.get<AccountDoc>(scope, 'account', ''))?.doc.dashboard;
  if (!d?.enabled) throw notFound(`Unable to find a dashboard account for <${scope.account}>.`);
  return d;
}

export interface SentRecord {
  messageId: string;
  sentAt: number;
  from: string;
  subject?: string;
  /** Every recipient the message was sent to. */
  recipients: number;
  /** Recipients delivered, each with when. */
  delivered: { recipient: string; at: number }[];
  /** Recipients that bounced. */
  bounced: string[];
  /** When the message was first opened, if it was. */
  openedAt?: number;
}

/** The address of a From (`Name <a@b>` or `a@b`), lower-cased. */
export function addressOf(from: string): string {
  const m = /<([^>]*)>\s*$/.exec(from);
  return (m ? m[1] : from).trim().toLowerCase();
}

export const domainOfAddress = (address: string) => address.slice(address.lastIndexOf('@') + 1);

interface MessageRow {
  message_id: string;
  sent_at: number | string;
  mail: string;
}
interface EventRow {
  message_id: string;
  event_type: string;
  at: number | string;
  detail: string;
}

/**
 * The messages of the scope sent in [start, end) (all when no range) whose From is at `domain` (any
 * domain when undefined), with their delivery outcomes. The mailbox simulator's messages count no
 * recipient (`counted`) and are left out, as they reach no mailbox provider.
 */
export async function sentRecords(
  db: Database,
  scope: SesScope,
  filter: { domain?: string; start?: number; end?: number; messageId?: string },
): Promise<SentRecord[]> {
  const where = ['m.account = ?', 'm.region = ?', 'm.counted > 0'];
  const params: (string | number)[] = [scope.account, scope.region];
  const add = (clause: string, value: string | number | undefined) => {
    if (value === undefined) return;
    where.push(clause);
    params.push(value);
  };
  add('m.sent_at >= ?', filter.start);
  add('m.sent_at < ?', filter.end);
  add('m.message_id = ?', filter.messageId);
  const messages = await db.all<MessageRow>(
    `SELECT m.message_id, m.sent_at, m.mail FROM ses_sent_messages m WHERE ${where.join(' AND ')} ORDER BY m.sent_at, m.message_id`,
    params,
  );
  const records = new Map<string, SentRecord>();
  for (const m of messages) {
    const mail = JSON.parse(m.mail) as {
      source: string;
      destination: string[];
      commonHeaders?: { subject?: unknown };
    };
    const from = addressOf(mail.source);
    if (filter.domain !== undefined && domainOfAddress(from) !== filter.domain.toLowerCase()) continue;
    const subject = mail.commonHeaders?.subject;
    records.set(m.message_id, {
      messageId: m.message_id,
      sentAt: Number(m.sent_at),
      from,
      subject: typeof subject === 'string' ? subject : undefined,
      recipients: mail.destination.length,
      delivered: [],
      bounced: [],
    });
  }
  if (records.size === 0) return [];
  const events = await db.all<EventRow>(
    `SELECT e.message_id, e.event_type, e.at, e.detail FROM ses_events e JOIN ses_sent_messages m ON m.message_id = e.message_id
     WHERE ${where.join(' AND ')} AND e.event_type IN ('DELIVERY', 'BOUNCE', 'OPEN') ORDER BY e.at, e.id`,
    params,
  );
  for (const e of events) {
    const r = records.get(e.message_id);
    if (!r) continue;
    const at = Number(e.at);
    const detail = JSON.parse(e.detail) as Record<string, unknown>;
    if (e.event_type === 'OPEN') r.openedAt ??= at;
    else if (e.event_type === 'DELIVERY')
      for (const recipient of recipientsOf({ eventType: e.event_type, detail }) ?? [])
        r.delivered.push({ recipient, at });
    else r.bounced.push(...(recipientsOf({ eventType: e.event_type, detail }) ?? []));
  }
  return [...records.values()];
}

/** A date range of a dashboard report as whole UTC days: AWS allows at most 30 days. */
export function reportDays(start: Date, end: Date, max = 30): { first: number; days: number } {
  const first = Math.floor(start.getTime() / DAY_MS);
  const last = Math.floor(end.getTime() / DAY_MS);
  // Pinpost's wording: AWS's texts for these refusals were not found.
  if (last < first) throw badRequest('EndDate must not be before StartDate.');
  if (end.getTime() - start.getTime() > max * DAY_MS)
    throw badRequest(`EndDate must be less than or equal to ${max} days after StartDate.`);
  return { first, days: last - first + 1 };
}
