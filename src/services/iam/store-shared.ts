import { DuplicateError, type Database, type SqlValue } from '../../store/index.js';
import type { PrincipalEntityKind, Tag } from './model.js';

/** The key IAM compares names by: names "are not distinguished by case" (API_CreateUser.html). */
export const nameKey = (name: string): string => name.toLowerCase();

/**
 * The partition an account lives in (`aws`, `aws-us-gov`, …): the one its IAM entities' ARNs name.
 * An unknown account is in `aws`.
 */
export async function partitionOfAccount(db: Database, accountId: string): Promise<string> {
  const r = await db.get<{ partition: string }>('SELECT partition FROM iam_accounts WHERE account_id = ?', [
    accountId,
  ]);
  return r?.partition ?? 'aws';
}

export const iso = (d: Date): string => d.toISOString();
export const date = (s: string): Date => new Date(s);
export const optDate = (s: string | null): Date | undefined => (s === null ? undefined : new Date(s));

export const tagsText = (tags: readonly Tag[] | undefined): string =>
  JSON.stringify((tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })));
export const parseTags = (s: string): Tag[] => JSON.parse(s) as Tag[];

/**
 * SQL fragment and parameters for IAM's PathPrefix filter. Paths may contain `%` and `_`, so a
 * LIKE pattern would need escaping; comparing a prefix substring is exact and portable.
 */
export function pathPrefixFilter(
  column: string,
  prefix: string | undefined,
): { sql: string; params: SqlValue[] } {
  if (!prefix || prefix === '/') return { sql: '', params: [] };
  return { sql: ` AND substr(${column}, 1, ?) = ?`, params: [prefix.length, prefix] };
}

export interface ListOptions {
  pathPrefix?: string;
  marker?: string;
  maxItems?: number;
}

/** Unique-constraint failures surface as {@link DuplicateError}, whatever the engine's wording. */
export async function insertUnique(
  db: Database,
  entity: string,
  key: string,
  sql: string,
  params: SqlValue[],
): Promise<void> {
  try {
    await db.run(sql, params);
  } catch (err) {
    if (err instanceof Error && /UNIQUE|PRIMARY KEY|unique/.test(err.message))
      throw new DuplicateError(entity, key);
    throw err;
  }
}

const OWNER_TABLES: Record<PrincipalEntityKind, { table: string; id: string; name: string }> = {
  user: { table: 'iam_users', id: 'user_id', name: 'user_name' },
  group: { table: 'iam_groups', id: 'group_id', name: 'group_name' },
  role: { table: 'iam_roles', id: 'role_id', name: 'role_name' },
};

/** The unique id of a user, group or role found by name, without regard to case. */
export async function ownerId(
  db: Database,
  accountId: string,
  kind: PrincipalEntityKind,
  name: string,
): Promise<string | undefined> {
  const t = OWNER_TABLES[kind];
  const r = await db.get<{ id: string }>(
    `SELECT ${t.id} AS id FROM ${t.table} WHERE account_id = ? AND name_key = ?`,
    [accountId, nameKey(name)],
  );
  return r?.id;
}

export async function count(db: Database, sql: string, params: SqlValue[]): Promise<number> {
  return (await db.get<{ n: number }>(sql, params))?.n ?? 0;
}
