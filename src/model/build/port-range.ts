// The apiserver's NodePort allocator (pkg/registry/core/service/portallocator):
// `--service-node-port-range` (default 30000-32767, inclusive) over the shared
// bitmap allocator with a static band of clamp(size/32, 16, 128) ports
// (86 for the default range: 30000-30085), random allocation above it first.

import type { Rng } from '../rng';
import {
  allocateIndex,
  allocateNextIndex,
  cloneRange,
  createRange,
  nodePortBandOffset,
  releaseIndex,
  type RangeState,
} from './range-allocator';

export interface PortRangeState {
  base: number;
  range: RangeState;
}

/** Error texts of portallocator (exact upstream wording). */
export const ERR_PORT_FULL = 'range is full';
export const ERR_PORT_ALLOCATED = 'provided port is already allocated';
export function errPortNotInRange(base: number, size: number): string {
  return `provided port is not in the valid range. The range of valid ports is ${base}-${base + size - 1}`;
}

export function createPortRange(base = 30000, size = 2768): PortRangeState {
  return { base, range: createRange(size, nodePortBandOffset(size)) };
}

export function clonePortRange(p: PortRangeState): PortRangeState {
  return { base: p.base, range: cloneRange(p.range) };
}

export function allocatePort(p: PortRangeState, port: number, owner: string): string | null {
  const idx = port - p.base;
  if (idx < 0 || idx >= p.range.size) return errPortNotInRange(p.base, p.range.size);
  return allocateIndex(p.range, idx, owner) ? null : ERR_PORT_ALLOCATED;
}

export function allocateNextPort(p: PortRangeState, rng: Rng, owner: string): { port: number } | { error: string } {
  const idx = allocateNextIndex(p.range, rng, owner);
  return idx === null ? { error: ERR_PORT_FULL } : { port: p.base + idx };
}

export function releasePort(p: PortRangeState, port: number): void {
  const idx = port - p.base;
  if (idx >= 0 && idx < p.range.size) releaseIndex(p.range, idx);
}

export function portOwner(p: PortRangeState, port: number): string | undefined {
  return p.range.used[port - p.base];
}
