/**
 * Which names this server answers to. A server on loopback is reachable only from this machine,
 * but a web page can still reach it through DNS rebinding: its own name re-pointed at 127.0.0.1,
 * so the browser sends `Host: evil.example` to our port and reads the answers as same-origin.
 * On loopback Pinpost therefore answers only to localhost names and its listen address.
 * Beyond loopback the machine may have any name, and every route but the public ones needs a
 * signature there, so the Host is not checked.
 */
import { isIP } from 'node:net';

/** Whether an address is loopback: 127.0.0.0/8, ::1, `localhost` and `*.localhost` (RFC 6761). */
export function isLoopbackName(host: string): boolean {
  const name = unbracket(host).toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || /^::ffff:127\./.test(name);
  return false;
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
