/** One managed policy: its details and default version; a customer managed one can be saved as a new default version. */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Button } from '../../ui/Button.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Page } from '../../ui/Page.js';
import { getPolicy, saveNewVersion } from './policies-api.js';
import { PolicyEditor } from './PolicyEditor.js';
import { pretty } from './policy-text.js';
import { useAction, useLoad } from './use-load.js';
import { AreaNav, IAM_LINKS } from './AreaNav.js';

export default function PolicyPage() {
  const { query } = useLocation();
  const arn = query['arn'] ?? '';
  const loaded = useLoad(() => getPolicy(arn), [arn]);
  // What the user typed, over the document it was typed over: the editor shows the loaded
  // document in the same render as the rest of the policy (set from an effect, it stood empty for a
  // frame, and a Save then sent an empty document), and a reload after a save shows the new one.
  const [edited, setEdited] = useState<{ over: unknown; text: string }>();
  const text = edited && edited.over === loaded.data ? edited.text : pretty(loaded.data?.document ?? '');
  const [saved, setSaved] = useState(false);
  const save = useAction();
  const p = loaded.data?.policy;
  const awsManaged = /^arn:[\w-]+:iam::aws:policy\//.test(arn);
  return (
    <Page
      title={p?.PolicyName ?? 'Policy'}
      crumbs={[
        { label: 'IAM', href: '/iam/roles' },
        { label: 'Policies', href: '/iam/policies' },
        { label: p?.PolicyName ?? arn },
      ]}
    >
      <AreaNav label="IAM pages" links={IAM_LINKS} />
      <ErrorBanner error={loaded.error ?? save.error} />
      {p && (
        <>
          <dl class="summary">
            <dt>ARN</dt>
            <dd>
              <code>{p.Arn}</code>
            </dd>
            <dt>Default version</dt>
            <dd>{p.DefaultVersionId}</dd>
            <dt>Attachments</dt>
            <dd>{p.AttachmentCount}</dd>
            {p.Description && (
              <>
                <dt>Description</dt>
                <dd>{p.Description}</dd>
              </>
            )}
          </dl>
          <PolicyEditor
            label="Policy document"
            kind="managed"
            value={text}
            onValue={(v) => (setEdited({ over: loaded.data, text: v }), setSaved(false))}
            readOnly={awsManaged}
            rows={18}
          />
          {!awsManaged && (
            <Button
              kind="primary"
              disabled={save.busy}
              onClick={async () => {
                const ok = await save.run(() => saveNewVersion(arn, text));
                setSaved(ok);
                if (ok) loaded.reload();
              }}
            >
              Save as new version
            </Button>
          )}
          {saved && <p role="status">Saved as the new default version.</p>}
        </>
      )}
    </Page>
  );
}
