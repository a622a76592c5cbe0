// One contiguous IP range as the apiserver's ipallocator sees it
// (pkg/registry/core/service/ipallocator/bitmap.go): usable addresses start at
// network+1; IPv4 also loses the broadcast address; IPv6 ranges are capped at
// 2^16 addresses. Used for Service CIDRs (with static/dynamic bands) and, with
// `offset = 0`, for the load-balancer pool.

import type { IPFamily } from '../types';
import type { Rng } from '../rng';
import { addressAt, cidrContains, formatCIDR, parseCIDR, parseIP, type ParsedCIDR } from './ip';
import {
  allocateIndex,
  allocateNextIndex,
  cloneRange,
  createRange,
  releaseIndex,
  serviceIPBandOffset,
  type RangeState,
} from './range-allocator';

export interface IPRangeState {
  /** CIDR as given, normalised (`10.96.0.0/12`) */
  cidr: string;
  family: IPFamily;
  range: RangeState;
}

/** Error texts of ipallocator (exact upstream wording). */
export const ERR_IP_FULL = 'range is full';
export const ERR_IP_ALLOCATED = 'provided IP is already allocated';
export function errIPNotInRange(ip: string, cidr: string): string {
  return `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${cidr}`;
}

/** Number of usable addresses (see file comment). */
export function usableSize(c: ParsedCIDR): number {
  let max = 1n << BigInt(c.bits - c.prefix);
  if (c.family === 'IPv6' && max > 65536n) max = 65536n;
  if (c.family === 'IPv4') max -= 1n;
  max -= 1n;
  return max < 0n ? 0 : Number(max);
}

export function createIPRange(cidrText: string, banded = true): IPRangeState | null {
  const c = parseCIDR(cidrText);
  if (!c) return null;
  const size = usableSize(c);
  return { cidr: formatCIDR(c), family: c.family, range: createRange(size, banded ? serviceIPBandOffset(size) : 0) };
}

export function cloneIPRange(r: IPRangeState): IPRangeState {
  return { ...r, range: cloneRange(r.range) };
}

/** Offset of `ip` in the range, or null when outside it. */
export function indexOfIP(r: IPRangeState, ip: string): number | null {
  const c = parseCIDR(r.cidr);
  const p = parseIP(ip);
  if (!c || !p || !cidrContains(c, p)) return null;
  const idx = p.value - c.network - 1n;
  if (idx < 0n || idx >= BigInt(r.range.size)) return null;
  return Number(idx);
}

export function ipAtIndex(r: IPRangeState, index: number): string {
  const c = parseCIDR(r.cidr) as ParsedCIDR;
  return addressAt(c, BigInt(index) + 1n);
}

/** Allocate a specific IP; returns an error text (upstream wording) or null. */
export function allocateIP(r: IPRangeState, ip: string, owner: string): string | null {
  const idx = indexOfIP(r, ip);
  if (idx === null) return errIPNotInRange(ip, r.cidr);
  return allocateIndex(r.range, idx, owner) ? null : ERR_IP_ALLOCATED;
}

export function allocateNextIP(r: IPRangeState, rng: Rng, owner: string): { ip: string } | { error: string } {
  const idx = allocateNextIndex(r.range, rng, owner);
  return idx === null ? { error: ERR_IP_FULL } : { ip: ipAtIndex(r, idx) };
}

/** Lowest free address (how MetalLB-style pools hand out addresses). */
export function allocateLowestIP(r: IPRangeState, owner: string): { ip: string } | { error: string } {
  for (let i = 0; i < r.range.size; i++) {
    if (allocateIndex(r.range, i, owner)) return { ip: ipAtIndex(r, i) };
  }
  return { error: ERR_IP_FULL };
}

export function releaseIP(r: IPRangeState, ip: string): void {
  const idx = indexOfIP(r, ip);
  if (idx !== null) releaseIndex(r.range, idx);
}

export function ipOwner(r: IPRangeState, ip: string): string | undefined {
  const idx = indexOfIP(r, ip);
  return idx === null ? undefined : r.range.used[idx];
}
