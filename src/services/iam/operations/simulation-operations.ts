/**
 * SimulateCustomPolicy, SimulatePrincipalPolicy, GetContextKeysForCustomPolicy,
 * GetContextKeysForPrincipalPolicy (IAM API reference, API_<Op>.html), over the policy engine's
 * simulate() and contextKeysOfPolicy(). The custom ones name no resource and authorize on `*`; the
 * principal ones authorize on the PolicySourceArn (list_awsidentityandaccessmanagementiam.html;
 * IAM's denial reads "… iam:SimulatePrincipalPolicy on resource: arn:aws:iam::…:role/…").
 */
import type { CompiledPolicy } from '../../../iam/policy/compile.js';
import { contextKeysOfPolicy } from '../../../iam/policy/context-keys.js';
import { compilePolicyText } from '../../../iam/policy/policy-cache.js';
import {
  simulate,
  type EvaluationResult,
  type PolicyText,
  type SimulationInput,
} from '../../../iam/policy/simulate.js';
import { validatePolicy } from '../../../iam/policy/validate.js';
import { paginate } from '../../../store/index.js';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { requestPartition } from '../../shared/request-partition.js';
import { findRoleByArn, parseRoleArn } from '../authz/trust-provider.js';
import type { IamDeps } from '../deps.js';
import { invalidInput } from '../errors.js';
import {
  asIamError,
  contextEntriesOf,
  resultOut,
  type SimulationRequest,
} from '../handlers/simulation-input.js';
import { policySource, type SourcePolicy } from '../handlers/simulation-sources.js';
import { accountOf } from '../handlers/user-entities.js';
import { PrincipalDirectory, showPrincipals } from '../principal-ids.js';
import { pageOutput, pageRequest } from '../handlers/user-input.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';

/** Stored policies are compiled under `<SourcePolicyType>:<name>` (names have no colon), split back on output. */
function compileStored(
  p: SourcePolicy,
  type: 'identity' | 'managed' | 'boundary',
  partition: string,
): CompiledPolicy | undefined {
  const inlineOwner = p.type === 'user' || p.type === 'group' || p.type === 'role' ? p.type : undefined;
  const r = compilePolicyText(`${p.type}:${p.name}`, inlineOwner ? 'identity' : type, p.text, {
    inlineOwner,
    partition,
  });
  // A stored policy that no longer validates grants nothing, as in the authorizer.
  return r.ok ? r.policy : undefined;
}

function relabel(r: EvaluationResult): EvaluationResult {
  const fix = (ms: EvaluationResult['MatchedStatements']) =>
    ms.map((m) => {
      // A role's stored trust policy is compiled under the role's ARN (simulate.ts): no prefix.
      if (m.SourcePolicyType === 'resource') return m;
      const cut = m.SourcePolicyId.indexOf(':');
      if (cut < 0) return m;
      return {
        ...m,
        SourcePolicyType: m.SourcePolicyId.slice(0, cut) as typeof m.SourcePolicyType,
        SourcePolicyId: m.SourcePolicyId.slice(cut + 1),
      };
    });
  return {
    ...r,
    MatchedStatements: fix(r.MatchedStatements),
    ResourceSpecificResults: r.ResourceSpecificResults?.map((s) => ({
      ...s,
      MatchedStatements: fix(s.MatchedStatements),
    })),
  };
}

function run(
  input: SimulationRequest,
  identity: PolicyText[],
  boundary: PolicyText[] | undefined,
  caller: string | undefined,
  trustPolicyOf: SimulationInput['TrustPolicyOf'],
  partition: string,
) {
  try {
    const { EvaluationResults } = simulate({
      TrustPolicyOf: trustPolicyOf,
      PolicyInputList: identity,
      PermissionsBoundaryPolicyInputList: boundary,
      ActionNames: input.ActionNames,
      ResourceArns: input.ResourceArns,
      ResourcePolicy: input.ResourcePolicy,
      ResourceOwner: input.ResourceOwner,
      CallerArn: caller,
      Partition: partition,
      ContextEntries: contextEntriesOf(input.ContextEntries),
    });
    const keyed = EvaluationResults.map((r, n) => ({ r, key: String(n).padStart(8, '0') }));
    const page = paginate(keyed, pageRequest(input), (x) => x.key);
    return { EvaluationResults: page.items.map((x) => resultOut(relabel(x.r))), ...pageOutput(page) };
  } catch (err) {
    throw asIamError(err);
  }
}

/**
 * The caller's PolicyInputList, compiled here so that each keeps its own `PolicyInputList.N` name
 * next to the entity's policies (IAM names input policies by their position in the request).
 */
function inputPolicies(texts: readonly string[] = [], partition: string): CompiledPolicy[] {
  return texts.map((text, n) => {
    const r = compilePolicyText(`PolicyInputList.${n + 1}`, 'identity', text, {
      inlineOwner: 'role',
      partition,
    });
    if (!r.ok) throw invalidInput(r.message);
    return r.policy;
  });
}

