// The simulated cluster: every object as the API server would store it after
// defaulting, allocation and the controllers have run. kube-proxy, DNS, the
// tracer and the UI read only this.

import type {
  Deployment,
  EndpointSlice,
  KubeProxyConfiguration,
  Namespace,
  Node,
  Pod,
  ReplicaSet,
  Service,
  StatefulSet,
} from './types';
import type { ObjectSource } from './source';
import type { Diagnostic } from './diagnostic';

export interface ClusterConfig {
  /** Service CIDRs, primary first (ServiceCIDR objects or 10.96.0.0/12). */
  serviceCIDRs: string[];
  /** Pod network (KubeProxyConfiguration.clusterCIDR or 10.244.0.0/16). */
  clusterCIDR: string;
  /** Inclusive node-port range, default 30000-32767. */
  nodePortRange: { base: number; size: number };
  /** Pool that the simulated cloud/MetalLB controller hands LB ingress IPs from. */
  loadBalancerPool: string;
  clusterDomain: string;
}

export interface Cluster {
  config: ClusterConfig;
  /** KubeProxyConfiguration with defaults applied (mode '' -> 'iptables'). */
  proxyConfig: KubeProxyConfiguration;
  namespaces: Namespace[];
  nodes: Node[];
  services: Service[];
  deployments: Deployment[];
  replicaSets: ReplicaSet[];
  statefulSets: StatefulSet[];
  pods: Pod[];
  endpointSlices: EndpointSlice[];
}

/** `Kind/namespace/name` (cluster-scoped: `Kind//name`) */
export type ObjectKey = string;

export function objectKey(kind: string, namespace: string | undefined, name: string | undefined): ObjectKey {
  return `${kind}/${namespace ?? ''}/${name ?? ''}`;
}

/** Result of loading text into a cluster. */
export interface LoadResult {
  cluster: Cluster;
  diagnostics: Diagnostic[];
  /** where each user-given object came from */
  sources: Record<ObjectKey, ObjectSource>;
}

/** What changed between two cluster states, by object key. */
export interface ClusterDiff {
  added: ObjectKey[];
  updated: ObjectKey[];
  removed: ObjectKey[];
}

/**
 * A cluster assembled directly from objects (as kube-proxy's own tests build
 * Services and EndpointSlices by hand): the given config on top of the
 * defaults svcviz uses, empty object lists unless given, an iptables-mode
 * KubeProxyConfiguration unless given.
 */
export function buildClusterFrom(parts: Partial<Omit<Cluster, 'config'>> & { config?: Partial<ClusterConfig> } = {}): Cluster {
  const { config, ...objects } = parts;
  return {
    proxyConfig: { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', mode: 'iptables' },
    namespaces: [],
    nodes: [],
    services: [],
    deployments: [],
    replicaSets: [],
    statefulSets: [],
    pods: [],
    endpointSlices: [],
    ...objects,
    config: {
      serviceCIDRs: ['10.96.0.0/12'],
      clusterCIDR: '10.244.0.0/16',
      nodePortRange: { base: 30000, size: 2768 },
      loadBalancerPool: '203.0.113.0/24',
      clusterDomain: 'cluster.local',
      ...config,
    },
  };
}
