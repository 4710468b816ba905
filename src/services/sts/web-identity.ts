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
import type { Tag } from '../iam/model.js';
import { findRoleByArn, parseRoleArn } from '../iam/authz/trust-provider.js';
import * as c from './constraints.js';
import { credentialsOf } from './credentials-output.js';
import type { StsDeps } from './deps.js';
import { exceedsMaxSessionDuration, invalidIdentityToken } from './errors.js';
import { checkPolicyArns, checkSessionPolicy, packSession } from './session-policies.js';
import { verifyWebIdentityToken, type WebIdentity } from './web-identity-token.js';
import type { AssumeRoleWithWebIdentityResponse } from '../../wire/model/types/sts.js';

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

/** The model's AssumeRoleWithWebIdentityResponse, with the members it always sends. */
export type AssumeRoleWithWebIdentityOutput = AssumeRoleWithWebIdentityResponse &
  Required<
    Pick<
      AssumeRoleWithWebIdentityResponse,
      'Credentials' | 'SubjectFromWebIdentityToken' | 'AssumedRoleUser' | 'Provider' | 'Audience'
    >
  >;

const TOKEN: Constraint = { required: true, min: 4, max: 20000 };
const PROVIDER_ID: Constraint = { min: 4, max: 2048 };
const DEFAULT_DURATION_SECONDS = 3600;

const one = (v: string): ContextKeyValue => ({ values: [v], list: false });

/**
 * What the token asks for its session (id_session-tags.html, "Passing session tags using
 * AssumeRoleWithWebIdentity"; id_credentials_temp_control-access_monitor.html): the claim
 * `https://aws.amazon.com/tags` with `principal_tags` (each value a one-element list) and
 * `transitive_tag_keys`, and the claim `https://aws.amazon.com/source_identity`.
 */
export function sessionClaims(claims: Record<string, unknown>): {
  tags: Tag[];
  transitiveTagKeys: string[];
  sourceIdentity?: string;
} {
  const raw = claims['https://aws.amazon.com/tags'];
  const block = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const principalTags = block['principal_tags'];
  const tags: Tag[] = [];
  if (principalTags && typeof principalTags === 'object') {
    for (const [Key, v] of Object.entries(principalTags as Record<string, unknown>)) {
      const value = Array.isArray(v) ? v[0] : v;
      if (typeof value === 'string') tags.push({ Key, Value: value });
    }
  }
  const transitive = block['transitive_tag_keys'];
  const source = claims['https://aws.amazon.com/source_identity'];
  return {
    tags,
    transitiveTagKeys: Array.isArray(transitive)
      ? transitive.filter((k): k is string => typeof k === 'string')
      : [],
    ...(typeof source === 'string' && { sourceIdentity: source }),
  };
}

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
    conditionKeys: (i) => {
      const asked = sessionClaims(i.identity.claims);
      const keys: Record<string, ContextKeyValue> = {
        ...webIdentityKeys(i.identity),
        'sts:RoleSessionName': one(i.RoleSessionName),
      };
      for (const t of asked.tags) keys[`aws:RequestTag/${t.Key}`] = one(t.Value);
      if (asked.tags.length) keys['aws:TagKeys'] = { values: asked.tags.map((t) => t.Key), list: true };
      if (asked.transitiveTagKeys.length)
        keys['sts:TransitiveTagKeys'] = { values: asked.transitiveTagKeys, list: true };
      if (asked.sourceIdentity !== undefined) keys['sts:SourceIdentity'] = one(asked.sourceIdentity);
      return keys;
    },
    // Session tags need sts:TagSession and a source identity sts:SetSourceIdentity, decided by the
    // trust policy as the assume action is (id_session-tags.html).
    additionalActions: (i) => {
      const asked = sessionClaims(i.identity.claims);
      return [
        ...(asked.tags.length ? ['sts:TagSession'] : []),
        ...(asked.sourceIdentity !== undefined ? ['sts:SetSourceIdentity'] : []),
      ];
    },
    async handler(i, ctx) {
      const role = await findRoleByArn(deps.store, i.RoleArn);
      if (!role) throw webIdentityDenied();
      const duration = i.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
      if (duration > role.MaxSessionDuration) throw exceedsMaxSessionDuration();
      if (i.Policy !== undefined) checkSessionPolicy(i.Policy, requestPartition(ctx));
      await checkPolicyArns(deps.store, i.account, i.PolicyArns);
      const asked = sessionClaims(i.identity.claims);
      const packed = packSession(i.Policy, i.PolicyArns, asked.tags);
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
            tags: asked.tags,
            transitiveTagKeys: asked.transitiveTagKeys,
            sourceIdentity: asked.sourceIdentity,
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
      if (i.Policy !== undefined || i.PolicyArns.length > 0 || asked.tags.length > 0)
        out.PackedPolicySize = packed.size;
      if (asked.sourceIdentity !== undefined) out.SourceIdentity = asked.sourceIdentity;
      return out;
    },
  });
}
