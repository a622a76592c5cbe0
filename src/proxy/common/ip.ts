// Small IP helpers with Go net semantics where kube-proxy's output depends on
// them: `ParseIPSloppy(x).String()` canonical text (IPv4 leading zeros
// accepted, IPv6 compressed per RFC 5952), `ParseCIDR` masking the network,
// and family detection. Pure, allocation-light. The parser and formatter core
// is src/model/ip's; this module adds the number-based CIDR helpers.

import type { IPFamily } from '../../model/types';
import { splitCIDR } from '../../model/ip/cidr';
import { formatIPv4, formatIPv6GroupsGo as formatIPv6 } from '../../model/ip/format';
import { isIPv4MappedGroups, parseIPv4Sloppy as parseIPv4, parseIPv6Groups } from '../../model/ip/parse';

/** Parses dotted IPv4 (leading zeros tolerated, as ParseIPSloppy does) to a 32-bit number. */
export { parseIPv4Sloppy as parseIPv4 } from '../../model/ip/parse';

export { formatIPv4 } from '../../model/ip/format';

/** Parses IPv6 text (incl. `::` and an embedded IPv4 tail) into 8 16-bit groups. */
export function parseIPv6(text: string): number[] | null {
  return parseIPv6Groups(text);
}

/** RFC 5952 text, as Go's net.IP.String() prints IPv6 (IPv4-mapped printed as IPv4). */
export { formatIPv6GroupsGo as formatIPv6 } from '../../model/ip/format';

export function ipFamilyOf(text: string): IPFamily | null {
  if (parseIPv4(text) !== null) return 'IPv4';
  const v6 = parseIPv6(text);
  if (v6 === null) return null;
  // IPv4-mapped IPv6 counts as IPv4 in Go (To4() != nil).
  if (isIPv4MappedGroups(v6)) return 'IPv4';
  return 'IPv6';
}

/** Canonical text of an IP (`ParseIPSloppy(s).String()`), or null if not an IP. */
export function canonicalIP(text: string): string | null {
  const v4 = parseIPv4(text);
  if (v4 !== null) return formatIPv4(v4);
  const v6 = parseIPv6(text);
  return v6 === null ? null : formatIPv6(v6);
}

/** `net.JoinHostPort(ip, port)`: IPv6 addresses are bracketed. */
export { joinHostPort } from '../../model/ip/host-port';

export interface Cidr {
  family: IPFamily;
  /** network address bits: IPv4 one number, IPv6 8 groups */
  v4?: number;
  v6?: number[];
  prefix: number;
  /** canonical `ip/prefix` text with host bits cleared (Go IPNet.String()) */
  text: string;
}

/** `net.ParseCIDR` (sloppy): masks host bits; null if malformed. */
export function parseCIDR(text: string): Cidr | null {
  const parts = splitCIDR(text);
  if (!parts) return null;
  const ipText = parts.ip;
  const prefix = parts.prefix;
  const v4 = parseIPv4(ipText);
  if (v4 !== null) {
    if (prefix > 32) return null;
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    const net = (v4 & mask) >>> 0;
    return { family: 'IPv4', v4: net, prefix, text: `${formatIPv4(net)}/${prefix}` };
  }
  const v6 = parseIPv6(ipText);
  if (v6 === null || prefix > 128) return null;
  const net = v6.map((g, i) => {
    const bits = Math.max(0, Math.min(16, prefix - i * 16));
    const m = bits === 0 ? 0 : (0xffff << (16 - bits)) & 0xffff;
    return g & m;
  });
  return { family: 'IPv6', v6: net, prefix, text: `${formatIPv6(net)}/${prefix}` };
}

export function cidrContains(c: Cidr, ip: string): boolean {
  if (c.family === 'IPv4') {
    const v = parseIPv4(ip);
    if (v === null) return false;
    const mask = c.prefix === 0 ? 0 : (0xffffffff << (32 - c.prefix)) >>> 0;
    return ((v & mask) >>> 0) === c.v4;
  }
  const g = parseIPv6(ip);
  if (g === null) return false;
  for (let i = 0; i < 8; i++) {
    const bits = Math.max(0, Math.min(16, c.prefix - i * 16));
    const m = bits === 0 ? 0 : (0xffff << (16 - bits)) & 0xffff;
    if ((g[i]! & m) !== c.v6![i]) return false;
  }
  return true;
}

/** Whether `ip` is a loopback address (127.0.0.0/8 or ::1). */
export function isLoopback(ip: string): boolean {
  const v4 = parseIPv4(ip);
  if (v4 !== null) return v4 >>> 24 === 127;
  return canonicalIP(ip) === '::1';
}
