/**
 * What IAM authorizes for these operations (Service Authorization Reference,
 * list_awsidentityandaccessmanagementiam.html): the resource ARN — arn:aws:iam::<acct>:role/<path><name>,
 * user/<path><name>, group/<path><name>, policy/<path><name> — and the condition keys:
 * aws:RequestTag/<k> and aws:TagKeys on the Create and Tag actions (aws:TagKeys on Untag),
 * aws:ResourceTag/<k> of a tagged role, user or policy, iam:PolicyARN on Attach and Detach, iam:PermissionsBoundary on
 * the role and user actions that list it.
 */
import type { RequestContext } from '../../../wire/context.js';
import type { ContextKeyValue } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import type { PrincipalEntityKind, Tag } from '../model.js';
import { accountOf } from './policy-parse.js';

export type Keys = Record<string, ContextKeyValue>;

export const one = (v: string): ContextKeyValue => ({ values: [v], list: false });

export async function entityArn(
  deps: IamDeps,
  account: string,
  kind: PrincipalEntityKind | 'policy',
  path: string,
  name: string,
): Promise<string> {
  return `arn:${await deps.store.accounts.partitionOf(account)}:iam::${account}:${kind}${path}${name}`;
}

/**
 * The ARN of a named user, group or role: the stored one (its path is part of it), or, for one that
 * does not exist, the ARN under `/` — IAM still authorizes before answering NoSuchEntity.
 */
export async function ownerArn(
  deps: IamDeps,
  ctx: RequestContext,
  kind: PrincipalEntityKind,
  name: string,
): Promise<string> {
  const account = accountOf(ctx);
  const s = deps.store;
  const stored =
    kind === 'role'
      ? await s.roles.get(account, name)
      : kind === 'user'
        ? await s.users.get(account, name)
        : await s.groups.get(account, name);
  return stored?.Arn ?? (await entityArn(deps, account, kind, '/', name));
}

/** aws:RequestTag/<key> for each tag and aws:TagKeys (multivalued) — id_tags_iam-tags.html. */
export function requestTagKeys(tags: readonly Tag[] | undefined): Keys {
  if (!tags || tags.length === 0) return {};
  const keys: Keys = { 'aws:TagKeys': { values: tags.map((t) => t.Key), list: true } };
  for (const t of tags) keys[`aws:RequestTag/${t.Key}`] = one(t.Value);
  return keys;
}

export function tagKeysKey(tagKeys: readonly string[]): Keys {
  return tagKeys.length ? { 'aws:TagKeys': { values: [...tagKeys], list: true } } : {};
}

/** aws:ResourceTag/<key> of the resource, when it has tags. */
export function resourceTagKeys(tags: readonly Tag[] | undefined): Keys {
  const keys: Keys = {};
  for (const t of tags ?? []) keys[`aws:ResourceTag/${t.Key}`] = one(t.Value);
  return keys;
}

/** A role's or user's own tags and boundary, as the condition keys of an action on it. */
export async function ownerKeys(
  deps: IamDeps,
  ctx: RequestContext,
  kind: PrincipalEntityKind,
  name: string,
): Promise<Keys> {
  if (kind === 'group') return {};
  const account = accountOf(ctx);
  const e =
    kind === 'role' ? await deps.store.roles.get(account, name) : await deps.store.users.get(account, name);
  if (!e) return {};
  const keys = resourceTagKeys(e.Tags);
  const boundary = e.PermissionsBoundary?.PermissionsBoundaryArn;
  if (boundary) keys['iam:PermissionsBoundary'] = one(boundary);
  return keys;
}

/** A customer managed policy's tags as aws:ResourceTag/<key>. */
export async function policyKeys(deps: IamDeps, ctx: RequestContext, arn: string): Promise<Keys> {
  return resourceTagKeys((await deps.store.policies.get(accountOf(ctx), arn))?.Tags);
}
