// Minimal IP text handling for the EndpointSlice controller and DNS.
//
// The controller re-stringifies every pod IP (`utilnet.ParseIPSloppy(ip).String()`
// in upstream getEndpointAddresses), so an address written as `10.001.0.5` or
// `FD00:0:0::5` appears in the slice in canonical form (`10.1.0.5`,
// `fd00::5`). "Sloppy" parsing accepts IPv4 octets with leading zeros and
// reads them as decimal (Go 1.17+ rejects them in net.ParseIP; k8s keeps the
// old behaviour for compatibility). Parsing and formatting live in src/model/ip.

import { formatIPv4, formatIPv6GroupsGo } from '../ip/format';
import { parseIPv4Sloppy, parseIPv6Groups } from '../ip/parse';

export function isIPv6Text(ip: string): boolean {
  return ip.includes(':');
}

/** RFC 5952 text form of 8 hextets (longest run of >= 2 zero groups becomes `::`). */
export { formatIPv6Groups as formatIPv6 } from '../ip/format';

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
    const h = parseIPv6Groups(ip);
    // IPv4-mapped addresses print as IPv4 in Go (net.IP.String()).
    return h ? formatIPv6GroupsGo(h) : null;
  }
  const v4 = parseIPv4Sloppy(ip);
  return v4 === null ? null : formatIPv4(v4);
}
