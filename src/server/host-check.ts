/**
 * Which names this server answers to. A server on loopback is reachable only from this machine,
 * but a web page can still reach it through DNS rebinding: its own name re-pointed at 127.0.0.1,
 * so the browser sends `Host: evil.example` to our port and reads the answers as same-origin.
 * On loopback Pinpost therefore answers only to localhost names and its listen address.
 * Beyond loopback the machine may have any name, and every route but the public ones needs a
 * signature there, so the Host is not checked.
 */
import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Whether a name is loopback, reachable from this machine only: 127.0.0.0/8, ::1 in any spelling
 * (`0:0:0:0:0:0:0:1`, `::ffff:127.x.y.z`), `localhost` and `*.localhost` (RFC 6761). Any other name
 * may resolve anywhere, so it counts as beyond loopback. The one rule for where Pinpost listens
 * (the well-known root key, internal routes) and for the names it answers to.
 */
export function isLoopbackName(host: string): boolean {
  const name = unbracket(host).toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const family = isIP(name);
  return family !== 0 && LOOPBACK.check(name, family === 4 ? 'ipv4' : 'ipv6');
}

/** `host:port`, `[v6]:port` or a bare name → the name, lower-cased, without brackets or port. */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end < 0 ? h : h.slice(1, end);
  }
  const colon = h.lastIndexOf(':');
  return colon >= 0 && /^\d*$/.test(h.slice(colon + 1)) ? h.slice(0, colon) : h;
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** The Host rule for a server listening on `listenHost` (config.host). */
export class HostRule {
  /** Whether the listen address is loopback: decided by where we listen, not by who connects. */
  readonly loopback: boolean;
  private readonly listenName: string;

  constructor(listenHost: string) {
    this.listenName = unbracket(listenHost).toLowerCase();
    this.loopback = isLoopbackName(this.listenName);
  }

  /**
   * Whether a name (from Host or Origin) is one of this server's on loopback: `localhost`,
   * `*.localhost`, 127.0.0.0/8, `::1` and the listen address, with any port. Beyond loopback only
   * the listen address is known to be ours.
   */
  isOwnName(name: string): boolean {
    if (name === this.listenName) return true;
    return this.loopback && isLoopbackName(name);
  }

  /** The Host header is acceptable: always beyond loopback, our names only on loopback. */
  accepts(hostHeader: string | undefined): boolean {
    if (!this.loopback) return true;
    return hostHeader !== undefined && this.isOwnName(hostName(hostHeader));
  }
}
