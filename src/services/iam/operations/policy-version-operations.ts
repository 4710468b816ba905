/**
 * Managed policy versions: CreatePolicyVersion, GetPolicyVersion, DeletePolicyVersion,
 * ListPolicyVersions, SetDefaultPolicyVersion (API_<Op>.html; access_policies_managed-versioning.html).
 * Texts:
 * - "A managed policy can have up to 5 versions. Before you create a new version, you must delete
 *   an existing version." (LimitExceeded; 99designs/iamy#21);
 * - "Cannot delete the default version of a policy." (DeleteConflict; redradrat/aws-iam-operator#13).
 */
import { paginate } from '../../../store/index.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';
import { deleteConflict, limitExceeded } from '../errors.js';
import { MAX_POLICY_VERSIONS } from '../store.js';
import { policyKeys } from './policy-arns.js';
import { requireValidDocument } from './policy-document.js';
import { refuseForeignPolicyChange } from './foreign-policies.js';
import { requirePolicy, requireVersion } from './policy-entities.js';
import { pageOutput, versionOutput } from './policy-output.js';
import { accountOf, pageRequest } from './policy-parse.js';
import { requestPartition } from '../../shared/request-partition.js';

export function policyVersionOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  const authz = {
    resources: (i: { PolicyArn: string }) => [i.PolicyArn],
    conditionKeys: (i: { PolicyArn: string }, ctx: Parameters<typeof policyKeys>[1]) =>
      policyKeys(deps, ctx, i.PolicyArn),
  };

  const create = defineOperation<InputOf<'CreatePolicyVersion'>, OutputOf<'CreatePolicyVersion'>>({
    name: 'CreatePolicyVersion',
    action: 'iam:CreatePolicyVersion',
    ...authz,
    async handler(i, ctx) {
      const account = accountOf(ctx);
      return store.transaction(async () => {
        refuseForeignPolicyChange('CreatePolicyVersion', i.PolicyArn, account);
        await requirePolicy(store, account, i.PolicyArn);
        requireValidDocument(i.PolicyDocument, 'managed', { partition: requestPartition(ctx) });
        if ((await store.policies.countVersions(account, i.PolicyArn)) >= MAX_POLICY_VERSIONS) {
          throw limitExceeded(
            `A managed policy can have up to ${MAX_POLICY_VERSIONS} versions. Before you create a new version, you must delete an existing version.`,
          );
        }
        const v = await store.policies.createVersion(
          account,
          i.PolicyArn,
          i.PolicyDocument,
          i.SetAsDefault ?? false,
          store.clock(),
        );
        return { PolicyVersion: versionOutput(v, false) };
      });
    },
  });

  const get = defineOperation<InputOf<'GetPolicyVersion'>, OutputOf<'GetPolicyVersion'>>({
    name: 'GetPolicyVersion',
    action: 'iam:GetPolicyVersion',
    ...authz,
    handler: async (i, ctx) => ({
      PolicyVersion: versionOutput(
        await requireVersion(store, accountOf(ctx), i.PolicyArn, i.VersionId),
        true,
      ),
    }),
  });

  const remove = defineOperation<InputOf<'DeletePolicyVersion'>, OutputOf<'DeletePolicyVersion'>>({
    name: 'DeletePolicyVersion',
    action: 'iam:DeletePolicyVersion',
    ...authz,
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        refuseForeignPolicyChange('DeletePolicyVersion', i.PolicyArn, account);
        const v = await requireVersion(store, account, i.PolicyArn, i.VersionId);
        if (v.IsDefaultVersion) throw deleteConflict('Cannot delete the default version of a policy.');
        await store.policies.deleteVersion(account, i.PolicyArn, i.VersionId);
      });
      return undefined;
    },
  });

  const list = defineOperation<InputOf<'ListPolicyVersions'>, OutputOf<'ListPolicyVersions'>>({
    name: 'ListPolicyVersions',
    action: 'iam:ListPolicyVersions',
    ...authz,
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await requirePolicy(store, account, i.PolicyArn);
      // Newest first, as IAM lists them (API_ListPolicyVersions.html example: v2 before v1).
      const versions = [...((await store.policies.versions(account, i.PolicyArn)) ?? [])].reverse();
      const keyOf = (v: { VersionId: string }) =>
        String(1e9 - Number(v.VersionId.slice(1))).padStart(10, '0');
      return pageOutput('Versions', paginate(versions, pageRequest(i), keyOf), (v) =>
        versionOutput(v, false),
      );
    },
  });

  const setDefault = defineOperation<InputOf<'SetDefaultPolicyVersion'>, OutputOf<'SetDefaultPolicyVersion'>>(
    {
      name: 'SetDefaultPolicyVersion',
      action: 'iam:SetDefaultPolicyVersion',
      ...authz,
      async handler(i, ctx) {
        const account = accountOf(ctx);
        await store.transaction(async () => {
          refuseForeignPolicyChange('SetDefaultPolicyVersion', i.PolicyArn, account);
          await requireVersion(store, account, i.PolicyArn, i.VersionId);
          await store.policies.setDefaultVersion(account, i.PolicyArn, i.VersionId, store.clock());
        });
        return undefined;
      },
    },
  );

  return [create, get, remove, list, setDefault];
}
