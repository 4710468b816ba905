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
import { checkConstraints, type Constraint } from '../shared/constraints.js';
import { requestPartition } from '../shared/request-partition.js';
import { defineOperation, type ContextKeyValue, type OperationSpec } from '../../wire/operation.js';
import type { Tag } from '../iam/model.js';
import * as c from './constraints.js';
import { credentialsOf } from './credentials-output.js';
import type { StsDeps } from './deps.js';
import { sessionCredentialsRefused } from './errors.js';
import { checkPolicyArns, checkSessionPolicy, packSession } from './session-policies.js';
import type { GetFederationTokenResponse } from '../../wire/model/types/sts.js';

interface GetFederationTokenInput {
  Name: string;
  Policy?: string;
  PolicyArns: string[];
  DurationSeconds?: number;
  Tags: Tag[];
}

/** The model's GetFederationTokenResponse, with the members it always sends. */
export type GetFederationTokenOutput = GetFederationTokenResponse &
  Required<Pick<GetFederationTokenResponse, 'Credentials' | 'FederatedUser'>>;

/** userNameType of the STS model: 2–32 characters. */
const NAME: Constraint = { required: true, min: 2, max: 32, pattern: '[\\w+=,.@-]*' };
const DEFAULT_SECONDS = 43200;
const ROOT_MAX_SECONDS = 3600;

const one = (v: string): ContextKeyValue => ({ values: [v], list: false });

function parse(raw: Record<string, unknown>): GetFederationTokenInput {
  const Name = c.str(raw, 'Name');
  const Policy = c.str(raw, 'Policy');
  const DurationSeconds = c.int(raw, 'DurationSeconds');
  const rawArns = c.list(raw, 'PolicyArns');
  const rawTags = c.list(raw, 'Tags');
  const checks: [string, unknown, Constraint][] = [
    ['Name', Name, NAME],
    ['Policy', Policy, c.POLICY],
    ['PolicyArns', rawArns, c.POLICY_ARN_LIST],
    ['DurationSeconds', DurationSeconds, c.SESSION_TOKEN_DURATION],
    ['Tags', rawTags, c.TAG_LIST],
  ];
  const PolicyArns = (rawArns ?? []).map((p, i) => {
    const o = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
    const arn = typeof o['arn'] === 'string' ? o['arn'] : undefined;
    checks.push([`policyArns.${i + 1}.member.arn`, arn, c.ARN]);
    return arn ?? '';
  });
  const Tags = (rawTags ?? []).map((t, i) => {
    const o = (typeof t === 'object' && t !== null ? t : {}) as Record<string, unknown>;
    const Key = typeof o['Key'] === 'string' ? o['Key'] : undefined;
    const Value = typeof o['Value'] === 'string' ? o['Value'] : undefined;
    checks.push([`tags.${i + 1}.member.key`, Key, { ...c.TAG_KEY, required: true }]);
    checks.push([`tags.${i + 1}.member.value`, Value, { ...c.TAG_VALUE, required: true }]);
    return { Key: Key ?? '', Value: Value ?? '' };
  });
  checkConstraints(checks);
  return { Name: Name!, Policy, PolicyArns, DurationSeconds, Tags };
}

export function getFederationTokenOperation(deps: StsDeps): OperationSpec {
  return defineOperation<GetFederationTokenInput, GetFederationTokenOutput>({
    name: 'GetFederationToken',
    action: 'sts:GetFederationToken',
    parse: (raw) => parse(raw),
    resources: (i, ctx) => [`arn:${requestPartition(ctx)}:sts::${ctx.account}:federated-user/${i.Name}`],
    conditionKeys: (i) => {
      const keys: Record<string, ContextKeyValue> = {};
      for (const t of i.Tags) keys[`aws:RequestTag/${t.Key}`] = one(t.Value);
      if (i.Tags.length) keys['aws:TagKeys'] = { values: i.Tags.map((t) => t.Key), list: true };
      return keys;
    },
    additionalActions: (i) => (i.Tags.length ? ['sts:TagSession'] : []),
    async handler(i, ctx) {
      const p = ctx.principal!;
      // Long-term credentials of an IAM user or the root user only (API_GetFederationToken.html).
      if (ctx.credentials?.sessionToken !== undefined || (p.kind !== 'User' && p.kind !== 'Account'))
        throw sessionCredentialsRefused('GetFederationToken');
      if (i.Policy !== undefined) checkSessionPolicy(i.Policy, requestPartition(ctx));
      await checkPolicyArns(deps.store, p.account, i.PolicyArns);
      const packed = packSession(i.Policy, i.PolicyArns, i.Tags);
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
          policyArns: i.PolicyArns,
          tags: i.Tags,
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
      if (i.Policy !== undefined || i.PolicyArns.length > 0 || i.Tags.length > 0)
        out.PackedPolicySize = packed.size;
      return out;
    },
  });
}
