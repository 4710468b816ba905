/**
 * ListEntitiesForPolicy (API_ListEntitiesForPolicy.html): the users, groups and roles a managed
 * policy is attached to (PolicyUsageFilter PermissionsPolicy), set as permissions boundary on
 * (PermissionsBoundary), or both when no filter is given; EntityFilter User/Role/Group keeps one
 * kind; PathPrefix applies to the entities' paths.
 */
import { paginate } from '../../../store/index.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';
import type { Group, Role, User } from '../model.js';
import { nameKey } from '../store-shared.js';
import { policyKeys } from './policy-arns.js';
import { requirePolicy } from './policy-entities.js';
import { accountOf, pageRequest } from './policy-parse.js';

type Entity = { kind: 'Group'; e: Group } | { kind: 'User'; e: User } | { kind: 'Role'; e: Role };

export function policyEntityOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;

  /** Every item of a paginated store list. */
  async function all<T>(
    list: (marker?: string) => Promise<{ items: T[]; isTruncated: boolean; marker?: string }>,
  ): Promise<T[]> {
    const out: T[] = [];
    let marker: string | undefined;
    do {
      const page = await list(marker);
      out.push(...page.items);
      marker = page.isTruncated ? page.marker : undefined;
    } while (marker);
    return out;
  }

  async function entities(account: string, arn: string, usage: string | undefined): Promise<Entity[]> {
    const out: Entity[] = [];
    if (usage !== 'PermissionsBoundary') {
      const attached = await store.attachments.entitiesForPolicy(account, arn);
      for (const g of attached.PolicyGroups)
        out.push({ kind: 'Group', e: (await store.groups.get(account, g.GroupName))! });
      for (const u of attached.PolicyUsers)
        out.push({ kind: 'User', e: (await store.users.get(account, u.UserName))! });
      for (const r of attached.PolicyRoles)
        out.push({ kind: 'Role', e: (await store.roles.get(account, r.RoleName))! });
    }
    if (usage !== 'PermissionsPolicy') {
      const bounded = (x: User | Role) => x.PermissionsBoundary?.PermissionsBoundaryArn === arn;
      const opts = (marker?: string) => ({ maxItems: 1000, ...(marker ? { marker } : {}) });
      for (const u of (await all((m) => store.users.list(account, opts(m)))).filter(bounded)) {
        if (!out.some((x) => x.kind === 'User' && x.e.UserId === u.UserId)) out.push({ kind: 'User', e: u });
      }
      for (const r of (await all((m) => store.roles.list(account, opts(m)))).filter(bounded)) {
        if (!out.some((x) => x.kind === 'Role' && x.e.RoleId === r.RoleId)) out.push({ kind: 'Role', e: r });
      }
    }
    return out;
  }

  const nameOf = (x: Entity) =>
    x.kind === 'Group' ? x.e.GroupName : x.kind === 'User' ? x.e.UserName : x.e.RoleName;
  const keyOf = (x: Entity) => `${x.kind} ${nameKey(nameOf(x))}`;

  const op = defineOperation<InputOf<'ListEntitiesForPolicy'>, OutputOf<'ListEntitiesForPolicy'>>({
    name: 'ListEntitiesForPolicy',
    action: 'iam:ListEntitiesForPolicy',
    resources: (i) => [i.PolicyArn],
    conditionKeys: (i, ctx) => policyKeys(deps, ctx, i.PolicyArn),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await requirePolicy(store, account, i.PolicyArn);
      // LocalManagedPolicy and AWSManagedPolicy name policy kinds, not entities: no user, group or
      // role matches them.
      const kept = (await entities(account, i.PolicyArn, i.PolicyUsageFilter))
        .filter((x) => !i.EntityFilter || x.kind === i.EntityFilter)
        .filter((x) => !i.PathPrefix || x.e.Path.startsWith(i.PathPrefix))
        .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
      const page = paginate(kept, pageRequest(i), keyOf);
      return {
        PolicyGroups: page.items.flatMap((x) =>
          x.kind === 'Group' ? [{ GroupName: x.e.GroupName, GroupId: x.e.GroupId }] : [],
        ),
        PolicyUsers: page.items.flatMap((x) =>
          x.kind === 'User' ? [{ UserName: x.e.UserName, UserId: x.e.UserId }] : [],
        ),
        PolicyRoles: page.items.flatMap((x) =>
          x.kind === 'Role' ? [{ RoleName: x.e.RoleName, RoleId: x.e.RoleId }] : [],
        ),
        IsTruncated: page.isTruncated,
        Marker: page.marker,
      };
    },
  });

  return [op];
}
