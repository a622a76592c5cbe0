// IP and CIDR parsing with the API server's rules (k8s.io/utils/net
// ParseIPSloppy / ParseCIDRSloppy: Go's pre-1.17 parser, which still accepts
// leading zeros in IPv4 octets and reads them as decimal), as bytes. The
// text parsing and formatting themselves live in src/model/ip.

import { formatIPv6Groups } from '../../ip/format';
import { splitCIDR } from '../../ip/cidr';
import { parseIPv4Sloppy, parseIPv6Groups } from '../../ip/parse';

export interface IPBytes {
  family: 'IPv4' | 'IPv6';
  /** 4 bytes for IPv4, 16 for IPv6 */
  bytes: number[];
}

function bytesOfV4(v: number): number[] {
  return [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
}

/** netutils.ParseIPSloppy; `null` when not an IP address. */
export function parseIPSloppy(s: string): IPBytes | null {
  const v4 = parseIPv4Sloppy(s);
  if (v4 !== null) return { family: 'IPv4', bytes: bytesOfV4(v4) };
  const g = parseIPv6Groups(s);
  if (!g) return null;
  const bytes: number[] = [];
  for (const x of g) bytes.push(x >> 8, x & 0xff);
  return { family: 'IPv6', bytes };
}

/** Go's net.IP.To4() != nil: IPv4, or IPv4-mapped IPv6 (::ffff:a.b.c.d). */
function as4(ip: IPBytes): number[] | null {
  if (ip.family === 'IPv4') return ip.bytes;
  const b = ip.bytes;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return null;
  if (b[10] !== 0xff || b[11] !== 0xff) return null;
  return b.slice(12);
}

/** netutils.IsIPv6String: parses and is not an IPv4 (or IPv4-mapped) address. */
export function isIPv6String(s: string): boolean {
  const ip = parseIPSloppy(s);
  return ip !== null && as4(ip) === null;
}

export function ipFamilyOf(s: string): 'IPv4' | 'IPv6' | null {
  const ip = parseIPSloppy(s);
  if (!ip) return null;
  return as4(ip) ? 'IPv4' : 'IPv6';
}

export function isUnspecified(ip: IPBytes): boolean {
  const v4 = as4(ip);
  if (v4) return v4.every((b) => b === 0);
  return ip.bytes.every((b) => b === 0);
}

export function isLoopback(ip: IPBytes): boolean {
  const v4 = as4(ip);
  if (v4) return v4[0] === 127;
  return ip.bytes.slice(0, 15).every((b) => b === 0) && ip.bytes[15] === 1;
}

export function isLinkLocalUnicast(ip: IPBytes): boolean {
  const v4 = as4(ip);
  if (v4) return v4[0] === 169 && v4[1] === 254;
  return ip.bytes[0] === 0xfe && ((ip.bytes[1] ?? 0) & 0xc0) === 0x80;
}

export function isLinkLocalMulticast(ip: IPBytes): boolean {
  const v4 = as4(ip);
  if (v4) return v4[0] === 224 && v4[1] === 0 && v4[2] === 0;
  return ip.bytes[0] === 0xff && ((ip.bytes[1] ?? 0) & 0x0f) === 0x02;
}

/** netutils.ParseCIDRSloppy; `null` when not `<ip>/<prefix>`. */
export function parseCIDRSloppy(s: string): { ip: IPBytes; prefix: number } | null {
  const parts = splitCIDR(s);
  if (!parts) return null;
  const ip = parseIPSloppy(parts.ip);
  if (!ip) return null;
  const prefix = parts.prefix;
  const bits = ip.family === 'IPv4' ? 32 : 128;
  if (prefix > bits) return null;
  return { ip, prefix };
}

/** netutils.IsDualStackIPStrings / IsDualStackCIDRStrings: exactly one of each family among the entries. */
export function isDualStack(families: readonly ('IPv4' | 'IPv6' | null)[]): boolean {
  const v4 = families.filter((f) => f === 'IPv4').length;
  const v6 = families.filter((f) => f === 'IPv6').length;
  return v4 > 0 && v6 > 0;
}

/** Go's net.IP.String(): dotted quad for IPv4 (and IPv4-mapped), RFC 5952 for IPv6. */
export function formatIP(ip: IPBytes): string {
  const v4 = as4(ip);
  if (v4) return v4.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip.bytes[i] ?? 0) << 8) | (ip.bytes[i + 1] ?? 0));
  return formatIPv6Groups(groups);
}

/** The network address of a CIDR (host bits cleared). */
export function maskIP(ip: IPBytes, prefix: number): IPBytes {
  const bytes = ip.bytes.map((b, i) => {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - bits)) & 0xff);
  });
  return { family: ip.family, bytes };
}
