/**
 * Reading and verifying the SAML authentication response of AssumeRoleWithSAML
 * (API_AssumeRoleWithSAML.html; id_roles_providers_create_saml_assertions.html): base64 of a
 * `samlp:Response` carrying exactly one `saml:Assertion`, signed (the Response, the Assertion or
 * both) with a key of the provider's metadata signing certificates. xml-crypto checks the
 * signature; what is read afterwards comes ONLY from the bytes the signature covers
 * (`getSignedReferences()`), never from the received document, so a wrapped or appended
 * assertion cannot be passed off as the signed one. Texts are STS's where troubleshoot_saml.html
 * or reports show them ("Response signature invalid", InvalidIdentityToken); Pinpost's own say
 * what was wrong where STS's were not found.
 */
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { invalidIdentityToken } from './errors.js';

const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const EXCLUSIVE_C14N = [
  'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
];
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

/** troubleshoot_saml.html: "Response signature invalid" (InvalidIdentityToken, 400). */
export const responseSignatureInvalid = () => invalidIdentityToken('Response signature invalid');

/** What the signed assertion says, as AssumeRoleWithSAML needs it. */
export interface SamlAssertion {
  issuer: string;
  subject: string;
  /** NameID's Format, or undefined when the NameID has none. */
  subjectFormat?: string;
  /** SubjectConfirmationData's Recipient (the `saml:aud` key), or the Response's Destination. */
  recipient?: string;
  audiences: string[];
  issueInstant?: Date;
  notBefore?: Date;
  notOnOrAfter?: Date;
  /** The earliest of the bearer confirmation's NotOnOrAfter values. */
  confirmationNotOnOrAfter?: Date;
  sessionNotOnOrAfter?: Date;
  /** Attribute Name → its AttributeValue texts, in order. */
  attributes: Map<string, string[]>;
  /** The Response's Destination, when it has one (unsigned when only the Assertion is signed). */
  destination?: string;
}

type El = Element;

function parseXml(xml: string): Document {
  let problem: string | undefined;
  const fail = (m: string) => {
    problem ??= m;
  };
  const doc = new DOMParser({
    errorHandler: { warning: () => {}, error: fail, fatalError: fail },
  }).parseFromString(xml, 'text/xml');
  if (problem !== undefined || !doc?.documentElement)
    throw invalidIdentityToken('The SAML response is not well-formed XML.');
  return doc;
}

const children = (el: El, ns: string, name: string): El[] =>
  Array.from(el.childNodes).filter(
    (n): n is El => n.nodeType === 1 && (n as El).namespaceURI === ns && (n as El).localName === name,
  );
const child = (el: El | undefined, ns: string, name: string): El | undefined =>
  el ? children(el, ns, name)[0] : undefined;
const text = (el: El | undefined) => (el?.textContent ?? '').trim();
const attr = (el: El | undefined, name: string) =>
  el?.hasAttribute(name) ? el.getAttribute(name)! : undefined;

function date(v: string | undefined, what: string): Date | undefined {
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime()))
    throw invalidIdentityToken(`The SAML ${what} \`${v}\` is not an xs:dateTime.`);
  return d;
}

/** The decoded XML of SAMLAssertion: base64 (whitespace allowed, as IdPs wrap it) of a document. */
export function decodeSamlResponse(base64: string): string {
  const compact = base64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0)
    throw invalidIdentityToken('The SAMLAssertion is not base64 of a SAML response.');
  const xml = Buffer.from(compact, 'base64').toString('utf8');
  if (!xml.trimStart().startsWith('<'))
    throw invalidIdentityToken('The SAMLAssertion is not base64 of a SAML response.');
  // A document type (entities, external subsets) has no place in a SAML response: refuse it rather
  // than expand it.
  if (/<!DOCTYPE/i.test(xml))
    throw invalidIdentityToken('The SAML response must not carry a document type declaration.');
  return xml;
}

/**
 * The element a signature covers, re-read from the signed bytes: the signature must be a child of
 * the element it references (the Response or the Assertion) and verify with one of
 * `certificates`. Every signature present must verify; the Response's element is preferred.
 */
function verifiedElement(xml: string, holders: El[], certificates: string[]): El {
  const verified: El[] = [];
  for (const holder of holders) {
    const signatures = children(holder, DSIG_NS, 'Signature');
    if (signatures.length === 0) continue;
    if (signatures.length > 1) throw responseSignatureInvalid();
    const el = verifySignature(xml, holder, signatures[0], certificates);
    if (!el) throw responseSignatureInvalid();
    verified.push(el);
  }
  if (verified.length === 0) throw responseSignatureInvalid();
  return verified[0];
}

