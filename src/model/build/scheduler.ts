// A small kube-scheduler. Filters (why a node cannot take a pod):
// - spec.unschedulable (cordoned) -> "node(s) were unschedulable"
// - node not Ready -> "node(s) had untolerated taint {node.kubernetes.io/not-ready: }"
// - spec.nodeSelector not satisfied by the node labels ->
//   "node(s) didn't match Pod's node affinity/selector"
// - no free address left in the node's podCIDR -> "Too many pods" (kubelet's
//   max-pods normally hits first; svcviz uses the podCIDR as the capacity).
// Score (lowest wins), approximating the default plugins: the default
// topology-spread constraints spread the replicas of one owner across nodes
// (kubernetes.io/hostname) and zones (topology.kubernetes.io/zone), then
// LeastAllocated prefers the node with fewest pods; ties go to node order.
//
// The index is transient working state (typed arrays for speed: the
// benchmark schedules 50,000 pods), rebuilt when needed and never stored in
// the model. Node load is read from the pod IPAM (addresses in use), and the
// per-owner spreading counts are computed on first use, so building the index
// for one change does not walk every pod.

import type { Node, Pod } from '../types';
import { LABEL_ZONE, isNodeReady } from './nodes';
import { freePodIPs, type PodIPRangeState } from './pod-ipam';
import { buildZoneTrees, pickFromTrees, refreshNode, type ZoneTrees } from './scheduler-tree';

export interface SchedulerIndex {
  nodes: readonly Node[];
  indexOf: Map<string, number>;
  zoneOf: Int32Array;
  zoneCount: number;
  podsOn: Int32Array;
  free: Int32Array;
  blocked: Uint8Array; // 1 = unschedulable, 2 = not ready
  owners: Map<string, { node: Int32Array; zone: Int32Array }>;
  /** all pods (for computing an owner's counts on demand) */
  pods: readonly Pod[];
  /** an owner's pods, when a faster way than scanning `pods` is known */
  podsOf?: (uid: string) => readonly Pod[];
  /** `owners` already has every owner (index built before any pod was placed) */
  ownersComplete: boolean;
  /** per-zone load trees for the common pod (see scheduler-tree.ts), built on first use */
  trees?: ZoneTrees;
}

/** Below this many nodes the plain scan is as fast as the trees. */
export const TREE_MIN_NODES = 32;

export function controllerUID(pod: Pod): string | undefined {
  const refs = pod.metadata.ownerReferences;
  if (!refs) return undefined;
  for (let i = 0; i < refs.length; i++) if (refs[i]!.controller) return refs[i]!.uid;
  return undefined;
}

export function buildSchedulerIndex(
  nodes: readonly Node[],
  pods: readonly Pod[],
  ipam: Record<string, PodIPRangeState>,
  podsOf?: (uid: string) => readonly Pod[],
): SchedulerIndex {
  const n = nodes.length;
  const indexOf = new Map<string, number>();
  const zones = new Map<string, number>();
  const zoneOf = new Int32Array(n);
  const free = new Int32Array(n);
  const podsOn = new Int32Array(n);
  const blocked = new Uint8Array(n);
  nodes.forEach((node, i) => {
    const name = node.metadata.name ?? '';
    indexOf.set(name, i);
    const z = node.metadata.labels?.[LABEL_ZONE] ?? '';
    if (!zones.has(z)) zones.set(z, zones.size);
    zoneOf[i] = zones.get(z)!;
    const r = ipam[name];
    free[i] = r ? freePodIPs(r) : 0;
    podsOn[i] = r ? r.count : 0;
    blocked[i] = node.spec.unschedulable ? 1 : isNodeReady(node) ? 0 : 2;
  });
  return {
    nodes,
    indexOf,
    zoneOf,
    zoneCount: zones.size,
    podsOn,
    free,
    blocked,
    owners: new Map(),
    pods,
    ...(podsOf ? { podsOf } : {}),
    ownersComplete: pods.length === 0,
  };
}

/** A pod IP was taken (-1) or released (+1) on `nodeName`. */
export function adjustFree(idx: SchedulerIndex, nodeName: string, delta: number): void {
  const i = idx.indexOf.get(nodeName);
  if (i === undefined) return;
  idx.free[i]! += delta;
  if (idx.trees) refreshNode(idx.trees, idx, i);
}

/**
 * Adds (+1) or removes (-1) a pod from the load and spreading counts
 * (terminating pods no longer count: their owner has already replaced them).
 */
export function countPod(idx: SchedulerIndex, pod: Pod, delta: 1 | -1): void {
  const i = idx.indexOf.get(pod.spec.nodeName ?? '');
  if (i === undefined) return;
  idx.podsOn[i]! += delta;
  if (idx.trees) refreshNode(idx.trees, idx, i);
  const uid = controllerUID(pod);
  if (!uid) return;
  let o = idx.owners.get(uid);
  if (!o) {
    if (!idx.ownersComplete) return; // computed from idx.pods when first needed
    o = { node: new Int32Array(idx.nodes.length), zone: new Int32Array(idx.zoneCount) };
    idx.owners.set(uid, o);
  }
  o.node[i]! += delta;
  o.zone[idx.zoneOf[i]!]! += delta;
}

