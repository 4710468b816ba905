/**
 * A project's endpoints: a table a page at a time (Pinpoint's API lists no endpoints, so the table
 * reads Pinpost's `GET /_pinpost/pinpoint/endpoints`), and a CSV upload read in the browser with
 * the import jobs' column rules (endpoints-csv.ts) and written with UpdateEndpointsBatch, 100 at a time.
 */
import { UpdateEndpointsBatchCommand, type EndpointBatchItem } from '@aws-sdk/client-pinpoint';
import { useId, useState } from 'preact/hooks';
import { clients } from '../../aws/clients.js';
import { internalJson } from '../../aws/internal.js';
import { useSession, type Session } from '../../session.js';
import { Button } from '../../ui/Button.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Page } from '../../ui/Page.js';
import { Table } from '../../ui/Table.js';
import { AppNav, appCrumbs } from './app-nav.js';
import { useAppName } from './app-page.js';
import { batches, endpointsFromCsv, type CsvProblem } from './endpoints-csv.js';
import { scopeQuery } from './scope.js';
import { useAction, useLoad } from './use-load.js';

export interface EndpointRow {
  Id: string;
  Address?: string;
  ChannelType?: string;
  OptOut?: string;
  EndpointStatus?: string;
  User?: { UserId?: string; UserAttributes?: Record<string, string[]> };
  Location?: { Country?: string };
  Attributes?: Record<string, string[]>;
}

export interface EndpointPage {
  Item: EndpointRow[];
  NextToken?: string;
  Total: number;
}

export const PAGE_SIZE = 25;

export const endpointPage = (session: Session, app: string, after?: string, limit = PAGE_SIZE) =>
  internalJson<EndpointPage>(
    `/_pinpost/pinpoint/endpoints?${scopeQuery(session, { app, after, limit: String(limit) })}`,
  );

const attributes = (m: Record<string, string[]> | undefined) =>
  Object.entries(m ?? {})
    .map(([k, v]) => `${k}=${v.join('|')}`)
    .join(', ');

export default function EndpointsPage({ id }: { id: string }) {
  const session = useSession();
  const name = useAppName(id);
  // The tokens of the pages before the current one, so Previous goes back.
  const [trail, setTrail] = useState<(string | undefined)[]>([]);
  const [after, setAfter] = useState<string>();
  const page = useLoad(() => endpointPage(session!, id, after), [id, after, session?.region]);
  const action = useAction();
  const [problems, setProblems] = useState<CsvProblem[]>([]);
  const [uploaded, setUploaded] = useState<string>();
  const fileId = useId();

  const upload = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setUploaded(undefined);
    setProblems([]);
    await action.run(async () => {
      const text = await file.text();
      const stamp = crypto.randomUUID().slice(0, 8);
      const { items, problems } = endpointsFromCsv(text, (line) => `${stamp}-${line}`);
      setProblems(problems);
      let written = 0;
      for (const chunk of batches(items)) {
        await clients().pinpoint.send(
          new UpdateEndpointsBatchCommand({
            ApplicationId: id,
            EndpointBatchRequest: { Item: chunk as EndpointBatchItem[] },
          }),
        );
        written += chunk.length;
        setUploaded(`Uploaded ${written} of ${items.length} endpoints from ${file.name}.`);
      }
      if (items.length === 0) setUploaded(`No endpoints in ${file.name}.`);
      setTrail([]);
      setAfter(undefined);
      await page.reload();
    });
    input.value = '';
  };

  const rows = page.data?.Item ?? [];
  return (
    <Page title="Endpoints" crumbs={appCrumbs(id, name, 'Endpoints')}>
      <AppNav id={id} current="/endpoints" />
      <div class="field">
        <label for={fileId}>Upload endpoints (CSV)</label>
        <input id={fileId} type="file" accept=".csv,text/csv" onChange={upload} disabled={action.busy} />
        <small class="hint">
          A header line names the fields: ChannelType, Address, Id, User.UserId,
          User.UserAttributes.&lt;name&gt;, Attributes.&lt;name&gt;, Location.Country, Demographic.Platform,
          Metrics.&lt;name&gt; …
        </small>
      </div>
      <ErrorBanner error={action.error ?? page.error} />
      {uploaded && <p role="status">{uploaded}</p>}
      {problems.length > 0 && (
        <div role="alert" class="problems">
          <p>These lines were not uploaded:</p>
          <ul>
            {problems.map((p) => (
              <li key={p.line}>
                Line {p.line}: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p>{page.data ? `${page.data.Total} endpoints` : ''}</p>
      <Table
        caption="Endpoints"
        rows={rows}
        rowKey={(r) => r.Id}
        empty={page.loading ? 'Loading…' : 'No endpoints yet.'}
        columns={[
          { header: 'Endpoint ID', cell: (r) => <code>{r.Id}</code> },
          { header: 'Channel', cell: (r) => r.ChannelType ?? '' },
          { header: 'Address', cell: (r) => r.Address ?? '' },
          { header: 'User ID', cell: (r) => r.User?.UserId ?? '' },
          { header: 'User attributes', cell: (r) => attributes(r.User?.UserAttributes) },
          { header: 'Attributes', cell: (r) => attributes(r.Attributes) },
          { header: 'Country', cell: (r) => r.Location?.Country ?? '' },
          { header: 'Opt out', cell: (r) => r.OptOut ?? '' },
        ]}
      />
      <nav aria-label="Pages" class="pager">
        <Button
          disabled={trail.length === 0}
          onClick={() => {
            setAfter(trail[trail.length - 1]);
            setTrail(trail.slice(0, -1));
          }}
        >
          Previous page
        </Button>
        <Button
          disabled={!page.data?.NextToken}
          onClick={() => {
            setTrail([...trail, after]);
            setAfter(page.data?.NextToken);
          }}
        >
          Next page
        </Button>
      </nav>
    </Page>
  );
}
