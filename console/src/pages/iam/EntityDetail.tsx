/**
 * A user, group or role: its summary; a role's trust policy, edited and saved with
 * iam:UpdateAssumeRolePolicy; its inline policies, edited and saved with iam:Put{Role,User,Group}Policy
 * (the editor checks them as they are typed); its attached managed policies; its groups or members.
 * A denial is shown with AWS's text, as IAM answered it.
 */
import { UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { useState } from 'preact/hooks';
import { clients } from '../../aws/clients.js';
import { BASE } from '../../base.js';
import { Button } from '../../ui/Button.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { Table } from '../../ui/Table.js';
import {
  addUserToGroup,
  attachedPolicies,
  deleteInlinePolicy,
  getEntity,
  inlinePolicy,
  inlinePolicyNames,
  KIND_LABEL,
  putInlinePolicy,
  type EntityKind,
} from './entities.js';
import type { EditorPolicyKind } from './policy-check.js';
import { PolicyEditor } from './PolicyEditor.js';
import { EMPTY_IDENTITY_POLICY, pretty } from './policy-text.js';
import { useAction, useLoad } from './use-load.js';
import { AreaNav, IAM_LINKS } from './AreaNav.js';

const INLINE_KIND: Record<EntityKind, EditorPolicyKind> = {
  user: 'inline-user',
  group: 'inline-group',
  role: 'inline-role',
};

export function EntityDetail({ kind, name }: { kind: EntityKind; name: string }) {
  const label = KIND_LABEL[kind];
  const entity = useLoad(() => getEntity(kind, name), [kind, name]);
  const e = entity.data;
  return (
    <Page
      title={name}
      crumbs={[
        { label: 'IAM', href: '/iam/roles' },
        { label: label.many, href: label.path },
        { label: name },
      ]}
      actions={
        e && (
          <a class="btn btn-secondary" href={`${BASE}/iam/simulator?principal=${encodeURIComponent(e.arn)}`}>
            Simulate
          </a>
        )
      }
    >
      <AreaNav label="IAM pages" links={IAM_LINKS} />
      <ErrorBanner error={entity.error} />
      {e && (
        <>
          <dl class="summary">
            <dt>ARN</dt>
            <dd>
              <code>{e.arn}</code>
            </dd>
            <dt>Path</dt>
            <dd>{e.path}</dd>
            <dt>Created</dt>
            <dd>{e.created?.toISOString()}</dd>
            {e.description && (
              <>
                <dt>Description</dt>
                <dd>{e.description}</dd>
              </>
            )}
            {e.maxSessionDuration !== undefined && (
              <>
                <dt>Maximum session duration</dt>
                <dd>{e.maxSessionDuration} seconds</dd>
              </>
            )}
            {e.boundaryArn && (
              <>
                <dt>Permissions boundary</dt>
                <dd>
                  <code>{e.boundaryArn}</code>
                </dd>
              </>
            )}
          </dl>
          {kind === 'role' && (
            <TrustPolicy role={name} initial={e.trustPolicy ?? ''} onSaved={entity.reload} />
          )}
          <InlinePolicies kind={kind} name={name} />
          <AttachedPolicies kind={kind} name={name} />
          {kind !== 'role' && (
            <Members kind={kind} name={name} members={e.members} onChanged={entity.reload} />
          )}
        </>
      )}
    </Page>
  );
}

function TrustPolicy({ role, initial, onSaved }: { role: string; initial: string; onSaved: () => void }) {
  const [text, setText] = useState(() => pretty(initial));
  const [saved, setSaved] = useState(false);
  const save = useAction();
  return (
    <section aria-labelledby="trust-head">
      <h2 id="trust-head">Trust relationships</h2>
      <ErrorBanner error={save.error} />
      <PolicyEditor
        label="Trust policy"
        kind="trust"
        value={text}
        onValue={(v) => (setText(v), setSaved(false))}
        rows={14}
      />
      <Button
        kind="primary"
        disabled={save.busy}
        onClick={async () => {
          const ok = await save.run(() =>
            clients().iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: role, PolicyDocument: text })),
          );
          setSaved(ok);
          if (ok) onSaved();
        }}
      >
        Save trust policy
      </Button>
      {saved && <p role="status">Trust policy saved.</p>}
    </section>
  );
}

