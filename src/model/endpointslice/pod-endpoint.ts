// Pod -> EndpointSlice endpoint conversion, as the EndpointSlice controller
// does it (staging/src/k8s.io/endpointslice/utils.go: podToEndpoint,
// getEndpointPorts, FindPort, getEndpointAddresses; util/controller_utils.go:
// ShouldPodBeInEndpoints, ShouldSetHostname, IsPodReady).

import type { Endpoint, EndpointPort, Node, Pod, Service } from '../types';
import { LABEL_TOPOLOGY_ZONE } from './constants';
import { canonicalIP } from './ip';

export type SliceAddressType = 'IPv4' | 'IPv6';

/** Pod condition `Ready` is `True` (a pod without the condition is not ready). */
export function isPodReady(pod: Pod): boolean {
  const c = pod.status?.conditions?.find((x) => x.type === 'Ready');
  return c?.status === 'True';
}

/**
 * Terminal pods (phase Succeeded/Failed) and pods without an IP never become
 * endpoints; pods being deleted are kept (they become `terminating`).
 */
export function shouldPodBeInEndpoints(pod: Pod): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  return Boolean(pod.status?.podIP) || (pod.status?.podIPs?.length ?? 0) > 0;
}

/**
 * The pod's IPs. The API server keeps `podIP` and `podIPs[0]` in sync (v1
 * PodStatus conversion fills `podIPs` from a lone `podIP`), so a pod that
 * only states `podIP` counts as having `podIPs: [podIP]`.
 */
export function podIPs(pod: Pod): string[] {
  const list = pod.status?.podIPs?.map((p) => p.ip) ?? [];
  if (list.length > 0) return list;
  return pod.status?.podIP ? [pod.status.podIP] : [];
}

/** All pod IPs of one family, re-stringified canonically (ParseIPSloppy + String). */
export function endpointAddresses(pod: Pod, addressType: SliceAddressType): string[] {
  const out: string[] = [];
  for (const raw of podIPs(pod)) {
    const ip = canonicalIP(raw.trim());
    if (!ip) continue;
    const v6 = ip.includes(':');
    if (v6 === (addressType === 'IPv6')) out.push(ip);
  }
  return out;
}

/** `hostname` is published only when the pod's subdomain names this Service. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return (
    Boolean(pod.spec.hostname) &&
    pod.spec.subdomain === svc.metadata.name &&
    (pod.metadata.namespace ?? 'default') === (svc.metadata.namespace ?? 'default')
  );
}

/**
 * Resolves a Service port's targetPort for one pod. An integer is used as is;
 * a name is looked up among the containers' ports by name AND protocol, then
 * among restartable init containers (sidecars, `restartPolicy: Always`).
 * Returns null when the pod has no such port (the Service port is then left
 * out of this pod's port list).
 */
export function findPort(pod: Pod, svcPort: { port: number; targetPort?: number | string; protocol?: string }): number | null {
  const target = svcPort.targetPort ?? svcPort.port;
  const protocol = svcPort.protocol ?? 'TCP';
  if (typeof target === 'number') return target;
  for (const c of pod.spec.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  for (const c of pod.spec.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  return null;
}

/**
 * The slice port list for one pod: one entry per Service port whose
 * targetPort the pod has. A headless Service may have no ports at all.
 */
export function endpointPortsFor(svc: Service, pod: Pod): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of svc.spec.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === null) continue;
    const ep: EndpointPort = { name: sp.name ?? '', protocol: sp.protocol ?? 'TCP', port };
    if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

/**
 * The endpoint for one pod in a slice of `addressType`:
 * serving = pod Ready; terminating = has deletionTimestamp;
 * ready = publishNotReadyAddresses || (serving && !terminating).
 * Conditions are always explicit booleans. Field order follows the Go struct.
 */
export function podToEndpoint(pod: Pod, node: Node | undefined, svc: Service, addressType: SliceAddressType): Endpoint {
  const serving = isPodReady(pod);
  const terminating = pod.metadata.deletionTimestamp != null;
  const ready = svc.spec.publishNotReadyAddresses === true || (serving && !terminating);
  const ep: Endpoint = {
    addresses: endpointAddresses(pod, addressType),
    conditions: { ready, serving, terminating },
  };
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec.hostname;
  const targetRef: NonNullable<Endpoint['targetRef']> = {
    kind: 'Pod',
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name ?? '',
  };
  if (pod.metadata.uid !== undefined) targetRef.uid = pod.metadata.uid;
  ep.targetRef = targetRef;
  if (pod.spec.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata.labels?.[LABEL_TOPOLOGY_ZONE];
  if (zone) ep.zone = zone;
  return ep;
}
