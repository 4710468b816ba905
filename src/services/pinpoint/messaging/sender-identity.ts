/**
 * A message may only be sent from the identity its email channel names. The channel's Identity is
 * "the Amazon Resource Name (ARN) of the identity, verified with Amazon SES, that you want to use
 * when you send email through the channel" (apireference/apps-application-id-channels-email.html),
 * and Pinpoint hands it to SES as the identity that authorizes the send
 * (FromEmailAddressIdentityArn, ses-input.ts). So the From address — the channel's FromAddress, a
 * message's EmailMessage.FromAddress, or the From header of a RawEmail — must belong to that
 * identity: be the address itself when the identity is an email address, or an address in the
 * domain when it is a domain (SES dg/creating-identities.html: a verified domain covers the
 * addresses in it; read as SES's own identityForAddress reads it, the domain itself, not its
 * subdomains). A From outside it would let a caller send as any identity of the account while
 * SES authorizes the channel's.
 */
import { domainOf, parseAddress, parseAddressList } from '../../ses/sending/addresses.js';
import { parseIdentityArn } from '../../ses/sending/authz.js';
import { readHeaders } from '../../ses/sending/raw-message.js';

/**
 * The addresses a message is sent from: the From header(s) of a raw message, else `fromAddress`.
 * One that cannot be read is left to SES, which refuses it with its own error.
 */
function senders(fromAddress: string, raw: Buffer | undefined): string[] {
  const headers = raw ? readHeaders(raw).get('from') : [];
  if (headers.length === 0) {
    const one = parseAddress(fromAddress);
    return one ? [one.address] : [];
  }
  return headers.flatMap((h) => parseAddressList(h).flatMap((a) => (a ? [a.address] : [])));
}

/** The From addresses of a message that do not belong to `identityArn` (empty when all do). */
export function sendersOutsideIdentity(identityArn: string, fromAddress: string, raw?: Buffer): string[] {
  const identity = parseIdentityArn(identityArn)?.identity.toLowerCase();
  return senders(fromAddress, raw).filter((address) => {
    if (identity === undefined) return true;
    return identity.includes('@') ? address.toLowerCase() !== identity : domainOf(address) !== identity;
  });
}
