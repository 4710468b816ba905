/**
 * The sender side of a send, as SES authorizes it (dg/sending-authorization-delegate-sender-tasks-
 * email.html): the Source (v2 FromEmailAddress), the raw message's From header when the call names
 * a Source too, and the Return-Path (v2 FeedbackForwardingEmailAddress) — each with the identity
 * that authorizes it. That identity is the one the caller names (SourceArn, FromArn, ReturnPathArn;
 * v2 FromEmailAddressIdentityArn, FeedbackForwardingEmailAddressIdentityArn; the X-SES-*-ARN headers
 * of raw messages) or, when none is named, the address's own identity in the caller's account.
 *
 * An address sent under a named identity must belong to it: "if the owner of example.com … attaches
 * a policy to it that authorizes you to send from user@example.com, then you would specify the
 * SourceArn to be arn:aws:ses:us-east-1:123456789012:identity/example.com, and the Source to be
 * user@example.com" (API_SendEmail.html, SourceArn). So the address is the identity, or the identity
 * is the address's domain; anything else is refused before anything is written.
 */
import type { IdentityPort, IdentityRecord, SesScope } from '../ports.js';
import type { ParsedAddress } from './addresses.js';
import { domainOf } from './addresses.js';
import { parseIdentityArn } from './authz.js';

export type SenderRole = 'source' | 'from' | 'return-path';

export interface Sender {
  role: SenderRole;
  address: ParsedAddress;
  /** The identity authorized for the address (and verified, and signing when it is the From). */
  identityArn: string;
  /** Named by the caller, so the address must belong to it. */
  named: boolean;
}

/** Local parts are case-sensitive, domains are not (as identities are looked up). */
const sameAddress = (a: string, b: string): boolean =>
  a.slice(0, a.lastIndexOf('@')) === b.slice(0, b.lastIndexOf('@')) && domainOf(a) === domainOf(b);

/** The address is the identity, or the identity is the address's domain. */
export function belongsTo(address: string, identity: string): boolean {
  return identity.includes('@')
    ? sameAddress(address, identity)
    : domainOf(address) === identity.toLowerCase();
}

/** The name of the identity an ARN names (`…:identity/<name>`). */
export const identityNameOf = (arn: string): string | undefined => parseIdentityArn(arn)?.identity;

/**
 * The identity record an ARN names, where the send happens: in the ARN's account, in the region of
 * the endpoint called ("you have to connect to the Amazon SES endpoint in the AWS Region that the
 * identity owner verified the identity in"; a `*` region is the global endpoints' form, the same page).
 */
export async function identityOfArn(
  identities: Pick<IdentityPort, 'find'>,
  region: string,
  arn: string,
): Promise<IdentityRecord | undefined> {
  const parsed = parseIdentityArn(arn);
  if (!parsed || (parsed.scope.region !== region && parsed.scope.region !== '*')) return undefined;
  return identities.find({ account: parsed.scope.account, region } satisfies SesScope, parsed.identity);
}

/** The first sender whose address does not belong to the identity the caller named for it. */
export function misaligned(senders: readonly Sender[]): Sender | undefined {
  return senders.find((s) => s.named && !belongsTo(s.address.address, identityNameOf(s.identityArn) ?? ''));
}