/** Context keys of policy texts, first spelling kept, duplicates dropped without case. */
function contextKeys(texts: readonly string[], partition: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const text of texts) {
    const v = validatePolicy(text, 'identity', { partition });
    if (!v.valid) throw invalidInput(v.message);
    for (const k of contextKeysOfPolicy(v.doc)) {
      if (seen.has(k.toLowerCase())) continue;
      seen.add(k.toLowerCase());
      out.push(k);
    }
  }
  return out;
}

export function simulationOperations(deps: IamDeps): OperationSpec[] {
  const directory = new PrincipalDirectory(deps.store.db);
  /**
   * SimulatePrincipalPolicy without a ResourcePolicy: sts:AssumeRole* on a role of the caller's
   * account is decided by that role's trust policy as stored, as the server decides it (role-trust.ts), shown with the ARNs of the principals it
   * names; a role of another account, or one that does not exist, trusts no one here. The engine
   * asks synchronously, about the request's resources only: those naming roles are read first.
   */
  const trustPolicyOf = async (
    ctx: RequestContext,
    resourceArns: readonly string[] | undefined,
  ): Promise<SimulationInput['TrustPolicyOf']> => {
    const trust = new Map<string, string | null>();
    for (const arn of resourceArns ?? []) {
      if (trust.has(arn) || !parseRoleArn(arn)) continue;
      const role = await findRoleByArn(deps.store, arn);
      trust.set(
        arn,
        !role || parseRoleArn(arn)?.account !== accountOf(ctx)
          ? null
          : await showPrincipals(directory, role.AssumeRolePolicyDocument),
      );
    }
    return (roleArn) => trust.get(roleArn) ?? null;
  };
  return [
    defineOperation<InputOf<'SimulateCustomPolicy'>, OutputOf<'SimulateCustomPolicy'>>({
      name: 'SimulateCustomPolicy',
      action: 'iam:SimulateCustomPolicy',
      resources: () => ['*'],
      // Custom policies simulate only what the request passes: a ResourcePolicy, never stored ones.
      handler: (i, ctx) =>
        run(
          i,
          i.PolicyInputList ?? [],
          i.PermissionsBoundaryPolicyInputList,
          i.CallerArn,
          undefined,
          requestPartition(ctx),
        ),
    }),

    defineOperation<InputOf<'SimulatePrincipalPolicy'>, OutputOf<'SimulatePrincipalPolicy'>>({
      name: 'SimulatePrincipalPolicy',
      action: 'iam:SimulatePrincipalPolicy',
      resources: (i) => [i.PolicySourceArn],
      async handler(i, ctx) {
        const partition = requestPartition(ctx);
        const entity = await policySource(deps, ctx, i.PolicySourceArn);
        const stored = entity.identity
          .map((p) => compileStored(p, 'managed', partition))
          .filter((p) => p !== undefined);
        const ownBoundary = entity.boundary && compileStored(entity.boundary, 'boundary', partition);
        const boundary = i.PermissionsBoundaryPolicyInputList?.length
          ? i.PermissionsBoundaryPolicyInputList
          : ownBoundary
            ? [ownBoundary]
            : undefined;
        // API_SimulatePrincipalPolicy.html: CallerArn defaults to the user named in PolicySourceArn.
        const caller = i.CallerArn ?? (entity.kind === 'user' ? entity.arn : undefined);
        return run(
          i,
          [...stored, ...inputPolicies(i.PolicyInputList, partition)],
          boundary,
          caller,
          await trustPolicyOf(ctx, i.ResourceArns),
          partition,
        );
      },
    }),

    defineOperation<InputOf<'GetContextKeysForCustomPolicy'>, OutputOf<'GetContextKeysForCustomPolicy'>>({
      name: 'GetContextKeysForCustomPolicy',
      action: 'iam:GetContextKeysForCustomPolicy',
      resources: () => ['*'],
      handler: (i, ctx) => ({ ContextKeyNames: contextKeys(i.PolicyInputList, requestPartition(ctx)) }),
    }),

    defineOperation<
      InputOf<'GetContextKeysForPrincipalPolicy'>,
      OutputOf<'GetContextKeysForPrincipalPolicy'>
    >({
      name: 'GetContextKeysForPrincipalPolicy',
      action: 'iam:GetContextKeysForPrincipalPolicy',
      resources: (i) => [i.PolicySourceArn],
      async handler(i, ctx) {
        const entity = await policySource(deps, ctx, i.PolicySourceArn);
        // Stored policies were valid when written; the caller's list is checked like a custom one.
        const stored = entity.identity
          .filter((p) => compileStored(p, 'managed', requestPartition(ctx)) !== undefined)
          .map((p) => p.text);
        return {
          ContextKeyNames: contextKeys([...stored, ...(i.PolicyInputList ?? [])], requestPartition(ctx)),
        };
      },
    }),
  ];
}
