import { isIP } from 'node:net';

const PRIVATE_V4 = [
  [0x0a000000, 8], // 10/8
  [0x7f000000, 8], // 127/8
  [0xa9fe0000, 16], // 169.254/16
  [0xac100000, 12], // 172.16/12
  [0xc0a80000, 16], // 192.168/16
  [0x00000000, 8], // 0/8
  [0x64400000, 10], // 100.64/10 (carrier NAT)
] as const;

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;
}

/** Whether an IP address is loopback, link-local, private or otherwise not on the public internet. */
export function isPrivateAddress(ip: string): boolean {
  const version = isIP(ip);
  if (version === 4) {
    const n = v4ToInt(ip);
    return PRIVATE_V4.some(([base, bits]) => n >>> (32 - bits) === base >>> (32 - bits));
  }
  if (version === 6) {
    const v6 = ip.toLowerCase();
    // IPv4-mapped (::ffff:10.0.0.1, which URL parsing writes as ::ffff:a00:1): judge the IPv4 address.
    const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
    if (dotted) return isPrivateAddress(dotted[1]);
    const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6);
    if (hex) {
      const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
      return isPrivateAddress(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
    }
    return v6 === '::1' || v6 === '::' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6);
  }
  return true;
}

/**
 * Whether a webhook URL names this machine or a private network (localhost, single-label names such as docker
 * service names, *.local, *.internal, private or loopback addresses). Checked when the webhook is registered; the
 * dispatcher also checks the addresses a name resolves to before each delivery.
 */
export function isPrivateTarget(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host)) return isPrivateAddress(host);
  return host === 'localhost' || !host.includes('.') || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal');
}
