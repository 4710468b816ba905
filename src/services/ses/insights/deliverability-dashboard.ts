/**
 * The SES v2 Deliverability dashboard's reports over Pinpost's own sending records (sent-records.ts):
 * GetDomainStatisticsReport (API_GetDomainStatisticsReport.html), ListDomainDeliverabilityCampaigns
 * (API_ListDomainDeliverabilityCampaigns.html), GetDomainDeliverabilityCampaign
 * (API_GetDomainDeliverabilityCampaign.html) and GetBlacklistReports (API_GetBlacklistReports.html).
 * Each needs the dashboard on (sent-records.ts, AWS's NotFoundException); the domain reports need the
 * domain among the dashboard's subscribed domains ("This data is available for a domain only if you
 * enabled the Deliverability dashboard for the domain").
 *
 * Pinpost's honest equivalent of what AWS measures at mailbox providers: a delivered recipient is in
 * the inbox (Pinpost's delivery reaches the mailbox or the relay, and there is no spam folder to see,
 * so spam counts are 0), and reads are the opens Pinpost's tracking recorded. ISP breakdowns are left
 * empty and SendingIps, Esps, ImageUrl and the delete rates out: Pinpost does not know recipients'
 * providers, leases no IPs and renders no snapshots. A campaign is the messages with the same From
 * address and Subject, its id derived from both. Pinpost is on no blacklist: GetBlacklistReports
 * answers an empty list for each name asked.
 *
 * Authorization (list_sesv2 in the Service Authorization Reference): GetDomainStatisticsReport on the
 * domain's identity ARN; the others name no resource type, so "*".
 */
import { createHash } from 'node:crypto';
import type { Database } from '../../../store/index.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';
import { badRequest, notFound } from '../control/errors.js';
import { scopeOf, sesArn } from '../control/input.js';
import { ControlStore } from '../control/store.js';
import type { SesScope } from '../ports.js';
import {
  DAY_MS,
  reportDays,
  requireDashboard,
  sentRecords,
  type Dashboard,
  type SentRecord,
} from './sent-records.js';

type DomainCampaign = OutputOf<'GetDomainDeliverabilityCampaign'>['DomainDeliverabilityCampaign'];

const percent = (part: number, whole: number) => (whole === 0 ? 0 : (100 * part) / whole);

export const campaignIdOf = (from: string, subject: string | undefined) =>
  createHash('sha256')
    .update(`${from}\n${subject ?? ''}`)
    .digest('hex')
    .slice(0, 32);

function requireSubscribed(d: Dashboard, domain: string): void {
  // Pinpost's wording: AWS's text for a domain outside the subscription was not found.
  if (!d.domains.some((x) => x.Domain.toLowerCase() === domain.toLowerCase()))
    throw notFound(`Domain <${domain}> is not subscribed to the Deliverability dashboard.`);
}

