/**
 * Managed policies: CreatePolicy, GetPolicy, DeletePolicy, ListPolicies (API_<Op>.html). Texts:
 * - "A policy called X already exists. Duplicate names are not allowed." (EntityAlreadyExists;
 *   Aabyss-Team/awsKeyTools#13, konstructio/kubefirst#855);
 * - "Cannot delete a policy attached to entities." (DeleteConflict; serverless/components#312,
 *   hashicorp/terraform-provider-aws#32906) — a permissions boundary use counts too
 *   (gruntwork-io/cloud-nuke#972);
 * - "This policy has more than one version. Before you delete a policy, you must delete the
 *   policy's versions. The default version is deleted with the policy." (DeleteConflict;
 *   redradrat/aws-iam-operator#13).
 */
import { DuplicateError, paginate } from '../../../store/index.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';
import { deleteConflict, entityAlreadyExists, limitExceeded } from '../errors.js';
import type { ManagedPolicy } from '../model.js';
import { nameKey } from '../store-shared.js';
import { refuseForeignPolicyChange } from './foreign-policies.js';
import { entityArn, policyKeys, requestTagKeys } from './policy-arns.js';
import { requireValidDocument } from './policy-document.js';
import { policyNotFound, requirePolicy } from './policy-entities.js';
import { pageOutput, policyOutput } from './policy-output.js';
import { accountOf, pageRequest, refuseDuplicateTagKeys } from './policy-parse.js';
import { requestPartition } from '../../shared/request-partition.js';

/** Customer managed policies per account: 1,500 by default (reference_iam-quotas.html). */
const POLICIES_PER_ACCOUNT = 1500;

/** "If it is not included, it defaults to a slash (/)." (API_CreatePolicy.html, Path) */
const DEFAULT_PATH = '/';

export function policyOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;

  const createPolicy = defineOperation<InputOf<'CreatePolicy'>, OutputOf<'CreatePolicy'>>({
    name: 'CreatePolicy',
    action: 'iam:CreatePolicy',
    resources: async (i, ctx) => [
      await entityArn(deps, accountOf(ctx), 'policy', i.Path ?? DEFAULT_PATH, i.PolicyName),
    ],
    conditionKeys: (i) => requestTagKeys(i.Tags),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      refuseDuplicateTagKeys(i.Tags);
      return store.transaction(async () => {
        requireValidDocument(i.PolicyDocument, 'managed', { partition: requestPartition(ctx) });
        if ((await store.policies.count(account)) >= POLICIES_PER_ACCOUNT) {
          throw limitExceeded(`Cannot exceed quota for PoliciesPerAccount: ${POLICIES_PER_ACCOUNT}`);
        }
        try {
          return {
            Policy: policyOutput(
              await store.policies.create(account, { ...i, Path: i.Path ?? DEFAULT_PATH }, store.clock()),
            ),
          };
        } catch (err) {
          // Names are unique per account whatever the path (API_CreatePolicy.html).
          if (err instanceof DuplicateError) {
            throw entityAlreadyExists(
              `A policy called ${i.PolicyName} already exists. Duplicate names are not allowed.`,
            );
          }
          throw err;
        }
      });
    },
  });

  const getPolicy = defineOperation<InputOf<'GetPolicy'>, OutputOf<'GetPolicy'>>({
    name: 'GetPolicy',
    action: 'iam:GetPolicy',
    resources: (i) => [i.PolicyArn],
    conditionKeys: (i, ctx) => policyKeys(deps, ctx, i.PolicyArn),
    handler: async (i, ctx) => ({
      Policy: policyOutput(await requirePolicy(store, accountOf(ctx), i.PolicyArn)),
    }),
  });

  const deletePolicy = defineOperation<InputOf<'DeletePolicy'>, OutputOf<'DeletePolicy'>>({
    name: 'DeletePolicy',
    action: 'iam:DeletePolicy',
    resources: (i) => [i.PolicyArn],
    conditionKeys: (i, ctx) => policyKeys(deps, ctx, i.PolicyArn),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        refuseForeignPolicyChange('DeletePolicy', i.PolicyArn, account);
        const d = await store.policies.dependents(account, i.PolicyArn);
        if (!d) throw policyNotFound(i.PolicyArn);
        if (d.attachments > 0 || d.permissionsBoundaryUses > 0) {
          throw deleteConflict('Cannot delete a policy attached to entities.');
        }
        if (d.nonDefaultVersions > 0) {
          throw deleteConflict(
            "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
          );
        }
        await store.policies.delete(account, i.PolicyArn);
      });
      return undefined;
    },
  });

  /** Every policy in scope, in ListPolicies order (name without case, then ARN). */
  async function allPolicies(
    account: string,
    scope: InputOf<'ListPolicies'>['Scope'],
  ): Promise<ManagedPolicy[]> {
    const out: ManagedPolicy[] = [];
    let marker: string | undefined;
    do {
      const page = await store.policies.list(account, {
        scope: scope ?? 'All',
        maxItems: 1000,
        ...(marker ? { marker } : {}),
      });
      out.push(...page.items);
      marker = page.isTruncated ? page.marker : undefined;
    } while (marker);
    return out;
  }

  const listPolicies = defineOperation<InputOf<'ListPolicies'>, OutputOf<'ListPolicies'>>({
    name: 'ListPolicies',
    action: 'iam:ListPolicies',
    resources: () => ['*'],
    async handler(i, ctx) {
      // OnlyAttached keeps policies in use (API_ListPolicies.html); PolicyUsageFilter says which use
      // counts: as a permissions policy (attachments) or as a permissions boundary.
      const inUse = (p: ManagedPolicy) =>
        i.PolicyUsageFilter === 'PermissionsBoundary'
          ? p.PermissionsBoundaryUsageCount > 0
          : i.PolicyUsageFilter === 'PermissionsPolicy'
            ? p.AttachmentCount > 0
            : p.AttachmentCount > 0 || p.PermissionsBoundaryUsageCount > 0;
      const kept = (await allPolicies(accountOf(ctx), i.Scope)).filter(
        (p) => (!i.PathPrefix || p.Path.startsWith(i.PathPrefix)) && (!i.OnlyAttached || inUse(p)),
      );
      const page = paginate(kept, pageRequest(i), (p) => `${nameKey(p.PolicyName)} ${p.Arn}`);
      return pageOutput('Policies', page, (p) => policyOutput(p, true));
    },
  });

  return [createPolicy, getPolicy, deletePolicy, listPolicies];
}
