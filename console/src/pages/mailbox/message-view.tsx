/**
 * One message: its HTML in a sandboxed iframe (no script; remote images only once asked), its text,
 * header fields, raw source, attachments (downloads), the DKIM signature, its SES events and its
 * links; delete it.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { internalError, internalFetch, internalJson } from '../../aws/internal.js';
import { Button } from '../../ui/Button.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Table } from '../../ui/Table.js';
import { Tabs } from '../../ui/Tabs.js';
import { downloadSigned } from './download.js';
import { headerFields } from './headers.js';
import type { MessageSummary } from './search.js';
import { mailDocument } from './srcdoc.js';

interface Attachment {
  filename?: string;
  contentType: string;
  size: number;
}

interface SesEvent {
  eventType: string;
  timestamp: string;
  configurationSetName?: string;
  detail?: unknown;
}

/** The server's DKIM check (src/mail/mailbox/dkim-check.ts). */
interface DkimCheck {
  result: 'none' | 'pass' | 'fail' | 'unknown';
  domain?: string;
  selector?: string;
  signedHeaders?: string[];
  bodyHashMatches?: boolean;
  signatureValid?: boolean;
}

export interface FullMessage {
  message: MessageSummary & { text: string | null; html: string | null; attachments: Attachment[] };
  events: SesEvent[];
  links: string[];
  dkim: DkimCheck;
}

const DKIM_TEXT: Record<DkimCheck['result'], string> = {
  none: 'none: the message is not DKIM-signed (its identity has no DKIM signing in this region)',
  pass: 'pass: the body hash and the signature verify with the identity’s key',
  fail: 'fail: the message does not verify with the identity’s key',
  unknown: 'unknown: no identity of this account and region holds the key for this signature',
};

