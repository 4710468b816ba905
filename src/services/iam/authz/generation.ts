/**
 * A counter that moves whenever anything an authorization decision reads changes: policies,
 * attachments, memberships, boundaries, trust policies, tags. Compiled policy sets are cached
 * under it, so a write by any code path (or any process sharing PostgreSQL) invalidates them
 * without the writers having to know about the cache. Triggers keep it, not the repositories.
 * It is the `iam-authz` row of the generation counters (src/store/generations.ts) since version 2,
 * read in the same statement as the others a request needs.
 */
import { postgresDialect, type Database, type Migration } from '../../../store/index.js';
import { requestGeneration } from '../../../store/generations.js';

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

const V1_BUMP = 'UPDATE iam_authz_generation SET n = n + 1';
const V2_BUMP = "UPDATE pinpost_generations SET n = n + 1 WHERE name = 'iam-authz'";

/** SQLite: one trigger per table and event, each bumping the counter once per row. */
function triggers(update: string): string {
  const bump = `BEGIN ${update}; END;`;
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
function pgBumpFunction(update: string): string {
  return `CREATE OR REPLACE FUNCTION iam_authz_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  ${update};
  RETURN NULL;
END
$$;`;
}

function pgTriggers(): string {
  const out = [pgBumpFunction(V1_BUMP)];
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
${triggers(V1_BUMP)}`,
      postgres: `${postgresDialect.ddl(TABLE)}
${pgTriggers()}`,
    },
  },
  {
    context: 'iam-authz',
    version: 2,
    name: 'the counter is a generation row',
    // The number carries over: a process compares it with the last it saw and only moves forward.
    up: {
      sqlite: `UPDATE pinpost_generations SET n = (SELECT n FROM iam_authz_generation) WHERE name = 'iam-authz';
${dropTriggers()}
${triggers(V2_BUMP)}
DROP TABLE iam_authz_generation;`,
      postgres: `UPDATE pinpost_generations SET n = (SELECT n FROM iam_authz_generation) WHERE name = 'iam-authz';
${pgBumpFunction(V2_BUMP)}
DROP TABLE iam_authz_generation;`,
    },
  },
];

function dropTriggers(): string {
  return Object.keys(WATCHED)
    .flatMap((t) => ['ins', 'del', 'upd'].map((e) => `DROP TRIGGER ${t}_authz_${e};`))
    .join('\n');
}

/**
 * The counter as the request found it (read at its first decision, so a policy written through
 * another process counts from the next request on; a request's own decisions come before its writes).
 */
export function policyGeneration(db: Database): Promise<number> {
  return requestGeneration(db, 'iam-authz');
}
