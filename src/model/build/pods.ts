// Pods as the controllers and the kubelet make them:
// - created from a template (ReplicaSet: `<rs>-<5 random chars>` via
//   generateName; StatefulSet: `<sts>-<ordinal>` with hostname/subdomain),
//   with an ownerReference (controller: true) and a fresh uid;
// - defaulted like the API server does (container port protocol TCP,
//   restartPolicy Always, dnsPolicy ClusterFirst, …);
// - scheduled (see scheduler.ts) and given an IP from the node's podCIDR by
//   the CNI (host-network pods use the node's InternalIP);
// - status as the kubelet reports a started pod: phase Running, podIP(s),
//   hostIP, conditions. A pod with a readinessProbe starts Ready=False and
//   becomes Ready when its first probe after initialDelaySeconds succeeds
//   (svcviz: start + initialDelaySeconds + periodSeconds, the latest moment the
//   kubelet's prober would run it); without a probe it is Ready at once.

import type { Container, Node, OwnerReference, Pod, PodCondition, PodSpec, PodTemplateSpec } from '../types';
import { internalIP } from './nodes';
import { timestampAt } from './names';

export const DEFAULT_GRACE_SECONDS = 30;
const DEFAULT_PERIOD_SECONDS = 10;

function defaultContainer(c: Container): Container {
  return c.ports ? { ...c, ports: c.ports.map((p) => ({ ...p, protocol: p.protocol || 'TCP' })) } : c;
}

/** SetDefaults_PodSpec / SetDefaults_ContainerPort, the parts svcviz reads. */
export function defaultPodSpec(spec: PodSpec): PodSpec {
  const out = {
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
    terminationGracePeriodSeconds: DEFAULT_GRACE_SECONDS,
    schedulerName: 'default-scheduler',
    ...spec,
    containers: (spec.containers ?? []).map(defaultContainer),
  } as PodSpec;
  if (spec.initContainers) out.initContainers = spec.initContainers.map(defaultContainer);
  return out;
}

// Pods of one template share the defaulted spec object (plain data is never
// mutated in place), which keeps a 50,000-pod build light on memory.
const defaultedSpecs = new WeakMap<PodSpec, PodSpec>();
function sharedDefaultSpec(spec: PodSpec): PodSpec {
  let out = defaultedSpecs.get(spec);
  if (!out) {
    out = defaultPodSpec(spec);
    defaultedSpecs.set(spec, out);
  }
  return out;
}

export function podFromTemplate(
  template: PodTemplateSpec,
  meta: { namespace: string; name: string; generateName?: string; uid: string; labels: Record<string, string>; owner?: OwnerReference },
  time: number,
): Pod {
  // Fields are added in the order the spread form would give (name,
  // generateName, namespace, uid, labels, annotations, creationTimestamp,
  // ownerReferences), without a temporary object per optional field: this
  // runs once per pod.
  const metadata: Pod['metadata'] = { name: meta.name };
  if (meta.generateName) metadata.generateName = meta.generateName;
  metadata.namespace = meta.namespace;
  metadata.uid = meta.uid;
  metadata.labels = meta.labels;
  if (template.metadata?.annotations) metadata.annotations = { ...template.metadata.annotations };
  metadata.creationTimestamp = timestampAt(time);
  if (meta.owner) metadata.ownerReferences = [meta.owner];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: sharedDefaultSpec(template.spec) };
}

/** Seconds after start at which the pod turns Ready; 0 = immediately (no readinessProbe). */
export function readinessDelay(spec: PodSpec): number {
  let delay = 0;
  for (const c of spec.containers ?? []) {
    const p = c.readinessProbe;
    if (!p) continue;
    delay = Math.max(delay, (p.initialDelaySeconds ?? 0) + (p.periodSeconds ?? DEFAULT_PERIOD_SECONDS));
  }
  return delay;
}

function conditions(s: 'True' | 'False'): PodCondition[] {
  return [
    { type: 'PodReadyToStartContainers', status: 'True' },
    { type: 'Initialized', status: 'True' },
    { type: 'Ready', status: s },
    { type: 'ContainersReady', status: s },
    { type: 'PodScheduled', status: 'True' },
  ];
}
// Shared by every started pod (read-only, like all model data).
const READY = conditions('True');
const UNREADY = conditions('False');

export function readyConditions(ready: boolean): PodCondition[] {
  return ready ? READY : UNREADY;
}

export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Sets Ready/ContainersReady, keeping the other conditions. */
export function withReady(pod: Pod, ready: boolean): Pod {
  const s = ready ? 'True' : 'False';
  const conds = pod.status?.conditions?.length ? pod.status.conditions : readyConditions(ready);
  return {
    ...pod,
    status: {
      ...pod.status,
      conditions: conds.map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: s } : c)),
    },
  };
}

/** Status of a pod the kubelet has started on `node` with address `podIP`. */
export function runningPod(pod: Pod, node: Node, podIP: string, ready: boolean, secondIP?: string): Pod {
  const hostIP = internalIP(node);
  // The scheduler has usually written spec.nodeName already: keep that spec object.
  // status fields in kubelet order; hostIP only when the node has an InternalIP
  const status: NonNullable<Pod['status']> = { phase: 'Running' };
  if (hostIP) status.hostIP = hostIP;
  status.podIP = podIP;
  status.podIPs = secondIP ? [{ ip: podIP }, { ip: secondIP }] : [{ ip: podIP }];
  status.conditions = readyConditions(ready);
  const spec = pod.spec.nodeName !== undefined && pod.spec.nodeName === node.metadata.name ? pod.spec : { ...pod.spec, nodeName: node.metadata.name };
  return {
    ...pod,
    spec,
    status,
  };
}

/** Status of a pod no node can take. */
export function pendingPod(pod: Pod, message: string): Pod {
  return {
    ...pod,
    status: {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message } as PodCondition],
    },
  };
}

export function graceSeconds(pod: Pod): number {
  const g = (pod.spec as { terminationGracePeriodSeconds?: number }).terminationGracePeriodSeconds;
  return typeof g === 'number' && g >= 0 ? g : DEFAULT_GRACE_SECONDS;
}
