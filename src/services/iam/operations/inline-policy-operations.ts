/**
 * Inline policies of roles, users and groups: Put/Get/Delete/List{Role,User,Group}Policy
 * (API_PutRolePolicy.html, API_PutUserPolicy.html, API_PutGroupPolicy.html and their siblings).
 * The three families differ only in the owner's member name and constraint, so one builder makes
 * all twelve operations.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';
import { noSuchEntity } from '../errors.js';
import type { InlinePolicy, PrincipalEntityKind } from '../model.js';
import { ownerArn, ownerKeys } from './policy-arns.js';
import { encodeDocument, requireInlineRoom, requireValidDocument } from './policy-document.js';
import { requireOwner } from './policy-entities.js';
import { refuseServiceLinkedChange } from './service-linked-roles.js';
import { pageOutput } from './policy-output.js';
import { accountOf, ownerNameOf, pageRequest, type OwnerInput } from './policy-parse.js';
import { requestPartition } from '../../shared/request-partition.js';

interface Family {
  kind: PrincipalEntityKind;
  /** `Role`, `User`, `Group`: in action names and the owner member (`RoleName`). */
  title: 'Role' | 'User' | 'Group';
}

const FAMILIES: Family[] = [
  { kind: 'role', title: 'Role' },
  { kind: 'user', title: 'User' },
  { kind: 'group', title: 'Group' },
];

/** "The role policy with name X cannot be found." (aws/aws-cli#6139), user and group alike. */
const inlineNotFound = (kind: PrincipalEntityKind, name: string) =>
  noSuchEntity(`The ${kind} policy with name ${name} cannot be found.`);

type Title = Family['title'];

/** Get{Role,User,Group}Policy: the owner under its own member, the document URL-encoded. */
function inlinePolicyOutput(title: Title, owner: string, p: InlinePolicy): OutputOf<`Get${Title}Policy`> {
  const common = { PolicyName: p.PolicyName, PolicyDocument: encodeDocument(p.PolicyDocument) };
  if (title === 'Role') return { RoleName: owner, ...common };
  if (title === 'User') return { UserName: owner, ...common };
  return { GroupName: owner, ...common };
}

function familyOperations(deps: IamDeps, f: Family): OperationSpec[] {
  const { store } = deps;
  const authz = {
    resources: async (i: OwnerInput, ctx: Parameters<typeof ownerArn>[1]) => [
      await ownerArn(deps, ctx, f.kind, ownerNameOf(i)),
    ],
    conditionKeys: (i: OwnerInput, ctx: Parameters<typeof ownerArn>[1]) =>
      ownerKeys(deps, ctx, f.kind, ownerNameOf(i)),
  };

  const put = defineOperation<InputOf<`Put${Title}Policy`>, OutputOf<`Put${Title}Policy`>>({
    name: `Put${f.title}Policy`,
    action: `iam:Put${f.title}Policy`,
    ...authz,
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        const owner = await requireOwner(store, account, f.kind, ownerNameOf(i));
        refuseServiceLinkedChange(owner);
        requireValidDocument(i.PolicyDocument, 'identity', {
          partition: requestPartition(ctx),
          inlineOwner: f.kind,
          entityName: owner.name,
        });
        await requireInlineRoom(store, account, f.kind, owner.name, i.PolicyName, i.PolicyDocument);
        await store.inlinePolicies.put(account, f.kind, owner.name, i.PolicyName, i.PolicyDocument);
      });
      return undefined;
    },
  });

  const get = defineOperation<InputOf<`Get${Title}Policy`>, OutputOf<`Get${Title}Policy`>>({
    name: `Get${f.title}Policy`,
    action: `iam:Get${f.title}Policy`,
    ...authz,
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const owner = await requireOwner(store, account, f.kind, ownerNameOf(i));
      const p = await store.inlinePolicies.get(account, f.kind, owner.name, i.PolicyName);
      if (!p) throw inlineNotFound(f.kind, i.PolicyName);
      return inlinePolicyOutput(f.title, owner.name, p);
    },
  });

  const remove = defineOperation<InputOf<`Delete${Title}Policy`>, OutputOf<`Delete${Title}Policy`>>({
    name: `Delete${f.title}Policy`,
    action: `iam:Delete${f.title}Policy`,
    ...authz,
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        const owner = await requireOwner(store, account, f.kind, ownerNameOf(i));
        refuseServiceLinkedChange(owner);
        if (!(await store.inlinePolicies.delete(account, f.kind, owner.name, i.PolicyName))) {
          throw inlineNotFound(f.kind, i.PolicyName);
        }
      });
      return undefined;
    },
  });

  const listNames = defineOperation<InputOf<`List${Title}Policies`>, OutputOf<`List${Title}Policies`>>({
    name: `List${f.title}Policies`,
    action: `iam:List${f.title}Policies`,
    ...authz,
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const owner = await requireOwner(store, account, f.kind, ownerNameOf(i));
      return pageOutput(
        'PolicyNames',
        await store.inlinePolicies.listNames(account, f.kind, owner.name, pageRequest(i)),
      );
    },
  });

  return [put, get, remove, listNames];
}

export function inlinePolicyOperations(deps: IamDeps): OperationSpec[] {
  return FAMILIES.flatMap((f) => familyOperations(deps, f));
}
