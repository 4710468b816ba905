/**
 * What AssumeRoleWithSAML requires of a verified assertion (id_roles_providers_create_saml_assertions.html,
 * troubleshoot_saml.html) beyond its signature: the provider's issuer, AWS as audience and
 * recipient, its validity window on Pinpost's clock, the role/provider pair in the Role attribute,
 * a RoleSessionName, and the session tags and source identity its attributes ask for.
 */
import { AwsError } from '../../wire/errors.js';
import type { Tag } from '../iam/model.js';
import { invalidIdentityToken } from './errors.js';
import type { SamlAssertion } from './saml-response.js';

export const SAML_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/';
const NAMEID_PREFIX = 'urn:oasis:names:tc:SAML:2.0:nameid-format:';
/** SAML core 8.3.1: a NameID without Format is "unspecified". */
const UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
/** STS redeems an assertion within 5 minutes of its IssueInstant (Nike-Inc/gimme-aws-creds#251). */
const REDEEM_WINDOW_MS = 5 * 60 * 1000;
const NAME_PATTERN = /^[a-zA-Z_0-9+=,.@-]{2,64}$/;

/** AWS's sign-in endpoints (global, regional, China, GovCloud) a response may be addressed to. */
const ENDPOINT =
  /^https:\/\/(([a-z]{2}(-gov)?-[a-z]+-\d\.)?signin\.aws\.amazon\.com|signin\.amazonaws\.cn|signin\.amazonaws-us-gov\.com)\/saml$/;
/** The audiences AWS accepts: its endpoints and `urn:amazon:webservices` (and its partition forms). */
const AUDIENCE = /^urn:amazon:webservices(:cn-north-1|:govcloud)?$/;

export const expiredSamlToken = (message: string): AwsError =>
  new AwsError({ code: 'ExpiredTokenException', status: 400, message });

/** `SubjectType`: NameID's Format without the SAML 2.0 prefix (API_AssumeRoleWithSAML.html). */
export function subjectType(a: SamlAssertion): string {
  const format = a.subjectFormat ?? UNSPECIFIED;
  return format.startsWith(NAMEID_PREFIX) ? format.slice(NAMEID_PREFIX.length) : format;
}

const iso = (d: Date) => d.toISOString();

/** Issuer, audience, recipient and time window; throws STS's error for the first that fails. */
export function checkAssertion(a: SamlAssertion, entityId: string, now: Date): void {
  // troubleshoot_saml.html: "Issuer not present in specified provider".
  if (a.issuer !== entityId) throw invalidIdentityToken('Issuer not present in specified provider');
  if (a.subject === '') throw invalidIdentityToken('The SAML assertion has no Subject NameID.');
  // troubleshoot_saml.html: "Response does not contain the required audience."
  if (!a.audiences.some((x) => ENDPOINT.test(x) || AUDIENCE.test(x)))
    throw invalidIdentityToken('Response does not contain the required audience.');
  if (a.recipient === undefined || !ENDPOINT.test(a.recipient))
    throw invalidIdentityToken(
      `The SAML assertion's Recipient \`${a.recipient ?? ''}\` is not an AWS sign-in endpoint (https://signin.aws.amazon.com/saml).`,
    );
  if (a.destination !== undefined && !ENDPOINT.test(a.destination))
    throw invalidIdentityToken(
      `The SAML response's Destination \`${a.destination}\` is not an AWS sign-in endpoint (https://signin.aws.amazon.com/saml).`,
    );
  const t = now.getTime();
  if (a.notBefore && t < a.notBefore.getTime())
    throw invalidIdentityToken(
      `The SAML assertion is not valid before ${iso(a.notBefore)} (Conditions NotBefore).`,
    );
  for (const [end, what] of [
    [a.notOnOrAfter, 'Conditions NotOnOrAfter'],
    [a.confirmationNotOnOrAfter, 'SubjectConfirmationData NotOnOrAfter'],
  ] as const)
    if (end && t >= end.getTime())
      throw expiredSamlToken(`The SAML assertion expired at ${iso(end)} (${what}); it is now ${iso(now)}.`);
  // "Token must be redeemed within 5 minutes of issuance" (ExpiredTokenException;
  // Nike-Inc/gimme-aws-creds#251).
  if (a.issueInstant && t - a.issueInstant.getTime() > REDEEM_WINDOW_MS)
    throw expiredSamlToken('Token must be redeemed within 5 minutes of issuance');
}

/** Whether the Role attribute holds the pair `<role>,<provider>` (either order). */
export function rolePairPresent(a: SamlAssertion, roleArn: string, providerArn: string): boolean {
  return (a.attributes.get(`${SAML_ATTRIBUTE}Role`) ?? []).some((v) => {
    const parts = v.split(',').map((s) => s.trim());
    return (
      parts.length === 2 &&
      ((parts[0] === roleArn && parts[1] === providerArn) ||
        (parts[0] === providerArn && parts[1] === roleArn))
    );
  });
}

export interface SamlSessionAsk {
  roleSessionName: string;
  tags: Tag[];
  transitiveTagKeys: string[];
  sourceIdentity?: string;
}

/**
 * RoleSessionName (required), PrincipalTag:<key> (id_session-tags.html, "Passing session tags
 * using AssumeRoleWithSAML"), TransitiveTagKeys and SourceIdentity, with troubleshoot_saml.html's
 * texts for the names.
 */
export function sessionAsk(a: SamlAssertion): SamlSessionAsk {
  const first = (name: string) => a.attributes.get(`${SAML_ATTRIBUTE}${name}`)?.[0];
  const roleSessionName = first('RoleSessionName');
  if (roleSessionName === undefined)
    throw invalidIdentityToken('RoleSessionName is required in AuthnResponse');
  if (!NAME_PATTERN.test(roleSessionName))
    throw invalidIdentityToken('RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');
  const sourceIdentity = first('SourceIdentity');
  if (sourceIdentity !== undefined && (!NAME_PATTERN.test(sourceIdentity) || /^aws:/i.test(sourceIdentity)))
    throw invalidIdentityToken(
      'Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"',
    );
  const tags: Tag[] = [];
  for (const [name, values] of a.attributes) {
    const prefix = `${SAML_ATTRIBUTE}PrincipalTag:`;
    if (name.startsWith(prefix) && values.length > 0)
      tags.push({ Key: name.slice(prefix.length), Value: values[0] });
  }
  return {
    roleSessionName,
    tags,
    transitiveTagKeys: a.attributes.get(`${SAML_ATTRIBUTE}TransitiveTagKeys`) ?? [],
    ...(sourceIdentity !== undefined && { sourceIdentity }),
  };
}
