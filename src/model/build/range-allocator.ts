// The kube-apiserver's bitmap allocator (pkg/registry/core/service/allocator,
// "randomScanStrategyWithOffset"), shared by the ClusterIP and NodePort
// allocators. Items are indexed 0..size-1. The low "static" band [0, offset)
// is meant for user-chosen values: dynamic allocation (AllocateNext) picks a
// random free index in the upper band [offset, size) and only falls back to
// the static band when the upper band is full. Explicit allocation may use
// either band.
//
// The state is plain data (structured-clone safe): `used` maps an allocated
// index to the object key that holds it. Functions mutate the state they are
// given; callers clone (`cloneRange`) before changing a model they returned.

import type { Rng } from '../rng';

export interface RangeState {
  size: number;
  offset: number;
  /** index -> owner (object key) */
  used: Record<number, string>;
  /** number of entries in `used` (kept so "full" is O(1)) */
  count: number;
}

export function createRange(size: number, offset: number): RangeState {
  return { size, offset, used: {}, count: 0 };
}

export function cloneRange(r: RangeState): RangeState {
  return { size: r.size, offset: r.offset, used: { ...r.used }, count: r.count };
}

export function isUsed(r: RangeState, index: number): boolean {
  return r.used[index] !== undefined;
}

/** Allocate one specific index; `false` when it is taken. */
export function allocateIndex(r: RangeState, index: number, owner: string): boolean {
  if (r.used[index] !== undefined) return false;
  r.used[index] = owner;
  r.count++;
  return true;
}

/**
 * Allocate a random free index, upper band first (upstream: a random start in
 * [offset, max) then a linear scan that wraps within the band; then the same
 * over [0, offset)). `null` when the range is full.
 */
export function allocateNextIndex(r: RangeState, rng: Rng, owner: string): number | null {
  if (r.count >= r.size) return null;
  const bands: [number, number][] = [
    [r.offset, r.size],
    [0, r.offset],
  ];
  for (const [lo, hi] of bands) {
    const interval = hi - lo;
    if (interval <= 0) continue;
    const start = rng.int(interval);
    for (let i = 0; i < interval; i++) {
      const at = lo + ((start + i) % interval);
      if (r.used[at] === undefined) {
        r.used[at] = owner;
        r.count++;
        return at;
      }
    }
  }
  return null;
}

export function releaseIndex(r: RangeState, index: number): void {
  if (r.used[index] === undefined) return;
  delete r.used[index];
  r.count--;
}

/** Static-band size for the ClusterIP allocator: clamp(size/16, 16, 256), 0 for tiny ranges. */
export function serviceIPBandOffset(size: number): number {
  if (size <= 16) return 0;
  return Math.min(Math.max(Math.floor(size / 16), 16), 256);
}

/** Static-band size for the NodePort allocator: clamp(size/32, 16, 128), 0 for tiny ranges. */
export function nodePortBandOffset(size: number): number {
  if (size <= 16) return 0;
  return Math.min(Math.max(Math.floor(size / 32), 16), 128);
}
