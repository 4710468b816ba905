/**
 * Managed policy attachments: Attach/Detach/ListAttached{Role,User,Group}Policies
 * (API_AttachRolePolicy.html and siblings). AWS managed policies attach like customer managed ones.
 * Quota: 10 managed policies per role, user or group by default (reference_iam-quotas.html), refused
 * with "Cannot exceed quota for PoliciesPerRole: 10" (aws/eks-hybrid#741),
 * "… PoliciesPerGroup: 10" (aws/aws-cdk#13515) and "… PoliciesPerUser: 10" alike.
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';
import { limitExceeded } from '../errors.js';
import type { PrincipalEntityKind } from '../model.js';
import { one, ownerArn, ownerKeys } from './policy-arns.js';
import { policyNotFound, requireAttachable, requireOwner } from './policy-entities.js';
import { refuseServiceLinkedChange } from './service-linked-roles.js';
import { pageOutput } from './policy-output.js';
import { accountOf, ownerNameOf, pageRequest, type OwnerInput } from './policy-parse.js';

/** Managed policies per role, user or group (reference_iam-quotas.html, default 10). */
export const MANAGED_POLICIES_PER_ENTITY = 10;

interface Family {
  kind: PrincipalEntityKind;
  title: 'Role' | 'User' | 'Group';
}

const FAMILIES: Family[] = [
  { kind: 'role', title: 'Role' },
  { kind: 'user', title: 'User' },
  { kind: 'group', title: 'Group' },
];

type Title = Family['title'];
type AttachInput = InputOf<`Attach${Title}Policy`>;

function familyOperations(deps: IamDeps, f: Family): OperationSpec[] {
  const { store } = deps;
  const resources = async (i: OwnerInput, ctx: RequestContext) => [
    await ownerArn(deps, ctx, f.kind, ownerNameOf(i)),
  ];
  const keys = async (i: AttachInput, ctx: RequestContext) => ({
    ...(await ownerKeys(deps, ctx, f.kind, ownerNameOf(i))),
    'iam:PolicyARN': one(i.PolicyArn),
  });

  const attach = defineOperation<AttachInput, OutputOf<`Attach${Title}Policy`>>({
    name: `Attach${f.title}Policy`,
    action: `iam:Attach${f.title}Policy`,
    resources,
    conditionKeys: keys,
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        const owner = await requireOwner(store, account, f.kind, ownerNameOf(i));
        refuseServiceLinkedChange(owner);
        await requireAttachable(store, account, i.PolicyArn);
        const attached = (await store.attachments.list(account, f.kind, owner.name, { maxItems: 1000 }))
          .items;
        // Attaching an attached policy again succeeds and changes nothing.
        if (attached.some((a) => a.PolicyArn === i.PolicyArn)) return;
        if (attached.length >= MANAGED_POLICIES_PER_ENTITY) {
          throw limitExceeded(
            `Cannot exceed quota for PoliciesPer${f.title}: ${MANAGED_POLICIES_PER_ENTITY}`,
          );
        }
        await store.attachments.attach(account, f.kind, owner.name, i.PolicyArn);
      });
      return undefined;
    },
  });

  const detach = defineOperation<InputOf<`Detach${Title}Policy`>, OutputOf<`Detach${Title}Policy`>>({
    name: `Detach${f.title}Policy`,
    action: `iam:Detach${f.title}Policy`,
    resources,
    conditionKeys: keys,
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        const owner = await requireOwner(store, account, f.kind, ownerNameOf(i));
        refuseServiceLinkedChange(owner);
        // "Policy ARN was not found." when it is not attached (moto's text, as IAM answers).
        if (!(await store.attachments.detach(account, f.kind, owner.name, i.PolicyArn)))
          throw policyNotFound(i.PolicyArn);
      });
      return undefined;
    },
  });

  const listAttached = defineOperation<
    InputOf<`ListAttached${Title}Policies`>,
    OutputOf<`ListAttached${Title}Policies`>
  >({
    name: `ListAttached${f.title}Policies`,
    action: `iam:ListAttached${f.title}Policies`,
    resources,
    conditionKeys: (i, ctx) => ownerKeys(deps, ctx, f.kind, ownerNameOf(i)),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const owner = await requireOwner(store, account, f.kind, ownerNameOf(i));
      const opts = { ...pageRequest(i), ...(i.PathPrefix ? { pathPrefix: i.PathPrefix } : {}) };
      return pageOutput('AttachedPolicies', await store.attachments.list(account, f.kind, owner.name, opts));
    },
  });

  return [attach, detach, listAttached];
}

export function attachOperations(deps: IamDeps): OperationSpec[] {
  return FAMILIES.flatMap((f) => familyOperations(deps, f));
}
