/**
 * GetAccountAuthorizationDetails' entries (API_GetAccountAuthorizationDetails.html): UserDetail,
 * GroupDetail, RoleDetail and ManagedPolicyDetail, with every policy document URL-encoded "compliant
 * with RFC 3986" as IAM returns them (API_PolicyVersion.html, API_RoleDetail.html). AWS managed
 * policies appear only where attached in the account, as IAM lists the policies in use.
 */
import type { Page } from '../../../store/index.js';
import type { IamStore } from '../store.js';
import type {
  GroupDetail,
  InstanceProfile,
  ManagedPolicyDetail,
  RoleDetail,
  UserDetail,
} from '../../../wire/model/types/iam.js';
import { groupOut } from './group-shapes.js';
import { instanceProfileOutput, instanceProfilesOf } from '../operations/instance-profile-shapes.js';

/** RFC 3986 percent-encoding: encodeURIComponent plus the sub-delims it leaves alone. */
export const urlEncode = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export type EntityType = 'User' | 'Group' | 'Role' | 'LocalManagedPolicy' | 'AWSManagedPolicy';
export type DetailEntry =
  | { list: 'UserDetailList'; item: UserDetail }
  | { list: 'GroupDetailList'; item: GroupDetail }
  | { list: 'RoleDetailList'; item: RoleDetail }
  | { list: 'Policies'; item: ManagedPolicyDetail };

/** Every page of a keyset-paginated list. */
async function all<T>(read: (marker: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  do {
    const page = await read(marker);
    out.push(...page.items);
    marker = page.isTruncated ? page.marker : undefined;
  } while (marker);
  return out;
}

const inline = async (store: IamStore, kind: 'user' | 'group' | 'role', id: string) =>
  (await store.inlinePolicies.byOwnerId(kind, id)).map((p) => ({
    PolicyName: p.PolicyName,
    PolicyDocument: urlEncode(p.PolicyDocument),
  }));

const attached = async (store: IamStore, kind: 'user' | 'group' | 'role', id: string) =>
  (await store.attachments.arnsByOwnerId(kind, id)).map((arn) => ({
    PolicyName: arn.slice(arn.lastIndexOf('/') + 1),
    PolicyArn: arn,
  }));

/** The account's entries in IAM's order (users, groups, roles, policies), filtered by type. */
export async function detailEntries(
  store: IamStore,
  account: string,
  filter: ReadonlySet<EntityType>,
): Promise<DetailEntry[]> {
  const out: DetailEntry[] = [];
  const want = (t: EntityType) => filter.size === 0 || filter.has(t);
  if (want('User')) {
    for (const u of await all((m) => store.users.list(account, { marker: m, maxItems: 1000 }))) {
      const item: UserDetail = {
        Path: u.Path,
        UserName: u.UserName,
        UserId: u.UserId,
        Arn: u.Arn,
        CreateDate: u.CreateDate,
        UserPolicyList: await inline(store, 'user', u.UserId),
        GroupList: (await store.groups.groupsOfUser(account, u.UserName, { maxItems: 1000 })).items.map(
          (g) => g.GroupName,
        ),
        AttachedManagedPolicies: await attached(store, 'user', u.UserId),
        PermissionsBoundary: u.PermissionsBoundary,
      };
      if (u.Tags.length) item.Tags = u.Tags;
      out.push({ list: 'UserDetailList', item });
    }
  }
  if (want('Group')) {
    for (const g of await all((m) => store.groups.list(account, { marker: m, maxItems: 1000 }))) {
      out.push({
        list: 'GroupDetailList',
        item: {
          ...groupOut(g),
          GroupPolicyList: await inline(store, 'group', g.GroupId),
          AttachedManagedPolicies: await attached(store, 'group', g.GroupId),
        },
      });
    }
  }
  if (want('Role')) {
    for (const r of await all((m) => store.roles.list(account, { marker: m, maxItems: 1000 }))) {
      const item: RoleDetail = {
        Path: r.Path,
        RoleName: r.RoleName,
        RoleId: r.RoleId,
        Arn: r.Arn,
        CreateDate: r.CreateDate,
        AssumeRolePolicyDocument: urlEncode(r.AssumeRolePolicyDocument),
        InstanceProfileList: (
          await instanceProfilesOf(store).listForRole(r.RoleId, { maxItems: 1000 })
        ).items.map((p) => instanceProfileOutput(p) as unknown as InstanceProfile),
        RolePolicyList: await inline(store, 'role', r.RoleId),
        AttachedManagedPolicies: await attached(store, 'role', r.RoleId),
        PermissionsBoundary: r.PermissionsBoundary,
        RoleLastUsed: r.RoleLastUsed ?? {},
      };
      if (r.Tags.length) item.Tags = r.Tags;
      out.push({ list: 'RoleDetailList', item });
    }
  }
  const scopes: ('Local' | 'AWS')[] = [];
  if (want('LocalManagedPolicy')) scopes.push('Local');
  if (want('AWSManagedPolicy')) scopes.push('AWS');
  for (const scope of scopes) {
    const policies = await all((m) =>
      store.policies.list(account, { scope, onlyAttached: scope === 'AWS', marker: m, maxItems: 1000 }),
    );
    for (const p of policies) {
      const { Tags: _tags, ...rest } = p;
      out.push({
        list: 'Policies',
        item: {
          ...rest,
          PolicyVersionList: ((await store.policies.versions(account, p.Arn)) ?? []).map((v) => ({
            Document: urlEncode(v.Document),
            VersionId: v.VersionId,
            IsDefaultVersion: v.IsDefaultVersion,
            CreateDate: v.CreateDate,
          })),
        },
      });
    }
  }
  return out;
}
