/**
 * Easy DKIM's DNS records for an identity's tokens (send-email-authentication-dkim-easy-setup-domain.html:
 * a CNAME `<token>._domainkey.<domain>` pointing to `<token>.dkim.amazonses.com`). For an email
 * address identity the domain is the part after the @.
 */
export interface DkimRecord {
  name: string;
  value: string;
}

export function dkimRecords(identity: string, tokens: readonly string[]): DkimRecord[] {
  const domain = identity.includes('@') ? identity.slice(identity.lastIndexOf('@') + 1) : identity;
  return tokens.map((t) => ({ name: `${t}._domainkey.${domain}`, value: `${t}.dkim.amazonses.com` }));
}
