/**
 * The SES account: sandbox or production access, sending enabled, enforcement status and quotas
 * (SES v2 GetAccount; SES v1 GetSendQuota for SentLast24Hours), the account's suppression reasons,
 * and a chart of the last day's sending from GetSendStatistics.
 */
import { GetSendQuotaCommand, GetSendStatisticsCommand } from '@aws-sdk/client-ses';
import { GetAccountCommand } from '@aws-sdk/client-sesv2';
import { clients } from '../../aws/clients.js';
import { useSession } from '../../session.js';
import { Chart, type Series } from '../../ui/Chart.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Page } from '../../ui/Page.js';
import { useLoad } from '../iam/use-load.js';
import { bucketLabel, quotaUsed, SEND_METRICS, sendingSeries } from './send-chart.js';
import { AreaNav, SES_LINKS } from '../iam/AreaNav.js';

const METRIC_LABEL = {
  DeliveryAttempts: 'Delivery attempts',
  Bounces: 'Bounces',
  Complaints: 'Complaints',
  Rejects: 'Rejects',
};

export default function AccountPage() {
  const session = useSession();
  const got = useLoad(async () => {
    const [account, quota, stats] = await Promise.all([
      clients().sesv2.send(new GetAccountCommand({})),
      clients().ses.send(new GetSendQuotaCommand({})),
      clients().ses.send(new GetSendStatisticsCommand({})),
    ]);
    return { account, quota, stats, now: new Date() };
  }, [session?.region, session?.arn]);
  const d = got.data;
  const series = d ? sendingSeries(d.stats.SendDataPoints ?? [], { now: d.now }) : undefined;
  const chart: Series[] = series
    ? SEND_METRICS.map((m) => ({
        name: METRIC_LABEL[m],
        points: series.buckets.map((b, i) => ({ x: b.getTime(), y: series.values[m][i] })),
      }))
    : [];
  return (
    <Page title="Account" crumbs={[{ label: 'SES', href: '/ses/identities' }, { label: 'Account' }]}>
      <AreaNav label="SES pages" links={SES_LINKS} />
      <ErrorBanner error={got.error} />
      {d && (
        <>
          <dl class="summary">
            <dt>Production access</dt>
            <dd>{d.account.ProductionAccessEnabled ? 'Yes' : 'No: the account is in the sandbox'}</dd>
            <dt>Sending</dt>
            <dd>{d.account.SendingEnabled ? 'Enabled' : 'Paused'}</dd>
            <dt>Enforcement status</dt>
            <dd>{d.account.EnforcementStatus}</dd>
            <dt>Daily sending quota</dt>
            <dd>{d.account.SendQuota?.Max24HourSend}</dd>
            <dt>Maximum send rate</dt>
            <dd>{d.account.SendQuota?.MaxSendRate} per second</dd>
            <dt>Sent in the last 24 hours</dt>
            <dd>
              {d.quota.SentLast24Hours} ({quotaUsed(d.quota.SentLast24Hours, d.quota.Max24HourSend)}% of the
              quota)
            </dd>
            <dt>Suppressed reasons</dt>
            <dd>{d.account.SuppressionAttributes?.SuppressedReasons?.join(', ') || 'None'}</dd>
          </dl>
          <Chart
            title="Sending, last 24 hours (UTC, hourly)"
            series={chart}
            kind="bar"
            formatX={(x) => bucketLabel(new Date(x))}
          />
          <p>Totals: {SEND_METRICS.map((m) => `${METRIC_LABEL[m]} ${series!.totals[m]}`).join(', ')}.</p>
        </>
      )}
    </Page>
  );
}
