/**
 * SES v2 predictive inbox placement tests: CreateDeliverabilityTestReport
 * (API_CreateDeliverabilityTestReport.html), GetDeliverabilityTestReport and
 * ListDeliverabilityTestReports. A feature of the Deliverability dashboard subscription, refused as
 * AWS refuses the dashboard's reports when it is off (sent-records.ts).
 *
 * Pinpost has no seed mailboxes at mailbox providers. Its honest equivalent: the test message goes
 * through SES v2 SendEmail's own path (the sender's identity must be verified, sending must be
 * enabled, quotas, suppression — SendEmail's refusals are the test's, as AWS lists MessageRejected,
 * MailFromDomainNotVerifiedException, SendingPausedException for it) to one seed address, the
 * sender's own address: the one recipient even a sandboxed account may send to, and Pinpost's
 * capture transport keeps it in Pinpost's mailbox. The test is IN_PROGRESS until Pinpost's delivery
 * recorded an outcome for it, then COMPLETED with its placement: delivered → 100% inbox, bounced or
 * given up by the outbox → 100% missing (no spam folder exists to land in, so spam is 0).
 * IspPlacements is empty: the seed is at no mailbox provider. SpfPercentage and DkimPercentage are
 * left out: Pinpost's capture checks neither.
 *
 * Authorization (list_sesv2 in the Service Authorization Reference): Create on the sender's identity
 * with aws:RequestTag/aws:TagKeys of its Tags; Get on the report's
 * `deliverability-test-report/<ReportId>` ARN with its tags as aws:ResourceTag; List on "*".
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../../../store/index.js';
import { Documents } from '../../../store/documents.js';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';
import { requestTagKeys } from '../control/authz.js';
import { notFound } from '../control/errors.js';
import { identityKey } from '../control/identities.js';
import { pageSizeViolations, scopeOf, sesArn } from '../control/input.js';
import type { Tag } from '../control/model.js';
import { ControlStore } from '../control/store.js';
import type { SesScope } from '../ports.js';
import { addressOf, domainOfAddress, requireDashboard, sentRecords } from './sent-records.js';

const KIND = 'dtreport';

interface ReportDoc {
  ReportId: string;
  ReportName?: string;
  Subject?: string;
  FromEmailAddress: string;
  CreateDate: string;
  MessageId: string;
  Message?: string;
  Tags: Tag[];
}

type Report = OutputOf<'GetDeliverabilityTestReport'>['DeliverabilityTestReport'];

/** Time-ordered (creation order in lists) and unguessable; Pinpost's form of a ReportId. */
const newReportId = (at: Date) =>
  `${at.getTime().toString(36).padStart(10, '0')}${randomBytes(8).toString('hex')}`;

/** The body of the test message as GetDeliverabilityTestReport's Message shows it. */
function messageOf(content: InputOf<'CreateDeliverabilityTestReport'>['Content']): string | undefined {
  const body = content.Simple?.Body;
  if (body) return body.Html?.Data ?? body.Text?.Data;
  const data = content.Raw?.Data;
  if (typeof data === 'string') return Buffer.from(data, 'base64').toString('utf8');
  return content.Template?.TemplateContent?.Html ?? content.Template?.TemplateContent?.Text;
}

/**
 * Status and placement from what Pinpost's delivery recorded for the test message: delivered to the
 * seed → inbox; bounced, or given up by the outbox → missing.
 */
async function placementOf(
  db: Database,
  scope: SesScope,
  doc: ReportDoc,
  deliveryFailed: (messageId: string) => Promise<boolean>,
) {
  const [sent] = await sentRecords(db, scope, { messageId: doc.MessageId });
  const inbox = sent?.delivered.length ?? 0;
  const missing =
    inbox === 0 && ((sent?.bounced.length ?? 0) > 0 || (await deliveryFailed(doc.MessageId))) ? 1 : 0;
  const done = inbox + missing > 0;
  return {
    status: done ? ('COMPLETED' as const) : ('IN_PROGRESS' as const),
    overall: done
      ? {
          InboxPercentage: (100 * inbox) / (inbox + missing),
          SpamPercentage: 0,
          MissingPercentage: (100 * missing) / (inbox + missing),
        }
      : {},
  };
}

function reportOf(doc: ReportDoc, status: 'IN_PROGRESS' | 'COMPLETED'): Report {
  return {
    ReportId: doc.ReportId,
    ReportName: doc.ReportName,
    Subject: doc.Subject,
    FromEmailAddress: doc.FromEmailAddress,
    CreateDate: new Date(doc.CreateDate),
    DeliverabilityTestStatus: status,
  };
}

