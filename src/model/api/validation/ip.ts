// IP and CIDR parsing with the API server's rules (k8s.io/utils/net
// ParseIPSloppy / ParseCIDRSloppy: Go's pre-1.17 parser, which still accepts
// leading zeros in IPv4 octets and reads them as decimal).

export interface IPBytes {
  family: 'IPv4' | 'IPv6';
  /** 4 bytes for IPv4, 16 for IPv6 */
  bytes: number[];
}

function parseV4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function parseV6(s: string): number[] | null {
  if (!s.includes(':')) return null;
  let text = s;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseV4(text.slice(lastColon + 1));
    if (!v4) return null;
    tail = v4;
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const group = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = group(halves[0] ?? '');
  const rest = halves.length === 2 ? group(halves[1] ?? '') : [];
  if (!head || !rest) return null;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return null;
    groups = [...head, ...new Array<number>(missing).fill(0), ...rest];
  } else {
    if (head.length !== 8) return null;
    groups = head;
  }
  const bytes: number[] = [];
  for (const g of groups) bytes.push(g >> 8, g & 0xff);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** netutils.ParseIPSloppy; `null` when not an IP address. */
export function parseIPSloppy(s: string): IPBytes | null {
  const v4 = parseV4(s);
  if (v4) return { family: 'IPv4', bytes: v4 };
  const v6 = parseV6(s);
  if (!v6) return null;
  return { family: 'IPv6', bytes: v6 };
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
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const ip = parseIPSloppy(s.slice(0, slash));
  const p = s.slice(slash + 1);
  if (!ip || !/^[0-9]{1,3}$/.test(p)) return null;
  const prefix = Number(p);
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
  // Longest run (≥2) of zero groups becomes "::"; the first one wins a tie.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number[]): string => g.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(groups);
  return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}

/** The network address of a CIDR (host bits cleared). */
export function maskIP(ip: IPBytes, prefix: number): IPBytes {
  const bytes = ip.bytes.map((b, i) => {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - bits)) & 0xff);
  });
  return { family: ip.family, bytes };
}
