// Fast pod lookups for incremental changes (by namespace/name, by
// controller uid, by namespace), so one event in a 50,000-pod cluster does
// not walk every pod. The lookup is transient (never part of the model): it
// is cached per pods array in a WeakMap, built in one pass on first use, and
// a change derives the next version's lookup as a thin layer over the
// previous one (only the keys, owners and namespaces it touched). Layers are
// flattened when the chain grows, so sequential events stay cheap and
// applying many events to the same model (the benchmark) costs O(change).

import type { Pod } from '../types';
import { controllerUID } from './scheduler';

export interface PodLookup {
  parent: PodLookup | null;
  depth: number;
  /** `ns/name` -> pod; null = removed in this layer */
  byKey: Map<string, Pod | null>;
  /** controller uid -> its pods (full list for owners this layer touched) */
  byOwner: Map<string, Pod[]>;
  /** namespace -> its pods (full list for namespaces this layer touched) */
  byNs: Map<string, Pod[]>;
  /**
   * `namespace\u0000key=value` -> the pods of that namespace carrying that
   * label (full list for pairs this layer touched; order is not meaningful)
   */
  byLabel: Map<string, Pod[]>;
}

type ListName = 'byOwner' | 'byNs' | 'byLabel';

const cache = new WeakMap<readonly Pod[], PodLookup>();
const MAX_DEPTH = 12;

const keyOfPod = (p: Pod) => `${p.metadata.namespace ?? 'default'}/${p.metadata.name ?? ''}`;
const labelKey = (ns: string, k: string, v: string) => `${ns}\u0000${k}=${v}`;

function buildRoot(pods: readonly Pod[]): PodLookup {
  const root: PodLookup = { parent: null, depth: 0, byKey: new Map(), byOwner: new Map(), byNs: new Map(), byLabel: new Map() };
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i]!;
    root.byKey.set(keyOfPod(p), p);
    const uid = controllerUID(p);
    if (uid) {
      const l = root.byOwner.get(uid);
      if (l) l.push(p);
      else root.byOwner.set(uid, [p]);
    }
    const ns = p.metadata.namespace ?? 'default';
    const l = root.byNs.get(ns);
    if (l) l.push(p);
    else root.byNs.set(ns, [p]);
    const labels = p.metadata.labels;
    if (labels) {
      for (const k in labels) {
        const key = labelKey(ns, k, labels[k]!);
        const ll = root.byLabel.get(key);
        if (ll) ll.push(p);
        else root.byLabel.set(key, [p]);
      }
    }
  }
  return root;
}

/** The lookup of `pods` (built on first use). */
export function lookupFor(pods: readonly Pod[]): PodLookup {
  let l = cache.get(pods);
  if (!l) {
    l = buildRoot(pods);
    cache.set(pods, l);
  }
  return l;
}

/** Registers a finished version's lookup (flattening long layer chains). */
export function registerLookup(pods: readonly Pod[], l: PodLookup): void {
  cache.set(pods, l.depth > MAX_DEPTH ? buildRoot(pods) : l);
}

/** A new empty layer on top of `parent` for a change in progress. */
export function layerOver(parent: PodLookup): PodLookup {
  return { parent, depth: parent.depth + 1, byKey: new Map(), byOwner: new Map(), byNs: new Map(), byLabel: new Map() };
}

export function podByKey(l: PodLookup, namespace: string, name: string): Pod | undefined {
  const key = `${namespace}/${name}`;
  for (let x: PodLookup | null = l; x; x = x.parent) {
    const hit = x.byKey.get(key);
    if (hit !== undefined) return hit ?? undefined;
  }
  return undefined;
}

function listOf(l: PodLookup, which: ListName, id: string): Pod[] {
  for (let x: PodLookup | null = l; x; x = x.parent) {
    const hit = x[which].get(id);
    if (hit) return hit;
  }
  return [];
}

export function podsOfOwner(l: PodLookup, uid: string): readonly Pod[] {
  return listOf(l, 'byOwner', uid);
}

export function podsOfNamespace(l: PodLookup, ns: string): readonly Pod[] {
  return listOf(l, 'byNs', ns);
}

/** Pods of namespace `ns` with label `key=value`, in no particular order. */
export function podsWithLabel(l: PodLookup, ns: string, key: string, value: string): readonly Pod[] {
  return listOf(l, 'byLabel', labelKey(ns, key, value));
}

function editList(l: PodLookup, which: ListName, id: string, remove: Pod | null, add: Pod | null): void {
  let list = l[which].get(id);
  if (!list) {
    list = listOf(l.parent ?? l, which, id).slice();
    l[which].set(id, list);
  }
  const i = remove ? list.indexOf(remove) : -1;
  if (i >= 0 && add) list[i] = add; // an update keeps its place
  else {
    if (i >= 0) list.splice(i, 1);
    if (add) list.push(add);
  }
}

/** Records in the top layer that `prev` (if any) became `next` (if any). */
export function notePodChange(l: PodLookup, prev: Pod | null, next: Pod | null): void {
  const any = (next ?? prev)!;
  if (prev && next && keyOfPod(prev) !== keyOfPod(next)) {
    notePodChange(l, prev, null);
    notePodChange(l, null, next);
    return;
  }
  l.byKey.set(keyOfPod(any), next);
  const ou = prev ? controllerUID(prev) : undefined;
  const nu = next ? controllerUID(next) : undefined;
  if (ou && ou === nu) editList(l, 'byOwner', ou, prev, next);
  else {
    if (ou) editList(l, 'byOwner', ou, prev, null);
    if (nu) editList(l, 'byOwner', nu, null, next);
  }
  const ns = any.metadata.namespace ?? 'default';
  editList(l, 'byNs', ns, prev, next);
  // Label pairs: an unchanged pair keeps its entry (replaced in place).
  const pl = prev?.metadata.labels;
  const nl = next?.metadata.labels;
  if (pl) for (const k in pl) editList(l, 'byLabel', labelKey(ns, k, pl[k]!), prev, nl?.[k] === pl[k] ? next : null);
  if (nl) for (const k in nl) if (pl?.[k] !== nl[k]) editList(l, 'byLabel', labelKey(ns, k, nl[k]!), null, next);
}
