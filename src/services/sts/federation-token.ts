/**
 * GetFederationToken (API_GetFederationToken.html): temporary credentials for a federated user
 * named by the caller, arn:aws:sts::<acct>:federated-user/<Name>, FederatedUserId `<acct>:<Name>`.
 * It must be called with long-term credentials of an IAM user (or, not recommended, the root
 * user, whose sessions are held to one hour); it is authorized as sts:GetFederationToken on the
 * federated user's ARN (list_awssecuritytokenservice.html), and sts:TagSession with Tags. The
 * session may do what both the calling user's policies and its session policies allow — nothing
 * when no session policy is passed (id_credentials_temp_control-access_getfederationtoken.html) —
 * which the authorizer applies to every request it signs (principal-policies.ts).
 */
import { requestPartition } from '../shared/request-partition.js';
import { defineOperation, type ContextKeyValue, type OperationSpec } from '../../wire/operation.js';
import { credentialsOf } from './credentials-output.js';
import type { StsDeps } from './deps.js';
import { sessionCredentialsRefused } from './errors.js';
import {
  policyArnCountViolations,
  checkPolicyArns,
  checkSessionPolicy,
  packSession,
  policyArnsOf,
} from './session-policies.js';
import type { GetFederationTokenResponse, InputOf } from '../../wire/model/types/sts.js';

/** The model's GetFederationTokenResponse, with the members it always sends. */
export type GetFederationTokenOutput = GetFederationTokenResponse &
  Required<Pick<GetFederationTokenResponse, 'Credentials' | 'FederatedUser'>>;

const DEFAULT_SECONDS = 43200;
const ROOT_MAX_SECONDS = 3600;

const one = (v: string): ContextKeyValue => ({ values: [v], list: false });

export function getFederationTokenOperation(deps: StsDeps): OperationSpec {
  return defineOperation<InputOf<'GetFederationToken'>, GetFederationTokenOutput>({
    name: 'GetFederationToken',
    action: 'sts:GetFederationToken',
    violations: policyArnCountViolations,
    resources: (i, ctx) => [`arn:${requestPartition(ctx)}:sts::${ctx.account}:federated-user/${i.Name}`],
    conditionKeys: (i) => {
      const keys: Record<string, ContextKeyValue> = {};
      const tags = i.Tags ?? [];
      for (const t of tags) keys[`aws:RequestTag/${t.Key}`] = one(t.Value);
      if (tags.length) keys['aws:TagKeys'] = { values: tags.map((t) => t.Key), list: true };
      return keys;
    },
    additionalActions: (i) => (i.Tags?.length ? ['sts:TagSession'] : []),
    async handler(i, ctx) {
      const p = ctx.principal!;
      // Long-term credentials of an IAM user or the root user only (API_GetFederationToken.html).
      if (ctx.credentials?.sessionToken !== undefined || (p.kind !== 'User' && p.kind !== 'Account'))
        throw sessionCredentialsRefused('GetFederationToken');
      if (i.Policy !== undefined) checkSessionPolicy(i.Policy, requestPartition(ctx));
      const policyArns = policyArnsOf(i.PolicyArns);
      const tags = i.Tags ?? [];
      await checkPolicyArns(deps.store, p.account, policyArns);
      const packed = packSession(i.Policy, policyArns, tags);
      const requested = i.DurationSeconds ?? DEFAULT_SECONDS;
      // "Sessions obtained using root user credentials are restricted to a maximum of 3,600 seconds".
      const duration = p.isRoot ? Math.min(requested, ROOT_MAX_SECONDS) : requested;
      const session = await deps.sts.sessions.create(
        {
          kind: 'FederatedUser',
          accountId: p.account,
          sessionName: i.Name,
          userId: p.isRoot ? null : p.userId,
          durationSeconds: duration,
          policy: i.Policy,
          policyArns,
          tags,
          transitiveTagKeys: [],
          chained: false,
          sourceAccessKeyId: ctx.credentials?.accessKeyId,
        },
        deps.sts.clock(),
      );
      const out: GetFederationTokenOutput = {
        Credentials: credentialsOf(session),
        FederatedUser: { FederatedUserId: session.principalId, Arn: session.Arn },
      };
      if (i.Policy !== undefined || policyArns.length > 0 || tags.length > 0)
        out.PackedPolicySize = packed.size;
      return out;
    },
  });
}
