// Which controller-managed EndpointSlices belong to which Service, without
// walking every slice on every change (10,000 slices in the benchmark).
//
// A slice belongs to Service `namespace/name` when the EndpointSlice
// controller manages it (label endpointslice.kubernetes.io/managed-by:
// endpointslice-controller.k8s.io) and its kubernetes.io/service-name label
// names the Service; that is how the controller lists "its" slices
// (selector on the service-name and managed-by labels).
//
// Like the pod lookup (pod-lookup.ts), the index is transient: cached per
// slices array in a WeakMap (the model stays plain data), built in one pass
// on first use; a change registers the next version's index as a thin layer
// over the previous one holding only the Services it touched. Layers are
// flattened when the chain grows.

import type { EndpointSlice } from '../types';
import { isControllerManaged, LABEL_SERVICE_NAME } from '../endpointslice';

export interface SliceIndex {
  parent: SliceIndex | null;
  depth: number;
  /** `namespace/service` -> its managed slices (in list order) */
  byService: Map<string, readonly EndpointSlice[]>;
}

const cache = new WeakMap<readonly EndpointSlice[], SliceIndex>();
const MAX_DEPTH = 12;

/** `namespace/service` of a controller-managed slice; undefined for any other slice. */
export function managedServiceId(s: EndpointSlice): string | undefined {
  const name = s.metadata.labels?.[LABEL_SERVICE_NAME];
  if (!name || !isControllerManaged(s)) return undefined;
  return `${s.metadata.namespace ?? 'default'}/${name}`;
}

function buildRoot(slices: readonly EndpointSlice[]): SliceIndex {
  const byService = new Map<string, EndpointSlice[]>();
  for (let i = 0; i < slices.length; i++) {
    const s = slices[i]!;
    const id = managedServiceId(s);
    if (id === undefined) continue;
    const l = byService.get(id);
    if (l) l.push(s);
    else byService.set(id, [s]);
  }
  return { parent: null, depth: 0, byService };
}

/** The index of `slices` (built on first use). */
export function sliceIndexFor(slices: readonly EndpointSlice[]): SliceIndex {
  let idx = cache.get(slices);
  if (!idx) {
    idx = buildRoot(slices);
    cache.set(slices, idx);
  }
  return idx;
}

/** The managed slices of Service `id` (`namespace/name`). */
export function managedSlicesOf(idx: SliceIndex, id: string): readonly EndpointSlice[] {
  for (let x: SliceIndex | null = idx; x; x = x.parent) {
    const hit = x.byService.get(id);
    if (hit) return hit;
  }
  return [];
}

/**
 * Registers the index of `next`, a list that differs from the one `parent`
 * indexes only in the managed slices of the Services in `changed` (each
 * mapped to its slices now, in list order).
 */
export function registerSliceIndex(
  next: readonly EndpointSlice[],
  parent: SliceIndex,
  changed: ReadonlyMap<string, readonly EndpointSlice[]>,
): void {
  if (parent.depth >= MAX_DEPTH) {
    cache.set(next, buildRoot(next));
    return;
  }
  cache.set(next, { parent, depth: parent.depth + 1, byService: new Map(changed) });
}