function InlinePolicies({ kind, name }: { kind: EntityKind; name: string }) {
  const names = useLoad(() => inlinePolicyNames(kind, name), [kind, name]);
  const [editing, setEditing] = useState<{ policyName: string; text: string; isNew: boolean } | undefined>();
  const [saved, setSaved] = useState('');
  const action = useAction();
  const open = (policyName: string) =>
    action.run(async () => {
      const text = await inlinePolicy(kind, name, policyName);
      setEditing({ policyName, text: pretty(text), isNew: false });
      setSaved('');
    });
  return (
    <section aria-labelledby="inline-head">
      <h2 id="inline-head">Inline policies</h2>
      <ErrorBanner error={names.error ?? action.error} />
      {names.data && (
        <Table
          caption="Inline policies"
          rows={names.data}
          rowKey={(n) => n}
          empty="No inline policies."
          selected={(n) => editing?.policyName === n}
          columns={[
            { header: 'Policy name', cell: (n) => n },
            {
              header: 'Actions',
              cell: (n) => (
                <>
                  <Button aria-label={`Edit ${n}`} onClick={() => open(n)}>
                    Edit
                  </Button>{' '}
                  <Button
                    kind="danger"
                    aria-label={`Delete ${n}`}
                    onClick={async () => {
                      if (await action.run(() => deleteInlinePolicy(kind, name, n))) {
                        if (editing?.policyName === n) setEditing(undefined);
                        names.reload();
                      }
                    }}
                  >
                    Delete
                  </Button>
                </>
              ),
            },
          ]}
        />
      )}
      {!editing && (
        <Button onClick={() => setEditing({ policyName: '', text: EMPTY_IDENTITY_POLICY, isNew: true })}>
          Add inline policy
        </Button>
      )}
      {editing && (
        <div class="inline-policy">
          {editing.isNew ? (
            <Field
              label="Policy name"
              value={editing.policyName}
              onValue={(v) => setEditing({ ...editing, policyName: v })}
            />
          ) : (
            <h3>{editing.policyName}</h3>
          )}
          <PolicyEditor
            label={editing.isNew ? 'Policy document' : `Policy document of ${editing.policyName}`}
            kind={INLINE_KIND[kind]}
            value={editing.text}
            onValue={(v) => (setEditing({ ...editing, text: v }), setSaved(''))}
            rows={14}
          />
          <Button
            kind="primary"
            disabled={action.busy || editing.policyName.trim() === ''}
            onClick={async () => {
              const policyName = editing.policyName.trim();
              if (await action.run(() => putInlinePolicy(kind, name, policyName, editing.text))) {
                setSaved(policyName);
                setEditing({ ...editing, policyName, isNew: false });
                names.reload();
              }
            }}
          >
            Save policy
          </Button>{' '}
          <Button onClick={() => setEditing(undefined)}>Close</Button>
          {saved && <p role="status">Policy {saved} saved.</p>}
        </div>
      )}
    </section>
  );
}

function AttachedPolicies({ kind, name }: { kind: EntityKind; name: string }) {
  const attached = useLoad(() => attachedPolicies(kind, name), [kind, name]);
  return (
    <section aria-labelledby="attached-head">
      <h2 id="attached-head">Attached managed policies</h2>
      <ErrorBanner error={attached.error} />
      {attached.data && (
        <Table
          caption="Attached managed policies"
          rows={attached.data}
          rowKey={(p) => p.PolicyArn!}
          empty="No managed policies attached."
          columns={[
            {
              header: 'Policy',
              cell: (p) => (
                <a href={`${BASE}/iam/policies/view?arn=${encodeURIComponent(p.PolicyArn!)}`}>
                  {p.PolicyName}
                </a>
              ),
            },
            { header: 'ARN', cell: (p) => <code>{p.PolicyArn}</code> },
          ]}
        />
      )}
    </section>
  );
}

function Members({
  kind,
  name,
  members,
  onChanged,
}: {
  kind: EntityKind;
  name: string;
  members: string[];
  onChanged: () => void;
}) {
  const [other, setOther] = useState('');
  const action = useAction();
  const otherLabel = kind === 'user' ? 'Group name' : 'User name';
  return (
    <section aria-labelledby="members-head">
      <h2 id="members-head">{kind === 'user' ? 'Groups' : 'Users in this group'}</h2>
      <ErrorBanner error={action.error} />
      <ul>
        {members.length === 0 && <li>None.</li>}
        {members.map((m) => (
          <li key={m}>
            <a href={`${BASE}${kind === 'user' ? '/iam/groups' : '/iam/users'}/${encodeURIComponent(m)}`}>
              {m}
            </a>
          </li>
        ))}
      </ul>
      <Field label={otherLabel} value={other} onValue={setOther} />
      <Button
        disabled={action.busy || other.trim() === ''}
        onClick={async () => {
          const n = other.trim();
          const ok = await action.run(() =>
            kind === 'user' ? addUserToGroup(name, n) : addUserToGroup(n, name),
          );
          if (ok) {
            setOther('');
            onChanged();
          }
        }}
      >
        {kind === 'user' ? 'Add to group' : 'Add user'}
      </Button>
    </section>
  );
}
