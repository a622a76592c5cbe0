// Working state shared by the simulated controllers (ReplicaSet, StatefulSet,
// scheduler, kubelet/CNI) while one build or one event is processed.
// Transient: only its plain-data parts (ipam, readiness, rng state) are
// written back into the model.

import type { Node, Pod } from '../types';
import type { Rng } from '../rng';
import { objectKey } from '../cluster';
import { randomSuffix } from './names';
import { allocatePodIP, clonePodIPRange, podIPOffset, releasePodIP, reservePodIP, type PodIPRangeState } from './pod-ipam';
import { adjustFree, countPod, pickNode, type SchedulerIndex } from './scheduler';
import { internalIP } from './nodes';
import { dropTimer, type PendingTimer } from './model';
import { isPodReady, pendingPod, readinessDelay, runningPod, withReady } from './pods';

export interface ControllerContext {
  rng: Rng;
  /** simulated seconds */
  time: number;
  nodes: readonly Node[];
  /** node name -> pod IPAM; entries are copied before the first write (see writableIpam) */
  ipam: Record<string, PodIPRangeState>;
  ipamWritable: Set<string>;
  /** second-family IPAM (dual-stack pod network), same copy-on-write rule */
  ipamSecondary: Record<string, PodIPRangeState>;
  ipamSecondaryWritable: Set<string>;
  sched: SchedulerIndex;
  /** pods waiting for their readinessProbe */
  readiness: PendingTimer[];
  isNameTaken(namespace: string, name: string): boolean;
  warnings: { key: string; message: string }[];
}

export function podKey(pod: Pod): string {
  return objectKey('Pod', pod.metadata.namespace, pod.metadata.name);
}

export function writableIpam(ctx: ControllerContext, node: string, secondary = false): PodIPRangeState | undefined {
  const table = secondary ? ctx.ipamSecondary : ctx.ipam;
  const written = secondary ? ctx.ipamSecondaryWritable : ctx.ipamWritable;
  const r = table[node];
  if (!r) return undefined;
  if (!written.has(node)) {
    table[node] = clonePodIPRange(r);
    written.add(node);
  }
  return table[node];
}

/** A fresh `<prefix><5 chars>` name, as generateName would give (retries on collision). */
export function generateName(ctx: ControllerContext, namespace: string, prefix: string): string {
  for (;;) {
    const name = prefix + randomSuffix(ctx.rng);
    if (!ctx.isNameTaken(namespace, name)) return name;
  }
}

/**
 * Schedules and starts a pod: keeps a given nodeName/podIP/status (pods
 * given directly), otherwise picks a node, allocates an IP and writes the
 * status the kubelet would. Unschedulable pods stay Pending.
 */
export function placePod(ctx: ControllerContext, input: Pod): Pod {
  const key = podKey(input);
  const phase = input.status?.phase;
  // Finished pods are kept as given: not scheduled, no IP (the EndpointSlice controller skips them).
  if (phase === 'Succeeded' || phase === 'Failed') return input;
  let nodeName = input.spec.nodeName;
  if (!nodeName) {
    const res = pickNode(ctx.sched, input);
    if ('message' in res) {
      ctx.warnings.push({ key, message: `Pending: ${res.message}` });
      return pendingPod(input, res.message);
    }
    nodeName = res.nodeName;
  }
  const ni = ctx.sched.indexOf.get(nodeName);
  const node = ni === undefined ? undefined : ctx.nodes[ni];
  if (!node) {
    ctx.warnings.push({ key, message: `Pending: spec.nodeName names node "${nodeName}", which does not exist` });
    return { ...input, status: { phase: 'Pending', ...input.status } };
  }
  const placed: Pod = { ...input, spec: { ...input.spec, nodeName } };
  let ip = input.status?.podIP;
  if (input.spec.hostNetwork) ip = ip ?? internalIP(node);
  else if (ip) {
    const r = writableIpam(ctx, nodeName);
    if (r && reservePodIP(r, ip, key)) adjustFree(ctx.sched, nodeName, -1);
    else ctx.warnings.push({ key, message: `status.podIP ${ip} is outside ${nodeName}'s podCIDR or already in use` });
  } else {
    const r = writableIpam(ctx, nodeName);
    ip = r ? (allocatePodIP(r, key) ?? undefined) : undefined;
    if (!ip) {
      ctx.warnings.push({ key, message: `Pending: no pod IP left in the podCIDR of node ${nodeName}` });
      return pendingPod(input, `0/${ctx.nodes.length} nodes are available: 1 Too many pods.`);
    }
    adjustFree(ctx.sched, nodeName, -1);
  }
  // Dual-stack pod network: the CNI also hands out an address of the second family.
  let ip2: string | undefined;
  if (!input.spec.hostNetwork && !input.status?.podIP && ctx.ipamSecondary[nodeName]) {
    ip2 = allocatePodIP(writableIpam(ctx, nodeName, true)!, key) ?? undefined;
  }
  countPod(ctx.sched, placed, 1);
  if (input.status?.conditions?.length && input.status.podIP) {
    // Given as running: keep the status as written, fill what is missing.
    return { ...placed, status: { phase: 'Running', hostIP: internalIP(node), podIPs: [{ ip: ip! }], ...input.status } };
  }
  const delay = readinessDelay(input.spec);
  if (delay > 0) ctx.readiness.push({ key, at: ctx.time + delay });
  const started = runningPod(placed, node, ip ?? '', delay === 0, ip2);
  return input.status?.conditions?.length ? withReady(started, isPodReady(input)) : started;
}

/** Frees a removed pod's IP and scheduler slot. */
export function unplacePod(ctx: ControllerContext, pod: Pod): void {
  const node = pod.spec.nodeName;
  if (!node) return;
  const key = podKey(pod);
  if (pod.status?.podIP && !pod.spec.hostNetwork) {
    const r = writableIpam(ctx, node);
    if (r && ownsIP(r, pod.status.podIP, key)) {
      releasePodIP(r, pod.status.podIP);
      adjustFree(ctx.sched, node, 1);
    }
    const second = pod.status.podIPs?.[1]?.ip;
    const r2 = second ? writableIpam(ctx, node, true) : undefined;
    if (r2 && second && ownsIP(r2, second, key)) releasePodIP(r2, second);
  }
  if (!pod.metadata.deletionTimestamp) countPod(ctx.sched, pod, -1);
  dropTimer(ctx.readiness, key);
}

/** Marks a pod terminating: it keeps its IP until removed but no longer counts for scheduling. */
export function terminatePod(ctx: ControllerContext, pod: Pod, deletionTimestamp: string): Pod {
  if (pod.metadata.deletionTimestamp) return pod;
  countPod(ctx.sched, pod, -1);
  dropTimer(ctx.readiness, podKey(pod));
  return { ...pod, metadata: { ...pod.metadata, deletionTimestamp } };
}

function ownsIP(r: PodIPRangeState, ip: string, key: string): boolean {
  const at = podIPOffset(r, ip);
  return at !== null && r.used[at] === key;
}
