/**
 * AssumeRoleWithWebIdentity (API_AssumeRoleWithWebIdentity.html): a caller without AWS credentials
 * trades an OpenID Connect ID token for a session of a role. The request is unsigned on AWS (the
 * model's `smithy.api#noAuth`): the token is the caller's proof, verified in `bodyPrincipal`
 * (web-identity-token.ts) before the request is authorized, and the request is then authorized as that web identity — the
 * provider's ARN for `Federated` principals, with the condition keys `<provider>:aud`,
 * `<provider>:oaud`, `<provider>:sub`, `<provider>:amr` and `aws:FederatedProvider`
 * (reference_policies_iam-condition-keys.html, "Available keys for OIDC federation") — against the
 * role's trust policy alone: a web identity has no policies of its own.
 */
import type { ImportRoot } from '../../net/import-root.js';
import { requestPartition } from '../shared/request-partition.js';
import { accessDenied } from '../../wire/errors.js';
import { onceKey, type RequestContext } from '../../wire/context.js';
import { defineOperation, type ContextKeyValue, type OperationSpec } from '../../wire/operation.js';
import type { Principal } from '../../wire/principal.js';
import type { Tag } from '../iam/model.js';
import { credentialsOf } from './credentials-output.js';
import type { StsDeps } from './deps.js';
import { invalidIdentityToken } from './errors.js';
import { issueFederatedSession, roleAccount } from './role-session.js';
import { policyArnCountViolations, policyArnsOf } from './session-policies.js';
import { verifyWebIdentityToken, type WebIdentity } from './web-identity-token.js';
import type { AssumeRoleWithWebIdentityResponse, InputOf } from '../../wire/model/types/sts.js';

export const ASSUME_ROLE_WITH_WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';

/**
 * STS's AccessDenied when the trust policy does not let the web identity in: "Not authorized to
 * perform sts:AssumeRoleWithWebIdentity" (aws-actions/configure-aws-credentials reports).
 */
export const webIdentityDenied = () =>
  accessDenied(`Not authorized to perform ${ASSUME_ROLE_WITH_WEB_IDENTITY}`);

/** What the verified token proves: the web identity, in the role's account, and what it asks for. */
interface WebIdentityProof {
  account: string;
  identity: WebIdentity;
  asked: SessionClaims;
}

const PROOF = onceKey<Promise<WebIdentityProof>>('sts:AssumeRoleWithWebIdentity proof');

/** The model's AssumeRoleWithWebIdentityResponse, with the members it always sends. */
export type AssumeRoleWithWebIdentityOutput = AssumeRoleWithWebIdentityResponse &
  Required<
    Pick<
      AssumeRoleWithWebIdentityResponse,
      'Credentials' | 'SubjectFromWebIdentityToken' | 'AssumedRoleUser' | 'Provider' | 'Audience'
    >
  >;

const DEFAULT_DURATION_SECONDS = 3600;

const one = (v: string): ContextKeyValue => ({ values: [v], list: false });

interface SessionClaims {
  tags: Tag[];
  transitiveTagKeys: string[];
  sourceIdentity?: string;
}

/**
 * What the token asks for its session (id_session-tags.html, "Passing session tags using
 * AssumeRoleWithWebIdentity"; id_credentials_temp_control-access_monitor.html): the claim
 * `https://aws.amazon.com/tags` with `principal_tags` (each value a one-element list) and
 * `transitive_tag_keys`, and the claim `https://aws.amazon.com/source_identity`.
 */
export function sessionClaims(claims: Record<string, unknown>): SessionClaims {
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
  /** The token verified once per request (RequestContext.once), for every step after bodyPrincipal. */
  const proofOf = (i: InputOf<'AssumeRoleWithWebIdentity'>, ctx: RequestContext) =>
    ctx.once(PROOF, async (): Promise<WebIdentityProof> => {
      // ProviderId is for OAuth 2.0 access tokens of www.amazon.com and graph.facebook.com, which
      // only those providers can check: Pinpost, calling no one, cannot.
      if (i.ProviderId !== undefined)
        throw invalidIdentityToken(
          `Pinpost verifies OpenID Connect ID tokens against registered keys only; \`ProviderId\` (${i.ProviderId}) names an OAuth 2.0 provider it cannot ask.`,
        );
      const account = roleAccount(i.RoleArn);
      const identity = await verifyWebIdentityToken(
        deps,
        i.WebIdentityToken,
        { account, partition: i.RoleArn.split(':')[1] ?? requestPartition(ctx) },
        ctx.now,
      );
      return { account, identity, asked: sessionClaims(identity.claims) };
    });
  return defineOperation<InputOf<'AssumeRoleWithWebIdentity'>, AssumeRoleWithWebIdentityOutput>({
    name: 'AssumeRoleWithWebIdentity',
    action: ASSUME_ROLE_WITH_WEB_IDENTITY,
    violations: policyArnCountViolations,
    // The web identity, acting in the role's account; its ARN is the provider's. The token is
    // verified here, once the model's constraints hold and before the request is authorized.
    async bodyPrincipal(i, ctx): Promise<Principal> {
      const { account, identity } = await proofOf(i, ctx);
      return {
        account,
        arn: identity.provider.Arn,
        kind: 'FederatedUser',
        userId: `${identity.provider.Url}:${identity.subject}`,
        isRoot: false,
        federatedProvider: identity.provider.Arn,
      };
    },
    // Service Authorization Reference (list_awssecuritytokenservice.html): the role.
    resources: (i) => [i.RoleArn],
    conditionKeys: async (i, ctx) => {
      const { identity, asked } = await proofOf(i, ctx);
      const keys: Record<string, ContextKeyValue> = {
        ...webIdentityKeys(identity),
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
    additionalActions: async (i, ctx) => {
      const { asked } = await proofOf(i, ctx);
      return [
        ...(asked.tags.length ? ['sts:TagSession'] : []),
        ...(asked.sourceIdentity !== undefined ? ['sts:SetSourceIdentity'] : []),
      ];
    },
    async handler(i, ctx) {
      const { account, identity, asked } = await proofOf(i, ctx);
      const { session, packedPolicySize } = await issueFederatedSession(deps, ctx, {
        roleArn: i.RoleArn,
        account,
        sessionName: i.RoleSessionName,
        durationSeconds: i.DurationSeconds ?? DEFAULT_DURATION_SECONDS,
        policy: i.Policy,
        policyArns: policyArnsOf(i.PolicyArns),
        ...asked,
        denied: webIdentityDenied,
      });
      const out: AssumeRoleWithWebIdentityOutput = {
        Credentials: credentialsOf(session),
        SubjectFromWebIdentityToken: identity.subject,
        AssumedRoleUser: { AssumedRoleId: session.principalId, Arn: session.Arn },
        Provider: identity.issuer,
        Audience: identity.audience,
      };
      if (packedPolicySize !== undefined) out.PackedPolicySize = packedPolicySize;
      if (asked.sourceIdentity !== undefined) out.SourceIdentity = asked.sourceIdentity;
      return out;
    },
  });
}
