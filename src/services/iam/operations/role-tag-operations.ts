/** TagRole, UntagRole, ListRoleTags (API_TagRole.html, API_UntagRole.html, API_ListRoleTags.html). */
import type { OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import { entityTagOperations } from './entity-tag-operations.js';
import { ownerArn, ownerKeys } from './policy-arns.js';
import { requireRole } from './policy-entities.js';

export function roleTagOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  return entityTagOperations({
    entity: 'Role',
    idMember: 'RoleName',
    resource: (ctx, name) => ownerArn(deps, ctx, 'role', name),
    keys: (ctx, name) => ownerKeys(deps, ctx, 'role', name),
    tags: async (account, name) => (await requireRole(store, account, name)).Tags,
    setTags: async (account, name, tags) => {
      await store.roles.setTags(account, name, tags);
    },
    transaction: (fn) => store.transaction(fn),
  });
}
