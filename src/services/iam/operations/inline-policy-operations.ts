/**
 * Inline policies of roles, users and groups: Put/Get/Delete/List{Role,User,Group}Policy
 * (API_PutRolePolicy.html, API_PutUserPolicy.html, API_PutGroupPolicy.html and their siblings).
 * The three families differ only in the owner's member name and constraint, so one builder makes
 * all twelve operations.
 */
import type { PageRequest } from '../../../store/index.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { Constraint } from '../../shared/constraints.js';
import type { IamDeps } from '../deps.js';
import type { OutputOf } from '../../../wire/model/types/iam.js';
import { noSuchEntity } from '../errors.js';
import type { InlinePolicy, PrincipalEntityKind } from '../model.js';
import { ownerArn, ownerKeys } from './policy-arns.js';
import { encodeDocument, requireInlineRoom, requireValidDocument } from './policy-document.js';
import { requireOwner } from './policy-entities.js';
import { refuseServiceLinkedChange } from './service-linked-roles.js';
import { pageOutput } from './policy-output.js';
import { accountOf, checked, pageOf, str, type Check, type Raw } from './policy-parse.js';
import { SHAPES } from './policy-shapes.js';
import { requestPartition } from '../../shared/request-partition.js';

interface Family {
  kind: PrincipalEntityKind;
  /** `Role`, `User`, `Group`: in action names and the owner member (`RoleName`). */
  title: 'Role' | 'User' | 'Group';
  owner: Constraint;
}

const FAMILIES: Family[] = [
  { kind: 'role', title: 'Role', owner: SHAPES.roleName },
  { kind: 'user', title: 'User', owner: SHAPES.existingUserName },
  { kind: 'group', title: 'Group', owner: SHAPES.groupName },
];

interface Named {
  owner: string;
  PolicyName: string;
}

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
  const ownerMember = `${f.title}Name`;
  const ownerCheck = (raw: Raw): Check => [ownerMember, str(raw, ownerMember), f.owner];
  const named = (raw: Raw): Named =>
    checked([ownerCheck(raw), ['PolicyName', str(raw, 'PolicyName'), SHAPES.policyName]], {
      owner: str(raw, ownerMember) as string,
      PolicyName: str(raw, 'PolicyName') as string,
    });
  const authz = {
    resources: async (i: { owner: string }, ctx: Parameters<typeof ownerArn>[1]) => [
      await ownerArn(deps, ctx, f.kind, i.owner),
    ],
    conditionKeys: (i: { owner: string }, ctx: Parameters<typeof ownerArn>[1]) =>
      ownerKeys(deps, ctx, f.kind, i.owner),
  };

  const put = defineOperation<Named & { PolicyDocument: string }, OutputOf<`Put${Title}Policy`>>({
    name: `Put${f.title}Policy`,
    action: `iam:Put${f.title}Policy`,
    parse: (raw) =>
      checked(
        [
          ownerCheck(raw),
          ['PolicyName', str(raw, 'PolicyName'), SHAPES.policyName],
          ['PolicyDocument', str(raw, 'PolicyDocument'), SHAPES.policyDocument],
        ],
        {
          owner: str(raw, ownerMember) as string,
          PolicyName: str(raw, 'PolicyName') as string,
          PolicyDocument: str(raw, 'PolicyDocument') as string,
        },
      ),
    ...authz,
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        const owner = await requireOwner(store, account, f.kind, i.owner);
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

  const get = defineOperation<Named, OutputOf<`Get${Title}Policy`>>({
    name: `Get${f.title}Policy`,
    action: `iam:Get${f.title}Policy`,
    parse: named,
    ...authz,
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const owner = await requireOwner(store, account, f.kind, i.owner);
      const p = await store.inlinePolicies.get(account, f.kind, owner.name, i.PolicyName);
      if (!p) throw inlineNotFound(f.kind, i.PolicyName);
      return inlinePolicyOutput(f.title, owner.name, p);
    },
  });

  const remove = defineOperation<Named, OutputOf<`Delete${Title}Policy`>>({
    name: `Delete${f.title}Policy`,
    action: `iam:Delete${f.title}Policy`,
    parse: named,
    ...authz,
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        const owner = await requireOwner(store, account, f.kind, i.owner);
        refuseServiceLinkedChange(owner);
        if (!(await store.inlinePolicies.delete(account, f.kind, owner.name, i.PolicyName))) {
          throw inlineNotFound(f.kind, i.PolicyName);
        }
      });
      return undefined;
    },
  });

  const listNames = defineOperation<{ owner: string; page: PageRequest }, OutputOf<`List${Title}Policies`>>({
    name: `List${f.title}Policies`,
    action: `iam:List${f.title}Policies`,
    parse(raw) {
      const p = pageOf(raw);
      return checked([ownerCheck(raw), ...p.checks], {
        owner: str(raw, ownerMember) as string,
        page: p.page,
      });
    },
    ...authz,
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const owner = await requireOwner(store, account, f.kind, i.owner);
      return pageOutput(
        'PolicyNames',
        await store.inlinePolicies.listNames(account, f.kind, owner.name, i.page),
      );
    },
  });

  return [put, get, remove, listNames];
}

export function inlinePolicyOperations(deps: IamDeps): OperationSpec[] {
  return FAMILIES.flatMap((f) => familyOperations(deps, f));
}
