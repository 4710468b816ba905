/**
 * AssumeRoleWithSAML (API_AssumeRoleWithSAML.html): a caller without AWS credentials trades its
 * identity provider's signed SAML response for a session of a role. Unsigned on AWS (the model's
 * `smithy.api#noAuth`), like AssumeRoleWithWebIdentity (web-identity.ts): `bodyPrincipal`
 * verifies, before the request is authorized, the response against the SAML provider named by PrincipalArn — which must exist in the role's
 * account — (saml-response.ts, saml-assertion-checks.ts), and the request is authorized as that
 * provider's federated principal against the role's trust policy alone, with the SAML condition
 * keys (reference_policies_iam-condition-keys.html, "Available keys for SAML-based federation").
 */
import { createHash } from 'node:crypto';
import { onceKey, type RequestContext } from '../../wire/context.js';
import { accessDenied } from '../../wire/errors.js';
import { defineOperation, type ContextKeyValue, type OperationSpec } from '../../wire/operation.js';
import type { Principal } from '../../wire/principal.js';
import type { IamDeps } from '../iam/deps.js';
import { providerStore } from '../iam/operations/identity-provider-shared.js';
import { samlProviderName } from '../iam/operations/saml-provider-operations.js';
import { parseSamlMetadata } from '../iam/saml-metadata.js';
import { credentialsOf } from './credentials-output.js';
import type { StsDeps } from './deps.js';
import { invalidIdentityToken } from './errors.js';
import { issueFederatedSession, roleAccount } from './role-session.js';
import {
  checkAssertion,
  rolePairPresent,
  sessionAsk,
  subjectType,
  type SamlSessionAsk,
} from './saml-assertion-checks.js';
import { samlAttributeKeys } from './saml-keys.js';
import { decodeSamlResponse, verifySamlResponse, type SamlAssertion } from './saml-response.js';
import { policyArnCountViolations, policyArnsOf } from './session-policies.js';
import type { AssumeRoleWithSAMLResponse, InputOf } from '../../wire/model/types/sts.js';

export const ASSUME_ROLE_WITH_SAML = 'sts:AssumeRoleWithSAML';

/** troubleshoot_saml.html: "Not authorized to perform sts:AssumeRoleWithSAML" (AccessDenied, 403). */
export const samlDenied = () => accessDenied(`Not authorized to perform ${ASSUME_ROLE_WITH_SAML}`);

/** What the verified SAML response proves, for the role's account. */
interface SamlProof {
  account: string;
  providerName: string;
  assertion: SamlAssertion;
  ask: SamlSessionAsk;
  nameQualifier: string;
}

const PROOF = onceKey<Promise<SamlProof>>('sts:AssumeRoleWithSAML proof');

/** The model's AssumeRoleWithSAMLResponse, with the members it always sends. */
export type AssumeRoleWithSAMLOutput = AssumeRoleWithSAMLResponse &
  Required<
    Pick<
      AssumeRoleWithSAMLResponse,
      'Credentials' | 'AssumedRoleUser' | 'Subject' | 'SubjectType' | 'Issuer' | 'Audience' | 'NameQualifier'
    >
  >;

const DEFAULT_DURATION_SECONDS = 3600;

const one = (v: string): ContextKeyValue => ({ values: [v], list: false });

/**
 * NameQualifier: BASE64(SHA1(Issuer + account id + "/" + provider name)), as
 * API_AssumeRoleWithSAML.html's pseudocode computes it.
 */
export const nameQualifier = (issuer: string, account: string, providerName: string) =>
  createHash('sha1').update(`${issuer}${account}/${providerName}`).digest('base64');

