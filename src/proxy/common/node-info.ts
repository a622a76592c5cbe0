// What kube-proxy knows about the node it runs on: its name (the
// `--hostname-override`, used to decide which endpoints are local), labels
// (topology zone for hints), the primary node IP of the proxier's family
// (`--bind-address` / detected from the Node object: InternalIP first, then
// ExternalIP), all its addresses (what `-m addrtype --dst-type LOCAL` matches),
// and the pod CIDR (the `--detect-local-mode=NodeCIDR` alternative).

import type { Cluster } from '../../model/cluster';
import type { IPFamily, Node } from '../../model/types';
import { canonicalIP, ipFamilyOf, parseCIDR } from './ip';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
  /** primary node IP of the family, or '' when the node has none */
  primaryIP: string;
  /** every address of the node in the family (InternalIP then ExternalIP), canonical */
  ips: string[];
  /** the node's podCIDR of the family, or '' */
  podCIDR: string;
  zone?: string;
}

export function findNode(cluster: Cluster, nodeName: string): Node | undefined {
  return cluster.nodes.find((n) => n.metadata.name === nodeName);
}

/** Node addresses of a family, InternalIP before ExternalIP (utilnode.GetNodeHostIPs order). */
export function nodeAddresses(node: Node | undefined, family: IPFamily): string[] {
  const out: string[] = [];
  for (const type of ['InternalIP', 'ExternalIP']) {
    for (const a of node?.status?.addresses ?? []) {
      if (a.type !== type) continue;
      const ip = canonicalIP(a.address);
      if (ip && ipFamilyOf(ip) === family && !out.includes(ip)) out.push(ip);
    }
  }
  return out;
}

export function resolveNodeInfo(cluster: Cluster, nodeName: string, family: IPFamily = 'IPv4'): NodeInfo {
  const node = findNode(cluster, nodeName);
  const labels = { ...(node?.metadata.labels ?? {}) };
  const ips = nodeAddresses(node, family);
  const cidrs = node?.spec.podCIDRs?.length ? node.spec.podCIDRs : node?.spec.podCIDR ? [node.spec.podCIDR] : [];
  const podCIDR = cidrs.map((c) => parseCIDR(c)).find((c) => c?.family === family)?.text ?? '';
  const zone = labels[ZONE_LABEL];
  return {
    name: nodeName,
    labels,
    primaryIP: ips[0] ?? '',
    ips,
    podCIDR,
    ...(zone !== undefined ? { zone } : {}),
  };
}
