// The one IP text parser of the model and the proxy. Addresses come out as
// plain numbers (IPv4: one unsigned 32-bit number; IPv6: 8 16-bit groups);
// representation-specific modules (validation bytes, allocator bigints,
// proxy CIDRs) convert from these.
//
// Two IPv4 dialects:
// - sloppy: k8s.io/utils/net ParseIPSloppy (Go's pre-1.17 parser), which
//   accepts leading zeros in octets and reads them as decimal (`010` = 10);
// - strict: Go 1.17+ net.ParseIP, which rejects leading zeros.
// The IPv4 tail of an IPv6 address (`::ffff:1.2.3.4`) follows the same dialect.

/**
 * Dotted-quad IPv4 text to an unsigned 32-bit number, or null. Checked char
 * by char (the proxy parses every endpoint IP of every rule): four groups of
 * 1-3 ASCII digits, each <= 255; with `strict`, no leading zeros.
 */
export function parseIPv4Number(text: string, strict = false): number | null {
  let v = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let leadZero = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return null;
      if (digits === 1) leadZero = c === 48;
      else if (strict && leadZero) return null;
      octet = octet * 10 + (c - 48);
    } else if (c === 46 /* . */) {
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

/** ParseIPSloppy's IPv4: leading zeros allowed, read as decimal. */
export function parseIPv4Sloppy(text: string): number | null {
  return parseIPv4Number(text, false);
}

/** Go 1.17+ net.ParseIP's IPv4: leading zeros rejected. */
export function parseIPv4Strict(text: string): number | null {
  return parseIPv4Number(text, true);
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function pushGroups(part: string, out: number[]): boolean {
  if (part === '') return true;
  for (const g of part.split(':')) {
    if (!HEX_GROUP.test(g)) return false;
    out.push(parseInt(g, 16));
  }
  return true;
}

/**
 * IPv6 text (with at most one `::` and an optional embedded IPv4 tail) to 8
 * 16-bit groups, or null. Hex digits of either case; zones (`%eth0`) are
 * rejected. The IPv4 tail is parsed sloppily unless `strict`.
 */
export function parseIPv6Groups(text: string, strict = false): number[] | null {
  if (!text.includes(':')) return null;
  let s = text;
  let tail = -1;
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon + 1) >= 0) {
    const v4 = parseIPv4Number(s.slice(lastColon + 1), strict);
    if (v4 === null) return null;
    tail = v4;
    // two placeholder groups where the IPv4 tail stood; overwritten below
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head: number[] = [];
  if (!pushGroups(halves[0]!, head)) return null;
  let groups: number[];
  if (halves.length === 1) {
    if (head.length !== 8) return null;
    groups = head;
  } else {
    const rest: number[] = [];
    if (!pushGroups(halves[1]!, rest)) return null;
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return null;
    groups = head;
    for (let i = 0; i < missing; i++) groups.push(0);
    for (const g of rest) groups.push(g);
  }
  if (tail >= 0) {
    groups[6] = Math.floor(tail / 65536);
    groups[7] = tail % 65536;
  }
  return groups;
}

/** Go's `To4() != nil` for an IPv6 address: `::ffff:a.b.c.d` (IPv4-mapped). */
export function isIPv4MappedGroups(g: readonly number[]): boolean {
  return g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff;
}
