/**
 * IAM users, groups and roles through the IAM API, one shape for the three so that their pages
 * share code: list (every page of Marker/IsTruncated), create, delete (the way AWS's console does:
 * the entity's inline policies, attachments, memberships and access keys first, since DeleteUser,
 * DeleteGroup and DeleteRole answer DeleteConflict while any remain — API_DeleteRole.html), and
 * their inline and attached policies.
 */
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  type AttachedPolicy,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { clients } from '../../aws/clients.js';
import { decodeDocument } from './policy-text.js';

export type EntityKind = 'user' | 'group' | 'role';

export const KIND_LABEL: Record<EntityKind, { one: string; many: string; path: string }> = {
  user: { one: 'User', many: 'Users', path: '/iam/users' },
  group: { one: 'Group', many: 'Groups', path: '/iam/groups' },
  role: { one: 'Role', many: 'Roles', path: '/iam/roles' },
};

export interface EntitySummary {
  kind: EntityKind;
  name: string;
  arn: string;
  id: string;
  path: string;
  created?: Date;
  description?: string;
}

const iam = (): IAMClient => clients().iam;

/** Every page of a Marker-paged list. */
async function all<T>(
  page: (marker?: string) => Promise<{ items?: T[]; IsTruncated?: boolean; Marker?: string }>,
) {
  const out: T[] = [];
  let marker: string | undefined;
  for (;;) {
    const r = await page(marker);
    out.push(...(r.items ?? []));
    if (!r.IsTruncated || !r.Marker) return out;
    marker = r.Marker;
  }
}

export async function listEntities(kind: EntityKind): Promise<EntitySummary[]> {
  if (kind === 'user')
    return (
      await all(async (Marker) => {
        const r = await iam().send(new ListUsersCommand({ Marker }));
        return { ...r, items: r.Users };
      })
    ).map((u) => ({
      kind,
      name: u.UserName!,
      arn: u.Arn!,
      id: u.UserId!,
      path: u.Path!,
      created: u.CreateDate,
    }));
  if (kind === 'group')
    return (
      await all(async (Marker) => {
        const r = await iam().send(new ListGroupsCommand({ Marker }));
        return { ...r, items: r.Groups };
      })
    ).map((g) => ({
      kind,
      name: g.GroupName!,
      arn: g.Arn!,
      id: g.GroupId!,
      path: g.Path!,
      created: g.CreateDate,
    }));
  return (
    await all(async (Marker) => {
      const r = await iam().send(new ListRolesCommand({ Marker }));
      return { ...r, items: r.Roles };
    })
  ).map((r) => ({
    kind,
    name: r.RoleName!,
    arn: r.Arn!,
    id: r.RoleId!,
    path: r.Path!,
    created: r.CreateDate,
    description: r.Description,
  }));
}

export interface NewEntity {
  name: string;
  path?: string;
  /** Roles: the trust policy (AssumeRolePolicyDocument) and a description. */
  trustPolicy?: string;
  description?: string;
}

export async function createEntity(kind: EntityKind, e: NewEntity): Promise<string> {
  const Path = e.path?.trim() || undefined;
  if (kind === 'user')
    return (await iam().send(new CreateUserCommand({ UserName: e.name, Path }))).User!.Arn!;
  if (kind === 'group')
    return (await iam().send(new CreateGroupCommand({ GroupName: e.name, Path }))).Group!.Arn!;
  const r = await iam().send(
    new CreateRoleCommand({
      RoleName: e.name,
      Path,
      AssumeRolePolicyDocument: e.trustPolicy ?? '',
      Description: e.description?.trim() || undefined,
    }),
  );
  return r.Role!.Arn!;
}

export interface EntityDetail extends EntitySummary {
  /** Roles: the trust policy, decoded. */
  trustPolicy?: string;
  maxSessionDuration?: number;
  boundaryArn?: string;
  /** Users: their groups; groups: their users. */
  members: string[];
}

export async function getEntity(kind: EntityKind, name: string): Promise<EntityDetail> {
  if (kind === 'user') {
    const u = (await iam().send(new GetUserCommand({ UserName: name }))).User!;
    const groups = await all(async (Marker) => {
      const r = await iam().send(new ListGroupsForUserCommand({ UserName: name, Marker }));
      return { ...r, items: r.Groups };
    });
    return {
      kind,
      name: u.UserName!,
      arn: u.Arn!,
      id: u.UserId!,
      path: u.Path!,
      created: u.CreateDate,
      boundaryArn: u.PermissionsBoundary?.PermissionsBoundaryArn,
      members: groups.map((g) => g.GroupName!),
    };
  }
  if (kind === 'group') {
    const users: string[] = [];
    let group: EntitySummary | undefined;
    await all(async (Marker) => {
      const r = await iam().send(new GetGroupCommand({ GroupName: name, Marker }));
      const g = r.Group!;
      group ??= {
        kind,
        name: g.GroupName!,
        arn: g.Arn!,
        id: g.GroupId!,
        path: g.Path!,
        created: g.CreateDate,
      };
      users.push(...(r.Users ?? []).map((u) => u.UserName!));
      return { ...r, items: [] };
    });
    return { ...group!, members: users };
  }
  const r = (await iam().send(new GetRoleCommand({ RoleName: name }))).Role!;
  return {
    kind,
    name: r.RoleName!,
    arn: r.Arn!,
    id: r.RoleId!,
    path: r.Path!,
    created: r.CreateDate,
    description: r.Description,
    trustPolicy: decodeDocument(r.AssumeRolePolicyDocument),
    maxSessionDuration: r.MaxSessionDuration,
    boundaryArn: r.PermissionsBoundary?.PermissionsBoundaryArn,
    members: [],
  };
}

