/**
 * GenerateCredentialReport and GetCredentialReport (API_<Op>.html; id_credentials_getting-report.html).
 * "You can generate a credential report as often as once every four hours. When you request a
 * report, IAM first checks whether a report for the AWS account has been generated within the past
 * four hours. If so, the most recent report is downloaded." Pinpost builds the report at once from
 * its store (users, login profiles, access keys, MFA devices, signing certificates: a few reads per
 * user, no waiting on other work), so GenerateCredentialReport answers STARTED with IAM's
 * Description ("No report exists. Starting a new report generation task", the AWS CLI's example,
 * generate-credential-report) when it makes one, and COMPLETE while the last one is younger than
 * four hours; the report is never in progress, so GetCredentialReport never answers
 * ReportInProgress. After four hours on Pinpost's clock the report has expired (ReportExpired) until
 * the next generation; before any, ReportNotPresent. Both authorize on `*` (the Service
 * Authorization Reference lists no resource type for these actions).
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type {
  GenerateCredentialReportResponse,
  GetCredentialReportResponse,
} from '../../../wire/model/types/iam.js';
import type { IamDeps } from '../deps.js';
import { reportExpired, reportNotPresent } from '../errors.js';
import { accountOf } from '../handlers/user-entities.js';
import { ReportRepo } from '../store-reports.js';
import type { IamStore } from '../store.js';
import { credentialReportCsv } from './credential-report.js';

export const CREDENTIAL_REPORT_TTL_MS = 4 * 60 * 60 * 1000;

export const reportsOf = (store: IamStore) => new ReportRepo(store.db);

export function credentialReportOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  const reports = reportsOf(store);

  const generate = defineOperation<Record<string, never>, GenerateCredentialReportResponse>({
    name: 'GenerateCredentialReport',
    action: 'iam:GenerateCredentialReport',
    resources: () => ['*'],
    async handler(_i, ctx) {
      const account = accountOf(ctx);
      const now = store.clock();
      const last = await reports.credentialReport(account);
      if (last && now.getTime() - last.GeneratedTime.getTime() < CREDENTIAL_REPORT_TTL_MS)
        return { State: 'COMPLETE' };
      // This process's recent attempts (access keys' last use) first.
      await deps.accessRecorder?.flush();
      const csv = await credentialReportCsv(store, account, await store.accounts.partitionOf(account));
      await reports.setCredentialReport(account, { GeneratedTime: now, Content: csv });
      return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
    },
  });

  const get = defineOperation<Record<string, never>, GetCredentialReportResponse>({
    name: 'GetCredentialReport',
    action: 'iam:GetCredentialReport',
    resources: () => ['*'],
    async handler(_i, ctx) {
      const report = await reports.credentialReport(accountOf(ctx));
      // IAM's texts for both were not found: Pinpost's wording, after the model's descriptions.
      if (!report)
        throw reportNotPresent(
          'The credential report does not exist. To generate a credential report, use GenerateCredentialReport.',
        );
      if (store.clock().getTime() - report.GeneratedTime.getTime() >= CREDENTIAL_REPORT_TTL_MS)
        throw reportExpired(
          'The most recent credential report has expired. To generate a new credential report, use GenerateCredentialReport.',
        );
      return {
        Content: Buffer.from(report.Content, 'utf8'),
        ReportFormat: 'text/csv',
        GeneratedTime: report.GeneratedTime,
      };
    },
  });

  return [generate, get];
}
