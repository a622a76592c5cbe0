// Minimal IP text handling for the EndpointSlice controller and DNS.
//
// The controller re-stringifies every pod IP (`utilnet.ParseIPSloppy(ip).String()`
// in upstream getEndpointAddresses), so an address written as `10.001.0.5` or
// `FD00:0:0::5` appears in the slice in canonical form (`10.1.0.5`,
// `fd00::5`). "Sloppy" parsing accepts IPv4 octets with leading zeros and
// reads them as decimal (Go 1.17+ rejects them in net.ParseIP; k8s keeps the
// old behaviour for compatibility).

export function isIPv6Text(ip: string): boolean {
  return ip.includes(':');
}

/** Parses dotted-quad IPv4 text (leading zeros allowed, decimal) into 4 octets. */
export function parseIPv4(ip: string): number[] | null {
  const parts = ip.split('.');
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

/** Parses IPv6 text (with `::` and an optional embedded IPv4 tail) into 8 hextets. */
export function parseIPv6(ip: string): number[] | null {
  let text = ip.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) return null;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (!v4) return null;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    text = text.slice(0, lastColon + 1) + '0';
    // the '0' placeholder is replaced below by dropping the last group
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (s: string): number[] | null => {
    if (s === '') return [];
    const gs = s.split(':');
    const out: number[] = [];
    for (const g of gs) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseGroups(halves[0]!);
  const rest = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !rest) return null;
  if (tail.length) {
    // remove the placeholder group that stood for the IPv4 tail
    if (halves.length === 2 && rest.length > 0) rest.pop();
    else if (halves.length === 1) head.pop();
    else return null;
  }
  const given = head.length + rest.length + tail.length;
  if (halves.length === 1) {
    if (given !== 8) return null;
    return [...head, ...tail];
  }
  if (given > 7) return null;
  return [...head, ...new Array<number>(8 - given).fill(0), ...rest, ...tail];
}

/** RFC 5952 text form of 8 hextets (longest run of >= 2 zero groups becomes `::`). */
export function formatIPv6(h: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (h[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && h[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = h.map((x) => x.toString(16));
  if (bestLen < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/**
 * True when `ip` is already a canonical dotted quad (four decimal octets
 * 0-255 without leading zeros): its canonical text is itself. Checked char by
 * char, since every pod IP of every Service passes through canonicalIP.
 */
function isCanonicalIPv4(ip: string): boolean {
  let dots = 0;
  let digits = 0;
  let value = 0;
  let lead = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0) return false;
      dots++;
      digits = 0;
      value = 0;
      continue;
    }
    if (c < 48 || c > 57) return false;
    if (digits === 0) lead = c;
    else if (lead === 48) return false; // leading zero
    digits++;
    value = value * 10 + (c - 48);
    if (digits > 3 || value > 255) return false;
  }
  return dots === 3 && digits > 0;
}

/** Canonical text of an IP address, or null when it does not parse. */
export function canonicalIP(ip: string): string | null {
  if (isCanonicalIPv4(ip)) return ip;
  if (isIPv6Text(ip)) {
    const h = parseIPv6(ip);
    if (!h) return null;
    // IPv4-mapped addresses print as IPv4 in Go (net.IP.String()).
    if (h.slice(0, 5).every((x) => x === 0) && h[5] === 0xffff) {
      return `${h[6]! >> 8}.${h[6]! & 255}.${h[7]! >> 8}.${h[7]! & 255}`;
    }
    return formatIPv6(h);
  }
  const v4 = parseIPv4(ip);
  return v4 ? v4.join('.') : null;
}