function ownerCounts(idx: SchedulerIndex, uid: string): { node: Int32Array; zone: Int32Array } {
  let o = idx.owners.get(uid);
  if (o) return o;
  o = { node: new Int32Array(idx.nodes.length), zone: new Int32Array(idx.zoneCount) };
  if (!idx.ownersComplete) {
    const pods = idx.podsOf ? idx.podsOf(uid) : idx.pods;
    for (let k = 0; k < pods.length; k++) {
      const p = pods[k]!;
      if (p.metadata.deletionTimestamp || !p.spec.nodeName || controllerUID(p) !== uid) continue;
      const i = idx.indexOf.get(p.spec.nodeName);
      if (i === undefined) continue;
      o.node[i]!++;
      o.zone[idx.zoneOf[i]!]!++;
    }
  }
  idx.owners.set(uid, o);
  return o;
}

function selectorMatches(node: Node, sel: Record<string, string> | undefined): boolean {
  if (!sel) return true;
  const labels = node.metadata.labels ?? {};
  for (const k in sel) if (labels[k] !== sel[k]) return false;
  return true;
}

export type ScheduleResult = { nodeName: string } | { message: string };

/** Picks a node for `pod` (does not record it: call countPod after placing). */
export function pickNode(idx: SchedulerIndex, pod: Pod): ScheduleResult {
  const sel = pod.spec.nodeSelector && Object.keys(pod.spec.nodeSelector).length ? pod.spec.nodeSelector : undefined;
  const uid = controllerUID(pod);
  const o = uid ? ownerCounts(idx, uid) : undefined;
  if (!sel && !pod.spec.hostNetwork && idx.nodes.length >= TREE_MIN_NODES) {
    idx.trees ??= buildZoneTrees(idx);
    const i = pickFromTrees(idx.trees, idx, o);
    if (i >= 0) return { nodeName: idx.nodes[i]!.metadata.name ?? '' };
  }
  return scanNodes(idx, pod, sel, o);
}

/** The full scan: every node filtered and scored (also words the FitError). */
export function scanNodes(
  idx: SchedulerIndex,
  pod: Pod,
  sel: Record<string, string> | undefined,
  o: { node: Int32Array; zone: Int32Array } | undefined,
): ScheduleResult {
  let best = -1;
  // Best score so far (lexicographic: owner pods on the node, owner pods in
  // its zone, pods on the node), kept in scalars: this loop runs nodes x pods.
  let bestA = 0;
  let bestB = 0;
  let bestC = 0;
  let unsched = 0;
  let notReady = 0;
  let mismatch = 0;
  let full = 0;
  const { blocked, free, zoneOf, podsOn, nodes } = idx;
  const ownerNode = o?.node;
  const ownerZone = o?.zone;
  const hostNetwork = !!pod.spec.hostNetwork;
  for (let i = 0; i < nodes.length; i++) {
    const bl = blocked[i]!;
    if (bl === 1) {
      unsched++;
      continue;
    }
    if (bl === 2) {
      notReady++;
      continue;
    }
    if (sel && !selectorMatches(nodes[i]!, sel)) {
      mismatch++;
      continue;
    }
    if (!hostNetwork && free[i]! <= 0) {
      full++;
      continue;
    }
    const a = ownerNode ? ownerNode[i]! : 0;
    const b = ownerZone ? ownerZone[zoneOf[i]!]! : 0;
    const c = podsOn[i]!;
    if (best < 0 || a < bestA || (a === bestA && (b < bestB || (b === bestB && c < bestC)))) {
      best = i;
      bestA = a;
      bestB = b;
      bestC = c;
    }
  }
  if (best >= 0) return { nodeName: nodes[best]!.metadata.name ?? '' };
  // Upstream FitError wording, reasons as sorted "<count> <reason>" strings,
  // then the preemption verdict: removing other pods could only help on nodes
  // that are full ("Too many pods"); all other filters are unresolvable.
  // "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.
  //  preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
  const sorted = (xs: (string | false | 0)[]) => xs.filter((x): x is string => !!x).sort();
  const reasons = sorted([
    full && `${full} Too many pods`,
    mismatch && `${mismatch} node(s) didn't match Pod's node affinity/selector`,
    notReady && `${notReady} node(s) had untolerated taint {node.kubernetes.io/not-ready: }`,
    unsched && `${unsched} node(s) were unschedulable`,
  ]);
  const unresolvable = mismatch + notReady + unsched;
  const preemption = sorted([
    full && `${full} No preemption victims found for incoming pod`,
    unresolvable && `${unresolvable} Preemption is not helpful for scheduling`,
  ]);
  const n = idx.nodes.length;
  const tail = n ? ` preemption: 0/${n} nodes are available: ${preemption.join(', ')}.` : '';
  return { message: `0/${n} nodes are available: ${reasons.join(', ')}.${tail}` };
}
