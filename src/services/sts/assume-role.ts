/**
 * AssumeRole (API_AssumeRole.html). The framework has already authorized sts:AssumeRole (and
 * sts:TagSession / sts:SetSourceIdentity when asked for) on the role against its trust policy; this
 * checks what depends on the role and the caller, then issues the session in one transaction, so a
 * refused request writes nothing.
 */
import type { RequestContext } from '../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import { findRoleByArn } from '../iam/authz/trust-provider.js';
import type { Tag } from '../iam/model.js';
import { assumeRoleAdditionalActions, assumeRoleConditionKeys } from './assume-role-keys.js';
import { credentialsOf } from './credentials-output.js';
import type { StsDeps } from './deps.js';
import {
  assumeRoleDenied,
  exceedsChainingLimit,
  exceedsMaxSessionDuration,
  rootCannotAssumeRoles,
} from './errors.js';
import type { AssumeRoleResponse, InputOf } from '../../wire/model/types/sts.js';
import { requestPartition } from '../shared/request-partition.js';
import { roleAccount } from './role-session.js';
import { checkSessionTags } from './session-tags.js';
import {
  policyArnCountViolations,
  checkPolicyArns,
  checkSessionPolicy,
  packSession,
  policyArnsOf,
} from './session-policies.js';
import { mergeTags } from './store-credentials.js';

type AssumeRoleInput = InputOf<'AssumeRole'>;

/** The model's AssumeRoleResponse, with the members AssumeRole always sends. */
export type AssumeRoleOutput = AssumeRoleResponse &
  Required<Pick<AssumeRoleResponse, 'Credentials' | 'AssumedRoleUser'>>;

/** API_AssumeRole.html, DurationSeconds: "By default, the value is set to 3600 seconds." */
const DEFAULT_DURATION_SECONDS = 3600;
/** Role chaining caps a session at one hour (id_roles_terms-and-concepts.html, "Role chaining"). */
const CHAINED_MAX_SECONDS = 3600;

/** What a caller's own session hands on: its transitive tags and its source identity. */
interface Inherited {
  tags: Tag[];
  transitiveTagKeys: string[];
}

/**
 * Transitive session tags pass to the sessions a session assumes, and stay transitive
 * (id_session-tags.html, "Chaining roles with session tags").
 */
async function inheritedFrom(deps: StsDeps, ctx: RequestContext): Promise<Inherited> {
  const key = ctx.credentials?.sessionToken ? ctx.credentials.accessKeyId : undefined;
  const session = key ? (await deps.sts.sessions.find(key))?.session : undefined;
  if (!session) return { tags: [], transitiveTagKeys: [] };
  const transitive = new Set(session.transitiveTagKeys.map((k) => k.toLowerCase()));
  return {
    tags: session.tags.filter((t) => transitive.has(t.Key.toLowerCase())),
    transitiveTagKeys: session.transitiveTagKeys,
  };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const k of [...a, ...b]) if (!seen.has(k.toLowerCase())) seen.set(k.toLowerCase(), k);
  return [...seen.values()];
}

export async function assumeRole(
  deps: StsDeps,
  input: AssumeRoleInput,
  ctx: RequestContext,
): Promise<AssumeRoleOutput> {
  const principal = ctx.principal!;
  const role = await findRoleByArn(deps.store, input.RoleArn);
  // Deleted between authorization and now: answered as any refused role.
  if (!role) throw assumeRoleDenied(principal.arn, input.RoleArn);
  const account = role.Arn.split(':')[4];

  // Any caller using temporary credentials is chaining (99designs/aws-vault#263).
  const chained = ctx.credentials?.sessionToken !== undefined;
  const duration = input.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
  if (duration > role.MaxSessionDuration) throw exceedsMaxSessionDuration();
  if (chained && duration > CHAINED_MAX_SECONDS) throw exceedsChainingLimit();

  if (input.Policy !== undefined) checkSessionPolicy(input.Policy, requestPartition(ctx));
  const policyArns = policyArnsOf(input.PolicyArns);
  // "The policies must exist in the same account as the role." (API_AssumeRole.html, PolicyArns)
  await checkPolicyArns(deps.store, account, policyArns);

  const inherited = await inheritedFrom(deps, ctx);
  const transitiveTagKeys = input.TransitiveTagKeys ?? [];
  // An inherited transitive tag keeps its value (id_session-tags.html): passing it again is refused.
  checkSessionTags(input.Tags ?? [], transitiveTagKeys, inherited.transitiveTagKeys);
  const tags = mergeTags(input.Tags ?? [], inherited.tags);
  const packed = packSession(input.Policy, policyArns, tags);
  // A source identity, once set, persists in every session chained from it
  // (id_credentials_temp_control-access_monitor.html).
  const sourceIdentity = principal.sourceIdentity ?? input.SourceIdentity;

  const now = deps.sts.clock();
  const session = await deps.store.transaction(async () => {
    const s = await deps.sts.sessions.create(
      {
        kind: 'AssumedRole',
        accountId: account,
        roleArn: role.Arn,
        roleId: role.RoleId,
        roleName: role.RoleName,
        sessionName: input.RoleSessionName,
        durationSeconds: duration,
        policy: input.Policy,
        policyArns,
        tags,
        transitiveTagKeys: union(inherited.transitiveTagKeys, transitiveTagKeys),
        sourceIdentity,
        chained,
        sourceAccessKeyId: ctx.credentials?.accessKeyId,
      },
      now,
    );
    await deps.store.roles.recordUse(role.RoleId, now, ctx.region ?? deps.region);
    return s;
  });

  const out: AssumeRoleOutput = {
    Credentials: credentialsOf(session),
    AssumedRoleUser: { AssumedRoleId: session.principalId, Arn: session.Arn },
  };
  // STS reports the packed size when the request passed session policies or tags.
  if (input.Policy !== undefined || policyArns.length > 0 || tags.length > 0)
    out.PackedPolicySize = packed.size;
  if (sourceIdentity !== undefined) out.SourceIdentity = sourceIdentity;
  return out;
}

export function assumeRoleOperation(deps: StsDeps): OperationSpec {
  return defineOperation<AssumeRoleInput, AssumeRoleOutput>({
    name: 'AssumeRole',
    action: 'sts:AssumeRole',
    // Root is refused before the request is read, for any role, even in another account
    // (API_AssumeRole.html: root user credentials cannot call AssumeRole; kubeflow/testing#961).
    violations: policyArnCountViolations,
    check: (_input, ctx) => {
      if (ctx.principal?.isRoot) throw rootCannotAssumeRoles();
    },
    // Service Authorization Reference (list_awssecuritytokenservice.html): the role, once the
    // RoleArn is read as one (after the model's constraints, before the authorize step).
    resources: (input) => {
      roleAccount(input.RoleArn);
      return [input.RoleArn];
    },
    conditionKeys: (input) => assumeRoleConditionKeys(input),
    additionalActions: (input) => assumeRoleAdditionalActions(input),
    handler: (input, ctx) => assumeRole(deps, input, ctx),
  });
}
