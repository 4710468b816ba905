/**
 * SES v2's reports over Pinpost's own records, beyond GetMessageInsights and BatchGetMetricData:
 * the Deliverability dashboard's (deliverability-dashboard.ts), its predictive inbox placement tests
 * (deliverability-tests.ts) and GetEmailAddressInsights (email-address-insights.ts).
 */
import type { Database } from '../../../store/index.js';
import type { OperationSpec } from '../../../wire/operation.js';
import { deliverabilityDashboardOperations } from './deliverability-dashboard.js';
import { deliverabilityTestOperations } from './deliverability-tests.js';
import { emailAddressInsightsOperation } from './email-address-insights.js';

/** `sendEmail`: SES v2 SendEmail's operation, the path a placement test's message takes. */
export function sesV2ReportOperations(
  db: Database,
  sendEmail: OperationSpec,
  now?: () => Date,
): OperationSpec[] {
  return [
    ...deliverabilityDashboardOperations(db, now),
    ...deliverabilityTestOperations(db, sendEmail, now),
    emailAddressInsightsOperation(db, now),
  ];
}
