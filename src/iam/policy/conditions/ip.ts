/**
 * IP address operators (reference_policies_elements_condition_operators.html, "IP address
 * condition operators"): IPv4 or IPv6 CIDRs ("203.0.113.0/24", "2001:DB8:1234:5678::/64"); an
 * address without a prefix is `/32` (the page) or `/128` for IPv6. No policy variables.
 *
 * Decisions the page does not settle, taken to keep one address one address:
 * - an IPv4-mapped IPv6 address (`::ffff:203.0.113.5`) is the IPv4 address, in the request and in
 *   a policy CIDR whose prefix covers the mapping (`::ffff:203.0.113.0/120` is `203.0.113.0/24`);
 * - a CIDR with host bits set (`203.0.113.5/24`) is the network it names;
 * - an address of the other family is simply outside the range (NotIpAddress then matches);
 * - text that is not an address (request) or a CIDR (policy) is a failed comparison.
 * Request addresses are parsed by hand into preallocated buffers: testing allocates nothing.
 */
import { ERROR, NO, YES, type CompiledValues, type Tri, type ValueTest } from './tri.js';

const DOT = 46;
const COLON = 58;
const ZERO = 48;
const NINE = 57;

/** Parses dotted-quad IPv4 in s[start, end) to an unsigned 32-bit number, or -1. */
export function parseIPv4(s: string, start = 0, end = s.length): number {
  let value = 0;
  let octets = 0;
  let i = start;
  while (octets < 4) {
    let n = 0;
    let len = 0;
    // A leading zero (`01`) is refused: some parsers read it as octal, so its meaning is unclear.
    if (i + 1 < end && s.charCodeAt(i) === ZERO && s.charCodeAt(i + 1) >= ZERO && s.charCodeAt(i + 1) <= NINE)
      return -1;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c < ZERO || c > NINE) break;
      n = n * 10 + (c - ZERO);
      len++;
      i++;
    }
    if (len === 0 || len > 3 || n > 255) return -1;
    value = value * 256 + n;
    octets++;
    if (octets < 4) {
      if (i >= end || s.charCodeAt(i) !== DOT) return -1;
      i++;
    }
  }
  return i === end ? value : -1;
}

function hexValue(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO;
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

const tail = new Uint16Array(8);

/**
 * Parses the groups of s[start, end) into out[from...]; the last group may be dotted IPv4 when
 * `allowV4` (it then fills two groups). Returns the number of groups written, or -1.
 */
function parseGroups(s: string, start: number, end: number, out: Uint16Array, allowV4: boolean): number {
  if (start === end) return 0;
  let count = 0;
  let i = start;
  for (;;) {
    if (count >= 8) return -1;
    let n = 0;
    let len = 0;
    const groupStart = i;
    while (i < end) {
      const h = hexValue(s.charCodeAt(i));
      if (h < 0) break;
      n = n * 16 + h;
      len++;
      i++;
    }
    if (i < end && s.charCodeAt(i) === DOT) {
      // Embedded IPv4 (RFC 4291 section 2.2, form 3): only as the last 32 bits.
      if (!allowV4 || count > 6) return -1;
      const v4 = parseIPv4(s, groupStart, end);
      if (v4 < 0) return -1;
      out[count++] = Math.floor(v4 / 65536);
      out[count++] = v4 % 65536;
      return count;
    }
    if (len === 0 || len > 4) return -1;
    out[count++] = n;
    if (i === end) return count;
    if (s.charCodeAt(i) !== COLON) return -1;
    i++;
    if (i === end) return -1;
  }
}

/** Parses IPv6 text (with `::` and an optional embedded IPv4 tail) into `out`; false when invalid. */
export function parseIPv6(s: string, out: Uint16Array, start = 0, end = s.length): boolean {
  const gap = s.indexOf('::', start);
  if (gap < 0 || gap >= end) {
    return parseGroups(s, start, end, out, true) === 8;
  }
  if (s.indexOf('::', gap + 1) >= 0 && s.indexOf('::', gap + 1) < end) return false;
  const head = parseGroups(s, start, gap, out, false);
  if (head < 0) return false;
  const tailCount = parseGroups(s, gap + 2, end, tail, true);
  if (tailCount < 0 || head + tailCount > 7) return false;
  for (let g = head; g < 8 - tailCount; g++) out[g] = 0;
  for (let g = 0; g < tailCount; g++) out[8 - tailCount + g] = tail[g];
  return true;
}

/** True when the address is IPv4-mapped (`::ffff:a.b.c.d`, RFC 4291 section 2.5.5.2). */
function isMapped(g: Uint16Array): boolean {
  return g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff;
}

interface V4Range {
  lo: number;
  hi: number;
}
interface V6Net {
  groups: Uint16Array;
  prefix: number;
}
type Cidr = { v4: V4Range } | { v6: V6Net };

function v4Range(address: number, prefix: number): V4Range {
  const size = 2 ** (32 - prefix);
  const lo = Math.floor(address / size) * size;
  return { lo, hi: lo + size - 1 };
}

/** Parses a policy value: an address or a CIDR, IPv4 or IPv6. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const end = slash < 0 ? text.length : slash;
  let prefix = -1;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return undefined;
    prefix = Number(p);
  }
  const v4 = parseIPv4(text, 0, end);
  if (v4 >= 0) {
    if (prefix > 32) return undefined;
    return { v4: v4Range(v4, prefix < 0 ? 32 : prefix) };
  }
  const groups = new Uint16Array(8);
  if (!parseIPv6(text, groups, 0, end)) return undefined;
  if (prefix > 128) return undefined;
  const bits = prefix < 0 ? 128 : prefix;
  if (isMapped(groups) && bits >= 96) {
    return { v4: v4Range(groups[6] * 65536 + groups[7], bits - 96) };
  }
  for (let g = 0; g < 8; g++) groups[g] &= groupMask(bits, g);
  return { v6: { groups, prefix: bits } };
}

/** The mask of group g (16 bits) under a prefix length. */
function groupMask(prefix: number, g: number): number {
  const bits = Math.max(0, Math.min(16, prefix - 16 * g));
  return bits === 0 ? 0 : (0xffff << (16 - bits)) & 0xffff;
}

function inV6(addr: Uint16Array, net: V6Net): boolean {
  for (let g = 0; g < 8; g++) {
    const mask = groupMask(net.prefix, g);
    if (mask === 0) return true;
    if ((addr[g] & mask) !== net.groups[g]) return false;
  }
  return true;
}

const scratch = new Uint16Array(8);

/** IpAddress; NotIpAddress is its negation (set.ts). */
export function compileIp(values: readonly string[]): CompiledValues {
  const parsed = values.map(parseCidr);
  const v4: V4Range[] = [];
  const v6: V6Net[] = [];
  for (const c of parsed) {
    if (c === undefined) continue;
    if ('v4' in c) v4.push(c.v4);
    else v6.push(c.v6);
  }
  const miss: Tri = parsed.includes(undefined) ? ERROR : NO;
  const matchV4 = (a: number): Tri => {
    for (let i = 0; i < v4.length; i++) if (a >= v4[i].lo && a <= v4[i].hi) return YES;
    return miss;
  };
  const test: ValueTest = (v) => {
    const a = parseIPv4(v);
    if (a >= 0) return matchV4(a);
    if (!parseIPv6(v, scratch)) return ERROR;
    if (isMapped(scratch)) return matchV4(scratch[6] * 65536 + scratch[7]);
    for (let i = 0; i < v6.length; i++) if (inV6(scratch, v6[i])) return YES;
    return miss;
  };
  return { test, variables: [] };
}
