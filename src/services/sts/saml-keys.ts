/**
 * The SAML condition keys that come from an assertion's attributes
 * (reference_policies_iam-condition-keys.html, "Available keys for SAML-based federation"): each
 * is named for the attribute, whose SAML Name is its OID (eduPerson and eduOrg, and `cn`), and
 * holds the attribute's values.
 */
import type { ContextKeyValue } from '../../wire/operation.js';
import type { SamlAssertion } from './saml-response.js';

const EDU_PERSON = 'urn:oid:1.3.6.1.4.1.5923.1.1.1.';
const EDU_ORG = 'urn:oid:1.3.6.1.4.1.5923.1.2.1.';

const KEYS: Record<string, string> = {
  [`${EDU_PERSON}1`]: 'saml:edupersonaffiliation',
  [`${EDU_PERSON}2`]: 'saml:edupersonnickname',
  [`${EDU_PERSON}3`]: 'saml:edupersonorgdn',
  [`${EDU_PERSON}4`]: 'saml:edupersonorgunitdn',
  [`${EDU_PERSON}5`]: 'saml:edupersonprimaryaffiliation',
  [`${EDU_PERSON}6`]: 'saml:edupersonprincipalname',
  [`${EDU_PERSON}7`]: 'saml:edupersonentitlement',
  [`${EDU_PERSON}8`]: 'saml:edupersonprimaryorgunitdn',
  [`${EDU_PERSON}9`]: 'saml:edupersonscopedaffiliation',
  [`${EDU_PERSON}10`]: 'saml:edupersontargetedid',
  [`${EDU_PERSON}11`]: 'saml:edupersonassurance',
  [`${EDU_ORG}2`]: 'saml:eduorghomepageuri',
  [`${EDU_ORG}3`]: 'saml:eduorgidentityauthnpolicyuri',
  [`${EDU_ORG}4`]: 'saml:eduorglegalname',
  [`${EDU_ORG}5`]: 'saml:eduorgsuperioruri',
  [`${EDU_ORG}6`]: 'saml:eduorgwhitepagesuri',
  'urn:oid:2.5.4.3': 'saml:cn',
};

export function samlAttributeKeys(a: SamlAssertion): Record<string, ContextKeyValue> {
  const keys: Record<string, ContextKeyValue> = {};
  for (const [name, values] of a.attributes) {
    const key = KEYS[name];
    if (key && values.length) keys[key] = { values, list: true };
  }
  return keys;
}
