/**
 * A project's campaigns (GetCampaigns, CreateCampaign, DeleteCampaign): created from a segment, an
 * email template and a schedule; the chosen campaign's runs from GetCampaignActivities, polled
 * while it executes, with a progress bar and each activity's failure reason.
 */
import {
  CreateCampaignCommand,
  DeleteCampaignCommand,
  GetCampaignActivitiesCommand,
  GetCampaignCommand,
  GetCampaignsCommand,
  type CampaignResponse,
  type Frequency,
} from '@aws-sdk/client-pinpoint';
import { useEffect, useId, useState } from 'preact/hooks';
import { clients } from '../../aws/clients.js';
import { useSession } from '../../session.js';
import { Button } from '../../ui/Button.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { Select } from '../../ui/Select.js';
import { Table } from '../../ui/Table.js';
import { AppNav, appCrumbs } from './app-nav.js';
import { useAppName } from './app-page.js';
import { failureReason, progressOf, stillRunning, type Activity } from './campaign-progress.js';
import { allSegments } from './segments-page.js';
import { emailTemplates } from './templates-page.js';
import { useAction, useLoad } from './use-load.js';

const POLL_MS = 1000;
const FREQUENCIES = ['ONCE', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY'];

async function allCampaigns(app: string): Promise<CampaignResponse[]> {
  const out: CampaignResponse[] = [];
  let Token: string | undefined;
  do {
    const page = await clients().pinpoint.send(
      new GetCampaignsCommand({ ApplicationId: app, PageSize: '100', Token }),
    );
    out.push(...(page.CampaignsResponse?.Item ?? []));
    Token = page.CampaignsResponse?.NextToken;
  } while (Token);
  return out;
}

export default function CampaignsPage({ id }: { id: string }) {
  const session = useSession();
  const appName = useAppName(id);
  const deps = [id, session?.region, session?.arn];
  const campaigns = useLoad(() => allCampaigns(id), deps);
  const segments = useLoad(() => allSegments(id), deps);
  const templates = useLoad(emailTemplates, deps);
  const action = useAction();
  const [name, setName] = useState('');
  const [segment, setSegment] = useState('');
  const [template, setTemplate] = useState('');
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [frequency, setFrequency] = useState('ONCE');
  const [chosen, setChosen] = useState<string>();
  const radios = useId();

  const create = async (e: Event) => {
    e.preventDefault();
    const made = await action.run(() =>
      clients().pinpoint.send(
        new CreateCampaignCommand({
          ApplicationId: id,
          WriteCampaignRequest: {
            Name: name,
            SegmentId: segment,
            TemplateConfiguration: { EmailTemplate: { Name: template } },
            Schedule:
              when === 'now'
                ? { StartTime: 'IMMEDIATE', Frequency: 'ONCE' }
                : {
                    StartTime: start,
                    Frequency: frequency as Frequency,
                    ...(end ? { EndTime: end } : {}),
                  },
          },
        }),
      ),
    );
    const created = made?.CampaignResponse?.Id;
    if (created) {
      setName('');
      setChosen(created);
      await campaigns.reload();
    }
  };
  const remove = async (c: CampaignResponse) => {
    const done = await action.run(() =>
      clients().pinpoint.send(new DeleteCampaignCommand({ ApplicationId: id, CampaignId: c.Id })),
    );
    if (done) {
      if (chosen === c.Id) setChosen(undefined);
      await campaigns.reload();
    }
  };

  return (
    <Page title="Campaigns" crumbs={appCrumbs(id, appName, 'Campaigns')}>
      <AppNav id={id} current="/campaigns" />
      <ErrorBanner error={campaigns.error ?? segments.error ?? templates.error} />
      <Table
        caption="Campaigns"
        rows={campaigns.data ?? []}
        rowKey={(c) => c.Id ?? ''}
        selected={(c) => c.Id === chosen}
        empty={campaigns.loading ? 'Loading…' : 'No campaigns yet.'}
        columns={[
          {
            header: 'Name',
            cell: (c) => (
              <Button onClick={() => setChosen(c.Id)} aria-label={`Open campaign ${c.Name}`}>
                {c.Name ?? c.Id}
              </Button>
            ),
          },
          { header: 'Status', cell: (c) => c.State?.CampaignStatus ?? '' },
          {
            header: 'Segment',
            cell: (c) => segments.data?.find((s) => s.Id === c.SegmentId)?.Name ?? <code>{c.SegmentId}</code>,
          },
          { header: 'Template', cell: (c) => c.TemplateConfiguration?.EmailTemplate?.Name ?? '' },
          { header: 'Start', cell: (c) => c.Schedule?.StartTime ?? '' },
          {
            header: 'Actions',
            cell: (c) => (
              <Button kind="danger" onClick={() => remove(c)} aria-label={`Delete campaign ${c.Name}`}>
                Delete
              </Button>
            ),
          },
        ]}
      />
      {chosen && <CampaignRuns app={id} campaign={chosen} onChange={campaigns.reload} />}
      <form onSubmit={create} aria-label="Create a campaign">
        <h2>Create a campaign</h2>
        <Field label="Campaign name" value={name} onValue={setName} required />
        <Select
          label="Segment"
          value={segment}
          options={[
            { value: '', label: 'Choose a segment' },
            ...(segments.data ?? []).map((s) => ({ value: s.Id ?? '', label: s.Name ?? s.Id ?? '' })),
          ]}
          onValue={setSegment}
        />
        <Select
          label="Email template"
          value={template}
          options={[
            { value: '', label: 'Choose a template' },
            ...(templates.data ?? []).map((t) => ({
              value: t.TemplateName ?? '',
              label: t.TemplateName ?? '',
            })),
          ]}
          onValue={setTemplate}
        />
        <fieldset>
          <legend>Schedule</legend>
          <div class="radio">
            <input
              type="radio"
              id={`${radios}-now`}
              name={`${radios}-when`}
              checked={when === 'now'}
              onChange={() => setWhen('now')}
            />
            <label for={`${radios}-now`}>Send immediately</label>
          </div>
          <div class="radio">
            <input
              type="radio"
              id={`${radios}-later`}
              name={`${radios}-when`}
              checked={when === 'later'}
              onChange={() => setWhen('later')}
            />
            <label for={`${radios}-later`}>Send on a schedule</label>
          </div>
          {when === 'later' && (
            <>
              <Field
                label="Start time (ISO 8601)"
                value={start}
                onValue={setStart}
                placeholder="2026-12-24T09:00:00Z"
              />
              <Select label="Frequency" value={frequency} options={FREQUENCIES} onValue={setFrequency} />
              <Field
                label="End time (ISO 8601)"
                value={end}
                onValue={setEnd}
                placeholder="2027-01-31T09:00:00Z"
              />
            </>
          )}
        </fieldset>
        <ErrorBanner error={action.error} />
        <Button kind="primary" type="submit" disabled={action.busy || !name || !segment || !template}>
          Create campaign
        </Button>
      </form>
    </Page>
  );
}

function CampaignRuns({
  app,
  campaign,
  onChange,
}: {
  app: string;
  campaign: string;
  onChange: () => Promise<void>;
}) {
  const [tick, setTick] = useState(0);
  const detail = useLoad(async () => {
    const pinpoint = clients().pinpoint;
    const [c, a] = await Promise.all([
      pinpoint.send(new GetCampaignCommand({ ApplicationId: app, CampaignId: campaign })),
      pinpoint.send(new GetCampaignActivitiesCommand({ ApplicationId: app, CampaignId: campaign })),
    ]);
    return { campaign: c.CampaignResponse, activities: (a.ActivitiesResponse?.Item ?? []) as Activity[] };
  }, [app, campaign, tick]);
  const status = detail.data?.campaign?.State?.CampaignStatus;
  const activities = detail.data?.activities ?? [];
  const running =
    detail.data !== undefined && stillRunning(status, activities, detail.data.campaign?.Schedule?.StartTime);

  useEffect(() => {
    if (!running) {
      if (detail.data) void onChange();
      return;
    }
    const timer = setTimeout(() => setTick((t) => t + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [running, detail.data]);

  const progress = progressOf(activities);
  return (
    <section aria-label="Campaign runs" class="runs">
      <h2>{detail.data?.campaign?.Name ?? 'Campaign'}</h2>
      <ErrorBanner error={detail.error} />
      <p>
        Status: <strong data-testid="campaign-status">{status ?? '…'}</strong>
      </p>
      <div class="field">
        <label for="campaign-progress">Progress</label>
        <progress
          id="campaign-progress"
          max={1}
          value={progress.fraction}
          aria-valuetext={progress.label}
          data-done={progress.done ? 'true' : 'false'}
        />
        <small class="hint">{progress.label}</small>
      </div>
      <Table
        caption="Campaign activities"
        rows={activities}
        rowKey={(a) => a.Id ?? ''}
        empty="No runs yet."
        columns={[
          { header: 'Activity', cell: (a) => <code>{a.Id?.slice(0, 12)}</code> },
          { header: 'State', cell: (a) => a.State ?? '' },
          { header: 'Result', cell: (a) => a.Result ?? '' },
          { header: 'Delivered', cell: (a) => String(a.SuccessfulEndpointCount ?? 0), numeric: true },
          { header: 'Endpoints', cell: (a) => String(a.TotalEndpointCount ?? 0), numeric: true },
          { header: 'Start', cell: (a) => a.Start ?? a.ScheduledStart ?? '' },
          { header: 'End', cell: (a) => a.End ?? '' },
          { header: 'Failure reason', cell: (a) => failureReason(a) ?? '' },
        ]}
      />
    </section>
  );
}
