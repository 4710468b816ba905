/**
 * A project's segments (GetSegments, CreateSegment, DeleteSegment) and a dimensional segment
 * builder whose count follows the criteria as they are typed: Pinpoint's API counts no segment,
 * so the count is Pinpost's `GET /_pinpost/pinpoint/segments/count`, the campaigns' own predicate.
 */
import {
  CreateSegmentCommand,
  DeleteSegmentCommand,
  GetSegmentsCommand,
  type SegmentResponse,
} from '@aws-sdk/client-pinpoint';
import { useEffect, useState } from 'preact/hooks';
import { clients } from '../../aws/clients.js';
import { internalJson } from '../../aws/internal.js';
import { useSession } from '../../session.js';
import { Button } from '../../ui/Button.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { Select } from '../../ui/Select.js';
import { Table } from '../../ui/Table.js';
import { AppNav, appCrumbs } from './app-nav.js';
import { useAppName } from './app-page.js';
import { scopeQuery } from './scope.js';
import {
  dimensionsOf,
  KINDS,
  needsName,
  operatorsFor,
  type Criterion,
  type CriterionKind,
  type Dimensions,
} from './segment-builder.js';
import { useAction, useLoad } from './use-load.js';

interface Count {
  count: number;
  total: number;
}

export async function allSegments(app: string): Promise<SegmentResponse[]> {
  const out: SegmentResponse[] = [];
  let Token: string | undefined;
  do {
    const page = await clients().pinpoint.send(
      new GetSegmentsCommand({ ApplicationId: app, PageSize: '100', Token }),
    );
    out.push(...(page.SegmentsResponse?.Item ?? []));
    Token = page.SegmentsResponse?.NextToken;
  } while (Token);
  return out;
}

const fresh = (): Criterion => ({ kind: 'Channel', name: '', operator: 'INCLUSIVE', values: 'EMAIL' });

export default function SegmentsPage({ id }: { id: string }) {
  const session = useSession();
  const name = useAppName(id);
  const segments = useLoad(() => allSegments(id), [id, session?.region]);
  const action = useAction();
  const [segmentName, setSegmentName] = useState('');
  const [criteria, setCriteria] = useState<Criterion[]>([fresh()]);
  const [count, setCount] = useState<Count>();
  const [countError, setCountError] = useState<unknown>();

  let dimensions: Dimensions | undefined;
  let dimensionsError: unknown;
  try {
    dimensions = dimensionsOf(criteria);
  } catch (e) {
    dimensionsError = e;
  }
  const key = JSON.stringify(dimensions ?? null);

  // The live count: asked again a moment after the criteria stop changing.
  useEffect(() => {
    if (!session || dimensions === undefined) return;
    let stale = false;
    const timer = setTimeout(() => {
      internalJson<Count>(
        `/_pinpost/pinpoint/segments/count?${scopeQuery(session, { app: id, dimensions: key })}`,
      )
        .then((c) => !stale && (setCount(c), setCountError(undefined)))
        .catch((e: unknown) => !stale && setCountError(e));
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [key, id, session?.region]);

  const change = (i: number, patch: Partial<Criterion>) =>
    setCriteria(criteria.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  const create = async (e: Event) => {
    e.preventDefault();
    const made = await action.run(() =>
      clients().pinpoint.send(
        new CreateSegmentCommand({
          ApplicationId: id,
          WriteSegmentRequest: { Name: segmentName, Dimensions: dimensions },
        }),
      ),
    );
    if (made) {
      setSegmentName('');
      await segments.reload();
    }
  };
  const remove = async (s: SegmentResponse) => {
    const done = await action.run(() =>
      clients().pinpoint.send(new DeleteSegmentCommand({ ApplicationId: id, SegmentId: s.Id })),
    );
    if (done) await segments.reload();
  };

  return (
    <Page title="Segments" crumbs={appCrumbs(id, name, 'Segments')}>
      <AppNav id={id} current="/segments" />
      <ErrorBanner error={segments.error} />
      <Table
        caption="Segments"
        rows={segments.data ?? []}
        rowKey={(s) => s.Id ?? ''}
        empty={segments.loading ? 'Loading…' : 'No segments yet.'}
        columns={[
          { header: 'Name', cell: (s) => s.Name ?? '' },
          { header: 'Segment ID', cell: (s) => <code>{s.Id}</code> },
          { header: 'Type', cell: (s) => s.SegmentType ?? '' },
          { header: 'Version', cell: (s) => String(s.Version ?? ''), numeric: true },
          { header: 'Endpoints', cell: (s) => <SavedCount app={id} segment={s.Id ?? ''} />, numeric: true },
          {
            header: 'Actions',
            cell: (s) => (
              <Button kind="danger" onClick={() => remove(s)} aria-label={`Delete segment ${s.Name}`}>
                Delete
              </Button>
            ),
          },
        ]}
      />
      <form onSubmit={create} aria-label="Build a segment">
        <h2>Build a segment</h2>
        <Field label="Segment name" value={segmentName} onValue={setSegmentName} required />
        {criteria.map((c, i) => (
          <fieldset key={i} class="criterion">
            <legend>Criterion {i + 1}</legend>
            <Select
              label="Dimension"
              value={c.kind}
              options={KINDS}
              onValue={(v) => {
                const kind = v as CriterionKind;
                change(i, { kind, operator: operatorsFor(kind)[0] });
              }}
            />
            {needsName(c.kind) && (
              <Field label="Attribute name" value={c.name} onValue={(v) => change(i, { name: v })} />
            )}
            <Select
              label="Operator"
              value={c.operator}
              options={operatorsFor(c.kind)}
              onValue={(v) => change(i, { operator: v })}
            />
            <Field
              label="Values"
              value={c.values}
              onValue={(v) => change(i, { values: v })}
              hint={c.kind === 'Metric' ? 'A number' : 'Comma-separated'}
            />
            <Button onClick={() => setCriteria(criteria.filter((_, j) => j !== i))}>
              Remove criterion {i + 1}
            </Button>
          </fieldset>
        ))}
        <Button onClick={() => setCriteria([...criteria, fresh()])}>Add criterion</Button>
        <p role="status" aria-live="polite" class="live-count">
          {count ? `Segment estimate: ${count.count} of ${count.total} endpoints` : 'Counting…'}
        </p>
        <ErrorBanner error={dimensionsError ?? countError ?? action.error} />
        <Button kind="primary" type="submit" disabled={action.busy || dimensions === undefined}>
          Create segment
        </Button>
      </form>
    </Page>
  );
}

function SavedCount({ app, segment }: { app: string; segment: string }) {
  const session = useSession();
  const count = useLoad(
    () => internalJson<Count>(`/_pinpost/pinpoint/segments/count?${scopeQuery(session!, { app, segment })}`),
    [app, segment, session?.region],
  );
  return <>{count.data ? String(count.data.count) : count.error ? '—' : '…'}</>;
}
