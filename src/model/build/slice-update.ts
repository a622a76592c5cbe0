// Keeping EndpointSlices in step after a change, incrementally: only
// Services whose selection may have changed (their pods were touched, or the
// Service itself was) are reconciled by the EndpointSlice controller, with
// only the pods those Services select; the new slices take the place of the
// old ones in the cluster's list and the differences are recorded.

import type { EndpointSlice, Pod, Service } from '../types';
import { reconcileEndpointSlices, selectorMatches } from '../endpointslice';
import { podsOfNamespace, podsWithLabel } from './pod-lookup';
import { keyOf, record, type Txn } from './txn';
import { managedServiceId, managedSlicesOf, registerSliceIndex, sliceIndexFor, type SliceIndex } from './slice-index';

const svcId = (s: Service) => `${s.metadata.namespace ?? 'default'}/${s.metadata.name ?? ''}`;

const servicesIndex = new WeakMap<readonly Service[], Map<string, Service[]>>();
function servicesByNamespace(list: readonly Service[]): Map<string, Service[]> {
  let m = servicesIndex.get(list);
  if (!m) {
    m = new Map();
    for (const s of list) {
      const ns = s.metadata.namespace ?? 'default';
      const l = m.get(ns);
      if (l) l.push(s);
      else m.set(ns, [s]);
    }
    servicesIndex.set(list, m);
  }
  return m;
}

/** Same elements in the same order (identity): the list did not change. */
export function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isEmpty(o: object): boolean {
  for (const _k in o) return false;
  return true;
}

/** Services whose EndpointSlices may change because of this event. */
function affectedServices(txn: Txn): Service[] {
  if (txn.allServices) return txn.services;
  const byNs = new Map<string, Pod[]>();
  for (const p of txn.touchedPods) {
    const ns = p.metadata.namespace ?? 'default';
    const l = byNs.get(ns);
    if (l) l.push(p);
    else byNs.set(ns, [p]);
  }
  if (!byNs.size && !txn.touchedServices.size) return [];
  const out: Service[] = [];
  const touched = txn.touchedServices.size > 0;
  // Unless Services changed, only those of the touched namespaces are looked at.
  const base = txn.base.cluster.services;
  const candidates =
    !touched && sameList(txn.services, base) ? [...byNs.keys()].flatMap((ns) => servicesByNamespace(base).get(ns) ?? []) : txn.services;
  for (const s of candidates) {
    if (touched && txn.touchedServices.has(svcId(s))) {
      out.push(s);
      continue;
    }
    const pods = byNs.get(s.metadata.namespace ?? 'default');
    const sel = s.spec.selector;
    if (!pods || !sel) continue;
    if (isEmpty(sel)) continue;
    for (const p of pods) {
      if (selectorMatches(sel, p.metadata.labels)) {
        out.push(s);
        break;
      }
    }
  }
  return out;
}

