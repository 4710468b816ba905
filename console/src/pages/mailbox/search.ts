/** The mailbox search form ↔ `/_pinpost/mailbox` query parameters (README "The mailbox"). */

export interface MailboxSearch {
  recipient: string;
  from: string;
  subject: string;
  text: string;
}

export const EMPTY_SEARCH: MailboxSearch = { recipient: '', from: '', subject: '', text: '' };

/** The listing's path for a search and page: empty fields are left out. */
export function listPath(search: MailboxSearch, page: { limit?: number; next?: string } = {}): string {
  const q = new URLSearchParams();
  for (const key of ['recipient', 'from', 'subject', 'text'] as const) {
    const v = search[key].trim();
    if (v) q.set(key, v);
  }
  if (page.limit !== undefined) q.set('limit', String(page.limit));
  if (page.next) q.set('next', page.next);
  const text = q.toString();
  return text ? `/_pinpost/mailbox?${text}` : '/_pinpost/mailbox';
}

export function isSearching(search: MailboxSearch): boolean {
  return Object.values(search).some((v) => v.trim() !== '');
}

/** A message's summary as the mailbox lists it. */
export interface MessageSummary {
  id: string;
  account: string;
  region: string;
  timestamp: string;
  status: 'accepted' | 'delivered' | 'failed';
  deliveredAt: string | null;
  source: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  size: number;
  eml: string;
}

/** Adds arrivals to a newest-first list: newest on top, no duplicate ids, at most `max` kept. */
export function mergeArrivals(
  list: MessageSummary[],
  arrivals: MessageSummary[],
  max: number,
): MessageSummary[] {
  const seen = new Set(list.map((m) => m.id));
  const fresh = arrivals.filter((m) => !seen.has(m.id) && (seen.add(m.id), true)).reverse();
  return [...fresh, ...list].slice(0, max);
}
