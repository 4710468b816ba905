/** The account's suppression list (SES v2): list, add an address with its reason, remove. */
import {
  DeleteSuppressedDestinationCommand,
  ListSuppressedDestinationsCommand,
  PutSuppressedDestinationCommand,
  type SuppressedDestinationSummary,
} from '@aws-sdk/client-sesv2';
import { useState } from 'preact/hooks';
import { clients } from '../../aws/clients.js';
import { useSession } from '../../session.js';
import { Button } from '../../ui/Button.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { Select } from '../../ui/Select.js';
import { Table } from '../../ui/Table.js';
import { useAction, useLoad } from '../iam/use-load.js';
import { AreaNav, SES_LINKS } from '../iam/AreaNav.js';

async function listSuppressed(): Promise<SuppressedDestinationSummary[]> {
  const out: SuppressedDestinationSummary[] = [];
  let NextToken: string | undefined;
  do {
    const r = await clients().sesv2.send(new ListSuppressedDestinationsCommand({ NextToken }));
    out.push(...(r.SuppressedDestinationSummaries ?? []));
    NextToken = r.NextToken;
  } while (NextToken);
  return out;
}

export default function SuppressionPage() {
  const session = useSession();
  const list = useLoad(listSuppressed, [session?.region, session?.arn]);
  const [address, setAddress] = useState('');
  const [reason, setReason] = useState<'BOUNCE' | 'COMPLAINT'>('BOUNCE');
  const action = useAction();
  return (
    <Page
      title="Suppression list"
      crumbs={[{ label: 'SES', href: '/ses/identities' }, { label: 'Suppression list' }]}
    >
      <AreaNav label="SES pages" links={SES_LINKS} />
      <ErrorBanner error={list.error ?? action.error} />
      <form
        class="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const EmailAddress = address.trim();
          if (
            await action.run(() =>
              clients().sesv2.send(new PutSuppressedDestinationCommand({ EmailAddress, Reason: reason })),
            )
          ) {
            setAddress('');
            list.reload();
          }
        }}
      >
        <Field label="Email address" value={address} onValue={setAddress} type="email" />
        <Select
          label="Reason"
          value={reason}
          onValue={(v) => setReason(v as 'BOUNCE' | 'COMPLAINT')}
          options={['BOUNCE', 'COMPLAINT']}
        />
        <Button kind="primary" type="submit" disabled={action.busy || address.trim() === ''}>
          Add to suppression list
        </Button>
      </form>
      {list.data && (
        <Table
          caption="Suppressed destinations"
          rows={list.data}
          rowKey={(d) => d.EmailAddress!}
          empty="No suppressed addresses."
          columns={[
            { header: 'Email address', cell: (d) => d.EmailAddress },
            { header: 'Reason', cell: (d) => d.Reason },
            { header: 'Last update', cell: (d) => d.LastUpdateTime?.toISOString() ?? '' },
            {
              header: 'Actions',
              cell: (d) => (
                <Button
                  kind="danger"
                  aria-label={`Remove ${d.EmailAddress}`}
                  onClick={async () => {
                    if (
                      await action.run(() =>
                        clients().sesv2.send(
                          new DeleteSuppressedDestinationCommand({ EmailAddress: d.EmailAddress! }),
                        ),
                      )
                    )
                      list.reload();
                  }}
                >
                  Remove
                </Button>
              ),
            },
          ]}
        />
      )}
    </Page>
  );
}
