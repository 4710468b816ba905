/**
 * Resource-based policies (role trust policies, SES sending authorization policies) name IAM users
 * and roles by unique id, as IAM does. When a policy is saved, an ARN naming a specific user or
 * role is turned into the entity's unique principal id and turned back into the ARN when the policy
 * is shown; once the entity is deleted the id can no longer be mapped back, so the id itself shows,
 * and a recreated entity with the same name does not match it (reference_policies_elements_principal.html,
 * "IAM role principals"; id_roles_create_policy-examples.html). "The unique principal ID in a
 * resource-based policy indicates that the IAM user or role was deleted" — AIDA… for users, AROA…
 * for roles (repost.aws/knowledge-center/iam-resource-policy-format; reference_identifiers.html,
 * "Understanding unique ID prefixes").
 *
 * So a policy is stored *bound* ({@link bindPrincipals}: each user or role ARN becomes the entity's
 * unique id) and read *shown* ({@link showPrincipals}: each unique id whose entity exists becomes
 * that entity's current ARN; a deleted entity's id stays). The policy engine matches ARNs, so an id
 * left in a shown policy matches no caller. A renamed user keeps its id, so the policy follows it
 * ("any policies that refer to the user as the principal … are automatically updated to use the new
 * name or path", IAM User Guide, Using_Renaming.html). Account roots, assumed-role session ARNs,
 * services, federated providers and `*` are untouched; so are Conditions (aws:PrincipalArn keeps
 * matching a recreated entity, as on AWS).
 */
import { parseArn } from '../../iam/policy/arn.js';
import type { Database } from '../../store/index.js';
import { awsPrincipalValues, rewriteAwsPrincipals } from './principal-values.js';
import { nameKey } from './store-shared.js';

/** The unique ids a Principal may hold (the policy engine's own test, src/iam/policy/principals.ts). */
const PRINCIPAL_ID = /^A(IDA|ROA)[A-Z0-9]{16,}$/;
/** A user or role ARN's resource: type, optional path, name. */
const ENTITY_RESOURCE = /^(user|role)\/(?:.*\/)?([^/]+)$/;
/** Cheap pre-checks: most policies name no IAM user or role and are returned untouched. */
const MAY_NAME_ENTITY = /:iam::|A(IDA|ROA)/;
const MAY_HOLD_ID = /A(IDA|ROA)/;

const TABLES = {
  user: { table: 'iam_users', id: 'user_id' },
  role: { table: 'iam_roles', id: 'role_id' },
} as const;

/** What a principal value names in this server's IAM. */
type Named =
  | { kind: 'entity'; id: string }
  /** A user or role ARN in an account this server holds, or a unique id, naming nothing. */
  | { kind: 'missing' }
  /** Anything else: accounts, sessions, services, other accounts' ARNs. */
  | { kind: 'other' };

/** Unique ids and ARNs of IAM users and roles, read from the IAM tables of `db`. */
export class PrincipalDirectory {
  constructor(private readonly db: Database) {}

  /** The current ARN of the user or role with this unique id, if it exists. */
  async arnOf(uniqueId: string): Promise<string | undefined> {
    const t = uniqueId.startsWith('AIDA')
      ? TABLES.user
      : uniqueId.startsWith('AROA')
        ? TABLES.role
        : undefined;
    if (!t) return undefined;
    const r = await this.db.get<{ arn: string }>(`SELECT arn FROM ${t.table} WHERE ${t.id} = ?`, [uniqueId]);
    return r?.arn;
  }

  async name(value: string): Promise<Named> {
    if (PRINCIPAL_ID.test(value)) {
      return (await this.arnOf(value)) === undefined ? { kind: 'missing' } : { kind: 'entity', id: value };
    }
    const arn = parseArn(value);
    const m = arn?.service === 'iam' ? ENTITY_RESOURCE.exec(arn.resource) : null;
    if (!arn || !m) return { kind: 'other' };
    // Accounts this server does not hold cannot be checked: their ARNs stay as written.
    if (!(await this.db.get('SELECT 1 AS held FROM iam_accounts WHERE account_id = ?', [arn.account])))
      return { kind: 'other' };
    const t = TABLES[m[1] as 'user' | 'role'];
    const row = await this.db.get<{ id: string; arn: string }>(
      `SELECT ${t.id} AS id, arn FROM ${t.table} WHERE account_id = ? AND name_key = ?`,
      [arn.account, nameKey(m[2])],
    );
    // The ARN's path and name must be the entity's own.
    if (!row || !row.arn.endsWith(`:${arn.resource}`)) return { kind: 'missing' };
    return { kind: 'entity', id: row.id };
  }
}

/** The first `AWS` principal value naming no existing user or role (IAM refuses the policy), if any. */
export async function missingPrincipal(
  directory: PrincipalDirectory,
  text: string,
): Promise<string | undefined> {
  if (!MAY_NAME_ENTITY.test(text)) return undefined;
  for (const v of awsPrincipalValues(text)) if ((await directory.name(v)).kind === 'missing') return v;
  return undefined;
}

/**
 * `text` with its `AWS` principal values rewritten as `lookup` answers, each distinct value looked
 * up once before the (synchronous) rewrite.
 */
async function rewriteLookedUp(
  text: string,
  lookup: (value: string) => Promise<string | undefined>,
): Promise<string> {
  const answers = new Map<string, string | undefined>();
  for (const v of awsPrincipalValues(text)) if (!answers.has(v)) answers.set(v, await lookup(v));
  if (answers.size === 0) return text;
  return rewriteAwsPrincipals(text, (value) => answers.get(value));
}

/**
 * The text to store: each `AWS` principal naming an existing user or role by ARN becomes its unique
 * id. Values naming nothing are left as written (the API layer refuses them first, with
 * {@link missingPrincipal}).
 */
export async function bindPrincipals(directory: PrincipalDirectory, text: string): Promise<string> {
  if (!MAY_NAME_ENTITY.test(text)) return text;
  return rewriteLookedUp(text, async (value) => {
    const named = await directory.name(value);
    return named.kind === 'entity' ? named.id : undefined;
  });
}

/** Whether a stored text may name a user or role by unique id (else it is shown as stored). */
export const holdsPrincipalIds = (text: string): boolean => MAY_HOLD_ID.test(text);

/** The text as IAM shows it: each unique id of an existing user or role becomes its current ARN. */
export async function showPrincipals(directory: PrincipalDirectory, text: string): Promise<string> {
  if (!holdsPrincipalIds(text)) return text;
  return rewriteLookedUp(text, async (value) =>
    PRINCIPAL_ID.test(value) ? directory.arnOf(value) : undefined,
  );
}
