/**
 * Which IP addresses egress refuses to reach unless the operator allows private egress: the
 * machine itself, its private networks and the cloud's metadata services, so that a URL a user
 * gives (an import source, a campaign hook) can never be turned against them (SSRF).
 *
 * Ranges: RFC 6890 (special-purpose registries), RFC 1918 (private), RFC 6598 (CGNAT), RFC 4193
 * (ULA), RFC 4291 (link-local, multicast, IPv4-mapped), RFC 6052 (NAT64), RFC 3056 (6to4), and the
 * metadata endpoints of AWS EC2 (169.254.169.254, fd00:ec2::254 — AWSEC2 UserGuide
 * instancedata-data-retrieval.html) and ECS (169.254.170.2, task-metadata-endpoint). Every IPv4
 * range is also refused in the IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4), so
 * `::ffff:127.0.0.1` is loopback like `127.0.0.1`. Node's own BlockList does the matching.
 */
import { BlockList, isIP } from 'node:net';

export type AddressClass =
  | 'metadata'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'carrier-grade NAT'
  | 'multicast'
  | 'reserved';

type Range = [AddressClass, string, number];

/** In the order they are checked: the first class that matches names the address. */
const V4: Range[] = [
  ['metadata', '169.254.169.254', 32],
  ['metadata', '169.254.170.2', 32],
  ['unspecified', '0.0.0.0', 8],
  ['loopback', '127.0.0.0', 8],
  ['private', '10.0.0.0', 8],
  ['private', '172.16.0.0', 12],
  ['private', '192.168.0.0', 16],
  ['carrier-grade NAT', '100.64.0.0', 10],
  ['link-local', '169.254.0.0', 16],
  ['multicast', '224.0.0.0', 4],
  ['reserved', '240.0.0.0', 4], // and the broadcast address 255.255.255.255
  ['reserved', '192.0.0.0', 24], // IETF protocol assignments
  ['reserved', '192.0.2.0', 24], // documentation (TEST-NET-1)
  ['reserved', '198.18.0.0', 15], // benchmarking
  ['reserved', '198.51.100.0', 24], // documentation (TEST-NET-2)
  ['reserved', '203.0.113.0', 24], // documentation (TEST-NET-3)
];

const V6: Range[] = [
  ['metadata', 'fd00:ec2::254', 128],
  ['unspecified', '::', 128],
  ['loopback', '::1', 128],
  ['reserved', '::', 96], // IPv4-compatible (deprecated)
  ['private', 'fc00::', 7], // unique local
  ['private', 'fec0::', 10], // site-local (deprecated)
  ['private', '64:ff9b:1::', 48], // local-use NAT64
  ['link-local', 'fe80::', 10],
  ['multicast', 'ff00::', 8],
  ['reserved', '100::', 64], // discard-only
  ['reserved', '2001::', 32], // Teredo: an IPv4 address hidden in the IPv6 one
  ['reserved', '2001:db8::', 32], // documentation
];

/** The IPv6 forms that embed an IPv4 address: where the IPv4 bits start, and the prefix text. */
const EMBEDDINGS: { at: number; address: (hi: string, lo: string) => string }[] = [
  { at: 96, address: (hi, lo) => `::ffff:${hi}:${lo}` },
  { at: 96, address: (hi, lo) => `64:ff9b::${hi}:${lo}` },
  { at: 16, address: (hi, lo) => `2002:${hi}:${lo}::` },
];

function embedded([cls, v4, bits]: Range): Range[] {
  const [a, b, c, d] = v4.split('.').map(Number);
  const hi = ((a << 8) | b).toString(16);
  const lo = ((c << 8) | d).toString(16);
  return EMBEDDINGS.map((e) => [cls, e.address(hi, lo), e.at + bits]);
}

const ORDER: AddressClass[] = [
  'metadata',
  'unspecified',
  'loopback',
  'private',
  'carrier-grade NAT',
  'link-local',
  'multicast',
  'reserved',
];

const LISTS: [AddressClass, BlockList][] = ORDER.map((cls) => {
  const list = new BlockList();
  for (const [c, address, bits] of V4) if (c === cls) list.addSubnet(address, bits, 'ipv4');
  for (const [c, address, bits] of [...V6, ...V4.flatMap(embedded)])
    if (c === cls) list.addSubnet(address, bits, 'ipv6');
  return [cls, list];
});

/**
 * The class of an address egress refuses, or undefined for a public address. `[…]` brackets and
 * an IPv6 zone (`%eth0`) are ignored; anything that is not an IP address is `reserved`.
 */
export function addressClass(ip: string): AddressClass | undefined {
  const bare = ip.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return 'reserved';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  // A metadata address is also link-local or private: the first class in ORDER that matches wins.
  return LISTS.find(([, list]) => list.check(bare, type))?.[0];
}
