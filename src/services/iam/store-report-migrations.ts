import type { Migration } from '../../store/index.js';

/**
 * The IAM operations of issue 14's last part, in their own migration context (`iam-reports`) so
 * their versions never collide with the `iam`, `iam-entities` or `iam-mfa` schemas':
 * - service-specific credentials, per user (by unique id, so a rename keeps them), the password
 *   kept only as a salted scrypt hash — AWS shows it once, at creation or reset;
 * - the account's credential report (the CSV as generated, GetCredentialReport returns it);
 * - the account's STS preference (SetSecurityTokenServicePreferences);
 * - service last accessed jobs (the report computed at generation, read back page by page);
 * - when each principal last authenticated to each service and action (service last accessed).
 */
export const iamReportMigrations: Migration[] = [
  {
    context: 'iam-reports',
    version: 1,
    name: 'service-specific credentials, credential reports, STS preferences, last accessed',
    up: `
CREATE TABLE iam_service_specific_credentials (
  credential_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES iam_accounts (account_id),
  user_id TEXT NOT NULL REFERENCES iam_users (user_id),
  service_name TEXT NOT NULL,
  service_user_name TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  status TEXT NOT NULL,
  create_date TEXT NOT NULL,
  expiration_date TEXT
);
CREATE INDEX iam_service_specific_credentials_by_user ON iam_service_specific_credentials (user_id);
CREATE TABLE iam_credential_reports (
  account_id TEXT PRIMARY KEY REFERENCES iam_accounts (account_id),
  generated_time TEXT NOT NULL,
  content TEXT NOT NULL
);
CREATE TABLE iam_sts_preferences (
  account_id TEXT PRIMARY KEY REFERENCES iam_accounts (account_id),
  global_endpoint_token_version TEXT NOT NULL
);
CREATE TABLE iam_last_accessed_jobs (
  job_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES iam_accounts (account_id),
  arn TEXT NOT NULL,
  granularity TEXT NOT NULL,
  creation_date TEXT NOT NULL,
  completion_date TEXT NOT NULL,
  report TEXT NOT NULL
);
CREATE TABLE iam_service_access (
  account_id TEXT NOT NULL,
  principal_arn TEXT NOT NULL,
  action TEXT NOT NULL,
  last_authenticated TEXT NOT NULL,
  region TEXT NOT NULL,
  PRIMARY KEY (account_id, principal_arn, action)
);
`,
  },
];
