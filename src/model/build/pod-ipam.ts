// Pod IP allocation per node, as the CNI `host-local` IPAM plugin does it on
// the node's spec.podCIDR: network+1 is the bridge/gateway (cni0), so pods get
// network+2 … last-1 (the broadcast address is skipped for IPv4). host-local
// remembers the last reserved IP and continues after it (round robin), so a
// replacement pod gets a NEW address rather than the one just freed; a live
// IP is never handed out twice.

import type { IPFamily } from '../types';
import { addressAt, cidrContains, parseCIDR, parseIP } from './ip';

export interface PodIPRangeState {
  podCIDR: string;
  family: IPFamily;
  /** host offset of the first / last usable pod address */
  first: number;
  last: number;
  /** host offset of the last address handed out (host-local lastReservedIP) */
  lastReserved: number;
  /** host offset -> pod key */
  used: Record<number, string>;
  /** live entries in `used` */
  count: number;
}

export function createPodIPRange(podCIDR: string): PodIPRangeState | null {
  const c = parseCIDR(podCIDR);
  if (!c) return null;
  const hostBits = c.bits - c.prefix;
  // IPv6 node ranges are /64: cap the usable space, only its start is ever used.
  const size = hostBits >= 31 ? 2 ** 31 : 2 ** hostBits;
  const last = c.family === 'IPv4' ? size - 2 : size - 1;
  return { podCIDR, family: c.family, first: 2, last, lastReserved: 1, used: {}, count: 0 };
}

export function clonePodIPRange(r: PodIPRangeState): PodIPRangeState {
  return { ...r, used: { ...r.used } };
}

export function podIPOffset(r: PodIPRangeState, ip: string): number | null {
  const c = parseCIDR(r.podCIDR);
  const p = parseIP(ip);
  if (!c || !p || !cidrContains(c, p)) return null;
  return Number(p.value - c.network);
}

/** Next free pod IP after the last reserved one (wrapping); null when exhausted. */
export function allocatePodIP(r: PodIPRangeState, owner: string): string | null {
  const c = parseCIDR(r.podCIDR);
  if (!c) return null;
  const span = r.last - r.first + 1;
  if (span <= 0) return null;
  for (let i = 1; i <= span; i++) {
    const at = r.first + ((r.lastReserved - r.first + i) % span + span) % span;
    if (r.used[at] === undefined) {
      r.used[at] = owner;
      r.count++;
      r.lastReserved = at;
      // IPv4 in plain numbers (one pod IP per pod adds up); same text as addressAt.
      if (c.family === 'IPv4') {
        const n = Number(c.network) + at;
        return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
      }
      return addressAt(c, at);
    }
  }
  return null;
}

/** Record an IP given in the manifest (Pods given with status.podIP). */
export function reservePodIP(r: PodIPRangeState, ip: string, owner: string): boolean {
  const at = podIPOffset(r, ip);
  if (at === null || at < r.first || at > r.last || r.used[at] !== undefined) return false;
  r.used[at] = owner;
  r.count++;
  return true;
}

export function releasePodIP(r: PodIPRangeState, ip: string): void {
  const at = podIPOffset(r, ip);
  if (at === null || r.used[at] === undefined) return;
  delete r.used[at];
  r.count--;
}

/** How many more pods fit on this node's range. */
export function freePodIPs(r: PodIPRangeState): number {
  return r.last - r.first + 1 - r.count;
}
