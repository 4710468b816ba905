import type { Migration } from '../../store/index.js';

/**
 * The account-level IAM entities beyond users, groups, roles and policies (issue 14): instance
 * profiles and the roles in them, the account alias, the account password policy, and users'
 * login profiles. Their own migration context (`iam-entities`), so their versions never collide
 * with the `iam` schema's. Names are unique per account without regard to case, as for every IAM
 * name (`name_key`, see store-migrations.ts); an alias is unique across all accounts
 * (console_account-alias.html: "must be unique across all Amazon Web Services products").
 */
export const iamEntityMigrations: Migration[] = [
  {
    context: 'iam-entities',
    version: 1,
    name: 'instance profiles, account alias, password policy, login profiles',
    up: `
CREATE TABLE iam_instance_profiles (
  instance_profile_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES iam_accounts (account_id),
  instance_profile_name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  path TEXT NOT NULL,
  arn TEXT NOT NULL,
  create_date TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  UNIQUE (account_id, name_key)
);
CREATE TABLE iam_instance_profile_roles (
  instance_profile_id TEXT NOT NULL REFERENCES iam_instance_profiles (instance_profile_id),
  role_id TEXT NOT NULL REFERENCES iam_roles (role_id),
  PRIMARY KEY (instance_profile_id, role_id)
);
CREATE INDEX iam_instance_profile_roles_by_role ON iam_instance_profile_roles (role_id);
CREATE TABLE iam_account_aliases (
  account_id TEXT PRIMARY KEY REFERENCES iam_accounts (account_id),
  alias TEXT NOT NULL UNIQUE
);
CREATE TABLE iam_password_policies (
  account_id TEXT PRIMARY KEY REFERENCES iam_accounts (account_id),
  policy TEXT NOT NULL
);
CREATE TABLE iam_login_profiles (
  user_id TEXT PRIMARY KEY REFERENCES iam_users (user_id),
  create_date TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  password_reset_required INTEGER NOT NULL
);
`,
  },
  {
    context: 'iam-entities',
    version: 2,
    name: 'server certificates',
    // The private key is checked against the certificate on upload and never kept: IAM never
    // returns it (API_ServerCertificate.html has no member for it).
    up: `
CREATE TABLE iam_server_certificates (
  server_certificate_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES iam_accounts (account_id),
  server_certificate_name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  path TEXT NOT NULL,
  arn TEXT NOT NULL,
  upload_date TEXT NOT NULL,
  expiration TEXT NOT NULL,
  certificate_body TEXT NOT NULL,
  certificate_chain TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  UNIQUE (account_id, name_key)
);
`,
  },
  {
    context: 'iam-entities',
    version: 3,
    name: 'SSH public keys',
    // Kept in OpenSSH form; GetSSHPublicKey converts to PEM on request. One key per fingerprint
    // and user (DuplicateSSHPublicKey).
    up: `
CREATE TABLE iam_ssh_public_keys (
  ssh_public_key_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES iam_users (user_id),
  fingerprint TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  upload_date TEXT NOT NULL,
  UNIQUE (user_id, fingerprint)
);
`,
  },
  {
    context: 'iam-entities',
    version: 4,
    name: 'signing certificates',
    // A certificate belongs to one user of the account (DuplicateCertificate otherwise), told by
    // its SHA-256 fingerprint.
    up: `
CREATE TABLE iam_signing_certificates (
  certificate_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES iam_accounts (account_id),
  user_id TEXT NOT NULL REFERENCES iam_users (user_id),
  fingerprint TEXT NOT NULL,
  certificate_body TEXT NOT NULL,
  status TEXT NOT NULL,
  upload_date TEXT NOT NULL,
  UNIQUE (account_id, fingerprint)
);
CREATE INDEX iam_signing_certificates_by_user ON iam_signing_certificates (user_id);
`,
  },
];
