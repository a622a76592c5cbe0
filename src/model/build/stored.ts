// `--as-stored` input: objects as a cluster stored them (e.g. `kubectl get -o
// yaml`), used exactly as given. Nothing is allocated or added, but the
// allocators still learn what is taken — clusterIPs, nodePorts,
// healthCheckNodePorts, LB ingress IPs, pod IPs — so later events (a Service
// applied, a pod replaced) do not hand out an address that is already in use.

import type { Cluster } from '../cluster';
import { objectKey } from '../cluster';
import { NAMESPACED_KINDS } from '../api/defaults';
import type { KubeObject } from '../types';
import { allocateIP, createIPRange } from './ip-range';
import { allocatePort, createPortRange } from './port-range';
import { DEFAULT_LB_POOL } from './load-balancer';
import { createPodIPRange, reservePodIP, type PodIPRangeState } from './pod-ipam';
import { familyOf } from './ip';
import type { ClusterAllocators } from './model';

/** kubectl fills in the namespace client-side; that is all as-stored objects get. */
export function withNamespace<T extends KubeObject>(o: T): T {
  if (!NAMESPACED_KINDS.has(o.kind) || o.metadata?.namespace) return o;
  return { ...o, metadata: { ...o.metadata, namespace: 'default' } };
}

export function reserveStored(cluster: Cluster): ClusterAllocators {
  const services = {
    serviceIPs: cluster.config.serviceCIDRs.map((c) => createIPRange(c)).filter((r) => r !== null),
    nodePorts: createPortRange(cluster.config.nodePortRange.base, cluster.config.nodePortRange.size),
  };
  const loadBalancer = createIPRange(cluster.config.loadBalancerPool || DEFAULT_LB_POOL, false)!;
  for (const s of cluster.services) {
    const owner = objectKey('Service', s.metadata.namespace, s.metadata.name);
    for (const ip of s.spec.clusterIPs ?? (s.spec.clusterIP ? [s.spec.clusterIP] : [])) {
      const r = services.serviceIPs.find((x) => x.family === familyOf(ip));
      if (r) allocateIP(r, ip, owner);
    }
    for (const p of s.spec.ports ?? []) if (p.nodePort) allocatePort(services.nodePorts, p.nodePort, owner);
    if (s.spec.healthCheckNodePort) allocatePort(services.nodePorts, s.spec.healthCheckNodePort, owner);
    for (const ing of s.status?.loadBalancer?.ingress ?? []) if (ing.ip) allocateIP(loadBalancer, ing.ip, owner);
  }
  const podIPs: Record<string, PodIPRangeState> = {};
  const podIPsSecondary: Record<string, PodIPRangeState> = {};
  for (const n of cluster.nodes) {
    const cidrs = n.spec.podCIDRs?.length ? n.spec.podCIDRs : n.spec.podCIDR ? [n.spec.podCIDR] : [];
    const r = cidrs[0] ? createPodIPRange(cidrs[0]) : null;
    const r2 = cidrs[1] ? createPodIPRange(cidrs[1]) : null;
    if (r) podIPs[n.metadata.name ?? ''] = r;
    if (r2 && r2.family !== r?.family) podIPsSecondary[n.metadata.name ?? ''] = r2;
  }
  for (const p of cluster.pods) {
    const node = p.spec.nodeName;
    if (!node || p.spec.hostNetwork) continue;
    const owner = objectKey('Pod', p.metadata.namespace, p.metadata.name);
    for (const { ip } of p.status?.podIPs ?? (p.status?.podIP ? [{ ip: p.status.podIP }] : [])) {
      for (const r of [podIPs[node], podIPsSecondary[node]]) if (r && r.family === familyOf(ip)) reservePodIP(r, ip, owner);
    }
  }
  return { services, loadBalancer, podIPs, podIPsSecondary };
}
