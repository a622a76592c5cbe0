// Programmed rulesets per (cluster snapshot, node, mode). kube-proxy programs
// a node once per sync and then every packet is matched against the same
// rules; the tracer does the same, so tracing many packets costs one
// `program()` per node rather than one per packet.

import type { Cluster } from '../model/cluster';
import type { ProxyMode } from '../model/types';
import { getBackend } from '../proxy/index';
import type { ProxyBackend, Ruleset } from '../proxy/types';

const cache = new WeakMap<Cluster, Map<string, Ruleset>>();

export function getProgrammedRuleset(cluster: Cluster, nodeName: string, mode: ProxyMode): { backend: ProxyBackend; ruleset: Ruleset } {
  const backend = getBackend(mode);
  let perCluster = cache.get(cluster);
  if (!perCluster) {
    perCluster = new Map();
    cache.set(cluster, perCluster);
  }
  const key = `${mode}\u0000${nodeName}`;
  let ruleset = perCluster.get(key);
  if (!ruleset) {
    ruleset = backend.program(cluster, { nodeName, mode });
    perCluster.set(key, ruleset);
  }
  return { backend, ruleset };
}

/** Mode actually in force: the request's, else KubeProxyConfiguration.mode, else iptables. */
export function effectiveMode(cluster: Cluster, requested?: ProxyMode): ProxyMode {
  if (requested) return requested;
  const m = cluster.proxyConfig?.mode;
  return m === 'ipvs' || m === 'nftables' || m === 'userspace' || m === 'iptables' ? m : 'iptables';
}
