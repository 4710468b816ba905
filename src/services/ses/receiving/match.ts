/**
 * Which recipients a receipt rule applies to, and whether an IP filter lets a sender in.
 * Recipient conditions (dg/receiving-email-receipt-rules-console-walkthrough.html): `user@example.com`
 * matches that address, `example.com` every address of that domain (not its subdomains),
 * `.example.com` every address of every subdomain; no recipients matches every recipient of the
 * account's verified domains. Case-insensitive. IP filters (dg/receiving-email-ip-filtering-console-walkthrough.html):
 * mail from an address a Block filter covers is refused unless an Allow filter covers it too.
 */
import { BlockList, isIP } from 'node:net';
import type { ReceiptFilterDoc } from '../control/receipt-model.js';

export const domainOfAddress = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

export function recipientMatches(conditions: readonly string[], recipient: string): boolean {
  if (conditions.length === 0) return true;
  const address = recipient.toLowerCase();
  const domain = domainOfAddress(address);
  return conditions.some((c) => {
    const cond = c.toLowerCase();
    if (cond.includes('@')) return cond === address;
    if (cond.startsWith('.')) return domain.endsWith(cond);
    return cond === domain;
  });
}

/** The domain identity of `domain` or of one of its parents, among `verified`. */
export function verifiedDomainFor(domain: string, verified: ReadonlySet<string>): string | undefined {
  const labels = domain.toLowerCase().split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const candidate = labels.slice(i).join('.');
    if (verified.has(candidate)) return candidate;
  }
  return undefined;
}

function covers(filters: readonly ReceiptFilterDoc[], ip: string): boolean {
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  for (const f of filters) {
    const [net, mask] = f.IpFilter.Cidr.split('/');
    const netFamily = isIP(net) === 6 ? 'ipv6' : 'ipv4';
    if (mask === undefined) list.addAddress(net, netFamily);
    else list.addSubnet(net, Number(mask), netFamily);
  }
  return list.check(ip, family);
}

/** The filter that refuses mail from `ip`, or undefined when it may send. */
export function blockedBy(filters: readonly ReceiptFilterDoc[], ip: string): ReceiptFilterDoc | undefined {
  if (isIP(ip) === 0) return undefined;
  const allow = filters.filter((f) => f.IpFilter.Policy === 'Allow');
  if (covers(allow, ip)) return undefined;
  return filters.find((f) => f.IpFilter.Policy === 'Block' && covers([f], ip));
}
