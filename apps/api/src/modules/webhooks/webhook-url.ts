import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Blocks of the IANA special-purpose registries that ipaddr.js 1.x still calls 'unicast'. IPv4: AS112, AMT, direct
 * delegation AS112, benchmarking. IPv6: the IETF protocol assignments 2001::/23 (it knows only Teredo, 2001::/32,
 * inside it), direct delegation AS112, documentation 3fff::/20.
 */
const MISSED_V4 = ['192.31.196.0/24', '192.52.193.0/24', '192.175.48.0/24', '198.18.0.0/15'].map((cidr) => ipaddr.IPv4.parseCIDR(cidr));
const MISSED_V6 = ['2001::/23', '2620:4f:8000::/48', '3fff::/20'].map((cidr) => ipaddr.IPv6.parseCIDR(cidr));
/**
 * IANA's global unicast space. Outside it ipaddr.js also says 'unicast' for IPv4-compatible (::a.b.c.d), local-use
 * NAT64 (64:ff9b:1::/48), discard-only (100::/64), SRv6 (5f00::/16) and site-local (fec0::/10) addresses.
 */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * Whether a webhook must not be sent to this address: anything but ordinary global unicast, i.e. every block of the
 * IANA IPv4 and IPv6 special-purpose registries plus multicast, broadcast and reserved space. IPv4-mapped IPv6 is
 * judged by its IPv4 address (the socket reaches exactly that). Addresses that embed another IPv4 address behind a
 * translator or tunnel (NAT64, 6to4, Teredo, IPv4-compatible) are refused outright: where they lead depends on
 * the network. A string that is not an address in canonical notation (isIP) is refused too.
 */
export function isPrivateAddress(ip: string): boolean {
  if (!isIP(ip)) return true;
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(ip);
  } catch {
    return true; // ipaddr.js 1.x cannot read a dotted tail after anything but ::ffff: (e.g. ::127.0.0.1)
  }
  if (address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress()) address = address.toIPv4Address();
  if (address.range() !== 'unicast') return true;
  if (address instanceof ipaddr.IPv4) {
    const v4 = address;
    return MISSED_V4.some((block) => v4.match(block));
  }
  const v6 = address;
  return !v6.match(GLOBAL_UNICAST_V6) || MISSED_V6.some((block) => v6.match(block));
}

/**
 * Whether a webhook URL names this machine or a private network (localhost, single-label names such as docker
 * service names, *.local, *.internal, private or loopback addresses). Checked when the webhook is registered; the
 * dispatcher checks it again before each delivery, and checks every address a name resolves to as it connects.
 */
export function isPrivateTarget(url: string): boolean {
  // The URL parser has already normalised IP literals: 0177.0.0.1 and 2130706433 become 127.0.0.1, and
  // [::ffff:127.0.0.1] becomes [::ffff:7f00:1]. A trailing dot ("localhost.") still names the same host.
  const host = new URL(url).hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (isIP(host)) return isPrivateAddress(host);
  return host === 'localhost' || !host.includes('.') || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal');
}
