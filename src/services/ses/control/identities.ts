/**
 * Identities shared by v1 and v2: an email address or a domain, keyed case-insensitively.
 * Verification is instant by default (Pinpost has no DNS to look at and no inbox to wait for);
 * with `verification: 'email'` an address stays PENDING until its verification link is followed
 * (verification.ts). Domains always verify at once: there is no DNS record Pinpost could check.
 */
import type { SesScope } from '../ports.js';
import type { Api } from './input.js';
import type { ControlDeps } from './deps.js';
import { easyDkim, noDkim, verificationToken } from './dkim.js';
import { badRequest, identityMissingText, invalidParameterValue, notFound } from './errors.js';
import type { DkimState, IdentityDoc, Status, Tag } from './model.js';
import type { IdentityVerificationAttributes } from '../../../wire/model/types/ses.js';
import type { Stored } from './store.js';

const EMAIL =
  /^[^\s@<>()",;:]+@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+)$/;
const DOMAIN =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/**
 * Domains are case-insensitive, addresses case-sensitive but for their domain part
 * (DeveloperGuide/verify-email-addresses.html: "The entire email address is case-sensitive …
 * Domain verification, however, is case-insensitive").
 */
export function identityKey(name: string): string {
  const at = name.lastIndexOf('@');
  return at < 0 ? name.toLowerCase() : name.slice(0, at + 1) + name.slice(at + 1).toLowerCase();
}

export function isEmail(name: string): boolean {
  return EMAIL.test(name) && name.length <= 320;
}
export function isDomain(name: string): boolean {
  return DOMAIN.test(name);
}
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

/** v2: what CreateEmailIdentity accepts (an address if it has an @, otherwise a domain). */
export function classifyV2(name: string): 'EMAIL_ADDRESS' | 'DOMAIN' {
  if (name.includes('@')) {
    // "Invalid email address<…>." is the text SES sends for a malformed address (SendEmail's).
    if (!isEmail(name)) throw badRequest(`Invalid email address<${name}>.`);
    return 'EMAIL_ADDRESS';
  }
  if (!isDomain(name)) throw badRequest(`Invalid domain name <${name}>.`);
  return 'DOMAIN';
}

export function checkV1Email(address: string): void {
  if (!isEmail(address)) throw invalidParameterValue(`Invalid email address<${address}>.`);
}
export function checkV1Domain(domain: string): void {
  if (!isDomain(domain)) throw invalidParameterValue(`Invalid domain name <${domain}>.`);
}

/** `forUpdate`: inside a transaction that writes it back, locked until the commit (store.ts). */
export function getIdentity(
  deps: ControlDeps,
  scope: SesScope,
  name: string,
  forUpdate = false,
): Promise<Stored<IdentityDoc> | undefined> {
  return forUpdate
    ? deps.store.getForUpdate<IdentityDoc>(scope, 'identity', identityKey(name))
    : deps.store.get<IdentityDoc>(scope, 'identity', identityKey(name));
}

export async function requireIdentity(
  deps: ControlDeps,
  scope: SesScope,
  name: string,
  forUpdate = false,
): Promise<Stored<IdentityDoc>> {
  const found = await getIdentity(deps, scope, name, forUpdate);
  if (!found) throw notFound(identityMissingText(name));
  return found;
}

export function saveIdentity(deps: ControlDeps, scope: SesScope, doc: IdentityDoc): Promise<void> {
  return deps.store.put(scope, 'identity', identityKey(doc.name), doc);
}

/** Whether a new address identity waits for its verification link. */
export function awaitsEmail(deps: ControlDeps, type: IdentityDoc['type']): boolean {
  return deps.verification === 'email' && type === 'EMAIL_ADDRESS';
}

export interface NewIdentity {
  name: string;
  type: IdentityDoc['type'];
  tags?: Tag[];
  configurationSetName?: string;
  /** v2 domains get Easy DKIM unless BYODKIM attributes are given; v1 domains get none until VerifyDomainDkim. */
  dkim?: DkimState | 'easy' | 'none';
  verificationToken?: boolean;
}

export function newIdentity(deps: ControlDeps, spec: NewIdentity): IdentityDoc {
  const status = awaitsEmail(deps, spec.type) ? 'PENDING' : 'SUCCESS';
  const dkim =
    spec.dkim === 'easy'
      ? easyDkim('RSA_2048_BIT', 'SUCCESS', deps.store.now())
      : spec.dkim && spec.dkim !== 'none'
        ? spec.dkim
        : noDkim();
  return {
    name: spec.name,
    type: spec.type,
    verificationStatus: status,
    verificationToken: spec.verificationToken ? verificationToken() : undefined,
    dkim,
    feedbackForwarding: true,
    configurationSetName: spec.configurationSetName,
    policies: {},
    tags: spec.tags ?? [],
  };
}

/**
 * v1 and v2 status names differ only in case (VerificationStatus enums of both models): a v2
 * status as SES v1 spells it (`TEMPORARY_FAILURE` → `TemporaryFailure`).
 */
export function v1Status(s: Status): V1Status {
  return s
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('') as V1Status;
}

type V1Status = IdentityVerificationAttributes['VerificationStatus'];

export type { Api };
