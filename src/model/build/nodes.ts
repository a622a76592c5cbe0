// Nodes of the simulated cluster. Given Node objects are completed the way a
// real cluster fills them in:
// - labels `kubernetes.io/hostname`, `kubernetes.io/os`, `kubernetes.io/arch`
//   (kubelet), zone/region labels only when given (cloud provider);
// - spec.podCIDR(s): kube-controller-manager's node IPAM hands each node the
//   next free /24 (IPv4; /64 for IPv6) of the cluster CIDR, in node order;
// - status.addresses: InternalIP (+ Hostname). Missing InternalIPs follow the
//   minikube/kind convention: 192.168.49.2, .3, … in node order (skipping
//   addresses already given to other nodes);
// - status.conditions: Ready=True.
// With no Node objects at all, a small realistic cluster is made: three nodes
// in two zones of one region (node-a, node-b in zone-a; node-c in zone-b).

import type { Node } from '../types';
import { familyOf, formatCIDR, formatIP, parseCIDR, parseIPv4, parseIPv6, subnetAt, type ParsedCIDR } from './ip';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_REGION = 'topology.kubernetes.io/region';

export const DEFAULT_NODES: readonly { name: string; zone: string }[] = [
  { name: 'node-a', zone: 'zone-a' },
  { name: 'node-b', zone: 'zone-a' },
  { name: 'node-c', zone: 'zone-b' },
];
export const DEFAULT_REGION = 'region-1';
/** First InternalIP handed to nodes without one (minikube's 192.168.49.0/24, .1 is the host). */
export const NODE_IP_START = '192.168.49.2';
/** IPv6 InternalIPs of a dual-stack cluster (kind's docker network ULA), ::2, ::3, … */
export const NODE_IPV6_START = 'fc00:f853:ccd:e793::2';

export function defaultNodeObjects(): Node[] {
  return DEFAULT_NODES.map(({ name, zone }) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { [LABEL_HOSTNAME]: name, [LABEL_REGION]: DEFAULT_REGION, [LABEL_ZONE]: zone },
    },
    spec: {},
  }));
}

export function internalIP(node: Node): string | undefined {
  const list = node.status?.addresses;
  if (!list) return undefined;
  for (let i = 0; i < list.length; i++) if (list[i]!.type === 'InternalIP') return list[i]!.address;
  return undefined;
}

export function nodePodCIDR(node: Node): string | undefined {
  return node.spec.podCIDR ?? node.spec.podCIDRs?.[0];
}

export function isNodeReady(node: Node): boolean {
  const c = node.status?.conditions?.find((x) => x.type === 'Ready');
  return !c || c.status === 'True';
}

/** Node IPAM: mask size per family (kube-controller-manager --node-cidr-mask-size defaults). */
function nodeMaskSize(c: ParsedCIDR): number {
  return Math.max(c.prefix, c.family === 'IPv4' ? 24 : 64);
}

/**
 * Completes nodes (see file comment). Input order is kept; the objects are
 * copied, never mutated.
 */
export function completeNodes(given: readonly Node[], clusterCIDR: string): Node[] {
  // The cluster CIDR may list one CIDR per family ("10.244.0.0/16,fd00:10:244::/56",
  // a dual-stack pod network): each node then gets one podCIDR per family.
  const clusters = clusterCIDRs(clusterCIDR);
  const takenCIDRs = new Set(given.flatMap((n) => n.spec.podCIDRs ?? (n.spec.podCIDR ? [n.spec.podCIDR] : [])).map(normCIDR));
  const takenIPs = new Set(given.flatMap((n) => (n.status?.addresses ?? []).filter((a) => a.type === 'InternalIP').map((a) => a.address)));
  const nextSubnet = clusters.map(() => 0);
  let nextIP = parseIPv4(NODE_IP_START) ?? 0n;
  let nextIP6 = parseIPv6(NODE_IPV6_START) ?? 0n;
  const freeIP6 = (): string => {
    for (;;) {
      const ip = formatIP('IPv6', nextIP6++);
      if (!takenIPs.has(ip)) {
        takenIPs.add(ip);
        return ip;
      }
    }
  };

  const freeSubnet = (k: number): string | undefined => {
    const cluster = clusters[k];
    if (!cluster) return undefined;
    const mask = nodeMaskSize(cluster);
    for (;;) {
      const s = subnetAt(cluster, mask, nextSubnet[k]!++);
      if (!s) return undefined;
      const text = formatCIDR(s);
      if (!takenCIDRs.has(text)) {
        takenCIDRs.add(text);
        return text;
      }
    }
  };
  const freeIP = (): string => {
    for (;;) {
      const v = nextIP++;
      const last = Number(v & 255n);
      if (last === 0 || last === 255) continue;
      const ip = formatIP('IPv4', v);
      if (!takenIPs.has(ip)) {
        takenIPs.add(ip);
        return ip;
      }
    }
  };

  return given.map((n) => {
    const name = n.metadata.name ?? '';
    const labels = {
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/os': 'linux',
      [LABEL_HOSTNAME]: name,
      ...n.metadata.labels,
    };
    const given = n.spec.podCIDRs?.length ? n.spec.podCIDRs : n.spec.podCIDR ? [n.spec.podCIDR] : [];
    const podCIDRs = given.length ? given : clusters.map((_, k) => freeSubnet(k)).filter((x): x is string => !!x);
    const podCIDR = podCIDRs[0];
    const addresses = [...(n.status?.addresses ?? [])];
    // One InternalIP per pod-network family, primary family first (as the kubelet lists them).
    const fams = clusters.length ? clusters.map((c) => c.family) : (['IPv4'] as const);
    const fresh = (f: string) => ({ type: 'InternalIP', address: f === 'IPv6' ? freeIP6() : freeIP() });
    const internal = addresses.filter((a) => a.type === 'InternalIP');
    if (!internal.length) addresses.unshift(...fams.map(fresh));
    else if (fams.length === 2) {
      for (const f of fams) {
        if (internal.some((a) => familyOf(a.address) === f)) continue;
        const last = addresses.map((a) => a.type).lastIndexOf('InternalIP');
        addresses.splice(last + 1, 0, fresh(f));
      }
    }
    if (!addresses.some((a) => a.type === 'Hostname')) addresses.push({ type: 'Hostname', address: name });
    const conditions = n.status?.conditions?.some((c) => c.type === 'Ready')
      ? n.status.conditions
      : [...(n.status?.conditions ?? []), { type: 'Ready', status: 'True' }];
    const spec: Node['spec'] = { ...n.spec };
    if (podCIDR) {
      spec.podCIDR = podCIDR;
      spec.podCIDRs = podCIDRs;
    }
    return {
      ...n,
      metadata: { ...n.metadata, labels },
      spec,
      status: {
        ...n.status,
        addresses,
        conditions,
        allocatable: { cpu: '4', memory: '16Gi', ...n.status?.allocatable },
      },
    };
  });
}

/** The pod network CIDRs (at most one per family, in the order given). */
export function clusterCIDRs(list: string): ParsedCIDR[] {
  const out: ParsedCIDR[] = [];
  for (const part of list.split(',')) {
    const c = parseCIDR(part.trim());
    if (c && !out.some((o) => o.family === c.family)) out.push(c);
  }
  return out;
}

function normCIDR(text: string): string {
  const c = parseCIDR(text);
  return c ? formatCIDR(c) : text;
}