/** Campaigns of the records: the messages of one From and Subject, in CampaignId order. */
function campaigns(records: SentRecord[]): DomainCampaign[] {
  const groups = new Map<string, SentRecord[]>();
  for (const r of records) {
    const id = campaignIdOf(r.from, r.subject);
    groups.set(id, [...(groups.get(id) ?? []), r]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([CampaignId, rs]) => {
      const deliveries = rs.flatMap((r) => r.delivered.map((d) => d.at)).sort((a, b) => a - b);
      const deliveredMessages = rs.filter((r) => r.delivered.length > 0);
      return {
        CampaignId,
        Subject: rs[0].subject,
        FromAddress: rs[0].from,
        ...(deliveries.length
          ? {
              FirstSeenDateTime: new Date(deliveries[0]),
              LastSeenDateTime: new Date(deliveries[deliveries.length - 1]),
            }
          : {}),
        InboxCount: deliveries.length,
        SpamCount: 0,
        ReadRate: percent(
          deliveredMessages.filter((r) => r.openedAt !== undefined).length,
          deliveredMessages.length,
        ),
        ProjectedVolume: rs.reduce((n, r) => n + r.recipients, 0),
      };
    });
}

const encodeToken = (id: string) => Buffer.from(id, 'utf8').toString('base64');
const decodeToken = (token: string | undefined) =>
  token ? Buffer.from(token, 'base64').toString('utf8') : '';

export function deliverabilityDashboardOperations(db: Database, now?: () => Date): OperationSpec[] {
  const store = new ControlStore(db, now);
  const subscribedRecords = async (scope: SesScope, d: Dashboard, range?: { start: number; end: number }) => {
    const out: SentRecord[] = [];
    for (const x of d.domains) out.push(...(await sentRecords(db, scope, { domain: x.Domain, ...range })));
    return out;
  };
  return [
    defineOperation<InputOf<'GetDomainStatisticsReport'>, OutputOf<'GetDomainStatisticsReport'>>({
      name: 'GetDomainStatisticsReport',
      action: 'ses:GetDomainStatisticsReport',
      resources: (i, ctx) => [sesArn(scopeOf(ctx), 'identity', i.Domain)],
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        const d = await requireDashboard(store, scope);
        const { first, days } = reportDays(i.StartDate, i.EndDate);
        requireSubscribed(d, i.Domain);
        const records = await sentRecords(db, scope, {
          domain: i.Domain,
          start: first * DAY_MS,
          end: (first + days) * DAY_MS,
        });
        const inbox = new Array<number>(days).fill(0);
        for (const r of records)
          for (const x of r.delivered) {
            const day = Math.floor(x.at / DAY_MS) - first;
            if (day >= 0 && day < days) inbox[day]++;
          }
        const delivered = records.filter((r) => r.delivered.length > 0);
        const total = inbox.reduce((a, b) => a + b, 0);
        const volume = (n: number) => ({
          InboxRawCount: n,
          SpamRawCount: 0,
          ProjectedInbox: n,
          ProjectedSpam: 0,
        });
        return {
          OverallVolume: {
            VolumeStatistics: volume(total),
            ReadRatePercent: percent(
              delivered.filter((r) => r.openedAt !== undefined).length,
              delivered.length,
            ),
            DomainIspPlacements: [],
          },
          DailyVolumes: inbox.map((n, k) => ({
            StartDate: new Date((first + k) * DAY_MS),
            VolumeStatistics: volume(n),
            DomainIspPlacements: [],
          })),
        };
      },
    }),
    defineOperation<
      InputOf<'ListDomainDeliverabilityCampaigns'>,
      OutputOf<'ListDomainDeliverabilityCampaigns'>
    >({
      name: 'ListDomainDeliverabilityCampaigns',
      action: 'ses:ListDomainDeliverabilityCampaigns',
      resources: () => ['*'],
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        const d = await requireDashboard(store, scope);
        const { first, days } = reportDays(i.StartDate, i.EndDate);
        requireSubscribed(d, i.SubscribedDomain);
        // Pinpost's bound and wording (AWS documents none for PageSize here).
        if (i.PageSize !== undefined && i.PageSize < 1) throw badRequest('PageSize must be at least 1.');
        const size = i.PageSize ?? 1000;
        const all = campaigns(
          await sentRecords(db, scope, {
            domain: i.SubscribedDomain,
            start: first * DAY_MS,
            end: (first + days) * DAY_MS,
          }),
        );
        const after = decodeToken(i.NextToken);
        const rest = all.filter((c) => (c.CampaignId ?? '') > after);
        const page = rest.slice(0, size);
        return {
          DomainDeliverabilityCampaigns: page,
          ...(rest.length > size ? { NextToken: encodeToken(page[page.length - 1].CampaignId ?? '') } : {}),
        };
      },
    }),
    defineOperation<InputOf<'GetDomainDeliverabilityCampaign'>, OutputOf<'GetDomainDeliverabilityCampaign'>>({
      name: 'GetDomainDeliverabilityCampaign',
      action: 'ses:GetDomainDeliverabilityCampaign',
      resources: () => ['*'],
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        const d = await requireDashboard(store, scope);
        const found = campaigns(await subscribedRecords(scope, d)).find((c) => c.CampaignId === i.CampaignId);
        // Pinpost's wording: AWS's text for an unknown campaign was not found.
        if (!found) throw notFound(`Campaign <${i.CampaignId}> does not exist.`);
        return { DomainDeliverabilityCampaign: found };
      },
    }),
    defineOperation<InputOf<'GetBlacklistReports'>, OutputOf<'GetBlacklistReports'>>({
      name: 'GetBlacklistReports',
      action: 'ses:GetBlacklistReports',
      resources: () => ['*'],
      async handler(i, ctx) {
        await requireDashboard(store, scopeOf(ctx));
        return { BlacklistReport: Object.fromEntries(i.BlacklistItemNames.map((name) => [name, []])) };
      },
    }),
  ];
}
