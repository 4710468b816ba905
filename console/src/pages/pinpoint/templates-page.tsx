/**
 * Email templates (ListTemplates, GetEmailTemplate, CreateEmailTemplate, UpdateEmailTemplate) with a
 * live preview for one of the project's endpoints, rendered by the engine campaigns render with
 * (Pinpost's `POST /_pinpost/pinpoint/templates/preview`): the same Handlebars, helpers, message
 * variables and default substitutions, so what the preview shows is what the campaign sends.
 * The HTML is shown in a sandboxed frame (no scripts, no same origin).
 */
import {
  CreateEmailTemplateCommand,
  GetEmailTemplateCommand,
  ListTemplatesCommand,
  ListTemplateVersionsCommand,
  UpdateEmailTemplateCommand,
  UpdateTemplateActiveVersionCommand,
  type TemplateResponse,
} from '@aws-sdk/client-pinpoint';
import { useEffect, useId, useState } from 'preact/hooks';
import { clients } from '../../aws/clients.js';
import { internalJson } from '../../aws/internal.js';
import { useSession } from '../../session.js';
import { Button } from '../../ui/Button.js';
import { CodeEditor } from '../../ui/CodeEditor.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { Select } from '../../ui/Select.js';
import { Table } from '../../ui/Table.js';
import { AppNav, appCrumbs } from './app-nav.js';
import { useAppName } from './app-page.js';
import { endpointPage } from './endpoints-page.js';
import { scopeQuery } from './scope.js';
import { useAction, useLoad } from './use-load.js';

interface Rendered {
  subject: string;
  html?: string;
  text?: string;
}

export async function emailTemplates(): Promise<TemplateResponse[]> {
  const out: TemplateResponse[] = [];
  let NextToken: string | undefined;
  do {
    const page = await clients().pinpoint.send(
      new ListTemplatesCommand({ TemplateType: 'EMAIL', PageSize: '100', NextToken }),
    );
    out.push(...(page.TemplatesResponse?.Item ?? []));
    NextToken = page.TemplatesResponse?.NextToken;
  } while (NextToken);
  return out;
}

const EMPTY = { name: '', subject: '', html: '', text: '', defaults: '' };