export async function inlinePolicyNames(kind: EntityKind, name: string): Promise<string[]> {
  return all(async (Marker) => {
    const r =
      kind === 'user'
        ? await iam().send(new ListUserPoliciesCommand({ UserName: name, Marker }))
        : kind === 'group'
          ? await iam().send(new ListGroupPoliciesCommand({ GroupName: name, Marker }))
          : await iam().send(new ListRolePoliciesCommand({ RoleName: name, Marker }));
    return { ...r, items: r.PolicyNames };
  });
}

/** An inline policy's document, decoded. */
export async function inlinePolicy(kind: EntityKind, name: string, policyName: string): Promise<string> {
  const r =
    kind === 'user'
      ? await iam().send(new GetUserPolicyCommand({ UserName: name, PolicyName: policyName }))
      : kind === 'group'
        ? await iam().send(new GetGroupPolicyCommand({ GroupName: name, PolicyName: policyName }))
        : await iam().send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }));
  return decodeDocument(r.PolicyDocument);
}

export async function putInlinePolicy(kind: EntityKind, name: string, policyName: string, doc: string) {
  const PolicyName = policyName;
  const PolicyDocument = doc;
  if (kind === 'user')
    await iam().send(new PutUserPolicyCommand({ UserName: name, PolicyName, PolicyDocument }));
  else if (kind === 'group')
    await iam().send(new PutGroupPolicyCommand({ GroupName: name, PolicyName, PolicyDocument }));
  else await iam().send(new PutRolePolicyCommand({ RoleName: name, PolicyName, PolicyDocument }));
}

export async function deleteInlinePolicy(kind: EntityKind, name: string, policyName: string) {
  const PolicyName = policyName;
  if (kind === 'user') await iam().send(new DeleteUserPolicyCommand({ UserName: name, PolicyName }));
  else if (kind === 'group') await iam().send(new DeleteGroupPolicyCommand({ GroupName: name, PolicyName }));
  else await iam().send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName }));
}

export async function attachedPolicies(kind: EntityKind, name: string): Promise<AttachedPolicy[]> {
  return all(async (Marker) => {
    const r =
      kind === 'user'
        ? await iam().send(new ListAttachedUserPoliciesCommand({ UserName: name, Marker }))
        : kind === 'group'
          ? await iam().send(new ListAttachedGroupPoliciesCommand({ GroupName: name, Marker }))
          : await iam().send(new ListAttachedRolePoliciesCommand({ RoleName: name, Marker }));
    return { ...r, items: r.AttachedPolicies };
  });
}

async function detach(kind: EntityKind, name: string, PolicyArn: string) {
  if (kind === 'user') await iam().send(new DetachUserPolicyCommand({ UserName: name, PolicyArn }));
  else if (kind === 'group') await iam().send(new DetachGroupPolicyCommand({ GroupName: name, PolicyArn }));
  else await iam().send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn }));
}

/** Deletes an entity and what IAM requires gone first (inline policies, attachments, memberships, keys). */
export async function deleteEntity(kind: EntityKind, name: string): Promise<void> {
  for (const p of await inlinePolicyNames(kind, name)) await deleteInlinePolicy(kind, name, p);
  for (const p of await attachedPolicies(kind, name)) await detach(kind, name, p.PolicyArn!);
  if (kind === 'user') {
    const detail = await getEntity('user', name);
    for (const g of detail.members)
      await iam().send(new RemoveUserFromGroupCommand({ GroupName: g, UserName: name }));
    const keys = (await iam().send(new ListAccessKeysCommand({ UserName: name }))).AccessKeyMetadata ?? [];
    for (const k of keys)
      await iam().send(new DeleteAccessKeyCommand({ UserName: name, AccessKeyId: k.AccessKeyId! }));
    await iam().send(new DeleteUserCommand({ UserName: name }));
  } else if (kind === 'group') {
    const detail = await getEntity('group', name);
    for (const u of detail.members)
      await iam().send(new RemoveUserFromGroupCommand({ GroupName: name, UserName: u }));
    await iam().send(new DeleteGroupCommand({ GroupName: name }));
  } else {
    await iam().send(new DeleteRoleCommand({ RoleName: name }));
  }
}

export async function addUserToGroup(user: string, group: string) {
  await iam().send(new AddUserToGroupCommand({ UserName: user, GroupName: group }));
}

/** A managed policy's default version document, decoded. */
export async function managedPolicyDocument(arn: string): Promise<string> {
  const p = (await iam().send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
  const v = await iam().send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: p.DefaultVersionId! }));
  return decodeDocument(v.PolicyVersion?.Document);
}

/** `user/…`, `group/…` or `role/…` of an IAM ARN, with its name (the last path segment). */
export function entityOfArn(arn: string): { kind: EntityKind; name: string } | undefined {
  const m = /^arn:[\w-]+:iam::\d{12}:(user|group|role)\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? { kind: m[1] as EntityKind, name: m[2] } : undefined;
}
