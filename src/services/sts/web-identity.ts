/**
 * AssumeRoleWithWebIdentity (API_AssumeRoleWithWebIdentity.html): a caller without AWS credentials
 * trades an OpenID Connect ID token for a session of a role. The request is unsigned on AWS (the
 * model's `smithy.api#noAuth`): the token is the caller's proof, verified in `parse`
 * (web-identity-token.ts), and the request is then authorized as that web identity — the
 * provider's ARN for `Federated` principals, with the condition keys `<provider>:aud`,
 * `<provider>:oaud`, `<provider>:sub`, `<provider>:amr` and `aws:FederatedProvider`
 * (reference_policies_iam-condition-keys.html, "Available keys for OIDC federation") — against the
 * role's trust policy alone: a web identity has no policies of its own.
 */
import type { ImportRoot } from '../../net/import-root.js';
import { checkConstraints, type Constraint } from '../shared/constraints.js';
import { requestPartition } from '../shared/request-partition.js';
import { accessDenied } from '../../wire/errors.js';
import { defineOperation, type ContextKeyValue, type OperationSpec } from '../../wire/operation.js';
import type { Principal } from '../../wire/principal.js';
import { findRoleByArn, parseRoleArn } from '../iam/authz/trust-provider.js';
import * as c from './constraints.js';
import { credentialsOf } from './credentials-output.js';
import type { StsDeps } from './deps.js';
import { exceedsMaxSessionDuration, invalidIdentityToken } from './errors.js';
import type { Credentials } from './model.js';
import { checkPolicyArns, checkSessionPolicy, packSession } from './session-policies.js';
import { verifyWebIdentityToken, type WebIdentity } from './web-identity-token.js';

export const ASSUME_ROLE_WITH_WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';

/**
 * STS's AccessDenied when the trust policy does not let the web identity in: "Not authorized to
 * perform sts:AssumeRoleWithWebIdentity" (aws-actions/configure-aws-credentials reports).
 */
export const webIdentityDenied = () =>
  accessDenied(`Not authorized to perform ${ASSUME_ROLE_WITH_WEB_IDENTITY}`);

interface WebIdentityInput {
  RoleArn: string;
  RoleSessionName: string;
  DurationSeconds?: number;
  Policy?: string;
  PolicyArns: string[];
  account: string;
  identity: WebIdentity;
}

export interface AssumeRoleWithWebIdentityOutput {
  Credentials: Credentials;
  SubjectFromWebIdentityToken: string;
  AssumedRoleUser: { AssumedRoleId: string; Arn: string };
  PackedPolicySize?: number;
  Provider: string;
  Audience: string;
}

const TOKEN: Constraint = { required: true, min: 4, max: 20000 };
const PROVIDER_ID: Constraint = { min: 4, max: 2048 };
const DEFAULT_DURATION_SECONDS = 3600;

const one = (v: string): ContextKeyValue => ({ values: [v], list: false });

/** The web-identity condition keys of a verified token. */
function webIdentityKeys(w: WebIdentity): Record<string, ContextKeyValue> {
  const name = w.provider.Url;
  const keys: Record<string, ContextKeyValue> = {
    'aws:FederatedProvider': one(w.provider.Arn),
    [`${name}:aud`]: one(w.audience),
    [`${name}:sub`]: one(w.subject),
  };
  // With `azp`, `aud` is azp and `oaud` the token's own audiences.
  if (typeof w.claims['azp'] === 'string') keys[`${name}:oaud`] = { values: w.audiences, list: true };
  const amr = w.claims['amr'];
  if (Array.isArray(amr)) keys[`${name}:amr`] = { values: amr.map(String), list: true };
  return keys;
}

