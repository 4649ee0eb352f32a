import { isPrivateAddress, isPrivateTarget } from './webhook-url';

describe('isPrivateTarget', () => {
  it.each([
    'http://localhost:3000/x',
    'http://localhost./x',
    'http://app.localhost/',
    'http://127.0.0.1/',
    'https://10.1.2.3/',
    'http://172.20.0.1/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest',
    'http://[::1]/',
    'http://db.internal/',
    'http://db.internal./',
    'http://printer.local/',
    'http://[fd00::1]/',
    'http://postgres:5432/',
    'http://api-2:8080/x',
    'http://[::ffff:10.0.0.1]/',
  ])('treats %s as private', (url) => expect(isPrivateTarget(url)).toBe(true));

  // The WHATWG URL parser rewrites these hosts before they are judged: inet_aton forms become dotted decimal
  // (0177.0.0.1 is octal for 127.0.0.1), and IPv6 with a dotted tail becomes hex ([::ffff:127.0.0.1] is [::ffff:7f00:1]).
  it.each([
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://2130706433/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]'],
    ['http://[::ffff:a00:1]/', '[::ffff:a00:1]'],
    ['http://[::127.0.0.1]/', '[::7f00:1]'],
    ['http://[64:ff9b::127.0.0.1]/', '[64:ff9b::7f00:1]'],
    ['http://[64:ff9b::8.8.8.8]/', '[64:ff9b::808:808]'],
    ['http://[2002:7f00:1::]/', '[2002:7f00:1::]'],
    ['http://[2001::1]/', '[2001::1]'],
    ['http://[::]/', '[::]'],
    ['http://0.0.0.0/', '0.0.0.0'],
    ['http://198.18.0.1/', '198.18.0.1'],
    ['http://100.64.0.1/', '100.64.0.1'],
  ])('treats %s (host %s) as private', (url, host) => {
    expect(new URL(url).hostname).toBe(host);
    expect(isPrivateTarget(url)).toBe(true);
  });

  it.each(['https://hooks.example.com/x', 'http://8.8.8.8/', 'http://172.32.0.1/', 'http://93.184.216.34/', 'https://[2606:4700::1111]/', 'http://[::ffff:8.8.8.8]/'])(
    'treats %s as public',
    (url) => expect(isPrivateTarget(url)).toBe(false),
  );
});

