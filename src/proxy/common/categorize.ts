// Which endpoints a node may use for a service port (pkg/proxy/topology.go
// CategorizeEndpoints, v1.31+ behaviour):
// - Cluster-policy traffic uses Ready endpoints, narrowed by topology hints
//   when every ready endpoint carries hints and one matches this node; if no
//   endpoint is Ready anywhere it falls back to serving+terminating ones.
// - Local-policy traffic uses this node's Ready endpoints, else this node's
//   serving+terminating ones. Topology hints never narrow local endpoints.
// - hasAnyEndpoints is true when some usable endpoint exists anywhere in the
//   cluster, even if this node cannot use it (Local policy, all remote): the
//   iptables proxier then DROPs instead of REJECTing.

import type { EndpointInfo } from './endpoint';
import type { ServicePortInfo } from './service-port';
import { ZONE_LABEL } from './node-info';
import { compareStrings } from './service-port';

export interface CategorizedEndpoints {
  /** usable cluster-policy endpoints; null when the port never uses cluster policy */
  clusterEndpoints: EndpointInfo[] | null;
  /** usable local-policy endpoints; null when the port never uses local policy */
  localEndpoints: EndpointInfo[] | null;
  /** union of the two (the endpoints that need a DNAT chain), sorted by endpoint string */
  allReachableEndpoints: EndpointInfo[];
  hasAnyEndpoints: boolean;
}

export interface CategorizeOptions {
  /**
   * Feature gate PreferSameTrafficDistribution (alpha in v1.33, beta and on
   * by default from v1.34): honour node hints before zone hints.
   */
  preferSameNode?: boolean;
}

type TopologyMode = '' | 'PreferSameNode' | 'PreferSameZone';

type PortFlags = Pick<ServicePortInfo, 'usesClusterEndpoints' | 'usesLocalEndpoints'>;

function topologyModeFromHints(endpoints: readonly EndpointInfo[], nodeName: string, zone: string, preferSameNode: boolean): TopologyMode {
  let hasReady = false;
  let hasForNode = false;
  let allHaveNodeHints = true;
  let hasForZone = false;
  let allHaveZoneHints = true;
  for (const ep of endpoints) {
    if (!ep.ready) continue;
    hasReady = true;
    if (!ep.nodeHints || ep.nodeHints.length === 0) allHaveNodeHints = false;
    else if (ep.nodeHints.includes(nodeName)) hasForNode = true;
    if (!ep.zoneHints || ep.zoneHints.length === 0) allHaveZoneHints = false;
    else if (ep.zoneHints.includes(zone)) hasForZone = true;
  }
  if (!hasReady) return '';
  if (preferSameNode && allHaveNodeHints && hasForNode) return 'PreferSameNode';
  if (allHaveZoneHints && hasForZone) return 'PreferSameZone';
  return '';
}

function availableForTopology(ep: EndpointInfo, mode: TopologyMode, nodeName: string, zone: string): boolean {
  if (mode === 'PreferSameNode') return ep.nodeHints?.includes(nodeName) ?? false;
  if (mode === 'PreferSameZone') return ep.zoneHints?.includes(zone) ?? false;
  return true;
}

export function categorizeEndpoints(
  endpoints: readonly EndpointInfo[],
  sp: PortFlags,
  node: { name: string; labels: Record<string, string> },
  options: CategorizeOptions = {},
): CategorizedEndpoints {
  let clusterEndpoints: EndpointInfo[] | null = null;
  let localEndpoints: EndpointInfo[] | null = null;
  let hasAnyEndpoints = false;
  let topologyMode: TopologyMode = '';
  let useServingTerminating = false;

  if (sp.usesClusterEndpoints) {
    const zone = node.labels[ZONE_LABEL] ?? '';
    topologyMode = topologyModeFromHints(endpoints, node.name, zone, options.preferSameNode ?? false);
    clusterEndpoints = endpoints.filter((ep) => ep.ready && availableForTopology(ep, topologyMode, node.name, zone));
    // No ready endpoint anywhere (topology already fell back if none matched
    // this zone): use endpoints that are still serving while terminating.
    if (clusterEndpoints.length === 0) clusterEndpoints = endpoints.filter((ep) => ep.serving && ep.terminating);
    if (clusterEndpoints.length > 0) hasAnyEndpoints = true;
  }

  if (!sp.usesLocalEndpoints) {
    return { clusterEndpoints, localEndpoints, allReachableEndpoints: clusterEndpoints ?? [], hasAnyEndpoints };
  }

  let hasLocalReady = false;
  let hasLocalServingTerminating = false;
  for (const ep of endpoints) {
    if (ep.ready) {
      hasAnyEndpoints = true;
      if (ep.isLocal) hasLocalReady = true;
    } else if (ep.serving && ep.terminating) {
      hasAnyEndpoints = true;
      if (ep.isLocal) hasLocalServingTerminating = true;
    }
  }
  if (hasLocalReady) {
    localEndpoints = endpoints.filter((ep) => ep.isLocal && ep.ready);
  } else if (hasLocalServingTerminating) {
    useServingTerminating = true;
    localEndpoints = endpoints.filter((ep) => ep.isLocal && ep.serving && ep.terminating);
  } else {
    localEndpoints = [];
  }

  if (!sp.usesClusterEndpoints || clusterEndpoints === null) {
    return { clusterEndpoints, localEndpoints, allReachableEndpoints: localEndpoints, hasAnyEndpoints };
  }
  if (topologyMode === '' && !useServingTerminating) {
    // clusterEndpoints holds every ready endpoint, a superset of the local ready ones.
    return { clusterEndpoints, localEndpoints, allReachableEndpoints: clusterEndpoints, hasAnyEndpoints };
  }
  // Topology or terminating fallback: local endpoints may be missing from the
  // cluster list (other zone, or terminating), so merge the two.
  const merged = new Map<string, EndpointInfo>();
  for (const ep of clusterEndpoints) merged.set(ep.endpoint, ep);
  for (const ep of localEndpoints) merged.set(ep.endpoint, ep);
  const all = [...merged.values()].sort((a, b) => compareStrings(a.endpoint, b.endpoint));
  return { clusterEndpoints, localEndpoints, allReachableEndpoints: all, hasAnyEndpoints };
}