export function assumeRoleWithWebIdentityOperation(
  deps: StsDeps & { importRoot?: ImportRoot },
): OperationSpec {
  return defineOperation<WebIdentityInput, AssumeRoleWithWebIdentityOutput>({
    name: 'AssumeRoleWithWebIdentity',
    action: ASSUME_ROLE_WITH_WEB_IDENTITY,
    async parse(raw, ctx) {
      const RoleArn = c.str(raw, 'RoleArn');
      const RoleSessionName = c.str(raw, 'RoleSessionName');
      const WebIdentityToken = c.str(raw, 'WebIdentityToken');
      const ProviderId = c.str(raw, 'ProviderId');
      const Policy = c.str(raw, 'Policy');
      const DurationSeconds = c.int(raw, 'DurationSeconds');
      const rawArns = c.list(raw, 'PolicyArns');
      const checks: [string, unknown, Constraint][] = [
        ['RoleArn', RoleArn, { ...c.ARN, required: true }],
        ['RoleSessionName', RoleSessionName, { ...c.ROLE_SESSION_NAME, required: true }],
        ['WebIdentityToken', WebIdentityToken, TOKEN],
        ['ProviderId', ProviderId, PROVIDER_ID],
        ['PolicyArns', rawArns, c.POLICY_ARN_LIST],
        ['Policy', Policy, c.POLICY],
        ['DurationSeconds', DurationSeconds, c.ROLE_DURATION],
      ];
      const PolicyArns = (rawArns ?? []).map((p, i) => {
        const o = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
        const arn = typeof o['arn'] === 'string' ? o['arn'] : undefined;
        checks.push([`policyArns.${i + 1}.member.arn`, arn, c.ARN]);
        return arn ?? '';
      });
      checkConstraints(checks);
      // ProviderId is for OAuth 2.0 access tokens of www.amazon.com and graph.facebook.com, which
      // only those providers can check: Pinpost, calling no one, cannot.
      if (ProviderId !== undefined)
        throw invalidIdentityToken(
          `Pinpost verifies OpenID Connect ID tokens against registered keys only; \`ProviderId\` (${ProviderId}) names an OAuth 2.0 provider it cannot ask.`,
        );
      const role = parseRoleArn(RoleArn!);
      if (!role) throw webIdentityDenied();
      const identity = await verifyWebIdentityToken(
        deps,
        WebIdentityToken!,
        { account: role.account, partition: RoleArn!.split(':')[1] ?? requestPartition(ctx) },
        ctx.now,
      );
      return {
        RoleArn: RoleArn!,
        RoleSessionName: RoleSessionName!,
        DurationSeconds,
        Policy,
        PolicyArns,
        account: role.account,
        identity,
      };
    },
    // The web identity, acting in the role's account; its ARN is the provider's.
    bodyPrincipal: (i): Principal => ({
      account: i.account,
      arn: i.identity.provider.Arn,
      kind: 'FederatedUser',
      userId: `${i.identity.provider.Url}:${i.identity.subject}`,
      isRoot: false,
      federatedProvider: i.identity.provider.Arn,
    }),
    // Service Authorization Reference (list_awssecuritytokenservice.html): the role.
    resources: (i) => [i.RoleArn],
    conditionKeys: (i) => ({
      ...webIdentityKeys(i.identity),
      'sts:RoleSessionName': one(i.RoleSessionName),
    }),
    async handler(i, ctx) {
      const role = await findRoleByArn(deps.store, i.RoleArn);
      if (!role) throw webIdentityDenied();
      const duration = i.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
      if (duration > role.MaxSessionDuration) throw exceedsMaxSessionDuration();
      if (i.Policy !== undefined) checkSessionPolicy(i.Policy, requestPartition(ctx));
      await checkPolicyArns(deps.store, i.account, i.PolicyArns);
      const packed = packSession(i.Policy, i.PolicyArns, []);
      const now = deps.sts.clock();
      const session = await deps.store.transaction(async () => {
        const s = await deps.sts.sessions.create(
          {
            kind: 'AssumedRole',
            accountId: i.account,
            roleArn: role.Arn,
            roleId: role.RoleId,
            roleName: role.RoleName,
            sessionName: i.RoleSessionName,
            durationSeconds: duration,
            policy: i.Policy,
            policyArns: i.PolicyArns,
            tags: [],
            transitiveTagKeys: [],
            chained: false,
          },
          now,
        );
        await deps.store.roles.recordUse(role.RoleId, now, ctx.region ?? deps.region);
        return s;
      });
      const out: AssumeRoleWithWebIdentityOutput = {
        Credentials: credentialsOf(session),
        SubjectFromWebIdentityToken: i.identity.subject,
        AssumedRoleUser: { AssumedRoleId: session.principalId, Arn: session.Arn },
        Provider: i.identity.issuer,
        Audience: i.identity.audience,
      };
      if (i.Policy !== undefined || i.PolicyArns.length > 0) out.PackedPolicySize = packed.size;
      return out;
    },
  });
}
