// Canonical IP text (Go's net.IP.String()): dotted quad for IPv4, RFC 5952
// for IPv6 — lower-case hex without leading zeros, the longest run (>= 2) of
// zero groups compressed to `::`, the first run winning a tie.

import { isIPv4MappedGroups } from './parse';

/** Dotted quad of an unsigned 32-bit number. */
export function formatIPv4(v: number): string {
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** RFC 5952 text of 8 16-bit groups (IPv4-mapped addresses stay IPv6 text). */
export function formatIPv6Groups(g: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 1;
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
  const hex = (a: number, b: number): string => {
    let out = '';
    for (let i = a; i < b; i++) out += (i === a ? '' : ':') + (g[i] ?? 0).toString(16);
    return out;
  };
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

/** Go's net.IP.String() of 8 groups: IPv4-mapped addresses print as a dotted quad. */
export function formatIPv6GroupsGo(g: readonly number[]): string {
  if (isIPv4MappedGroups(g)) return formatIPv4((g[6]! * 65536 + g[7]!) >>> 0);
  return formatIPv6Groups(g);
}