function sameJSON(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Recomputes the affected Services' managed slices and splices them in place. */
export function updateSlices(txn: Txn): void {
  const services = affectedServices(txn);
  if (!services.length && !txn.deletedServices.size) return;
  const ids = new Set(services.map(svcId));
  for (const d of txn.deletedServices) if (!txn.services.some((s) => svcId(s) === d)) ids.add(d);
  // managed slices of affected or deleted Services are recomputed / collected
  const slicesNow = txn.endpointSlices;
  const index = sliceIndexFor(slicesNow);
  const targets = targetPositions(slicesNow, index, ids);
  const old = targets.map((i) => slicesNow[i]!);
  // Only the pods some affected Service selects matter to the controller.
  const pods = selectedPods(txn, services);
  const fresh = reconcileEndpointSlices({ services, pods, nodes: txn.nodes, existing: old, rng: txn.rng });
  const oldByKey = new Map(old.map((s) => [keyOf(s), s]));
  const freshKeys = new Set<string>();
  for (const s of fresh) {
    const k = keyOf(s);
    freshKeys.add(k);
    const prev = oldByKey.get(k);
    if (!prev) record(txn, k, 'added');
    else if (!sameJSON(prev, s)) record(txn, k, 'updated');
  }
  for (const k of oldByKey.keys()) if (!freshKeys.has(k)) record(txn, k, 'removed');
  // Keep slice order stable: replacements go where the Service's first slice was.
  const group = new Map<string, EndpointSlice[]>();
  for (const s of fresh) {
    const id = `${s.metadata.namespace ?? 'default'}/${s.metadata.labels?.['kubernetes.io/service-name'] ?? ''}`;
    const l = group.get(id);
    if (l) l.push(s);
    else group.set(id, [s]);
  }
  const out = slicesNow.slice();
  // Walk the replaced positions from the end so earlier indexes stay valid.
  const firstOf = new Map<string, number>();
  for (const i of targets) {
    const s = slicesNow[i]!;
    const id = `${s.metadata.namespace ?? 'default'}/${s.metadata.labels?.['kubernetes.io/service-name'] ?? ''}`;
    if (!firstOf.has(id)) firstOf.set(id, i);
  }
  for (let t = targets.length - 1; t >= 0; t--) {
    const i = targets[t]!;
    const s = slicesNow[i]!;
    const id = `${s.metadata.namespace ?? 'default'}/${s.metadata.labels?.['kubernetes.io/service-name'] ?? ''}`;
    const g = firstOf.get(id) === i ? group.get(id) : undefined;
    if (g) group.delete(id);
    out.splice(i, 1, ...(g ?? []));
  }
  for (const g of group.values()) out.push(...g);
  txn.endpointSlices = out;
  // The next version's slice index: only the reconciled Services' entries change.
  const changed = new Map<string, EndpointSlice[]>();
  for (const id of ids) changed.set(id, []);
  for (const s of fresh) {
    const id = managedServiceId(s);
    const l = id === undefined ? undefined : changed.get(id);
    if (!l) return; // not a slice of a reconciled Service: the index is rebuilt on next use
    l.push(s);
  }
  registerSliceIndex(out, index, changed);
}

/**
 * The pods (in the namespace's pod order, each once) that at least one of
 * `services` selects: a pod in the Service's namespace whose labels contain
 * every pair of its (non-empty) selector. Candidates come from the label
 * index (the selector's rarest pair), so a change does not read every pod
 * of a large namespace.
 */
function selectedPods(txn: Txn, services: readonly Service[]): Pod[] {
  const byNs = new Map<string, Record<string, string>[]>();
  for (const s of services) {
    const sel = s.spec.selector;
    if (!sel || isEmpty(sel)) continue; // selectorless: selects nothing here
    const ns = s.metadata.namespace ?? 'default';
    const l = byNs.get(ns);
    if (l) l.push(sel);
    else byNs.set(ns, [sel]);
  }
  const pods: Pod[] = [];
  for (const [ns, sels] of byNs) {
    const nsPods = podsOfNamespace(txn.lookup, ns);
    const picked = new Set<Pod>();
    for (const sel of sels) {
      let rarest: readonly Pod[] | undefined;
      for (const k in sel) {
        const hits = podsWithLabel(txn.lookup, ns, k, sel[k]!);
        if (!rarest || hits.length < rarest.length) rarest = hits;
      }
      for (const p of rarest ?? []) if (selectorMatches(sel, p.metadata.labels)) picked.add(p);
    }
    if (picked.size * 8 > nsPods.length) {
      // Most of the namespace: one ordered pass is cheaper than locating each pod.
      for (let i = 0; i < nsPods.length; i++) if (picked.has(nsPods[i]!)) pods.push(nsPods[i]!);
      continue;
    }
    const at = [...picked].map((p) => ({ p, i: nsPods.indexOf(p) })).filter((x) => x.i >= 0);
    at.sort((a, b) => a.i - b.i);
    for (const x of at) pods.push(x.p);
  }
  return pods;
}

/** Positions (ascending) of the managed slices of the Services `ids` in `slices`. */
function targetPositions(slices: readonly EndpointSlice[], index: SliceIndex, ids: ReadonlySet<string>): number[] {
  const targets: number[] = [];
  if (ids.size > FEW_SERVICES) {
    // Many Services (e.g. a node change reconciles all): one pass over the list.
    for (let i = 0; i < slices.length; i++) {
      const id = managedServiceId(slices[i]!);
      if (id !== undefined && ids.has(id)) targets.push(i);
    }
    return targets;
  }
  const seen = new Set<EndpointSlice>();
  for (const id of ids) {
    for (const s of managedSlicesOf(index, id)) {
      if (seen.has(s)) continue;
      seen.add(s);
      for (let i = slices.indexOf(s); i >= 0; i = slices.indexOf(s, i + 1)) targets.push(i);
    }
  }
  return targets.sort((a, b) => a - b);
}

const FEW_SERVICES = 32;

