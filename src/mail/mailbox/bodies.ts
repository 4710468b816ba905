/** A captured message's bodies: parsed once with mailparser on first read, then served from the row. */
import { parseMessage, type ParsedMessage } from './parse.js';
import type { MailboxRecord, MailboxStore } from './store.js';

export async function bodiesOf(
  store: MailboxStore,
  r: MailboxRecord,
): Promise<{ text?: string; html?: string }> {
  const cached = await store.cachedBodies(r.seq);
  if (cached) return cached;
  const raw = await store.raw(r.seq);
  if (!raw) return {};
  const parsed = await parseMessage(raw);
  await store.cacheBodies(r.seq, parsed.text, parsed.html);
  return { text: parsed.text, html: parsed.html };
}

/** Everything a single-message view shows (bodies and attachment metadata). */
export async function fullMessage(store: MailboxStore, r: MailboxRecord): Promise<ParsedMessage | undefined> {
  const raw = await store.raw(r.seq);
  return raw && parseMessage(raw);
}
