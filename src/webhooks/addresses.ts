import { BlockList, isIP } from 'node:net';

/**
 * The addresses a webhook may not reach unless WEBHOOKS_ALLOW_PRIVATE=true (docs/OPERATIONS.md
 * "Webhooks"): the server's own host and the networks behind it, whatever a company's URL names.
 * Each range with the word a refusal uses for it.
 */
const RANGES: readonly (readonly [kind: string, network: string, prefix: number, family: 'ipv4' | 'ipv6'])[] = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '100.64.0.0', 10, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.0.0.0', 24, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['private', '198.18.0.0', 15, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['unique-local', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['site-local', 'fec0::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
];

const LISTS = new Map<string, BlockList>();
for (const [kind, network, prefix, family] of RANGES) {
  const list = LISTS.get(kind) ?? new BlockList();
  list.addSubnet(network, prefix, family);
  LISTS.set(kind, list);
}

/** The 16 bytes of an IPv6 address (with or without a dotted IPv4 tail). */
function ipv6Bytes(address: string): number[] {
  let text = address.toLowerCase();
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    tail.push(...dotted[1].split('.').map(Number));
    text = text.slice(0, -dotted[1].length) + '0:0';
  }
  const [head = '', rest] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = all.flatMap((group) => [group >> 8, group & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/**
 * The IPv4 address an IPv6 one carries, for the forms that reach it: IPv4-mapped (`::ffff:a.b.c.d`)
 * and the deprecated IPv4-compatible (`::a.b.c.d`); null for any other.
 */
function embeddedIpv4(address: string): string | null {
  const bytes = ipv6Bytes(address);
  const zeros = bytes.slice(0, 10).every((byte) => byte === 0);
  const mapped = zeros && bytes[10] === 0xff && bytes[11] === 0xff;
  const compatible = zeros && bytes[10] === 0 && bytes[11] === 0 && bytes.slice(12).some((byte) => byte !== 0) && !(bytes.slice(12, 15).every((b) => b === 0) && bytes[15] === 1);
  return mapped || compatible ? bytes.slice(12).join('.') : null;
}

/**
 * Why a webhook may not be sent to `address` (`loopback`, `private`, `link-local`,
 * `unique-local`, `unspecified`, `multicast`, …), or null when it may. An IPv6 address that carries
 * an IPv4 one is judged by it; anything that is not an IP address is refused as `invalid`.
 */
export function refusedAddressKind(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return 'invalid';
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 !== null) return refusedAddressKind(v4);
  }
  for (const [kind, list] of LISTS) if (list.check(address, family === 4 ? 'ipv4' : 'ipv6')) return kind;
  return null;
}
