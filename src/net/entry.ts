// Which node's rules see the packet first, and with what probability.
// - a pod: its own node (PREROUTING, from the pod's veth);
// - a node: that node (OUTPUT, locally generated);
// - an external client: the node the destination belongs to (a node IP), or
//   for a LoadBalancer ingress IP the node the cloud load balancer forwards
//   to, or else the node given with --node (default: the first node).
// The cloud load balancer spreads connections over its healthy nodes: every
// node for externalTrafficPolicy Cluster (kube-proxy forwards on), only the
// nodes whose kube-proxy health check (healthCheckNodePort) reports local
// ready endpoints for externalTrafficPolicy Local.

import type { Protocol, Service } from '../model/types';
import type { Packet } from '../proxy/types';
import { type ClusterIndex, type NodeFacts, nodeIPOf, serviceKey } from './cluster-index';
import { familyOf, joinHostPort } from './ip';
import type { PacketAt } from './path';
import type { TraceSource } from './source';
import { type TraceHop, TraceError } from './types';

/** nodes carrying this label are never LB targets (service controller) */
const EXCLUDE_LB_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';

export interface EntryPlan {
  entries: PacketAt[];
  /** outcomes decided before any node (LB without healthy nodes) */
  dropped: { hops: TraceHop[]; probability: number; note: string }[];
}

export function planEntries(
  idx: ClusterIndex,
  src: TraceSource,
  dst: { ip: string; probability: number; port: number; protocol: Protocol; srcPort: number },
  hopsBefore: TraceHop[],
  requestedNode: string | undefined,
): EntryPlan {
  const packet: Packet = { protocol: dst.protocol, srcIP: src.ip, srcPort: dst.srcPort, dstIP: dst.ip, dstPort: dst.port };
  const at = (node: NodeFacts, probability: number, hops: TraceHop[], p: Packet = packet): PacketAt =>
    ({ node, hook: src.hook, packet: p, probability, hops, entryNode: node.name });

  if (src.node) return { entries: [at(src.node, dst.probability, hopsBefore)], dropped: [] };

  const lb = findLoadBalancer(idx, dst.ip, dst.port, dst.protocol);
  if (lb) return planLoadBalancer(idx, lb, packet, dst.probability, hopsBefore, at);

  const explicit = requestedNode ? idx.nodeByName.get(requestedNode) : undefined;
  if (requestedNode && !explicit) throw new TraceError(`node "${requestedNode}" not found (nodes: ${idx.nodes.map((n) => n.name).join(', ')})`);
  const node = explicit ?? idx.nodeByIP.get(dst.ip) ?? idx.nodes[0];
  if (!node) throw new TraceError('the cluster has no nodes');
  return { entries: [at(node, dst.probability, hopsBefore)], dropped: [] };
}

interface LoadBalancerHit {
  svc: Service;
  nodePort: number;
  proxyMode: boolean;
}

function findLoadBalancer(idx: ClusterIndex, ip: string, port: number, protocol: Protocol): LoadBalancerHit | undefined {
  for (const svc of idx.serviceByVIP.get(ip) ?? []) {
    if (svc.spec.type !== 'LoadBalancer') continue;
    const ingress = (svc.status?.loadBalancer?.ingress ?? []).find((i) => i.ip === ip);
    if (!ingress) continue;
    const sp = (svc.spec.ports ?? []).find((p) => p.port === port && (p.protocol ?? 'TCP') === protocol);
    if (!sp) continue;
    return { svc, nodePort: sp.nodePort ?? 0, proxyMode: ingress.ipMode === 'Proxy' };
  }
  return undefined;
}

function planLoadBalancer(
  idx: ClusterIndex,
  lb: LoadBalancerHit,
  packet: Packet,
  probability: number,
  hopsBefore: TraceHop[],
  at: (node: NodeFacts, probability: number, hops: TraceHop[], p?: Packet) => PacketAt,
): EntryPlan {
  const local = lb.svc.spec.externalTrafficPolicy === 'Local';
  const key = serviceKey(lb.svc);
  const candidates = idx.nodes.filter((n) => n.labels[EXCLUDE_LB_LABEL] === undefined);
  const healthy = local ? candidates.filter((n) => localReadyEndpoints(idx, key, n.name) > 0) : candidates;
  const hc = lb.svc.spec.healthCheckNodePort ?? 0;
  if (healthy.length === 0) {
    const note = local
      ? `no node reports local endpoints on health check node port ${hc}: the load balancer has no healthy backend`
      : 'the load balancer has no nodes';
    return { entries: [], dropped: [{ probability, note, hops: [...hopsBefore, { node: '', component: 'cloud load balancer', rule: `${packet.dstIP}:${packet.dstPort}/${packet.protocol}`, action: 'drop: no healthy node' }] }] };
  }
  const share = probability / healthy.length;
  return {
    dropped: [],
    entries: healthy.map((n) => {
      const rule = local
        ? `health check http://${n.internalIP}:${hc}/ reports ${localReadyEndpoints(idx, key, n.name)} local endpoint(s)`
        : `health check http://${n.internalIP}:10256/healthz ok`;
      // ipMode Proxy: the load balancer terminates the connection and opens
      // its own to nodeIP:nodePort (kube-proxy does not capture the LB IP).
      const nodeIP = nodeIPOf(n, familyOf(packet.dstIP));
      const p: Packet = lb.proxyMode ? { ...packet, srcIP: packet.dstIP, dstIP: nodeIP, dstPort: lb.nodePort } : packet;
      const action = lb.proxyMode
        ? `proxy to ${joinHostPort(nodeIP, lb.nodePort)} (node ${n.name}, 1 of ${healthy.length})`
        : `forward to node ${n.name} (1 of ${healthy.length})`;
      return at(n, share, [...hopsBefore, { node: n.name, component: 'cloud load balancer', rule, action }], p);
    }),
  };
}

/**
 * What kube-proxy's health check server reports for a Service on a node:
 * the number of endpoints on that node that are ready (terminating ones do
 * not count), across the Service's EndpointSlices.
 */
export function localReadyEndpoints(idx: ClusterIndex, svcKey: string, nodeName: string): number {
  const seen = new Set<string>();
  for (const slice of idx.slicesByService.get(svcKey) ?? []) {
    for (const ep of slice.endpoints ?? []) {
      const ip = ep.addresses?.[0];
      if (!ip || ep.nodeName !== nodeName || ep.conditions?.ready === false) continue;
      seen.add(ip);
    }
  }
  return seen.size;
}