export function assumeRoleWithSamlOperation(deps: StsDeps & IamDeps): OperationSpec {
  /** Verifies the SAML response against the provider PrincipalArn names, in the role's account. */
  async function verify(i: InputOf<'AssumeRoleWithSAML'>, now: Date): Promise<SamlProof> {
    const account = roleAccount(i.RoleArn);
    const xml = decodeSamlResponse(i.SAMLAssertion);
    const providerName = samlProviderName(account, i.PrincipalArn);
    const provider =
      providerName === undefined ? undefined : await providerStore(deps).saml.get(account, providerName);
    // troubleshoot_saml.html: "Specified provider doesn't exist."
    if (!provider || providerName === undefined)
      throw invalidIdentityToken("Specified provider doesn't exist.");
    // A provider set to Required accepts only encrypted assertions, which Pinpost does not decrypt
    // (saml-response.ts refuses EncryptedAssertion): refusing is what such a provider would do
    // with the plain ones Pinpost can read.
    if (provider.AssertionEncryptionMode === 'Required')
      throw invalidIdentityToken(
        `The SAML provider \`${i.PrincipalArn}\` requires encrypted assertions (AssertionEncryptionMode Required); Pinpost reads unencrypted assertions only.`,
      );
    const metadata = parseSamlMetadata(provider.SAMLMetadataDocument);
    if (!metadata) throw invalidIdentityToken("The SAML provider's metadata document cannot be read.");
    const assertion = verifySamlResponse(xml, metadata.signingCertificates);
    checkAssertion(assertion, metadata.entityId, now);
    if (!rolePairPresent(assertion, i.RoleArn, i.PrincipalArn)) throw samlDenied();
    return {
      account,
      providerName,
      assertion,
      ask: sessionAsk(assertion),
      nameQualifier: nameQualifier(assertion.issuer, account, providerName),
    };
  }

  /** The response verified once per request (RequestContext.once), for every step after bodyPrincipal. */
  const proofOf = (i: InputOf<'AssumeRoleWithSAML'>, ctx: RequestContext) =>
    ctx.once(PROOF, () => verify(i, ctx.now));

  return defineOperation<InputOf<'AssumeRoleWithSAML'>, AssumeRoleWithSAMLOutput>({
    name: 'AssumeRoleWithSAML',
    action: ASSUME_ROLE_WITH_SAML,
    violations: policyArnCountViolations,
    // The SAML-federated user, acting in the role's account; its ARN is the provider's.
    async bodyPrincipal(i, ctx): Promise<Principal> {
      const proof = await proofOf(i, ctx);
      return {
        account: proof.account,
        arn: i.PrincipalArn,
        kind: 'FederatedUser',
        userId: `${proof.nameQualifier}:${proof.assertion.subject}`,
        isRoot: false,
        federatedProvider: i.PrincipalArn,
      };
    },
    // Service Authorization Reference (list_awssecuritytokenservice.html): the role.
    resources: (i) => [i.RoleArn],
    conditionKeys: async (i, ctx) => {
      const proof = await proofOf(i, ctx);
      const a = proof.assertion;
      const keys: Record<string, ContextKeyValue> = {
        ...samlAttributeKeys(a),
        'saml:iss': one(a.issuer),
        'saml:sub': one(a.subject),
        'saml:sub_type': one(subjectType(a)),
        'saml:namequalifier': one(proof.nameQualifier),
        'saml:doc': one(`${proof.account}/${proof.providerName}`),
        'sts:RoleSessionName': one(proof.ask.roleSessionName),
      };
      if (a.recipient !== undefined) keys['saml:aud'] = one(a.recipient);
      const { tags, transitiveTagKeys, sourceIdentity } = proof.ask;
      for (const t of tags) keys[`aws:RequestTag/${t.Key}`] = one(t.Value);
      if (tags.length) keys['aws:TagKeys'] = { values: tags.map((t) => t.Key), list: true };
      if (transitiveTagKeys.length) keys['sts:TransitiveTagKeys'] = { values: transitiveTagKeys, list: true };
      if (sourceIdentity !== undefined) keys['sts:SourceIdentity'] = one(sourceIdentity);
      return keys;
    },
    // Session tags need sts:TagSession and a source identity sts:SetSourceIdentity, decided by the
    // trust policy as the assume action is (id_session-tags.html).
    additionalActions: async (i, ctx) => {
      const { ask } = await proofOf(i, ctx);
      return [
        ...(ask.tags.length ? ['sts:TagSession'] : []),
        ...(ask.sourceIdentity !== undefined ? ['sts:SetSourceIdentity'] : []),
      ];
    },
    async handler(i, ctx) {
      const { account, assertion, ask, nameQualifier: qualifier } = await proofOf(i, ctx);
      const { roleSessionName, sourceIdentity } = ask;
      const until = assertion.sessionNotOnOrAfter;
      const { session, packedPolicySize } = await issueFederatedSession(deps, ctx, {
        roleArn: i.RoleArn,
        account,
        sessionName: roleSessionName,
        durationSeconds: i.DurationSeconds ?? DEFAULT_DURATION_SECONDS,
        // The session ends at DurationSeconds or the AuthnStatement's SessionNotOnOrAfter,
        // whichever is sooner (API_AssumeRoleWithSAML.html, DurationSeconds).
        ...(until && {
          endsBy: {
            at: until,
            passed: () =>
              invalidIdentityToken(
                `The SAML assertion's SessionNotOnOrAfter (${until.toISOString()}) has passed.`,
              ),
          },
        }),
        policy: i.Policy,
        policyArns: policyArnsOf(i.PolicyArns),
        tags: ask.tags,
        transitiveTagKeys: ask.transitiveTagKeys,
        sourceIdentity,
        denied: samlDenied,
      });
      const out: AssumeRoleWithSAMLOutput = {
        Credentials: credentialsOf(session),
        AssumedRoleUser: { AssumedRoleId: session.principalId, Arn: session.Arn },
        Subject: assertion.subject,
        SubjectType: subjectType(assertion),
        Issuer: assertion.issuer,
        Audience: assertion.recipient ?? '',
        NameQualifier: qualifier,
      };
      if (packedPolicySize !== undefined) out.PackedPolicySize = packedPolicySize;
      if (sourceIdentity !== undefined) out.SourceIdentity = sourceIdentity;
      return out;
    },
  });
}
