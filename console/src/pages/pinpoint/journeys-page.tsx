/**
 * A project's journeys (ListJourneys, GetJourney, CreateJourney, UpdateJourney, UpdateJourneyState):
 * the chosen journey's activity graph with each activity's counts from
 * GetJourneyExecutionActivityMetrics, its state buttons, and a JSON editor (a WriteJourneyRequest)
 * to create or edit one.
 */
import {
  CreateJourneyCommand,
  GetJourneyCommand,
  GetJourneyExecutionActivityMetricsCommand,
  ListJourneysCommand,
  UpdateJourneyCommand,
  UpdateJourneyStateCommand,
  type JourneyResponse,
  type State,
  type WriteJourneyRequest,
} from '@aws-sdk/client-pinpoint';
import { useState } from 'preact/hooks';
import { clients } from '../../aws/clients.js';
import { useSession } from '../../session.js';
import { Button } from '../../ui/Button.js';
import { CodeEditor } from '../../ui/CodeEditor.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Page } from '../../ui/Page.js';
import { Table } from '../../ui/Table.js';
import { AppNav, appCrumbs } from './app-nav.js';
import { useAppName } from './app-page.js';
import type { GraphActivity } from './journey-graph.js';
import { JourneyGraphView } from './journey-graph-view.js';
import { editableJson, starterJourney, writeRequestOf, type Json } from './journey-json.js';
import { allSegments } from './segments-page.js';
import { emailTemplates } from './templates-page.js';
import { useAction, useLoad } from './use-load.js';

async function allJourneys(app: string): Promise<JourneyResponse[]> {
  const out: JourneyResponse[] = [];
  let Token: string | undefined;
  do {
    const page = await clients().pinpoint.send(
      new ListJourneysCommand({ ApplicationId: app, PageSize: '100', Token }),
    );
    out.push(...(page.JourneysResponse?.Item ?? []));
    Token = page.JourneysResponse?.NextToken;
  } while (Token);
  return out;
}

const STATE_BUTTONS: { state: State; label: string; from: string[] }[] = [
  { state: 'ACTIVE', label: 'Activate', from: ['DRAFT'] },
  { state: 'PAUSED', label: 'Pause', from: ['ACTIVE'] },
  { state: 'ACTIVE', label: 'Resume', from: ['PAUSED'] },
  { state: 'CANCELLED', label: 'Stop', from: ['ACTIVE', 'PAUSED'] },
];

export default function JourneysPage({ id }: { id: string }) {
  const session = useSession();
  const appName = useAppName(id);
  const journeys = useLoad(() => allJourneys(id), [id, session?.region, session?.arn]);
  const action = useAction();
  const [chosen, setChosen] = useState<string>();
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [json, setJson] = useState('');
  const [refresh, setRefresh] = useState(0);

  const detail = useLoad(async () => {
    if (!chosen) return undefined;
    const pinpoint = clients().pinpoint;
    const j = (await pinpoint.send(new GetJourneyCommand({ ApplicationId: id, JourneyId: chosen })))
      .JourneyResponse;
    const ids = Object.keys(j?.Activities ?? {});
    const metrics = await Promise.all(
      ids.map(async (a) => {
        const m = await pinpoint.send(
          new GetJourneyExecutionActivityMetricsCommand({
            ApplicationId: id,
            JourneyId: chosen,
            JourneyActivityId: a,
          }),
        );
        return [a, m.JourneyExecutionActivityMetricsResponse?.Metrics] as const;
      }),
    );
    return { journey: j, metrics: Object.fromEntries(metrics) };
  }, [id, chosen, refresh]);

  const startNew = async () => {
    const [segments, templates] = await Promise.all([allSegments(id), emailTemplates()]).catch(
      () => [[], []] as const,
    );
    setEditing('');
    setJson(starterJourney(segments[0]?.Id ?? 'SEGMENT_ID', templates[0]?.TemplateName ?? 'TEMPLATE_NAME'));
  };

  const save = async (e: Event) => {
    e.preventDefault();
    const done = await action.run(async () => {
      const w = writeRequestOf(json) as unknown as WriteJourneyRequest;
      const pinpoint = clients().pinpoint;
      const out = editing
        ? await pinpoint.send(
            new UpdateJourneyCommand({ ApplicationId: id, JourneyId: editing, WriteJourneyRequest: w }),
          )
        : await pinpoint.send(new CreateJourneyCommand({ ApplicationId: id, WriteJourneyRequest: w }));
      return out.JourneyResponse;
    });
    if (done) {
      setEditing(undefined);
      setChosen(done.Id);
      setRefresh((r) => r + 1);
      await journeys.reload();
    }
  };

  const setState = async (state: State) => {
    if (!chosen) return;
    const done = await action.run(() =>
      clients().pinpoint.send(
        new UpdateJourneyStateCommand({
          ApplicationId: id,
          JourneyId: chosen,
          JourneyStateRequest: { State: state },
        }),
      ),
    );
    if (done) {
      setRefresh((r) => r + 1);
      await journeys.reload();
    }
  };

  const j = detail.data?.journey;
  return (
    <Page title="Journeys" crumbs={appCrumbs(id, appName, 'Journeys')}>
      <AppNav id={id} current="/journeys" />
      <ErrorBanner error={journeys.error} />
      <Table
        caption="Journeys"
        rows={journeys.data ?? []}
        rowKey={(r) => r.Id ?? ''}
        selected={(r) => r.Id === chosen}
        empty={journeys.loading ? 'Loading…' : 'No journeys yet.'}
        columns={[
          {
            header: 'Name',
            cell: (r) => (
              <Button onClick={() => setChosen(r.Id)} aria-label={`Open journey ${r.Name}`}>
                {r.Name ?? r.Id}
              </Button>
            ),
          },
          { header: 'State', cell: (r) => r.State ?? '' },
          {
            header: 'Activities',
            cell: (r) => String(Object.keys(r.Activities ?? {}).length),
            numeric: true,
          },
          { header: 'Last modified', cell: (r) => r.LastModifiedDate ?? '' },
        ]}
      />
      <Button onClick={startNew}>New journey from JSON</Button>
      <ErrorBanner error={action.error ?? detail.error} />
      {j && (
        <section aria-label="Journey" class="journey">
          <h2>
            {j.Name} <span class="badge">{j.State}</span>
          </h2>
          <div class="page-actions">
            {STATE_BUTTONS.filter((b) => b.from.includes(j.State ?? '')).map((b) => (
              <Button key={b.label} onClick={() => setState(b.state)} disabled={action.busy}>
                {b.label}
              </Button>
            ))}
            <Button
              onClick={() => {
                setEditing(j.Id);
                setJson(editableJson(j as unknown as Json));
              }}
            >
              Edit JSON
            </Button>
            <Button onClick={() => setRefresh((r) => r + 1)}>Refresh counts</Button>
          </div>
          <JourneyGraphView
            activities={(j.Activities ?? {}) as Record<string, GraphActivity>}
            start={j.StartActivity}
            metrics={detail.data?.metrics ?? {}}
          />
        </section>
      )}
      {editing !== undefined && (
        <form onSubmit={save} aria-label="Journey JSON">
          <h2>{editing ? 'Edit journey' : 'New journey'}</h2>
          <CodeEditor label="Journey (WriteJourneyRequest JSON)" value={json} onValue={setJson} rows={24} />
          <Button kind="primary" type="submit" disabled={action.busy}>
            {editing ? 'Update journey' : 'Create journey'}
          </Button>
          <Button onClick={() => setEditing(undefined)}>Cancel</Button>
        </form>
      )}
    </Page>
  );
}
