/**
 * Managed policy attachments: Attach/Detach/ListAttached{Role,User,Group}Policies
 * (API_AttachRolePolicy.html and siblings). AWS managed policies attach like customer managed ones.
 * Quota: 10 managed policies per role, user or group by default (reference_iam-quotas.html), refused
 * with "Cannot exceed quota for PoliciesPerRole: 10" (aws/eks-hybrid#741),
 * "… PoliciesPerGroup: 10" (aws/aws-cdk#13515) and "… PoliciesPerUser: 10" alike.
 */
import type { PageRequest } from '../../../store/index.js';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { Constraint } from '../../shared/constraints.js';
import type { IamDeps } from '../deps.js';
import type { OutputOf } from '../../../wire/model/types/iam.js';
import { limitExceeded } from '../errors.js';
import type { PrincipalEntityKind } from '../model.js';
import { one, ownerArn, ownerKeys } from './policy-arns.js';
import { policyNotFound, requireAttachable, requireOwner } from './policy-entities.js';
import { refuseServiceLinkedChange } from './service-linked-roles.js';
import { pageOutput } from './policy-output.js';
import { accountOf, checked, pageOf, str, type Raw } from './policy-parse.js';
import { SHAPES } from './policy-shapes.js';

/** Managed policies per role, user or group (reference_iam-quotas.html, default 10). */
export const MANAGED_POLICIES_PER_ENTITY = 10;

interface Family {
  kind: PrincipalEntityKind;
  title: 'Role' | 'User' | 'Group';
  owner: Constraint;
}

const FAMILIES: Family[] = [
  { kind: 'role', title: 'Role', owner: SHAPES.roleName },
  { kind: 'user', title: 'User', owner: SHAPES.userName },
  { kind: 'group', title: 'Group', owner: SHAPES.groupName },
];

interface AttachInput {
  owner: string;
  PolicyArn: string;
}

function familyOperations(deps: IamDeps, f: Family): OperationSpec[] {
  const { store } = deps;
  const ownerMember = `${f.title}Name`;
  const parse = (raw: Raw): AttachInput =>
    checked(
      [
        [ownerMember, str(raw, ownerMember), f.owner],
        ['PolicyArn', str(raw, 'PolicyArn'), SHAPES.arn],
      ],
      { owner: str(raw, ownerMember) as string, PolicyArn: str(raw, 'PolicyArn') as string },
    );
  const resources = async (i: { owner: string }, ctx: RequestContext) => [
    await ownerArn(deps, ctx, f.kind, i.owner),
  ];
  const keys = async (i: AttachInput, ctx: RequestContext) => ({
    ...(await ownerKeys(deps, ctx, f.kind, i.owner)),
    'iam:PolicyARN': one(i.PolicyArn),
  });

  const attach = defineOperation<AttachInput, OutputOf<`Attach${Family['title']}Policy`>>({
    name: `Attach${f.title}Policy`,
    action: `iam:Attach${f.title}Policy`,
    parse,
    resources,
    conditionKeys: keys,
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        const owner = await requireOwner(store, account, f.kind, i.owner);
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

  const detach = defineOperation<AttachInput, OutputOf<`Detach${Family['title']}Policy`>>({
    name: `Detach${f.title}Policy`,
    action: `iam:Detach${f.title}Policy`,
    parse,
    resources,
    conditionKeys: keys,
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        const owner = await requireOwner(store, account, f.kind, i.owner);
        refuseServiceLinkedChange(owner);
        // "Policy ARN was not found." when it is not attached (moto's text, as IAM answers).
        if (!(await store.attachments.detach(account, f.kind, owner.name, i.PolicyArn)))
          throw policyNotFound(i.PolicyArn);
      });
      return undefined;
    },
  });

  const listAttached = defineOperation<
    { owner: string; PathPrefix?: string; page: PageRequest },
    OutputOf<`ListAttached${Family['title']}Policies`>
  >({
    name: `ListAttached${f.title}Policies`,
    action: `iam:ListAttached${f.title}Policies`,
    parse(raw) {
      const p = pageOf(raw);
      return checked(
        [
          [ownerMember, str(raw, ownerMember), f.owner],
          ['PathPrefix', str(raw, 'PathPrefix'), SHAPES.policyPath],
          ...p.checks,
        ],
        { owner: str(raw, ownerMember) as string, PathPrefix: str(raw, 'PathPrefix'), page: p.page },
      );
    },
    resources,
    conditionKeys: (i, ctx) => ownerKeys(deps, ctx, f.kind, i.owner),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const owner = await requireOwner(store, account, f.kind, i.owner);
      const opts = { ...i.page, ...(i.PathPrefix ? { pathPrefix: i.PathPrefix } : {}) };
      return pageOutput('AttachedPolicies', await store.attachments.list(account, f.kind, owner.name, opts));
    },
  });

  return [attach, detach, listAttached];
}

export function attachOperations(deps: IamDeps): OperationSpec[] {
  return FAMILIES.flatMap((f) => familyOperations(deps, f));
}
