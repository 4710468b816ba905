/**
 * SES identities (SES v2): list with type, verification and sending status; create an email
 * address or domain identity (CreateEmailIdentity answers the DKIM tokens of Easy DKIM, shown as the
 * CNAME records to publish); delete.
 */
import {
  CreateEmailIdentityCommand,
  DeleteEmailIdentityCommand,
  ListEmailIdentitiesCommand,
  type IdentityInfo,
} from '@aws-sdk/client-sesv2';
import { useState } from 'preact/hooks';
import { clients } from '../../aws/clients.js';
import { BASE } from '../../base.js';
import { useSession } from '../../session.js';
import { Button } from '../../ui/Button.js';
import { Dialog } from '../../ui/Dialog.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { Table } from '../../ui/Table.js';
import { useAction, useLoad } from '../iam/use-load.js';
import { DkimRecords } from './DkimRecords.js';
import { AreaNav, SES_LINKS } from '../iam/AreaNav.js';

async function listIdentities(): Promise<IdentityInfo[]> {
  const out: IdentityInfo[] = [];
  let NextToken: string | undefined;
  do {
    const r = await clients().sesv2.send(new ListEmailIdentitiesCommand({ NextToken }));
    out.push(...(r.EmailIdentities ?? []));
    NextToken = r.NextToken;
  } while (NextToken);
  return out;
}

export default function IdentitiesPage() {
  const session = useSession();
  const list = useLoad(listIdentities, [session?.region, session?.arn]);
  const [identity, setIdentity] = useState('');
  const [created, setCreated] = useState<{ name: string; tokens: string[]; status?: string } | undefined>();
  const [deleting, setDeleting] = useState<string | undefined>();
  const action = useAction();
  return (
    <Page title="Identities" crumbs={[{ label: 'SES', href: '/ses/identities' }, { label: 'Identities' }]}>
      <AreaNav label="SES pages" links={SES_LINKS} />
      <ErrorBanner error={list.error ?? action.error} />
      <form
        class="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const name = identity.trim();
          await action.run(async () => {
            const r = await clients().sesv2.send(new CreateEmailIdentityCommand({ EmailIdentity: name }));
            setCreated({ name, tokens: r.DkimAttributes?.Tokens ?? [], status: r.DkimAttributes?.Status });
            setIdentity('');
            list.reload();
          });
        }}
      >
        <Field
          label="Email address or domain"
          value={identity}
          onValue={setIdentity}
          placeholder="example.com"
        />
        <Button kind="primary" type="submit" disabled={action.busy || identity.trim() === ''}>
          Create identity
        </Button>
      </form>
      {created && (
        <div role="status" class="notice">
          <p>
            Identity <strong>{created.name}</strong> created.
          </p>
          {created.tokens.length > 0 && (
            <DkimRecords domain={created.name} tokens={created.tokens} status={created.status} />
          )}
        </div>
      )}
      {list.data && (
        <Table
          caption="Email identities"
          rows={list.data}
          rowKey={(i) => i.IdentityName!}
          empty="No identities yet."
          columns={[
            {
              header: 'Identity',
              cell: (i) => (
                <a href={`${BASE}/ses/identities/${encodeURIComponent(i.IdentityName!)}`}>{i.IdentityName}</a>
              ),
            },
            { header: 'Type', cell: (i) => i.IdentityType ?? '' },
            { header: 'Verification', cell: (i) => i.VerificationStatus ?? '' },
            { header: 'Sending', cell: (i) => (i.SendingEnabled ? 'Enabled' : 'Disabled') },
            {
              header: 'Actions',
              cell: (i) => (
                <Button
                  kind="danger"
                  aria-label={`Delete ${i.IdentityName}`}
                  onClick={() => setDeleting(i.IdentityName)}
                >
                  Delete
                </Button>
              ),
            },
          ]}
        />
      )}
      <Dialog
        title={`Delete identity ${deleting ?? ''}`}
        open={deleting !== undefined}
        onClose={() => setDeleting(undefined)}
        actions={
          <>
            <Button onClick={() => setDeleting(undefined)}>Cancel</Button>
            <Button
              kind="danger"
              onClick={async () => {
                const name = deleting!;
                setDeleting(undefined);
                if (
                  await action.run(() =>
                    clients().sesv2.send(new DeleteEmailIdentityCommand({ EmailIdentity: name })),
                  )
                ) {
                  if (created?.name === name) setCreated(undefined);
                  list.reload();
                }
              }}
            >
              Delete
            </Button>
          </>
        }
      >
        <p>Mail can no longer be sent from it until it is created and verified again.</p>
      </Dialog>
    </Page>
  );
}
