/**
 * A project's analytics: charts over days of the email KPIs (GetApplicationDateRangeKpi, the
 * `-grouped-by-date` metrics of developerguide/analytics-standard-metrics.html) — transactional
 * sends, deliveries, opens, clicks and bounces, and campaigns' unique deliveries — and each
 * campaign's totals over the range (GetCampaignDateRangeKpi). The range ends at the server's clock
 * (`GET /_pinpost/clock`), which a test or a demo may have moved.
 */
import {
  GetApplicationDateRangeKpiCommand,
  GetCampaignDateRangeKpiCommand,
  GetCampaignsCommand,
} from '@aws-sdk/client-pinpoint';
import { useState } from 'preact/hooks';
import { clients } from '../../aws/clients.js';
import { internalJson } from '../../aws/internal.js';
import { useSession } from '../../session.js';
import { Chart, type Series } from '../../ui/Chart.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Page } from '../../ui/Page.js';
import { Select } from '../../ui/Select.js';
import { Table } from '../../ui/Table.js';
import { AppNav, appCrumbs } from './app-nav.js';
import { useAppName } from './app-page.js';
import { CAMPAIGN_KPIS, EMAIL_KPIS, kpiChartData, totals, type ChartData, type KpiRow } from './kpi-chart.js';
import { useLoad } from './use-load.js';

const DAY = 86_400_000;
const RANGES = [
  { value: '7', label: 'Last 7 days' },
  { value: '14', label: 'Last 14 days' },
  { value: '30', label: 'Last 30 days' },
];

/** Campaign totals over the range (analytics-standard-metrics.html, "Campaign metrics"). */
const CAMPAIGN_TOTALS = [
  { name: 'Sends', kpi: 'attempted-deliveries' },
  { name: 'Deliveries', kpi: 'successful-deliveries' },
  { name: 'Opens', kpi: 'direct-email-opens' },
  { name: 'Clicks', kpi: 'clicks' },
  { name: 'Hard bounce rate', kpi: 'hard-bounce-rate' },
];

async function serverNow(): Promise<Date> {
  try {
    return new Date((await internalJson<{ now: string }>('/_pinpost/clock')).now);
  } catch {
    // The clock route is Pinpost's; a principal not allowed pinpost:ReadClock still sees its charts.
    return new Date();
  }
}

const seriesOf = (data: ChartData): Series[] =>
  data.series.map((s) => ({
    name: s.name,
    points: s.values.map((y, i) => ({ x: Date.parse(`${data.labels[i]}T00:00:00Z`), y })),
  }));

const day = (x: number) => new Date(x).toISOString().slice(0, 10);

export default function AnalyticsPage({ id }: { id: string }) {
  const session = useSession();
  const appName = useAppName(id);
  const [days, setDays] = useState('7');
  const charts = useLoad(async () => {
    const end = await serverNow();
    const start = new Date(end.getTime() - (Number(days) - 1) * DAY);
    const pinpoint = clients().pinpoint;
    const kpi = async (KpiName: string) =>
      ((
        await pinpoint.send(
          new GetApplicationDateRangeKpiCommand({
            ApplicationId: id,
            KpiName,
            StartTime: start,
            EndTime: end,
          }),
        )
      ).ApplicationDateRangeKpiResponse?.KpiResult?.Rows ?? []) as KpiRow[];
    const email = await Promise.all(EMAIL_KPIS.map(async (k) => ({ name: k.name, rows: await kpi(k.kpi) })));
    const campaignsByDay = await Promise.all(
      CAMPAIGN_KPIS.map(async (k) => ({ name: k.name, rows: await kpi(k.kpi) })),
    );
    const campaigns =
      (await pinpoint.send(new GetCampaignsCommand({ ApplicationId: id, PageSize: '100' }))).CampaignsResponse
        ?.Item ?? [];
    const perCampaign = await Promise.all(
      campaigns.map(async (c) => {
        const values = await Promise.all(
          CAMPAIGN_TOTALS.map(async (t) => {
            const rows = (
              await pinpoint.send(
                new GetCampaignDateRangeKpiCommand({
                  ApplicationId: id,
                  CampaignId: c.Id,
                  KpiName: t.kpi,
                  StartTime: start,
                  EndTime: end,
                }),
              )
            ).CampaignDateRangeKpiResponse?.KpiResult?.Rows;
            return rows?.[0]?.Values?.[0]?.Value ?? '0';
          }),
        );
        return { id: c.Id ?? '', name: c.Name ?? c.Id ?? '', values };
      }),
    );
    return {
      start,
      end,
      email: kpiChartData(start, end, email),
      campaigns: kpiChartData(start, end, campaignsByDay),
      perCampaign,
    };
  }, [id, days, session?.region]);

  const d = charts.data;
  return (
    <Page title="Analytics" crumbs={appCrumbs(id, appName, 'Analytics')}>
      <AppNav id={id} current="/analytics" />
      <Select label="Date range" value={days} options={RANGES} onValue={setDays} compact />
      <ErrorBanner error={charts.error} />
      {d && (
        <>
          <p>
            {day(d.start.getTime())} to {day(d.end.getTime())} (UTC)
          </p>
          <ul class="figures" aria-label="Totals">
            {totals(d.email).map((t) => (
              <li key={t.name}>
                <span>{t.name}</span> <strong>{t.total}</strong>
              </li>
            ))}
          </ul>
          <Chart title="Transactional email per day" series={seriesOf(d.email)} formatX={day} kind="bar" />
          <Chart title="Campaign email per day" series={seriesOf(d.campaigns)} formatX={day} kind="bar" />
          <Table
            caption="Campaigns over the range"
            rows={d.perCampaign}
            rowKey={(r) => r.id}
            empty="No campaigns."
            columns={[
              { header: 'Campaign', cell: (r) => r.name },
              ...CAMPAIGN_TOTALS.map((t, i) => ({
                header: t.name,
                cell: (r: (typeof d.perCampaign)[number]) => r.values[i],
                numeric: true,
              })),
            ]}
          />
        </>
      )}
    </Page>
  );
}
