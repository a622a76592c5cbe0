// IP address and CIDR arithmetic for the allocators (service IPs, pod IPs,
// node IPs, load-balancer pools). Addresses are handled as bigint so IPv4 and
// IPv6 share one code path; text output is canonical (Go's net.IP.String():
// dotted quad for IPv4, RFC 5952 compressed lower-case for IPv6).

import type { IPFamily } from '../types';

export interface ParsedIP {
  family: IPFamily;
  value: bigint;
}

export interface ParsedCIDR {
  family: IPFamily;
  /** network address (host bits cleared) */
  network: bigint;
  prefix: number;
  /** 32 or 128 */
  bits: number;
}

export function parseIPv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let v = 0n;
  for (const p of parts) {
    // Go's ParseIP rejects leading zeros ("010.0.0.1") since 1.17.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

export function parseIPv6(text: string): bigint | null {
  if (!text.includes(':')) return null;
  let head = text;
  let tailV4: bigint | null = null;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tailV4 = parseIPv4(text.slice(lastColon + 1));
    if (tailV4 === null) return null;
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const toGroups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const left = toGroups(halves[0] ?? '');
  const right = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  if (tailV4 !== null) v = (v & ~0xffffffffn) | tailV4;
  return v;
}

export function parseIP(text: string): ParsedIP | null {
  const v4 = parseIPv4(text);
  if (v4 !== null) return { family: 'IPv4', value: v4 };
  const v6 = parseIPv6(text);
  if (v6 !== null) return { family: 'IPv6', value: v6 };
  return null;
}

export function familyOf(ip: string): IPFamily | null {
  return parseIP(ip)?.family ?? null;
}

export function formatIP(family: IPFamily, value: bigint): string {
  if (family === 'IPv4') {
    const n = Number(value & 0xffffffffn);
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (>= 2) of zero groups, first on ties.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

// The allocators look their range up on every call: remember parsed CIDRs.
const cidrCache = new Map<string, ParsedCIDR | null>();

export function parseCIDR(text: string): ParsedCIDR | null {
  let hit = cidrCache.get(text);
  if (hit === undefined) {
    hit = parseCIDRUncached(text);
    if (cidrCache.size > 4096) cidrCache.clear();
    cidrCache.set(text, hit);
  }
  return hit;
}

function parseCIDRUncached(text: string): ParsedCIDR | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const ip = parseIP(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^[0-9]{1,3}$/.test(prefixText)) return null;
  const bits = ip.family === 'IPv4' ? 32 : 128;
  const prefix = Number(prefixText);
  if (prefix > bits) return null;
  const hostBits = BigInt(bits - prefix);
  const network = (ip.value >> hostBits) << hostBits;
  return { family: ip.family, network, prefix, bits };
}

export function formatCIDR(c: ParsedCIDR): string {
  return `${formatIP(c.family, c.network)}/${c.prefix}`;
}

/** Number of addresses in the CIDR (2^(bits-prefix)). */
export function cidrSize(c: ParsedCIDR): bigint {
  return 1n << BigInt(c.bits - c.prefix);
}

export function cidrContains(c: ParsedCIDR, ip: ParsedIP): boolean {
  if (c.family !== ip.family) return false;
  const hostBits = BigInt(c.bits - c.prefix);
  return ip.value >> hostBits === c.network >> hostBits;
}

/** The address `offset` positions after the network address. */
export function addressAt(c: ParsedCIDR, offset: bigint | number): string {
  return formatIP(c.family, c.network + BigInt(offset));
}

/**
 * The `index`-th subnet of size `/newPrefix` inside `c`
 * (kube-controller-manager's node IPAM carves node podCIDRs this way).
 */
export function subnetAt(c: ParsedCIDR, newPrefix: number, index: number): ParsedCIDR | null {
  if (newPrefix < c.prefix || newPrefix > c.bits) return null;
  const count = 1n << BigInt(newPrefix - c.prefix);
  if (BigInt(index) >= count) return null;
  const network = c.network + (BigInt(index) << BigInt(c.bits - newPrefix));
  return { family: c.family, network, prefix: newPrefix, bits: c.bits };
}
