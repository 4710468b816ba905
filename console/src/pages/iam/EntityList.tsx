/**
 * The list of users, groups or roles: a table linking to each, "Create" (a role with its trust
 * policy, checked as it is typed) and "Delete" with a confirmation.
 */
import { useState } from 'preact/hooks';
import { BASE } from '../../base.js';
import { useSession } from '../../session.js';
import { Button } from '../../ui/Button.js';
import { Dialog } from '../../ui/Dialog.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { Table } from '../../ui/Table.js';
import {
  createEntity,
  deleteEntity,
  KIND_LABEL,
  listEntities,
  type EntityKind,
  type EntitySummary,
} from './entities.js';
import { PolicyEditor } from './PolicyEditor.js';
import { serviceTrustPolicy } from './policy-text.js';
import { useAction, useLoad } from './use-load.js';
import { AreaNav, IAM_LINKS } from './AreaNav.js';

export function EntityList({ kind }: { kind: EntityKind }) {
  const label = KIND_LABEL[kind];
  const session = useSession();
  const list = useLoad(() => listEntities(kind), [kind, session?.region, session?.arn]);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<EntitySummary | undefined>();
  const del = useAction();
  return (
    <Page
      title={label.many}
      crumbs={[{ label: 'IAM', href: '/iam/roles' }, { label: label.many }]}
      actions={
        <Button kind="primary" onClick={() => setCreating(true)}>
          Create {label.one.toLowerCase()}
        </Button>
      }
    >
      <AreaNav label="IAM pages" links={IAM_LINKS} />
      <ErrorBanner error={list.error ?? del.error} />
      {list.loading && !list.data && <p role="status">Loading…</p>}
      {list.data && (
        <Table
          caption={label.many}
          rows={list.data}
          rowKey={(e) => e.arn}
          empty={`No ${label.many.toLowerCase()} yet.`}
          columns={[
            {
              header: 'Name',
              cell: (e) => <a href={`${BASE}${label.path}/${encodeURIComponent(e.name)}`}>{e.name}</a>,
            },
            { header: 'ARN', cell: (e) => <code>{e.arn}</code> },
            { header: 'Created', cell: (e) => e.created?.toISOString() ?? '' },
            {
              header: 'Actions',
              cell: (e) => (
                <Button kind="danger" aria-label={`Delete ${e.name}`} onClick={() => setDeleting(e)}>
                  Delete
                </Button>
              ),
            },
          ]}
        />
      )}
      {creating && (
        <CreateDialog
          kind={kind}
          account={session?.account ?? ''}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            list.reload();
          }}
        />
      )}
      <Dialog
        title={`Delete ${label.one.toLowerCase()} ${deleting?.name ?? ''}`}
        open={deleting !== undefined}
        onClose={() => setDeleting(undefined)}
        actions={
          <>
            <Button onClick={() => setDeleting(undefined)}>Cancel</Button>
            <Button
              kind="danger"
              disabled={del.busy}
              onClick={async () => {
                const target = deleting;
                setDeleting(undefined);
                if (target && (await del.run(() => deleteEntity(kind, target.name)))) list.reload();
              }}
            >
              Delete
            </Button>
          </>
        }
      >
        <p>
          {kind === 'role'
            ? 'Its inline policies are deleted and its managed policies detached first, as IAM requires.'
            : kind === 'user'
              ? 'Its inline policies, attachments, group memberships and access keys are removed first, as IAM requires.'
              : 'Its inline policies, attachments and members are removed first, as IAM requires.'}
        </p>
      </Dialog>
    </Page>
  );
}

function CreateDialog({
  kind,
  account,
  onClose,
  onCreated,
}: {
  kind: EntityKind;
  account: string;
  onClose: () => void;
  onCreated: () => void;
}) {
  const label = KIND_LABEL[kind];
  const [name, setName] = useState('');
  const [path, setPath] = useState('');
  const [description, setDescription] = useState('');
  const [trust, setTrust] = useState(() => serviceTrustPolicy('pinpoint.amazonaws.com', account));
  const action = useAction();
  return (
    <Dialog
      title={`Create ${label.one.toLowerCase()}`}
      open
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            kind="primary"
            disabled={action.busy || name.trim() === ''}
            onClick={async () => {
              const ok = await action.run(() =>
                createEntity(kind, { name: name.trim(), path, description, trustPolicy: trust }),
              );
              if (ok) onCreated();
            }}
          >
            Create
          </Button>
        </>
      }
    >
      <ErrorBanner error={action.error} />
      <Field label={`${label.one} name`} value={name} onValue={setName} required />
      <Field label="Path" value={path} onValue={setPath} placeholder="/" hint="Optional; / when empty." />
      {kind === 'role' && (
        <>
          <Field label="Description" value={description} onValue={setDescription} />
          <PolicyEditor label="Trust policy" kind="trust" value={trust} onValue={setTrust} rows={14} />
        </>
      )}
    </Dialog>
  );
}
