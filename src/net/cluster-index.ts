// Lookup tables over one Cluster snapshot, built once and cached per snapshot
// (clusters are immutable values: a change produces a new object), so that
// tracing a packet costs map lookups rather than scans of 50,000 pods.

import type { Cluster } from '../model/cluster';
import type { EndpointSlice, IPFamily, Node, Pod, Service } from '../model/types';
import { cidrContains, familyOf, firstHostIP } from './ip';

export interface NodeFacts {
  name: string;
  node: Node;
  /** first InternalIP (kube-proxy's primary node IP) */
  internalIP: string;
  ips: string[];
  podCIDR: string;
  /** first host address of the pod CIDR: the CNI bridge / gateway address */
  bridgeIP: string;
  /** spec.podCIDRs (one per family on a dual-stack pod network), else [podCIDR] */
  podCIDRs: string[];
  zone?: string;
  labels: Record<string, string>;
}

export interface ClusterIndex {
  nodes: NodeFacts[];
  nodeByName: Map<string, NodeFacts>;
  /** every node address (InternalIP, ExternalIP) -> node */
  nodeByIP: Map<string, NodeFacts>;
  /** pod IP -> pod (host-network pods excluded: their IP is the node's) */
  podByIP: Map<string, Pod>;
  /** `ns/name` -> pod */
  podByName: Map<string, Pod>;
  /** `ns/name` -> Service */
  serviceByName: Map<string, Service>;
  /** clusterIP / external IP / LB ingress IP -> Services using it */
  serviceByVIP: Map<string, Service[]>;
  /** Service `ns/name` -> its EndpointSlices */
  slicesByService: Map<string, EndpointSlice[]>;
}

const cache = new WeakMap<Cluster, ClusterIndex>();

export function indexCluster(cluster: Cluster): ClusterIndex {
  const hit = cache.get(cluster);
  if (hit) return hit;
  const idx = buildIndex(cluster);
  cache.set(cluster, idx);
  return idx;
}

const ZONE_LABEL = 'topology.kubernetes.io/zone';

function buildIndex(cluster: Cluster): ClusterIndex {
  const nodes = cluster.nodes.map(nodeFacts);
  const nodeByName = new Map(nodes.map((n) => [n.name, n]));
  const nodeByIP = new Map<string, NodeFacts>();
  for (const n of nodes) for (const ip of n.ips) if (!nodeByIP.has(ip)) nodeByIP.set(ip, n);

  const podByIP = new Map<string, Pod>();
  const podByName = new Map<string, Pod>();
  for (const pod of cluster.pods) {
    podByName.set(`${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`, pod);
    if (pod.spec.hostNetwork) continue;
    for (const ip of podIPs(pod)) {
      const prev = podByIP.get(ip);
      // A terminating pod may still hold an IP a new pod got; the live one wins.
      if (!prev || (prev.metadata.deletionTimestamp && !pod.metadata.deletionTimestamp)) podByIP.set(ip, pod);
    }
  }

  const serviceByName = new Map<string, Service>();
  const serviceByVIP = new Map<string, Service[]>();
  const addVIP = (ip: string | undefined, svc: Service): void => {
    if (!ip || ip === 'None') return;
    const list = serviceByVIP.get(ip);
    if (!list) serviceByVIP.set(ip, [svc]);
    else if (!list.includes(svc)) list.push(svc);
  };
  for (const svc of cluster.services) {
    serviceByName.set(`${svc.metadata.namespace ?? 'default'}/${svc.metadata.name ?? ''}`, svc);
    for (const ip of svc.spec.clusterIPs ?? [svc.spec.clusterIP]) addVIP(ip, svc);
    for (const ip of svc.spec.externalIPs ?? []) addVIP(ip, svc);
    for (const ing of svc.status?.loadBalancer?.ingress ?? []) addVIP(ing.ip, svc);
  }

  const slicesByService = new Map<string, EndpointSlice[]>();
  for (const slice of cluster.endpointSlices) {
    const svcName = slice.metadata.labels?.['kubernetes.io/service-name'];
    if (!svcName) continue;
    const key = `${slice.metadata.namespace ?? 'default'}/${svcName}`;
    const list = slicesByService.get(key);
    if (list) list.push(slice);
    else slicesByService.set(key, [slice]);
  }

  return { nodes, nodeByName, nodeByIP, podByIP, podByName, serviceByName, serviceByVIP, slicesByService };
}

function nodeFacts(node: Node): NodeFacts {
  const addresses = node.status?.addresses ?? [];
  const internal = addresses.filter((a) => a.type === 'InternalIP').map((a) => a.address);
  const external = addresses.filter((a) => a.type === 'ExternalIP').map((a) => a.address);
  const podCIDR = node.spec.podCIDR ?? node.spec.podCIDRs?.[0] ?? '';
  const labels = node.metadata.labels ?? {};
  const facts: NodeFacts = {
    name: node.metadata.name ?? '',
    node,
    internalIP: internal[0] ?? external[0] ?? '',
    ips: [...internal, ...external],
    podCIDR,
    bridgeIP: (podCIDR && firstHostIP(podCIDR)) || '',
    podCIDRs: node.spec.podCIDRs?.length ? [...node.spec.podCIDRs] : podCIDR ? [podCIDR] : [],
    labels,
  };
  const zone = labels[ZONE_LABEL];
  if (zone !== undefined) facts.zone = zone;
  return facts;
}

/**
 * The node's address of a family: kube-proxy's primary node IP of that
 * family's proxier (first InternalIP of the family, else ExternalIP), falling
 * back to the primary address on a single-stack node.
 */
export function nodeIPOf(node: NodeFacts, family: IPFamily | undefined): string {
  if (!family) return node.internalIP;
  return node.ips.find((ip) => familyOf(ip) === family) ?? node.internalIP;
}

/** The node's pod CIDR of a family (node.spec.podCIDRs), '' when it has none. */
export function podCIDROf(node: NodeFacts, family: IPFamily | undefined): string {
  if (!family) return node.podCIDR;
  return node.podCIDRs.find((c) => familyOf(c) === family) ?? '';
}

/** The CNI bridge address of a family: the first address of that pod CIDR. */
export function bridgeIPOf(node: NodeFacts, family: IPFamily | undefined): string {
  if (!family) return node.bridgeIP;
  const cidr = podCIDROf(node, family);
  return (cidr && firstHostIP(cidr)) || '';
}

/** The pod CIDR of the node that contains `ip`, '' when none does. */
export function podCIDRContaining(node: NodeFacts, ip: string): string {
  return node.podCIDRs.find((c) => cidrContains(c, ip)) ?? '';
}

export function podIPs(pod: Pod): string[] {
  const list = (pod.status?.podIPs ?? []).map((p) => p.ip);
  if (list.length === 0 && pod.status?.podIP) list.push(pod.status.podIP);
  return list;
}

export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
}

export function serviceKey(svc: Service): string {
  return `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name ?? ''}`;
}