function verifySignature(xml: string, holder: El, signature: El, certificates: string[]): El | undefined {
  const id = attr(holder, 'ID');
  if (id === undefined) return undefined;
  for (const publicCert of certificates) {
    // KeyInfo is the sender's word: only the provider's metadata certificates are trusted.
    const sx = new SignedXml({ publicCert, getCertFromKeyInfo: () => null });
    try {
      sx.loadSignature(signature);
      if (!EXCLUSIVE_C14N.includes(sx.canonicalizationAlgorithm ?? '')) return undefined;
      const refs = sx.getReferences();
      if (refs.length !== 1 || refs[0].uri !== `#${id}`) return undefined;
      if (!sx.checkSignature(xml)) continue;
    } catch {
      continue;
    }
    const signed = sx.getSignedReferences();
    if (signed.length !== 1) return undefined;
    const el = parseXml(signed[0]).documentElement!;
    if (el.localName !== holder.localName || el.namespaceURI !== holder.namespaceURI) return undefined;
    return attr(el, 'ID') === id ? el : undefined;
  }
  return undefined;
}

/** Verifies the response's signature and reads its assertion from the signed bytes only. */
export function verifySamlResponse(xml: string, certificates: string[]): SamlAssertion {
  const doc = parseXml(xml);
  const root = doc.documentElement!;
  if (root.namespaceURI !== PROTOCOL_NS || root.localName !== 'Response')
    throw invalidIdentityToken('The SAML document is not a samlp:Response.');
  if (doc.getElementsByTagNameNS(ASSERTION_NS, 'EncryptedAssertion').length > 0)
    throw invalidIdentityToken(
      'Pinpost reads unencrypted assertions only; this SAML response carries an EncryptedAssertion.',
    );
  // One assertion in the whole document: a second one (wrapped in an extension, an Object, another
  // assertion's Advice…) is how signature-wrapping attacks smuggle theirs in.
  const all = doc.getElementsByTagNameNS(ASSERTION_NS, 'Assertion');
  if (all.length !== 1)
    throw invalidIdentityToken(
      `The SAML response must carry exactly one Assertion; it carries ${all.length}.`,
    );
  const received = children(root, ASSERTION_NS, 'Assertion')[0];
  if (!received) throw invalidIdentityToken("The SAML response's Assertion must be a child of its Response.");
  const status = attr(child(child(root, PROTOCOL_NS, 'Status'), PROTOCOL_NS, 'StatusCode'), 'Value');
  if (status !== SUCCESS)
    throw invalidIdentityToken(`The SAML response's status is \`${status ?? 'missing'}\`, not Success.`);

  const signedEl = verifiedElement(xml, [root, received], certificates);
  let assertion: El;
  let response: El = root;
  if (signedEl.localName === 'Response') {
    response = signedEl;
    const inside = children(signedEl, ASSERTION_NS, 'Assertion');
    if (inside.length !== 1) throw responseSignatureInvalid();
    assertion = inside[0];
  } else {
    assertion = signedEl;
  }
  return readAssertion(assertion, attr(response, 'Destination'));
}

function readAssertion(a: El, destination: string | undefined): SamlAssertion {
  const subjectEl = child(a, ASSERTION_NS, 'Subject');
  const nameId = child(subjectEl, ASSERTION_NS, 'NameID');
  const bearer = subjectEl
    ? children(subjectEl, ASSERTION_NS, 'SubjectConfirmation').filter(
        (c) => attr(c, 'Method') === 'urn:oasis:names:tc:SAML:2.0:cm:bearer',
      )
    : [];
  const data = bearer
    .map((b) => child(b, ASSERTION_NS, 'SubjectConfirmationData'))
    .filter((d) => d !== undefined);
  const confirmationEnds = data
    .map((d) => date(attr(d, 'NotOnOrAfter'), 'SubjectConfirmationData NotOnOrAfter'))
    .filter((d): d is Date => d !== undefined)
    .sort((x, y) => x.getTime() - y.getTime());
  const conditions = child(a, ASSERTION_NS, 'Conditions');
  const audiences = conditions
    ? children(conditions, ASSERTION_NS, 'AudienceRestriction').flatMap((r) =>
        children(r, ASSERTION_NS, 'Audience').map(text),
      )
    : [];
  const authn = child(a, ASSERTION_NS, 'AuthnStatement');
  const attributes = new Map<string, string[]>();
  for (const statement of children(a, ASSERTION_NS, 'AttributeStatement'))
    for (const at of children(statement, ASSERTION_NS, 'Attribute')) {
      const name = attr(at, 'Name');
      if (name === undefined) continue;
      const values = children(at, ASSERTION_NS, 'AttributeValue').map(text);
      attributes.set(name, [...(attributes.get(name) ?? []), ...values]);
    }
  const recipient = data.map((d) => attr(d, 'Recipient')).find((r) => r !== undefined);
  return {
    issuer: text(child(a, ASSERTION_NS, 'Issuer')),
    subject: text(nameId),
    subjectFormat: attr(nameId, 'Format'),
    recipient: recipient ?? destination,
    audiences,
    issueInstant: date(attr(a, 'IssueInstant'), 'IssueInstant'),
    notBefore: date(attr(conditions, 'NotBefore'), 'Conditions NotBefore'),
    notOnOrAfter: date(attr(conditions, 'NotOnOrAfter'), 'Conditions NotOnOrAfter'),
    confirmationNotOnOrAfter: confirmationEnds[0],
    sessionNotOnOrAfter: date(attr(authn, 'SessionNotOnOrAfter'), 'SessionNotOnOrAfter'),
    attributes,
    destination,
  };
}
