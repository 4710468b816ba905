/** Pinpoint projects (apps): GetApps, CreateApp, DeleteApp. */
import {
  CreateAppCommand,
  DeleteAppCommand,
  GetAppsCommand,
  type ApplicationResponse,
} from '@aws-sdk/client-pinpoint';
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
import { appHref } from './app-nav.js';
import { useAction, useLoad } from './use-load.js';

/** Every project, page after page (GetApps answers at most PageSize per call). */
async function allApps(): Promise<ApplicationResponse[]> {
  const out: ApplicationResponse[] = [];
  let Token: string | undefined;
  do {
    const page = await clients().pinpoint.send(new GetAppsCommand({ PageSize: '100', Token }));
    out.push(...(page.ApplicationsResponse?.Item ?? []));
    Token = page.ApplicationsResponse?.NextToken;
  } while (Token);
  return out;
}

export default function AppsPage() {
  const session = useSession();
  const apps = useLoad(allApps, [session?.region, session?.arn]);
  const action = useAction();
  const [name, setName] = useState('');
  const [doomed, setDoomed] = useState<ApplicationResponse>();

  const create = async (e: Event) => {
    e.preventDefault();
    const made = await action.run(() =>
      clients().pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: name } })),
    );
    if (made) {
      setName('');
      await apps.reload();
    }
  };
  const remove = async () => {
    const app = doomed;
    setDoomed(undefined);
    if (!app?.Id) return;
    const done = await action.run(() =>
      clients().pinpoint.send(new DeleteAppCommand({ ApplicationId: app.Id })),
    );
    if (done) await apps.reload();
  };

  return (
    <Page title="Projects" crumbs={[{ label: 'Pinpoint' }]}>
      <form class="inline-form" onSubmit={create} aria-label="Create a project">
        <Field label="Project name" value={name} onValue={setName} required />
        <Button kind="primary" type="submit" disabled={action.busy || name.trim() === ''}>
          Create project
        </Button>
      </form>
      <ErrorBanner error={action.error ?? apps.error} />
      <Table
        caption="Projects"
        rows={apps.data ?? []}
        rowKey={(a) => a.Id ?? ''}
        empty={apps.loading ? 'Loading…' : 'No projects yet.'}
        columns={[
          {
            header: 'Name',
            cell: (a) => <a href={BASE + appHref(a.Id ?? '')}>{a.Name}</a>,
          },
          { header: 'Project ID', cell: (a) => <code>{a.Id}</code> },
          { header: 'Created', cell: (a) => a.CreationDate ?? '' },
          {
            header: 'Actions',
            cell: (a) => (
              <Button kind="danger" onClick={() => setDoomed(a)} aria-label={`Delete ${a.Name}`}>
                Delete
              </Button>
            ),
          },
        ]}
      />
      <Dialog
        title="Delete project"
        open={doomed !== undefined}
        onClose={() => setDoomed(undefined)}
        actions={
          <>
            <Button onClick={() => setDoomed(undefined)}>Cancel</Button>
            <Button kind="danger" onClick={remove}>
              Delete project
            </Button>
          </>
        }
      >
        <p>
          Delete <strong>{doomed?.Name}</strong> with its endpoints, segments, campaigns and journeys?
        </p>
      </Dialog>
    </Page>
  );
}