export default function TemplatesPage({ id }: { id: string }) {
  const session = useSession();
  const appName = useAppName(id);
  const templates = useLoad(emailTemplates, [session?.region, session?.arn]);
  const endpoints = useLoad(() => endpointPage(session!, id, undefined, 100), [id, session?.region]);
  const action = useAction();
  const [t, setT] = useState(EMPTY);
  const [existing, setExisting] = useState(false);
  const [endpoint, setEndpoint] = useState('');
  const [preview, setPreview] = useState<Rendered>();
  const [previewError, setPreviewError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const [activate, setActivate] = useState(true);
  const activateId = useId();

  useEffect(() => {
    if (!endpoint && endpoints.data?.Item[0]) setEndpoint(endpoints.data.Item[0].Id);
  }, [endpoints.data, endpoint]);

  // The live preview: rendered again a moment after the content or the endpoint stops changing.
  useEffect(() => {
    if (!session) return;
    let stale = false;
    const timer = setTimeout(() => {
      const body = JSON.stringify({
        Subject: t.subject,
        HtmlPart: t.html || undefined,
        TextPart: t.text || undefined,
        DefaultSubstitutions: t.defaults || undefined,
      });
      internalJson<Rendered>(
        `/_pinpost/pinpoint/templates/preview?${scopeQuery(session, { app: id, endpoint: endpoint || undefined })}`,
        { method: 'POST', body, headers: { 'content-type': 'application/json' } },
      )
        .then((r) => !stale && (setPreview(r), setPreviewError(undefined)))
        .catch((e: unknown) => !stale && setPreviewError(e));
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [t.subject, t.html, t.text, t.defaults, endpoint, id, session]);

  const open = async (name: string) => {
    const got = await action.run(() =>
      clients().pinpoint.send(new GetEmailTemplateCommand({ TemplateName: name })),
    );
    const e = got?.EmailTemplateResponse;
    if (!e) return;
    setExisting(true);
    setSaved(undefined);
    setT({
      name,
      subject: e.Subject ?? '',
      html: e.HtmlPart ?? '',
      text: e.TextPart ?? '',
      defaults: e.DefaultSubstitutions ?? '',
    });
  };

  const save = async (ev: Event) => {
    ev.preventDefault();
    setSaved(undefined);
    const EmailTemplateRequest = {
      Subject: t.subject,
      HtmlPart: t.html || undefined,
      TextPart: t.text || undefined,
      DefaultSubstitutions: t.defaults || undefined,
    };
    const done = await action.run(async () => {
      const pinpoint = clients().pinpoint;
      if (!existing) {
        await pinpoint.send(new CreateEmailTemplateCommand({ TemplateName: t.name, EmailTemplateRequest }));
        return `Created the template ${t.name}.`;
      }
      await pinpoint.send(
        new UpdateEmailTemplateCommand({
          TemplateName: t.name,
          CreateNewVersion: true,
          EmailTemplateRequest,
        }),
      );
      // The new version is the highest; the active one changes only when asked (UpdateTemplateActiveVersion).
      const versions = await pinpoint.send(
        new ListTemplateVersionsCommand({ TemplateName: t.name, TemplateType: 'EMAIL', PageSize: '100' }),
      );
      const newest = Math.max(
        ...(versions.TemplateVersionsResponse?.Item ?? []).map((v) => Number(v.Version ?? 0)),
      );
      if (!activate) return `Saved version ${newest} of the template ${t.name}.`;
      await pinpoint.send(
        new UpdateTemplateActiveVersionCommand({
          TemplateName: t.name,
          TemplateType: 'EMAIL',
          TemplateActiveVersionRequest: { Version: String(newest) },
        }),
      );
      return `Saved version ${newest} of the template ${t.name} and made it active.`;
    });
    if (done) {
      setExisting(true);
      setSaved(done);
      await templates.reload();
    }
  };

  return (
    <Page title="Email templates" crumbs={appCrumbs(id, appName, 'Templates')}>
      <AppNav id={id} current="/templates" />
      <ErrorBanner error={templates.error} />
      <Table
        caption="Email templates"
        rows={templates.data ?? []}
        rowKey={(r) => r.TemplateName ?? ''}
        empty={templates.loading ? 'Loading…' : 'No email templates yet.'}
        columns={[
          {
            header: 'Name',
            cell: (r) => (
              <Button
                onClick={() => open(r.TemplateName ?? '')}
                aria-label={`Open template ${r.TemplateName}`}
              >
                {r.TemplateName}
              </Button>
            ),
          },
          { header: 'Version', cell: (r) => r.Version ?? '' },
          { header: 'Last modified', cell: (r) => r.LastModifiedDate ?? '' },
        ]}
      />
      <div class="split">
        <form onSubmit={save} aria-label="Template editor">
          <h2>{existing ? `Edit ${t.name}` : 'New template'}</h2>
          <Button
            onClick={() => {
              setT(EMPTY);
              setExisting(false);
              setSaved(undefined);
            }}
          >
            New template
          </Button>
          {existing ? (
            <p>
              Template name: <strong>{t.name}</strong>
            </p>
          ) : (
            <Field label="Template name" value={t.name} onValue={(v) => setT({ ...t, name: v })} required />
          )}
          <Field label="Subject" value={t.subject} onValue={(v) => setT({ ...t, subject: v })} required />
          <CodeEditor label="HTML part" value={t.html} onValue={(v) => setT({ ...t, html: v })} rows={10} />
          <CodeEditor label="Text part" value={t.text} onValue={(v) => setT({ ...t, text: v })} rows={5} />
          <CodeEditor
            label="Default substitutions (JSON)"
            value={t.defaults}
            onValue={(v) => setT({ ...t, defaults: v })}
            rows={4}
          />
          {existing && (
            <div class="field field-check">
              <input
                id={activateId}
                type="checkbox"
                checked={activate}
                onChange={(e) => setActivate(e.currentTarget.checked)}
              />
              <label for={activateId}>Make the new version active</label>
            </div>
          )}
          <ErrorBanner error={action.error} />
          {saved && <p role="status">{saved}</p>}
          <Button kind="primary" type="submit" disabled={action.busy || !t.name}>
            Save template
          </Button>
        </form>
        <section aria-label="Preview" class="preview">
          <h2>Preview</h2>
          <Select
            label="Preview for endpoint"
            value={endpoint}
            options={[
              { value: '', label: 'No endpoint' },
              ...(endpoints.data?.Item ?? []).map((e) => ({
                value: e.Id,
                label: `${e.Id} (${e.Address ?? ''})`,
              })),
            ]}
            onValue={setEndpoint}
          />
          <ErrorBanner error={previewError} />
          {preview && (
            <>
              <p>
                Subject: <strong data-testid="preview-subject">{preview.subject}</strong>
              </p>
              {preview.html !== undefined && (
                <iframe title="HTML preview" sandbox="" srcdoc={preview.html} class="preview-frame" />
              )}
              {preview.text !== undefined && <pre class="preview-text">{preview.text}</pre>}
            </>
          )}
        </section>
      </div>
    </Page>
  );
}
