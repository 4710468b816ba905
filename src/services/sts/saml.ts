/**
 * AssumeRoleWithSAML (API_AssumeRoleWithSAML.html): a caller without AWS credentials trades its
 * identity provider's signed SAML response for a session of a role. Unsigned on AWS (the model's
 * `smithy.api#noAuth`), like AssumeRoleWithWebIdentity (web-identity.ts): `parse` verifies the
 * response against the SAML provider named by PrincipalArn — which must exist in the role's
 * account — (saml-response.ts, saml-assertion-checks.ts), and the request is authorized as that
 * provider's federated principal against the role's trust policy alone, with the SAML condition
 * keys (reference_policies_iam-condition-keys.html, "Available keys for SAML-based federation").
 */
import { createHash } from 'node:crypto';
import { checkConstraints, type Constraint } from '../shared/constraints.js';
import { requestPartition } from '../shared/request-partition.js';
import { accessDenied } from '../../wire/errors.js';
import { defineOperation, type ContextKeyValue, type OperationSpec } from '../../wire/operation.js';
import type { Principal } from '../../wire/principal.js';
import type { IamDeps } from '../iam/deps.js';
import { findRoleByArn, parseRoleArn } from '../iam/authz/trust-provider.js';
import { providerStore } from '../iam/operations/identity-provider-shared.js';
import { samlProviderName } from '../iam/operations/saml-provider-operations.js';
import { parseSamlMetadata } from '../iam/saml-metadata.js';
import * as c from './constraints.js';
import { credentialsOf } from './credentials-output.js';
import type { StsDeps } from './deps.js';
import { exceedsMaxSessionDuration, invalidIdentityToken } from './errors.js';
import {
  checkAssertion,
  rolePairPresent,
  sessionAsk,
  subjectType,
  type SamlSessionAsk,
} from './saml-assertion-checks.js';
import { samlAttributeKeys } from './saml-keys.js';
import { decodeSamlResponse, verifySamlResponse, type SamlAssertion } from './saml-response.js';
import { checkPolicyArns, checkSessionPolicy, packSession } from './session-policies.js';
import type { AssumeRoleWithSAMLResponse } from '../../wire/model/types/sts.js';

export const ASSUME_ROLE_WITH_SAML = 'sts:AssumeRoleWithSAML';

/** troubleshoot_saml.html: "Not authorized to perform sts:AssumeRoleWithSAML" (AccessDenied, 403). */
export const samlDenied = () => accessDenied(`Not authorized to perform ${ASSUME_ROLE_WITH_SAML}`);

interface SamlInput {
  RoleArn: string;
  PrincipalArn: string;
  DurationSeconds?: number;
  Policy?: string;
  PolicyArns: string[];
  account: string;
  providerName: string;
  assertion: SamlAssertion;
  ask: SamlSessionAsk;
  nameQualifier: string;
}

/** The model's AssumeRoleWithSAMLResponse, with the members it always sends. */
export type AssumeRoleWithSAMLOutput = AssumeRoleWithSAMLResponse &
  Required<
    Pick<
      AssumeRoleWithSAMLResponse,
      'Credentials' | 'AssumedRoleUser' | 'Subject' | 'SubjectType' | 'Issuer' | 'Audience' | 'NameQualifier'
    >
  >;

/** SAMLAssertionType: 4–100,000 characters. */
const ASSERTION: Constraint = { required: true, min: 4, max: 100000 };
const DEFAULT_DURATION_SECONDS = 3600;

const one = (v: string): ContextKeyValue => ({ values: [v], list: false });

/**
 * NameQualifier: BASE64(SHA1(Issuer + account id + "/" + provider name)), as
 * API_AssumeRoleWithSAML.html's pseudocode computes it.
 */
export const nameQualifier = (issuer: string, account: string, providerName: string) =>
  createHash('sha1').update(`${issuer}${account}/${providerName}`).digest('base64');

