/**
 * A counter that moves whenever anything an authorization decision reads changes: policies,
 * attachments, memberships, boundaries, trust policies, tags. Compiled policy sets are cached
 * under it, so a write by any code path (or, later, any process sharing PostgreSQL) invalidates
 * them without the writers having to know about the cache. Triggers keep it, not the repositories.
 */
import { postgresDialect, type Database, type Migration } from '../../../store/index.js';

/** Columns whose change cannot alter a decision (last-used bookkeeping) do not move the counter. */
const WATCHED: Record<string, string | undefined> = {
  iam_users: 'user_name, path, arn, permissions_boundary_arn, tags',
  iam_groups: 'group_name, path, arn',
  iam_group_members: undefined,
  iam_roles: 'role_name, path, arn, assume_role_policy_document, permissions_boundary_arn, tags',
  iam_inline_policies: undefined,
  iam_policies: 'default_version_id, arn',
  iam_policy_versions: undefined,
  iam_attachments: undefined,
};

/** SQLite: one trigger per table and event, each bumping the counter once per row. */
function triggers(): string {
  const bump = 'BEGIN UPDATE iam_authz_generation SET n = n + 1; END;';
  const out: string[] = [];
  for (const [table, columns] of Object.entries(WATCHED)) {
    out.push(`CREATE TRIGGER ${table}_authz_ins AFTER INSERT ON ${table} ${bump}`);
    out.push(`CREATE TRIGGER ${table}_authz_del AFTER DELETE ON ${table} ${bump}`);
    out.push(
      `CREATE TRIGGER ${table}_authz_upd AFTER UPDATE${columns ? ` OF ${columns}` : ''} ON ${table} ${bump}`,
    );
  }
  return out.join('\n');
}

/**
 * PostgreSQL: one function, and a trigger per table and event that runs it once per statement (a
 * statement changing no row moves the counter too: a needless recompile, never a stale decision).
 */
function pgTriggers(): string {
  const out = [
    `CREATE FUNCTION iam_authz_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE iam_authz_generation SET n = n + 1;
  RETURN NULL;
END
$$;`,
  ];
  const bump = 'FOR EACH STATEMENT EXECUTE FUNCTION iam_authz_bump();';
  for (const [table, columns] of Object.entries(WATCHED)) {
    out.push(`CREATE TRIGGER ${table}_authz_ins AFTER INSERT ON ${table} ${bump}`);
    out.push(`CREATE TRIGGER ${table}_authz_del AFTER DELETE ON ${table} ${bump}`);
    out.push(
      `CREATE TRIGGER ${table}_authz_upd AFTER UPDATE${columns ? ` OF ${columns}` : ''} ON ${table} ${bump}`,
    );
  }
  return out.join('\n');
}

const TABLE = `CREATE TABLE iam_authz_generation (n INTEGER NOT NULL);
INSERT INTO iam_authz_generation (n) VALUES (0);`;

export const authzMigrations: readonly Migration[] = [
  {
    context: 'iam-authz',
    version: 1,
    name: 'policy generation counter',
    up: {
      sqlite: `${TABLE}
${triggers()}`,
      postgres: `${postgresDialect.ddl(TABLE)}
${pgTriggers()}`,
    },
  },
];

export async function policyGeneration(db: Database): Promise<number> {
  return (await db.get<{ n: number }>('SELECT n FROM iam_authz_generation'))?.n ?? 0;
}