export function deliverabilityTestOperations(
  db: Database,
  deps: {
    sendEmail(raw: Record<string, unknown>, ctx: RequestContext): Promise<string>;
    deliveryFailed(messageId: string): Promise<boolean>;
    now?: () => Date;
  },
): OperationSpec[] {
  const { sendEmail, deliveryFailed } = deps;
  const now = deps.now ?? (() => new Date());
  const control = new ControlStore(db, now);
  const docs = new Documents(db, 'ses', now);
  const getReport = async (scope: SesScope, id: string) =>
    (await docs.get<ReportDoc>(scope, '', KIND, id))?.doc;
  /** The identity a From authorizes on: the address when it is an identity itself, else its domain. */
  const identityOf = async (ctx: RequestContext, from: string) => {
    const address = addressOf(from);
    const own = await control.get(scopeOf(ctx), 'identity', identityKey(address));
    return own ? address : domainOfAddress(address);
  };
  return [
    defineOperation<InputOf<'CreateDeliverabilityTestReport'>, OutputOf<'CreateDeliverabilityTestReport'>>({
      name: 'CreateDeliverabilityTestReport',
      action: 'ses:CreateDeliverabilityTestReport',
      resources: async (i, ctx) => [
        sesArn(scopeOf(ctx), 'identity', await identityOf(ctx, i.FromEmailAddress)),
      ],
      conditionKeys: (i) => requestTagKeys(i.Tags),
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await requireDashboard(control, scope);
        // SendEmail's own path, its checks and refusals, to the seed: the sender's own address.
        const request = {
          FromEmailAddress: i.FromEmailAddress,
          Destination: { ToAddresses: [addressOf(i.FromEmailAddress)] },
          Content: i.Content,
        };
        const MessageId = await sendEmail(request, ctx);
        const [sent] = await sentRecords(db, scope, { messageId: MessageId });
        const at = now();
        const doc: ReportDoc = {
          ReportId: newReportId(at),
          ...(i.ReportName !== undefined ? { ReportName: i.ReportName } : {}),
          ...(sent?.subject !== undefined ? { Subject: sent.subject } : {}),
          FromEmailAddress: i.FromEmailAddress,
          CreateDate: at.toISOString(),
          MessageId,
          ...(messageOf(i.Content) !== undefined ? { Message: messageOf(i.Content) } : {}),
          Tags: i.Tags ?? [],
        };
        await docs.put(scope, '', KIND, doc.ReportId, doc);
        return { ReportId: doc.ReportId, DeliverabilityTestStatus: 'IN_PROGRESS' };
      },
    }),
    defineOperation<InputOf<'GetDeliverabilityTestReport'>, OutputOf<'GetDeliverabilityTestReport'>>({
      name: 'GetDeliverabilityTestReport',
      action: 'ses:GetDeliverabilityTestReport',
      resources: (i, ctx) => [sesArn(scopeOf(ctx), 'deliverability-test-report', i.ReportId)],
      conditionKeys: async (i, ctx) => {
        const tags = (await getReport(scopeOf(ctx), i.ReportId))?.Tags ?? [];
        return Object.fromEntries(
          tags.map((t) => [`aws:ResourceTag/${t.Key}`, { values: [t.Value], list: false }]),
        );
      },
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await requireDashboard(control, scope);
        const doc = await getReport(scope, i.ReportId);
        // Pinpost's wording: AWS's text for an unknown report was not found.
        if (!doc) throw notFound(`Deliverability test report <${i.ReportId}> does not exist.`);
        const { status, overall } = await placementOf(db, scope, doc, deliveryFailed);
        return {
          DeliverabilityTestReport: reportOf(doc, status),
          OverallPlacement: overall,
          IspPlacements: [],
          ...(doc.Message !== undefined ? { Message: doc.Message } : {}),
          Tags: doc.Tags,
        };
      },
    }),
    defineOperation<InputOf<'ListDeliverabilityTestReports'>, OutputOf<'ListDeliverabilityTestReports'>>({
      name: 'ListDeliverabilityTestReports',
      action: 'ses:ListDeliverabilityTestReports',
      violations: (i) => pageSizeViolations('PageSize', i.PageSize, 0, 1000),
      resources: () => ['*'],
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await requireDashboard(control, scope);
        // "The value you specify has to be at least 0, and can be no more than 1000."
        const size = i.PageSize ?? 1000;
        const after = i.NextToken ? Buffer.from(i.NextToken, 'base64').toString('utf8') : '';
        const page = await docs.page<ReportDoc>(scope, '', KIND, after, size);
        const reports: Report[] = [];
        for (const { doc } of page.items)
          reports.push(reportOf(doc, (await placementOf(db, scope, doc, deliveryFailed)).status));
        return {
          DeliverabilityTestReports: reports,
          ...(page.next !== undefined
            ? { NextToken: Buffer.from(page.next, 'utf8').toString('base64') }
            : {}),
        };
      },
    }),
  ];
}
