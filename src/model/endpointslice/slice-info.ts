// The working set of one reconcile pass for one Service and address type
// (topologycache.SliceInfo): slices about to be created, slices about to be
// updated (already private copies the controller may edit) and slices left
// unchanged (the stored objects themselves: never edited in place, copied
// first and moved to `toUpdate`).

import type { Endpoint, EndpointSlice } from '../types';

export interface SliceInfo {
  serviceKey: string;
  addressType: string;
  toCreate: EndpointSlice[];
  toUpdate: EndpointSlice[];
  unchanged: EndpointSlice[];
}

/** A controller event, as `kubectl get events` would list it for the Service. */
export interface SliceControllerEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** `ready` condition explicitly true (a nil condition does not count here). */
export function endpointReady(ep: Endpoint): boolean {
  return ep.conditions?.ready === true;
}

export function cloneSlice(s: EndpointSlice): EndpointSlice {
  return structuredClone(s);
}

/**
 * RemoveHintsFromSlices: clear hints on every slice being created or
 * updated, and move unchanged slices that carry any hint to `toUpdate`
 * (copied, hints cleared).
 */
export function removeHintsFromSlices(si: SliceInfo): void {
  for (const s of [...si.toCreate, ...si.toUpdate]) {
    for (const ep of s.endpoints) if (ep.hints !== undefined) delete ep.hints;
  }
  const still: EndpointSlice[] = [];
  for (const s of si.unchanged) {
    if (s.endpoints.some((ep) => ep.hints !== undefined)) {
      const copy = cloneSlice(s);
      for (const ep of copy.endpoints) delete ep.hints;
      si.toUpdate.push(copy);
    } else {
      still.push(s);
    }
  }
  si.unchanged = still;
}
