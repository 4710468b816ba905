import type { Migration } from '../../store/index.js';

/**
 * STS sessions. Looked up by access key id on every signed request; `expiration` is epoch
 * milliseconds so the expiry check and the pruning sweep compare integers. Sessions do not
 * reference IAM rows: a deleted role leaves its sessions without permissions, as on AWS.
 */
export const stsMigrations: readonly Migration[] = [
  {
    context: 'sts',
    version: 1,
    name: 'sessions',
    up: `
CREATE TABLE sts_sessions (
  access_key_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  secret_access_key TEXT NOT NULL,
  session_token TEXT NOT NULL,
  expiration INTEGER NOT NULL,
  issued_at INTEGER NOT NULL,
  arn TEXT NOT NULL,
  principal_id TEXT NOT NULL,
  role_arn TEXT,
  role_id TEXT,
  role_name TEXT,
  session_name TEXT,
  user_id TEXT,
  policy TEXT,
  policy_arns TEXT NOT NULL,
  tags TEXT NOT NULL,
  transitive_tag_keys TEXT NOT NULL,
  source_identity TEXT,
  chained INTEGER NOT NULL,
  source_access_key_id TEXT
);
CREATE INDEX sts_sessions_by_expiration ON sts_sessions (expiration);
`,
  },
  {
    // Its own context (issue 14), so its version never collides with the `sts` schema's.
    context: 'sts-mfa',
    version: 1,
    name: 'sessions authenticated with MFA',
    // Epoch milliseconds of the MFA check (aws:MultiFactorAuthAge); null without MFA.
    up: 'ALTER TABLE sts_sessions ADD COLUMN mfa_authenticated_at INTEGER;',
  },
];