describe('isPrivateAddress', () => {
  // Every block of the IANA IPv4 special-purpose registry, plus multicast.
  it.each([
    ['0.0.0.0', '"this network" 0.0.0.0/8'],
    ['0.1.2.3', '"this network" 0.0.0.0/8'],
    ['10.0.0.5', 'private 10.0.0.0/8'],
    ['100.64.0.1', 'shared address space 100.64.0.0/10'],
    ['100.127.255.254', 'shared address space 100.64.0.0/10'],
    ['127.0.0.1', 'loopback 127.0.0.0/8'],
    ['127.255.255.254', 'loopback 127.0.0.0/8'],
    ['169.254.169.254', 'link local 169.254.0.0/16'],
    ['172.16.0.1', 'private 172.16.0.0/12'],
    ['172.31.255.255', 'private 172.16.0.0/12'],
    ['192.0.0.1', 'IETF protocol assignments 192.0.0.0/24'],
    ['192.0.0.170', 'NAT64 discovery 192.0.0.170/32'],
    ['192.0.2.1', 'TEST-NET-1 192.0.2.0/24'],
    ['192.31.196.1', 'AS112-v4 192.31.196.0/24'],
    ['192.52.193.1', 'AMT 192.52.193.0/24'],
    ['192.88.99.1', '6to4 relay anycast 192.88.99.0/24'],
    ['192.168.0.1', 'private 192.168.0.0/16'],
    ['192.175.48.1', 'direct delegation AS112 192.175.48.0/24'],
    ['198.18.0.1', 'benchmarking 198.18.0.0/15'],
    ['198.19.255.255', 'benchmarking 198.18.0.0/15'],
    ['198.51.100.1', 'TEST-NET-2 198.51.100.0/24'],
    ['203.0.113.1', 'TEST-NET-3 203.0.113.0/24'],
    ['224.0.0.1', 'multicast 224.0.0.0/4'],
    ['239.255.255.250', 'multicast 224.0.0.0/4'],
    ['240.0.0.1', 'reserved 240.0.0.0/4'],
    ['255.255.255.254', 'reserved 240.0.0.0/4'],
    ['255.255.255.255', 'limited broadcast'],
  ])('refuses %s (%s)', (ip) => expect(isPrivateAddress(ip)).toBe(true));

  // Every block of the IANA IPv6 special-purpose registry, plus multicast and the other non-global space.
  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback, uncompressed'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback, dotted'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
    ['::FFFF:7F00:1', 'IPv4-mapped loopback, upper case'],
    ['0:0:0:0:0:ffff:7f00:1', 'IPv4-mapped loopback, uncompressed'],
    ['::ffff:a00:1', 'IPv4-mapped 10.0.0.1'],
    ['::ffff:169.254.169.254', 'IPv4-mapped link local'],
    ['::ffff:0:7f00:1', 'IPv4-translated ::ffff:0:0/96'],
    ['::127.0.0.1', 'IPv4-compatible, dotted'],
    ['::7f00:1', 'IPv4-compatible, hex'],
    ['::8.8.8.8', 'IPv4-compatible, even of a public address'],
    ['64:ff9b::7f00:1', 'NAT64 64:ff9b::/96, hex'],
    ['64:ff9b::127.0.0.1', 'NAT64 64:ff9b::/96, dotted'],
    ['64:ff9b::808:808', 'NAT64, even of a public address'],
    ['64:ff9b:1::a00:1', 'local-use NAT64 64:ff9b:1::/48'],
    ['100::1', 'discard-only 100::/64'],
    ['100:0:0:1::1', 'dummy prefix 100:0:0:1::/64'],
    ['2001::1', 'Teredo 2001::/32'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo 2001::/32'],
    ['2001:1::1', 'port control anycast 2001:1::1/128'],
    ['2001:2::1', 'benchmarking 2001:2::/48'],
    ['2001:3::1', 'AMT 2001:3::/32'],
    ['2001:4:112::1', 'AS112-v6 2001:4:112::/48'],
    ['2001:10::1', 'ORCHID 2001:10::/28'],
    ['2001:20::1', 'ORCHIDv2 2001:20::/28'],
    ['2001:30::1', 'drone remote ID 2001:30::/28'],
    ['2001:1ff::1', 'IETF protocol assignments 2001::/23'],
    ['2001:db8::1', 'documentation 2001:db8::/32'],
    ['2002:7f00:1::', '6to4 2002::/16 of 127.0.0.1'],
    ['2002:808:808::1', '6to4, even of a public address'],
    ['2620:4f:8000::1', 'direct delegation AS112 2620:4f:8000::/48'],
    ['3fff::1', 'documentation 3fff::/20'],
    ['5f00::1', 'SRv6 SIDs 5f00::/16'],
    ['fc00::1', 'unique local fc00::/7'],
    ['fd12:3456::1', 'unique local fc00::/7'],
    ['fe80::1', 'link local fe80::/10'],
    ['fe80::1%eth0', 'link local with a zone'],
    ['febf::1', 'link local fe80::/10'],
    ['fec0::1', 'deprecated site local fec0::/10'],
    ['ff02::1', 'multicast ff00::/8'],
    ['ff0e::1', 'multicast ff00::/8'],
    ['4000::1', 'unassigned, outside 2000::/3'],
  ])('refuses %s (%s)', (ip) => expect(isPrivateAddress(ip)).toBe(true));

  // Only canonical notation is an address here; inet_aton forms (octal, hex, short) are refused rather than guessed.
  it.each(['0177.0.0.1', '0x7f.0.0.1', '2130706433', '127.1', 'localhost', '', '1.2.3', '::ffff:999.0.0.1'])('refuses %j, which is not an address', (ip) =>
    expect(isPrivateAddress(ip)).toBe(true),
  );

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '198.20.0.1',
    '223.255.255.254',
    '::ffff:8.8.8.8',
    '::ffff:5db8:d822',
    '2606:4700::1111',
    '2606:2800:220:1::1',
    '2001:200::1',
    '2a00:1450:4001:81c::200e',
  ])('allows %s', (ip) => expect(isPrivateAddress(ip)).toBe(false));
});
