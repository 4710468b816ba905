/**
 * SES v2's reports over Pinpost's own records, beyond GetMessageInsights and BatchGetMetricData:
 * the Deliverability dashboard's (deliverability-dashboard.ts), its predictive inbox placement tests
 * (deliverability-tests.ts) and GetEmailAddressInsights (email-address-insights.ts).
 */
import type { Database } from '../../../store/index.js';
import type { RequestContext } from '../../../wire/context.js';
import type { OperationSpec } from '../../../wire/operation.js';
import { deliverabilityDashboardOperations } from './deliverability-dashboard.js';
import { deliverabilityTestOperations } from './deliverability-tests.js';
import { emailAddressInsightsOperation } from './email-address-insights.js';

export interface ReportDeps {
  /** SES v2 SendEmail's reading, checks and path, for a placement test's message; its MessageId. */
  sendEmail(raw: Record<string, unknown>, ctx: RequestContext): Promise<string>;
  /** Whether the outbox gave up delivering a message (a placement test's seed then is missing). */
  deliveryFailed(messageId: string): Promise<boolean>;
  now?: () => Date;
}

export function sesV2ReportOperations(db: Database, deps: ReportDeps): OperationSpec[] {
  return [
    ...deliverabilityDashboardOperations(db, deps.now),
    ...deliverabilityTestOperations(db, deps),
    emailAddressInsightsOperation(db, deps.now),
  ];
}
