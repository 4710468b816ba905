/**
 * The mailbox: newest first, one page at a time (never the whole mailbox), live through the
 * server-sent event stream, searchable by recipient, sender, subject and text; the chosen message
 * beside the list (its URL is `/mailbox/<id>`).
 */
import { useLocation, useRoute } from 'preact-iso';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { internalFetch, internalError, internalJson } from '../../aws/internal.js';
import { BASE } from '../../base.js';
import { Button } from '../../ui/Button.js';
import { Dialog } from '../../ui/Dialog.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { followMailbox, type LiveState } from './live.js';
import { MessageView } from './message-view.js';
import {
  EMPTY_SEARCH,
  isSearching,
  listPath,
  mergeArrivals,
  type MailboxSearch,
  type MessageSummary,
} from './search.js';

export const PAGE_SIZE = 50;

interface Listing {
  messages: MessageSummary[];
  nextToken?: string;
}

export default function MailboxPage() {
  const { params } = useRoute();
  const { route } = useLocation();
  const selected = params.id ? decodeURIComponent(params.id) : undefined;
  const [form, setForm] = useState<MailboxSearch>(EMPTY_SEARCH);
  const [search, setSearch] = useState<MailboxSearch>(EMPTY_SEARCH);
  const [list, setList] = useState<Listing>({ messages: [] });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const [live, setLive] = useState<LiveState>('connecting');
  const [arrivedWhileSearching, setArrived] = useState(0);
  const [confirmAll, setConfirmAll] = useState(false);

  const load = useCallback(async (s: MailboxSearch) => {
    setLoading(true);
    setError(undefined);
    try {
      setList(await internalJson<Listing>(listPath(s, { limit: PAGE_SIZE })));
      setArrived(0);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => void load(search), [search, load]);
  const searchRef = useRefOf(search);

  useEffect(
    () =>
      followMailbox((m) => {
        // While searching, arrivals are counted and the search re-run on demand (the server matches).
        if (isSearching(searchRef.current)) setArrived((n) => n + 1);
        else
          setList((l) => ({
            ...l,
            messages: mergeArrivals(l.messages, [m], Math.max(PAGE_SIZE, l.messages.length + 1)),
          }));
      }, setLive),
    [],
  );
  const more = async () => {
    if (!list.nextToken) return;
    try {
      const page = await internalJson<Listing>(listPath(search, { limit: PAGE_SIZE, next: list.nextToken }));
      setList((l) => ({ messages: [...l.messages, ...page.messages], nextToken: page.nextToken }));
    } catch (err) {
      setError(err);
    }
  };

  const deleteAll = async () => {
    setConfirmAll(false);
    try {
      const res = await internalFetch('/_pinpost/mailbox', { method: 'DELETE' });
      if (!res.ok) throw await internalError(res);
      setList({ messages: [] });
      if (selected) route(`${BASE}/mailbox`);
    } catch (err) {
      setError(err);
    }
  };

  const onDeleted = (id: string) => {
    setList((l) => ({ ...l, messages: l.messages.filter((m) => m.id !== id) }));
    route(`${BASE}/mailbox`);
  };

  return (
    <Page
      title="Mailbox"
      actions={
        <>
          <span class={`live live-${live}`} role="status">
            {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Offline, retrying'}
          </span>
          <Button kind="danger" onClick={() => setConfirmAll(true)} disabled={list.messages.length === 0}>
            Delete all
          </Button>
        </>
      }
    >
      <form
        class="search"
        role="search"
        aria-label="Search the mailbox"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch({ ...form });
        }}
      >
        <Field
          label="Recipient"
          type="search"
          value={form.recipient}
          onValue={(recipient) => setForm({ ...form, recipient })}
        />
        <Field
          label="Sender"
          type="search"
          value={form.from}
          onValue={(from) => setForm({ ...form, from })}
        />
        <Field
          label="Subject"
          type="search"
          value={form.subject}
          onValue={(subject) => setForm({ ...form, subject })}
        />
        <Field label="Text" type="search" value={form.text} onValue={(text) => setForm({ ...form, text })} />
        <div class="search-actions">
          <Button kind="primary" type="submit">
            Search
          </Button>
          <Button
            onClick={() => {
              setForm(EMPTY_SEARCH);
              setSearch(EMPTY_SEARCH);
            }}
          >
            Clear
          </Button>
        </div>
      </form>
      <ErrorBanner error={error} />
      {arrivedWhileSearching > 0 && (
        <p class="notice">
          {arrivedWhileSearching} new message{arrivedWhileSearching === 1 ? '' : 's'} arrived.{' '}
          <Button onClick={() => void load(search)}>Refresh results</Button>
        </p>
      )}
      <div class={selected ? 'mail split' : 'mail'}>
        <div class="mail-list">
          <ul class="messages" aria-label="Messages" aria-busy={loading}>
            {list.messages.map((m) => (
              <li key={m.id} class={m.id === selected ? 'message-row selected' : 'message-row'}>
                <a
                  href={`${BASE}/mailbox/${encodeURIComponent(m.id)}`}
                  aria-current={m.id === selected ? 'true' : undefined}
                  data-message-id={m.id}
                >
                  <span class="row-subject">{m.subject || '(no subject)'}</span>
                  <span class="row-meta">
                    <span class="row-from">{m.from}</span> →{' '}
                    <span class="row-to">{[...m.to, ...m.cc, ...m.bcc].join(', ')}</span>
                  </span>
                  <time dateTime={m.timestamp} class="row-time">
                    {new Date(m.timestamp).toLocaleString()}
                  </time>
                </a>
              </li>
            ))}
          </ul>
          {!loading && list.messages.length === 0 && (
            <p class="empty">
              {isSearching(search) ? 'No message matches this search.' : 'The mailbox is empty.'}
            </p>
          )}
          {list.nextToken && <Button onClick={() => void more()}>Load more</Button>}
        </div>
        {selected && <MessageView key={selected} id={selected} onDeleted={onDeleted} />}
      </div>
      <Dialog
        title="Delete every message?"
        open={confirmAll}
        onClose={() => setConfirmAll(false)}
        actions={
          <>
            <Button onClick={() => setConfirmAll(false)}>Cancel</Button>
            <Button kind="danger" onClick={() => void deleteAll()}>
              Delete all messages
            </Button>
          </>
        }
      >
        <p>Every message in the mailbox this account can see is deleted. This cannot be undone.</p>
      </Dialog>
    </Page>
  );
}

/** A ref always holding the latest value (for the live feed's long-lived callback). */
function useRefOf<T>(value: T): { current: T } {
  const [ref] = useState(() => ({ current: value }));
  ref.current = value;
  return ref;
}
