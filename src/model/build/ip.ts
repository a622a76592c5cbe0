// IP address and CIDR arithmetic for the allocators (service IPs, pod IPs,
// node IPs, load-balancer pools). Addresses are handled as bigint so IPv4 and
// IPv6 share one code path; text output is canonical (Go's net.IP.String():
// dotted quad for IPv4, RFC 5952 compressed lower-case for IPv6). Text
// parsing and formatting live in src/model/ip; this module adds the bigint
// arithmetic.

import type { IPFamily } from '../types';
import { splitCIDR } from '../ip/cidr';
import { formatIPv4, formatIPv6Groups } from '../ip/format';
import { parseIPv4Strict, parseIPv6Groups } from '../ip/parse';

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

/** Go 1.17+ net.ParseIP's IPv4 (leading zeros rejected) as a bigint. */
export function parseIPv4(text: string): bigint | null {
  const v = parseIPv4Strict(text);
  return v === null ? null : BigInt(v);
}

/** IPv6 text (its IPv4 tail parsed strictly) as a bigint. */
export function parseIPv6(text: string): bigint | null {
  const groups = parseIPv6Groups(text, true);
  if (groups === null) return null;
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
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
  if (family === 'IPv4') return formatIPv4(Number(value & 0xffffffffn));
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  return formatIPv6Groups(groups);
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
  const parts = splitCIDR(text);
  if (!parts) return null;
  const ip = parseIP(parts.ip);
  if (!ip) return null;
  const bits = ip.family === 'IPv4' ? 32 : 128;
  const prefix = parts.prefix;
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