export function assumeRoleWithSamlOperation(deps: StsDeps & IamDeps): OperationSpec {
  return defineOperation<SamlInput, AssumeRoleWithSAMLOutput>({
    name: 'AssumeRoleWithSAML',
    action: ASSUME_ROLE_WITH_SAML,
    async parse(raw, ctx) {
      const RoleArn = c.str(raw, 'RoleArn');
      const PrincipalArn = c.str(raw, 'PrincipalArn');
      const SAMLAssertion = c.str(raw, 'SAMLAssertion');
      const Policy = c.str(raw, 'Policy');
      const DurationSeconds = c.int(raw, 'DurationSeconds');
      const rawArns = c.list(raw, 'PolicyArns');
      const checks: [string, unknown, Constraint][] = [
        ['RoleArn', RoleArn, { ...c.ARN, required: true }],
        ['PrincipalArn', PrincipalArn, { ...c.ARN, required: true }],
        ['SAMLAssertion', SAMLAssertion, ASSERTION],
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
      const role = parseRoleArn(RoleArn!);
      if (!role) throw samlDenied();
      const xml = decodeSamlResponse(SAMLAssertion!);
      // The provider must be one of the role's account.
      const providerName = samlProviderName(role.account, PrincipalArn!);
      const provider =
        providerName === undefined
          ? undefined
          : await providerStore(deps).saml.get(role.account, providerName);
      // troubleshoot_saml.html: "Specified provider doesn't exist."
      if (!provider || providerName === undefined)
        throw invalidIdentityToken("Specified provider doesn't exist.");
      // A provider set to Required accepts only encrypted assertions, which Pinpost does not decrypt
      // (saml-response.ts refuses EncryptedAssertion): refusing is what such a provider would do
      // with the plain ones Pinpost can read.
      if (provider.AssertionEncryptionMode === 'Required')
        throw invalidIdentityToken(
          `The SAML provider \`${PrincipalArn!}\` requires encrypted assertions (AssertionEncryptionMode Required); Pinpost reads unencrypted assertions only.`,
        );
      const metadata = parseSamlMetadata(provider.SAMLMetadataDocument);
      if (!metadata) throw invalidIdentityToken("The SAML provider's metadata document cannot be read.");
      const assertion = verifySamlResponse(xml, metadata.signingCertificates);
      checkAssertion(assertion, metadata.entityId, ctx.now);
      if (!rolePairPresent(assertion, RoleArn!, PrincipalArn!)) throw samlDenied();
      const ask = sessionAsk(assertion);
      return {
        RoleArn: RoleArn!,
        PrincipalArn: PrincipalArn!,
        DurationSeconds,
        Policy,
        PolicyArns,
        account: role.account,
        providerName,
        assertion,
        ask,
        nameQualifier: nameQualifier(assertion.issuer, role.account, providerName),
      };
    },
    // The SAML-federated user, acting in the role's account; its ARN is the provider's.
    bodyPrincipal: (i): Principal => ({
      account: i.account,
      arn: i.PrincipalArn,
      kind: 'FederatedUser',
      userId: `${i.nameQualifier}:${i.assertion.subject}`,
      isRoot: false,
      federatedProvider: i.PrincipalArn,
    }),
    // Service Authorization Reference (list_awssecuritytokenservice.html): the role.
    resources: (i) => [i.RoleArn],
    conditionKeys: (i) => {
      const a = i.assertion;
      const keys: Record<string, ContextKeyValue> = {
        ...samlAttributeKeys(a),
        'saml:iss': one(a.issuer),
        'saml:sub': one(a.subject),
        'saml:sub_type': one(subjectType(a)),
        'saml:namequalifier': one(i.nameQualifier),
        'saml:doc': one(`${i.account}/${i.providerName}`),
        'sts:RoleSessionName': one(i.ask.roleSessionName),
      };
      if (a.recipient !== undefined) keys['saml:aud'] = one(a.recipient);
      const { tags, transitiveTagKeys, sourceIdentity } = i.ask;
      for (const t of tags) keys[`aws:RequestTag/${t.Key}`] = one(t.Value);
      if (tags.length) keys['aws:TagKeys'] = { values: tags.map((t) => t.Key), list: true };
      if (transitiveTagKeys.length) keys['sts:TransitiveTagKeys'] = { values: transitiveTagKeys, list: true };
      if (sourceIdentity !== undefined) keys['sts:SourceIdentity'] = one(sourceIdentity);
      return keys;
    },
    // Session tags need sts:TagSession and a source identity sts:SetSourceIdentity, decided by the
    // trust policy as the assume action is (id_session-tags.html).
    additionalActions: (i) => [
      ...(i.ask.tags.length ? ['sts:TagSession'] : []),
      ...(i.ask.sourceIdentity !== undefined ? ['sts:SetSourceIdentity'] : []),
    ],
    async handler(i, ctx) {
      const role = await findRoleByArn(deps.store, i.RoleArn);
      if (!role) throw samlDenied();
      const asked = i.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
      if (asked > role.MaxSessionDuration) throw exceedsMaxSessionDuration();
      if (i.Policy !== undefined) checkSessionPolicy(i.Policy, requestPartition(ctx));
      await checkPolicyArns(deps.store, i.account, i.PolicyArns);
      const { tags, transitiveTagKeys, sourceIdentity, roleSessionName } = i.ask;
      const packed = packSession(i.Policy, i.PolicyArns, tags);
      const now = deps.sts.clock();
      // The session ends at DurationSeconds or the AuthnStatement's SessionNotOnOrAfter,
      // whichever is sooner (API_AssumeRoleWithSAML.html, DurationSeconds).
      const until = i.assertion.sessionNotOnOrAfter;
      const duration =
        until === undefined ? asked : Math.min(asked, Math.floor((until.getTime() - now.getTime()) / 1000));
      if (duration <= 0)
        throw invalidIdentityToken(
          `The SAML assertion's SessionNotOnOrAfter (${until!.toISOString()}) has passed.`,
        );
      const session = await deps.store.transaction(async () => {
        const s = await deps.sts.sessions.create(
          {
            kind: 'AssumedRole',
            accountId: i.account,
            roleArn: role.Arn,
            roleId: role.RoleId,
            roleName: role.RoleName,
            sessionName: roleSessionName,
            durationSeconds: duration,
            policy: i.Policy,
            policyArns: i.PolicyArns,
            tags,
            transitiveTagKeys,
            sourceIdentity,
            chained: false,
          },
          now,
        );
        await deps.store.roles.recordUse(role.RoleId, now, ctx.region ?? deps.region);
        return s;
      });
      const out: AssumeRoleWithSAMLOutput = {
        Credentials: credentialsOf(session),
        AssumedRoleUser: { AssumedRoleId: session.principalId, Arn: session.Arn },
        Subject: i.assertion.subject,
        SubjectType: subjectType(i.assertion),
        Issuer: i.assertion.issuer,
        Audience: i.assertion.recipient ?? '',
        NameQualifier: i.nameQualifier,
      };
      if (i.Policy !== undefined || i.PolicyArns.length > 0 || tags.length > 0)
        out.PackedPolicySize = packed.size;
      if (sourceIdentity !== undefined) out.SourceIdentity = sourceIdentity;
      return out;
    },
  });
}
