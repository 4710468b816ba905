/**
 * A SAML 2.0 metadata document (saml-metadata-2.0-os) read as far as IAM needs it: an
 * EntityDescriptor with an IDPSSODescriptor, its signing certificates (KeyDescriptor with
 * use="signing" or no use, ds:X509Certificate, base64 DER) and its validUntil. IAM refuses a
 * document it cannot read this way with InvalidInput "Could not parse metadata".
 */
import { X509Certificate } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';

export interface SamlMetadata {
  entityId: string;
  /** The IdP's signing certificates, PEM. */
  signingCertificates: string[];
  validUntil?: Date;
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  isArray: (name) =>
    ['IDPSSODescriptor', 'KeyDescriptor', 'X509Certificate', 'EntityDescriptor'].includes(name),
  processEntities: false,
});

const asArray = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : v ? [v as Node] : []);
const text = (v: unknown): string | undefined =>
  typeof v === 'string'
    ? v
    : typeof v === 'object' && v && typeof (v as Node)['#text'] === 'string'
      ? ((v as Node)['#text'] as string)
      : undefined;

function pem(base64: string): string {
  const body = base64.replace(/\s+/g, '');
  return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** The metadata, or undefined when it is not a readable IdP metadata document. */
export function parseSamlMetadata(document: string): SamlMetadata | undefined {
  let doc: Node;
  try {
    doc = parser.parse(document, true) as Node;
  } catch {
    return undefined;
  }
  const entity = asArray(doc['EntityDescriptor'])[0];
  if (!entity) return undefined;
  const entityId = entity['@entityID'];
  if (typeof entityId !== 'string' || entityId === '') return undefined;
  const idp = asArray(entity['IDPSSODescriptor'])[0];
  if (!idp) return undefined;
  const certificates: string[] = [];
  for (const kd of asArray(idp['KeyDescriptor'])) {
    const use = kd['@use'];
    if (use !== undefined && use !== 'signing') continue;
    const data = asArray((kd['KeyInfo'] as Node | undefined)?.['X509Data']);
    for (const d of data) {
      for (const c of asArray(d['X509Certificate'])) {
        const t = text(c) ?? (typeof c === 'string' ? c : undefined);
        if (!t) return undefined;
        const p = pem(t);
        try {
          new X509Certificate(p);
        } catch {
          return undefined;
        }
        certificates.push(p);
      }
    }
  }
  if (certificates.length === 0) return undefined;
  const out: SamlMetadata = { entityId, signingCertificates: certificates };
  const until = entity['@validUntil'];
  if (typeof until === 'string') {
    const d = new Date(until);
    if (Number.isNaN(d.getTime())) return undefined;
    out.validUntil = d;
  }
  return out;
}
