/**
 * Whether a browser page of another site sent the request. Browsers say so in `Origin` (sent with
 * every POST and every CORS request) and, in current browsers, in `Sec-Fetch-Site` (sent with every
 * request, including the GETs of `<img>` and links, which carry no Origin). SDKs, the AWS CLI and
 * Node's fetch send neither, so they are never taken for a page.
 * https://fetch.spec.whatwg.org/#origin-header, https://www.w3.org/TR/fetch-metadata/
 */
import type { HostRule } from './host-check.js';

/**
 * The foreign origin (or site) a request came from, or undefined when it came from this server's
 * own origin or from no browser page. Own origin: http(s), one of the server's names (HostRule),
 * and the server's port. `Origin: null` (sandboxed frames, file: pages) is foreign.
 */
export function foreignOrigin(
  headers: Record<string, string>,
  rule: HostRule,
  port: number,
): string | undefined {
  const origin = headers['origin'];
  if (origin !== undefined) return isOwnOrigin(origin, rule, port) ? undefined : origin;
  const site = headers['sec-fetch-site'];
  // `same-origin` and `none` (typed in the address bar) are the user's own; `same-site` is another
  // port or subdomain: another application.
  if (site === 'cross-site' || site === 'same-site') return `another site (Sec-Fetch-Site: ${site})`;
  return undefined;
}

function isOwnOrigin(origin: string, rule: HostRule, port: number): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const originPort = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const name = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return originPort === port && rule.isOwnName(name.toLowerCase());
}
