/** Managed policies: customer managed (Local) or AWS managed, create with the checked editor, delete. */
import { useState } from 'preact/hooks';
import type { Policy } from '@aws-sdk/client-iam';
import { BASE } from '../../base.js';
import { Button } from '../../ui/Button.js';
import { Dialog } from '../../ui/Dialog.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { Select } from '../../ui/Select.js';
import { Table } from '../../ui/Table.js';
import { createPolicy, deletePolicy, listPolicies } from './policies-api.js';
import { PolicyEditor } from './PolicyEditor.js';
import { EMPTY_IDENTITY_POLICY } from './policy-text.js';
import { useAction, useLoad } from './use-load.js';
import { AreaNav, IAM_LINKS } from './AreaNav.js';

export default function PoliciesPage() {
  const [scope, setScope] = useState<'Local' | 'AWS'>('Local');
  const list = useLoad(() => listPolicies(scope), [scope]);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Policy | undefined>();
  const del = useAction();
  return (
    <Page
      title="Policies"
      crumbs={[{ label: 'IAM', href: '/iam/roles' }, { label: 'Policies' }]}
      actions={
        <Button kind="primary" onClick={() => setCreating(true)}>
          Create policy
        </Button>
      }
    >
      <AreaNav label="IAM pages" links={IAM_LINKS} />
      <Select
        label="Scope"
        value={scope}
        onValue={(v) => setScope(v as 'Local' | 'AWS')}
        options={[
          { value: 'Local', label: 'Customer managed' },
          { value: 'AWS', label: 'AWS managed' },
        ]}
      />
      <ErrorBanner error={list.error ?? del.error} />
      {list.loading && !list.data && <p role="status">Loading…</p>}
      {list.data && (
        <Table
          caption="Managed policies"
          rows={list.data}
          rowKey={(p) => p.Arn!}
          empty="No policies yet."
          columns={[
            {
              header: 'Name',
              cell: (p) => (
                <a href={`${BASE}/iam/policies/view?arn=${encodeURIComponent(p.Arn!)}`}>{p.PolicyName}</a>
              ),
            },
            { header: 'Attachments', cell: (p) => String(p.AttachmentCount ?? 0), numeric: true },
            { header: 'Default version', cell: (p) => p.DefaultVersionId ?? '' },
            {
              header: 'Actions',
              cell: (p) =>
                scope === 'Local' ? (
                  <Button kind="danger" aria-label={`Delete ${p.PolicyName}`} onClick={() => setDeleting(p)}>
                    Delete
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
      {creating && (
        <CreatePolicy
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            setScope('Local');
            list.reload();
          }}
        />
      )}
      <Dialog
        title={`Delete policy ${deleting?.PolicyName ?? ''}`}
        open={deleting !== undefined}
        onClose={() => setDeleting(undefined)}
        actions={
          <>
            <Button onClick={() => setDeleting(undefined)}>Cancel</Button>
            <Button
              kind="danger"
              onClick={async () => {
                const p = deleting;
                setDeleting(undefined);
                if (p && (await del.run(() => deletePolicy(p.Arn!)))) list.reload();
              }}
            >
              Delete
            </Button>
          </>
        }
      >
        <p>It is detached from every user, group and role, and its other versions are deleted first.</p>
      </Dialog>
    </Page>
  );
}

function CreatePolicy({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [path, setPath] = useState('');
  const [text, setText] = useState(EMPTY_IDENTITY_POLICY);
  const action = useAction();
  return (
    <Dialog
      title="Create policy"
      open
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            kind="primary"
            disabled={action.busy || name.trim() === ''}
            onClick={async () => {
              if (await action.run(() => createPolicy(name.trim(), text, description, path))) onCreated();
            }}
          >
            Create
          </Button>
        </>
      }
    >
      <ErrorBanner error={action.error} />
      <Field label="Policy name" value={name} onValue={setName} />
      <Field label="Description" value={description} onValue={setDescription} />
      <Field label="Path" value={path} onValue={setPath} placeholder="/" />
      <PolicyEditor label="Policy document" kind="managed" value={text} onValue={setText} rows={14} />
    </Dialog>
  );
}
