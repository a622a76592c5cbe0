// Programmed rulesets per (cluster snapshot, node, mode). kube-proxy programs
// a node once per sync and then every packet is matched against the same
// rules; the tracer does the same, so tracing many packets costs one
// `program()` per node rather than one per packet.

import type { Cluster } from '../model/cluster';
import type { IPFamily, ProxyMode } from '../model/types';
import { getBackend } from '../proxy/index';
import type { ProgramOptions, ProxyBackend, Ruleset } from '../proxy/types';

const cache = new WeakMap<Cluster, Map<string, Ruleset>>();

/**
 * `family`: the proxier of that IP family (dual-stack nodes run one per
 * family, kube-proxy's metaproxier); omitted, the backend's default (the
 * cluster's primary service family, with the other family alongside).
 */
export function getProgrammedRuleset(
  cluster: Cluster,
  nodeName: string,
  mode: ProxyMode,
  family?: IPFamily,
  iptablesHost: 'reference' | 'real-node' = 'reference',
): { backend: ProxyBackend; ruleset: Ruleset } {
  const backend = getBackend(mode);
  let perCluster = cache.get(cluster);
  if (!perCluster) {
    perCluster = new Map();
    cache.set(cluster, perCluster);
  }
  const host = mode === 'iptables' ? iptablesHost : 'reference';
  const key = `${mode}\u0000${nodeName}\u0000${family ?? ''}\u0000${host}`;
  let ruleset = perCluster.get(key);
  if (!ruleset) {
    // Every backend's program options accept `family` (ProgramOptions & { family }).
    const options: ProgramOptions & { family?: IPFamily; hostProfile?: 'real-node' } = family ? { nodeName, mode, family } : { nodeName, mode };
    // the iptables backend's IptablesProgramOptions.hostProfile
    if (host === 'real-node') options.hostProfile = 'real-node';
    ruleset = backend.program(cluster, options);
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
