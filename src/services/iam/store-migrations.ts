import type { Migration } from '../../store/index.js';
import { bindPrincipals, PrincipalDirectory } from './principal-ids.js';
import { iamEntityMigrations } from './store-entity-migrations.js';
import { iamMfaMigrations } from './store-mfa-migrations.js';
import { iamReportMigrations } from './store-report-migrations.js';

/**
 * IAM's schema. Names are unique per account without regard to case ("Names are not distinguished
 * by case. For example, you cannot create resources named both "MyResource" and "myresource"",
 * IAM API reference, API_CreateUser.html / API_CreateRole.html / API_CreateGroup.html /
 * API_CreatePolicy.html), hence the `name_key` (lower-cased name) columns under UNIQUE.
 * Inline policies and attachments point at their owner by unique id so that renaming a user or
 * group does not orphan them. Tags are a JSON list on their entity: IAM reads and replaces them
 * as a whole list, never queries by tag.
 */
const schema = `
CREATE TABLE iam_accounts (
  account_id TEXT PRIMARY KEY,
  create_date TEXT NOT NULL
);
CREATE TABLE iam_users (
  user_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES iam_accounts (account_id),
  user_name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  path TEXT NOT NULL,
  arn TEXT NOT NULL,
  create_date TEXT NOT NULL,
  password_last_used TEXT,
  permissions_boundary_arn TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  UNIQUE (account_id, name_key)
);
CREATE TABLE iam_groups (
  group_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES iam_accounts (account_id),
  group_name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  path TEXT NOT NULL,
  arn TEXT NOT NULL,
  create_date TEXT NOT NULL,
  UNIQUE (account_id, name_key)
);
CREATE TABLE iam_group_members (
  group_id TEXT NOT NULL REFERENCES iam_groups (group_id),
  user_id TEXT NOT NULL REFERENCES iam_users (user_id),
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX iam_group_members_by_user ON iam_group_members (user_id);
CREATE TABLE iam_roles (
  role_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES iam_accounts (account_id),
  role_name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  path TEXT NOT NULL,
  arn TEXT NOT NULL,
  create_date TEXT NOT NULL,
  assume_role_policy_document TEXT NOT NULL,
  description TEXT,
  max_session_duration INTEGER NOT NULL,
  permissions_boundary_arn TEXT,
  last_used_date TEXT,
  last_used_region TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  UNIQUE (account_id, name_key)
);
CREATE TABLE iam_inline_policies (
  account_id TEXT NOT NULL REFERENCES iam_accounts (account_id),
  owner_kind TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  policy_name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (owner_kind, owner_id, name_key)
);
CREATE TABLE iam_policies (
  policy_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES iam_accounts (account_id),
  policy_name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  path TEXT NOT NULL,
  arn TEXT NOT NULL UNIQUE,
  default_version_id TEXT NOT NULL,
  next_version INTEGER NOT NULL,
  description TEXT,
  create_date TEXT NOT NULL,
  update_date TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  UNIQUE (account_id, name_key)
);
CREATE TABLE iam_policy_versions (
  policy_id TEXT NOT NULL REFERENCES iam_policies (policy_id),
  version_num INTEGER NOT NULL,
  version_id TEXT NOT NULL,
  document TEXT NOT NULL,
  create_date TEXT NOT NULL,
  PRIMARY KEY (policy_id, version_num)
);
CREATE TABLE iam_attachments (
  account_id TEXT NOT NULL REFERENCES iam_accounts (account_id),
  owner_kind TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  policy_arn TEXT NOT NULL,
  PRIMARY KEY (owner_kind, owner_id, policy_arn)
);
CREATE INDEX iam_attachments_by_policy ON iam_attachments (account_id, policy_arn);
CREATE TABLE iam_access_keys (
  access_key_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES iam_accounts (account_id),
  user_id TEXT REFERENCES iam_users (user_id),
  secret_access_key TEXT NOT NULL,
  status TEXT NOT NULL,
  create_date TEXT NOT NULL,
  last_used_date TEXT,
  last_used_service TEXT,
  last_used_region TEXT
);
CREATE INDEX iam_access_keys_by_owner ON iam_access_keys (account_id, user_id);
`;

/** The account every fresh install has, and its root keys: the convention local AWS users know. */
export const DEFAULT_ACCOUNT_ID = '000000000000';
export const DEFAULT_ROOT_ACCESS_KEY_ID = 'test';
export const DEFAULT_ROOT_SECRET_ACCESS_KEY = 'test';

export const iamMigrations: readonly Migration[] = [
  { context: 'iam', version: 1, name: 'entities', up: schema },
  {
    context: 'iam',
    version: 2,
    name: 'default account',
    up: async (db) => {
      // Real time: migrations run as the database opens, before the one clock exists; a manual
      // clock starts at the real time then anyway.
      const now = new Date().toISOString();
      await db.run('INSERT INTO iam_accounts (account_id, create_date) VALUES (?, ?)', [
        DEFAULT_ACCOUNT_ID,
        now,
      ]);
      await db.run(
        `INSERT INTO iam_access_keys (access_key_id, account_id, user_id, secret_access_key, status, create_date)
         VALUES (?, ?, NULL, ?, 'Active', ?)`,
        [DEFAULT_ROOT_ACCESS_KEY_ID, DEFAULT_ACCOUNT_ID, DEFAULT_ROOT_SECRET_ACCESS_KEY, now],
      );
    },
  },
  {
    context: 'iam',
    version: 3,
    name: 'trust policies name users and roles by unique id',
    // Trust policies written before principals were bound (principal-ids.ts) still name users and
    // roles by ARN, which a recreated namesake would match: bind those that exist now.
    up: async (db) => {
      const principals = new PrincipalDirectory(db);
      const rows = await db.all<{ role_id: string; doc: string }>(
        'SELECT role_id, assume_role_policy_document AS doc FROM iam_roles',
      );
      for (const r of rows) {
        const bound = await bindPrincipals(principals, r.doc);
        if (bound !== r.doc)
          await db.run('UPDATE iam_roles SET assume_role_policy_document = ? WHERE role_id = ?', [
            bound,
            r.role_id,
          ]);
      }
    },
  },
  {
    context: 'iam',
    version: 4,
    name: 'an account lives in one partition',
    // Accounts made before partitions followed the region were all in `aws`, as their stored ARNs say.
    up: "ALTER TABLE iam_accounts ADD COLUMN partition TEXT NOT NULL DEFAULT 'aws';",
  },
  {
    context: 'iam',
    version: 5,
    name: 'service-linked role deletion tasks',
    up: `CREATE TABLE iam_slr_deletion_tasks (
  task_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES iam_accounts (account_id),
  status TEXT NOT NULL,
  create_date TEXT NOT NULL
);`,
  },
  ...iamEntityMigrations,
  ...iamMfaMigrations,
  ...iamReportMigrations,
];
