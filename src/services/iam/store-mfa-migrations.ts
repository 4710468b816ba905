import type { Migration } from '../../store/index.js';

/**
 * Virtual MFA devices (issue 14), in their own migration context (`iam-mfa`) so their versions
 * never collide with the `iam` or `iam-entities` schemas'. A device belongs to the account and,
 * once enabled, to one user (user_id, enable_date); its name is unique per account without regard
 * to case, as every IAM name ("MFADevice entity at the same path and name already exists").
 * The seed is kept: EnableMFADevice and ResyncMFADevice check codes against it.
 */
export const iamMfaMigrations: Migration[] = [
  {
    context: 'iam-mfa',
    version: 1,
    name: 'virtual MFA devices',
    up: `
CREATE TABLE iam_mfa_devices (
  serial_number TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES iam_accounts (account_id),
  device_name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  path TEXT NOT NULL,
  seed TEXT NOT NULL,
  create_date TEXT NOT NULL,
  user_id TEXT REFERENCES iam_users (user_id),
  enable_date TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  UNIQUE (account_id, name_key)
);
CREATE INDEX iam_mfa_devices_by_user ON iam_mfa_devices (user_id);
`,
  },
];
