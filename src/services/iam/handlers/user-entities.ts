/**
 * Finding users and groups for the operations, with IAM's NoSuchEntity texts, and the ARNs the
 * framework authorizes on (list_awsidentityandaccessmanagementiam.html: user
 * `arn:${Partition}:iam::${Account}:user/${UserNameWithPath}`, group `…:group/${GroupNameWithPath}`).
 */
import type { RequestContext } from '../../../wire/context.js';
import type { IamDeps } from '../deps.js';
import { validationError } from '../../../wire/errors.js';
import { noSuchEntity } from '../errors.js';
import type { Group, User } from '../model.js';

/**
 * NoSuchEntity texts: "The user with name X cannot be found." (API_GetUser.html's error, as IAM
 * words it; moto's get_user sends the same), "The group with name X cannot be found."
 */
export const noSuchUser = (name: string) => noSuchEntity(`The user with name ${name} cannot be found.`);
export const noSuchGroup = (name: string) => noSuchEntity(`The group with name ${name} cannot be found.`);

// One definition of each, shared with the role and policy operations.
import { entityArn } from '../operations/policy-arns.js';
import { accountOf } from '../operations/policy-parse.js';
export { accountOf, entityArn };

/**
 * The ARNs an UpdateUser or UpdateGroup authorizes: the entity as it is and, when it is renamed or
 * moved, as it will be (API_UpdateUser.html: "the requester must have appropriate permissions on
 * both the source object and the target object"; API_UpdateGroup.html likewise).
 */
export async function renameArns(
  deps: IamDeps,
  account: string,
  kind: 'user' | 'group',
  current: { Arn: string; Path: string } | undefined,
  name: string,
  change: { newName?: string; newPath?: string },
): Promise<string[]> {
  const from = current?.Arn ?? (await entityArn(deps, account, kind, '/', name));
  if (change.newName === undefined && change.newPath === undefined) return [from];
  const to = await entityArn(
    deps,
    account,
    kind,
    change.newPath ?? current?.Path ?? '/',
    change.newName ?? name,
  );
  return to === from ? [from] : [from, to];
}

/** The user's ARN with its path when it exists; `user/<name>` when it does not (yet). */
export async function userArnOf(deps: IamDeps, ctx: RequestContext, name: string): Promise<string> {
  const account = accountOf(ctx);
  return (await deps.store.users.get(account, name))?.Arn ?? entityArn(deps, account, 'user', '/', name);
}

export async function groupArnOf(deps: IamDeps, ctx: RequestContext, name: string): Promise<string> {
  const account = accountOf(ctx);
  return (await deps.store.groups.get(account, name))?.Arn ?? entityArn(deps, account, 'group', '/', name);
}

export async function requireUser(deps: IamDeps, account: string, name: string): Promise<User> {
  const user = await deps.store.users.get(account, name);
  if (!user) throw noSuchUser(name);
  return user;
}

export async function requireGroup(deps: IamDeps, account: string, name: string): Promise<Group> {
  const group = await deps.store.groups.get(account, name);
  if (!group) throw noSuchGroup(name);
  return group;
}

/** Who an operation without UserName is about: the caller itself (API_GetUser.html, API_CreateAccessKey.html). */
export type Self = { kind: 'root' } | { kind: 'user'; name: string };

/**
 * The caller as the implicit user. Root means the account's root user; a role session has no user,
 * and IAM answers "Must specify userName when calling with non-User credentials" (ValidationError,
 * as the AWS CLI shows for `aws iam get-user` under an assumed role).
 */
export function callerSelf(ctx: RequestContext): Self {
  const p = ctx.principal;
  if (p?.isRoot || p?.kind === 'Account') return { kind: 'root' };
  if (p?.kind === 'User' && p.userName) return { kind: 'user', name: p.userName };
  throw validationError('Must specify userName when calling with non-User credentials');
}
