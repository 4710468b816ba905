/**
 * Finding the users, groups, roles, managed policies and versions an operation names, with IAM's
 * NoSuchEntity texts:
 * - "The role with name X cannot be found." (prowler-cloud/prowler#2872, ListRolePolicies), and the
 *   same wording for users and groups;
 * - "The role policy with name X cannot be found." (aws/aws-cli#6139, DeleteRolePolicy), and
 *   "The user policy …", "The group policy …" alike;
 * - "Policy ARN was not found." (GetPolicy, Detach*Policy; moto's texts, matching AWS's);
 * - "Policy ARN does not exist or is not attachable." (Attach*Policy; getmoto/moto#6482 quotes
 *   the AWS response, pulumi/pulumi#7419);
 * - "Scope ARN: ARN does not exist or is not attachable." (a permissions boundary that does not
 *   exist; openshift/rosa and AWS SAM reports of CreateRole);
 * - "Policy ARN version V does not exist or is not attachable." (moto's text for a missing version).
 */
import { noSuchEntity } from '../errors.js';
import type { Group, ManagedPolicy, PolicyVersion, PrincipalEntityKind, Role, User } from '../model.js';
import type { IamStore } from '../store.js';

export const ownerNotFound = (kind: PrincipalEntityKind, name: string) =>
  noSuchEntity(`The ${kind} with name ${name} cannot be found.`);

export async function requireRole(store: IamStore, account: string, name: string): Promise<Role> {
  const role = await store.roles.get(account, name);
  if (!role) throw ownerNotFound('role', name);
  return role;
}

export async function requireUser(store: IamStore, account: string, name: string): Promise<User> {
  const user = await store.users.get(account, name);
  if (!user) throw ownerNotFound('user', name);
  return user;
}

export async function requireGroup(store: IamStore, account: string, name: string): Promise<Group> {
  const group = await store.groups.get(account, name);
  if (!group) throw ownerNotFound('group', name);
  return group;
}

/** The user, group or role an inline policy or attachment belongs to; its stored name. */
export async function requireOwner(
  store: IamStore,
  account: string,
  kind: PrincipalEntityKind,
  name: string,
): Promise<{ name: string; arn: string; boundary: string | undefined }> {
  if (kind === 'role') {
    const r = await requireRole(store, account, name);
    return { name: r.RoleName, arn: r.Arn, boundary: r.PermissionsBoundary?.PermissionsBoundaryArn };
  }
  if (kind === 'user') {
    const u = await requireUser(store, account, name);
    return { name: u.UserName, arn: u.Arn, boundary: u.PermissionsBoundary?.PermissionsBoundaryArn };
  }
  const g = await requireGroup(store, account, name);
  return { name: g.GroupName, arn: g.Arn, boundary: undefined };
}

export const policyNotFound = (arn: string) => noSuchEntity(`Policy ${arn} was not found.`);

export async function requirePolicy(store: IamStore, account: string, arn: string): Promise<ManagedPolicy> {
  const p = await store.policies.get(account, arn);
  if (!p) throw policyNotFound(arn);
  return p;
}

export async function requireAttachable(
  store: IamStore,
  account: string,
  arn: string,
): Promise<ManagedPolicy> {
  const p = await store.policies.get(account, arn);
  if (!p) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return p;
}

export async function requireBoundaryPolicy(
  store: IamStore,
  account: string,
  arn: string,
): Promise<ManagedPolicy> {
  const p = await store.policies.get(account, arn);
  if (!p) throw noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
  return p;
}

export async function requireVersion(
  store: IamStore,
  account: string,
  arn: string,
  versionId: string,
): Promise<PolicyVersion> {
  await requirePolicy(store, account, arn);
  const v = await store.policies.getVersion(account, arn, versionId);
  if (!v) throw noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
  return v;
}
