// Small IP helpers with Go net semantics where kube-proxy's output depends on
// them: `ParseIPSloppy(x).String()` canonical text (IPv4 leading zeros
// accepted, IPv6 compressed per RFC 5952), `ParseCIDR` masking the network,
// and family detection. Pure, allocation-light.

import type { IPFamily } from '../../model/types';

/** Parses dotted IPv4 (leading zeros tolerated, as ParseIPSloppy does) to a 32-bit number. */
export function parseIPv4(text: string): number | null {
  let v = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return null;
      octet = octet * 10 + (c - 48);
    } else if (c === 46) {
      if (digits === 0 || octet > 255 || ++dots > 3) return null;
      v = v * 256 + octet;
      octet = 0;
      digits = 0;
    } else {
      return null;
    }
  }
  if (dots !== 3 || digits === 0 || octet > 255) return null;
  return v * 256 + octet;
}

export function formatIPv4(v: number): string {
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** Parses IPv6 text (incl. `::` and an embedded IPv4 tail) into 8 16-bit groups. */
export function parseIPv6(text: string): number[] | null {
  if (!text.includes(':')) return null;
  let s = text;
  if (s.includes('%')) return null;
  const lastColon = s.lastIndexOf(':');
  const maybeV4 = s.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    // Embedded IPv4 tail (`::ffff:1.2.3.4`): rewrite it as two hex groups.
    const v4 = parseIPv4(maybeV4);
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${((v4 >>> 16) & 0xffff).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseGroups(halves[0]!);
  if (!head) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const rest = parseGroups(halves[1]!);
  if (!rest) return null;
  const given = head.length + rest.length;
  if (given > 7) return null;
  return [...head, ...new Array<number>(8 - given).fill(0), ...rest];
}

/** RFC 5952 text, as Go's net.IP.String() prints IPv6 (IPv4-mapped printed as IPv4). */
export function formatIPv6(g: readonly number[]): string {
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return formatIPv4(((g[6]! << 16) | g[7]!) >>> 0);
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number, b: number): string => g.slice(a, b).map((x) => x.toString(16)).join(':');
  if (bestLen < 2) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

export function ipFamilyOf(text: string): IPFamily | null {
  if (parseIPv4(text) !== null) return 'IPv4';
  const v6 = parseIPv6(text);
  if (v6 === null) return null;
  // IPv4-mapped IPv6 counts as IPv4 in Go (To4() != nil).
  if (v6.slice(0, 5).every((x) => x === 0) && v6[5] === 0xffff) return 'IPv4';
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
export function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

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
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const ipText = text.slice(0, slash);
  const pText = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(pText)) return null;
  const prefix = Number(pText);
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