export function MessageView({ id, onDeleted }: { id: string; onDeleted: (id: string) => void }) {
  const [data, setData] = useState<FullMessage>();
  const [raw, setRaw] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [tab, setTab] = useState('html');
  const [remoteImages, setRemoteImages] = useState(false);
  const path = `/_pinpost/mailbox/${encodeURIComponent(id)}`;

  useEffect(() => {
    internalJson<FullMessage>(path)
      .then((d) => {
        setData(d);
        if (d.message.html === null) setTab('text');
      })
      .catch(setError);
    internalFetch(`${path}.eml`)
      .then(async (res) => (res.ok ? setRaw(await res.text()) : undefined))
      .catch(setError);
  }, [path]);

  const doc = useMemo(
    () => (data?.message.html == null ? undefined : mailDocument(data.message.html, remoteImages)),
    [data, remoteImages],
  );
  const fields = useMemo(() => (raw === undefined ? [] : headerFields(raw)), [raw]);

  const remove = async () => {
    try {
      const res = await internalFetch(path, { method: 'DELETE' });
      if (!res.ok) throw await internalError(res);
      onDeleted(id);
    } catch (err) {
      setError(err);
    }
  };

  if (!data) {
    return (
      <article class="message" aria-busy={!error}>
        <ErrorBanner error={error} />
      </article>
    );
  }
  const m = data.message;
  return (
    <article class="message" aria-labelledby="message-subject">
      <header class="message-head">
        <h2 id="message-subject">{m.subject || '(no subject)'}</h2>
        <dl class="message-meta">
          <dt>From</dt>
          <dd>{m.from}</dd>
          <dt>To</dt>
          <dd>{m.to.join(', ') || '—'}</dd>
          {m.cc.length > 0 && (
            <>
              <dt>Cc</dt>
              <dd>{m.cc.join(', ')}</dd>
            </>
          )}
          {m.bcc.length > 0 && (
            <>
              <dt>Bcc</dt>
              <dd>{m.bcc.join(', ')}</dd>
            </>
          )}
          <dt>Received</dt>
          <dd>
            <time dateTime={m.timestamp}>{new Date(m.timestamp).toLocaleString()}</time> ({m.status},{' '}
            {m.region})
          </dd>
        </dl>
        <div class="message-actions">
          <Button onClick={() => void downloadSigned(`${path}.eml`, `${id}.eml`).catch(setError)}>
            Download .eml
          </Button>
          <Button kind="danger" onClick={() => void remove()}>
            Delete message
          </Button>
        </div>
      </header>
      <ErrorBanner error={error} />
      <Tabs
        label="Message parts"
        active={tab}
        onChange={setTab}
        tabs={[
          {
            id: 'html',
            label: 'HTML',
            content: () =>
              doc ? (
                <div class="html-part">
                  {doc.blockedImages > 0 && (
                    <p class="notice">
                      {doc.blockedImages} remote image{doc.blockedImages === 1 ? ' is' : 's are'} blocked.{' '}
                      <Button onClick={() => setRemoteImages(true)}>Load remote images</Button>
                    </p>
                  )}
                  <iframe
                    title="Message HTML"
                    sandbox=""
                    srcdoc={doc.srcdoc}
                    class="mail-frame"
                    referrerpolicy="no-referrer"
                  />
                </div>
              ) : (
                <p class="empty">This message has no HTML part.</p>
              ),
          },
          {
            id: 'text',
            label: 'Text',
            content: () =>
              m.text === null ? (
                <p class="empty">This message has no text part.</p>
              ) : (
                <pre class="mail-text">{m.text}</pre>
              ),
          },
          {
            id: 'headers',
            label: 'Headers',
            content: () => (
              <Table
                caption="Header fields"
                rows={fields.map((f, i) => ({ ...f, i }))}
                rowKey={(f) => String(f.i)}
                columns={[
                  { header: 'Field', cell: (f) => <code>{f.name}</code> },
                  { header: 'Value', cell: (f) => <span class="wrap">{f.value}</span> },
                ]}
              />
            ),
          },
          {
            id: 'raw',
            label: 'Raw source',
            content: () => <pre class="mail-raw">{raw ?? 'Loading…'}</pre>,
          },
          {
            id: 'attachments',
            label: `Attachments (${m.attachments.length})`,
            content: () => (
              <Table
                caption="Attachments"
                rows={m.attachments.map((a, i) => ({ ...a, i }))}
                rowKey={(a) => String(a.i)}
                empty="No attachments."
                columns={[
                  { header: 'Name', cell: (a) => a.filename ?? `attachment-${a.i}` },
                  { header: 'Type', cell: (a) => a.contentType },
                  { header: 'Size', numeric: true, cell: (a) => `${a.size} B` },
                  {
                    header: 'Download',
                    cell: (a) => (
                      <Button
                        onClick={() =>
                          void downloadSigned(
                            `${path}/attachments/${a.i}`,
                            a.filename ?? `attachment-${a.i}`,
                          ).catch(setError)
                        }
                      >
                        Download {a.filename ?? `attachment ${a.i}`}
                      </Button>
                    ),
                  },
                ]}
              />
            ),
          },
          {
            id: 'dkim',
            label: 'DKIM',
            content: () => (
              <div class="dkim">
                <p>
                  DKIM <strong class={`dkim-${data.dkim.result}`}>{DKIM_TEXT[data.dkim.result]}</strong>
                </p>
                {data.dkim.domain && (
                  <dl class="message-meta">
                    <dt>Domain (d=)</dt>
                    <dd>{data.dkim.domain}</dd>
                    <dt>Selector (s=)</dt>
                    <dd>
                      <code>{data.dkim.selector}</code>
                    </dd>
                    <dt>Signed header fields</dt>
                    <dd>{data.dkim.signedHeaders?.join(', ')}</dd>
                    {data.dkim.bodyHashMatches !== undefined && (
                      <>
                        <dt>Body hash</dt>
                        <dd>{data.dkim.bodyHashMatches ? 'matches' : 'does not match'}</dd>
                        <dt>Signature</dt>
                        <dd>{data.dkim.signatureValid ? 'valid' : 'invalid'}</dd>
                      </>
                    )}
                  </dl>
                )}
              </div>
            ),
          },
          {
            id: 'events',
            label: `SES events (${data.events.length})`,
            content: () => (
              <Table
                caption="SES events of this message"
                rows={data.events.map((e, i) => ({ ...e, i }))}
                rowKey={(e) => String(e.i)}
                empty="No SES events recorded for this message."
                columns={[
                  { header: 'Event', cell: (e) => e.eventType },
                  { header: 'Time', cell: (e) => new Date(e.timestamp).toLocaleString() },
                  { header: 'Configuration set', cell: (e) => e.configurationSetName ?? '—' },
                ]}
              />
            ),
          },
          {
            id: 'links',
            label: `Links (${data.links.length})`,
            content: () =>
              data.links.length === 0 ? (
                <p class="empty">No links.</p>
              ) : (
                <ul class="links">
                  {data.links.map((l) => (
                    <li key={l}>
                      <a href={l} target="_blank" rel="noopener noreferrer">
                        {l}
                      </a>
                    </li>
                  ))}
                </ul>
              ),
          },
        ]}
      />
    </article>
  );
}
