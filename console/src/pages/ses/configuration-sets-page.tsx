/** SES configuration sets (SES v2): list, create, delete; each set's options and event destinations. */
import {
  CreateConfigurationSetCommand,
  DeleteConfigurationSetCommand,
  GetConfigurationSetCommand,
  GetConfigurationSetEventDestinationsCommand,
  ListConfigurationSetsCommand,
} from '@aws-sdk/client-sesv2';
import { useState } from 'preact/hooks';
import { clients } from '../../aws/clients.js';
import { useSession } from '../../session.js';
import { Button } from '../../ui/Button.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { Table } from '../../ui/Table.js';
import { useAction, useLoad } from '../iam/use-load.js';
import { AreaNav, SES_LINKS } from '../iam/AreaNav.js';

async function listSets(): Promise<string[]> {
  const out: string[] = [];
  let NextToken: string | undefined;
  do {
    const r = await clients().sesv2.send(new ListConfigurationSetsCommand({ NextToken }));
    out.push(...(r.ConfigurationSets ?? []));
    NextToken = r.NextToken;
  } while (NextToken);
  return out;
}

export default function ConfigurationSetsPage() {
  const session = useSession();
  const list = useLoad(listSets, [session?.region, session?.arn]);
  const [name, setName] = useState('');
  const [open, setOpen] = useState<string | undefined>();
  const action = useAction();
  return (
    <Page
      title="Configuration sets"
      crumbs={[{ label: 'SES', href: '/ses/identities' }, { label: 'Configuration sets' }]}
    >
      <AreaNav label="SES pages" links={SES_LINKS} />
      <ErrorBanner error={list.error ?? action.error} />
      <form
        class="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const n = name.trim();
          if (
            await action.run(() =>
              clients().sesv2.send(new CreateConfigurationSetCommand({ ConfigurationSetName: n })),
            )
          ) {
            setName('');
            list.reload();
          }
        }}
      >
        <Field label="Configuration set name" value={name} onValue={setName} />
        <Button kind="primary" type="submit" disabled={action.busy || name.trim() === ''}>
          Create configuration set
        </Button>
      </form>
      {list.data && (
        <Table
          caption="Configuration sets"
          rows={list.data}
          rowKey={(n) => n}
          selected={(n) => n === open}
          empty="No configuration sets yet."
          columns={[
            { header: 'Name', cell: (n) => n },
            {
              header: 'Actions',
              cell: (n) => (
                <>
                  <Button aria-label={`Details of ${n}`} onClick={() => setOpen(open === n ? undefined : n)}>
                    Details
                  </Button>{' '}
                  <Button
                    kind="danger"
                    aria-label={`Delete ${n}`}
                    onClick={async () => {
                      if (
                        await action.run(() =>
                          clients().sesv2.send(
                            new DeleteConfigurationSetCommand({ ConfigurationSetName: n }),
                          ),
                        )
                      ) {
                        if (open === n) setOpen(undefined);
                        list.reload();
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
      {open && <SetDetails name={open} />}
    </Page>
  );
}

function SetDetails({ name }: { name: string }) {
  const got = useLoad(async () => {
    const [set, destinations] = await Promise.all([
      clients().sesv2.send(new GetConfigurationSetCommand({ ConfigurationSetName: name })),
      clients().sesv2.send(new GetConfigurationSetEventDestinationsCommand({ ConfigurationSetName: name })),
    ]);
    return { set, destinations: destinations.EventDestinations ?? [] };
  }, [name]);
  const s = got.data?.set;
  return (
    <section aria-labelledby="set-head">
      <h2 id="set-head">{name}</h2>
      <ErrorBanner error={got.error} />
      {s && (
        <dl class="summary">
          <dt>Sending</dt>
          <dd>{s.SendingOptions?.SendingEnabled === false ? 'Disabled' : 'Enabled'}</dd>
          <dt>Reputation metrics</dt>
          <dd>{s.ReputationOptions?.ReputationMetricsEnabled ? 'Enabled' : 'Disabled'}</dd>
          <dt>TLS policy</dt>
          <dd>{s.DeliveryOptions?.TlsPolicy ?? 'OPTIONAL'}</dd>
          <dt>Suppression reasons</dt>
          <dd>{s.SuppressionOptions?.SuppressedReasons?.join(', ') || 'Account level'}</dd>
          <dt>Custom redirect domain</dt>
          <dd>{s.TrackingOptions?.CustomRedirectDomain ?? 'None'}</dd>
        </dl>
      )}
      {got.data && (
        <Table
          caption="Event destinations"
          rows={got.data.destinations}
          rowKey={(d) => d.Name!}
          empty="No event destinations."
          columns={[
            { header: 'Name', cell: (d) => d.Name },
            { header: 'Enabled', cell: (d) => (d.Enabled ? 'Yes' : 'No') },
            { header: 'Event types', cell: (d) => (d.MatchingEventTypes ?? []).join(', ') },
          ]}
        />
      )}
    </section>
  );
}
