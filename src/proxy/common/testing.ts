// Builders for proxy tests: a Cluster assembled directly from objects, as the
// upstream proxier tests build Services and EndpointSlices by hand.

import { buildClusterFrom, type Cluster } from '../../model/cluster';
import type { Endpoint, EndpointPort, EndpointSlice, KubeProxyConfiguration, Node, Service, ServiceSpec } from '../../model/types';

export function makeCluster(parts: Partial<Cluster> = {}): Cluster {
  return buildClusterFrom({
    ...parts,
    config: { serviceCIDRs: ['172.30.0.0/16'], clusterCIDR: '10.0.0.0/8', loadBalancerPool: '1.2.3.0/24', ...parts.config },
  });
}

export function makeProxyConfig(cfg: Partial<KubeProxyConfiguration> = {}): KubeProxyConfiguration {
  return { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', mode: 'iptables', ...cfg };
}

export function makeService(ns: string, name: string, spec: ServiceSpec, ingressIPs: (string | { ip: string; ipMode?: string })[] = []): Service {
  const svc: Service = { apiVersion: 'v1', kind: 'Service', metadata: { namespace: ns, name }, spec: { type: 'ClusterIP', ...spec } };
  if (ingressIPs.length) {
    svc.status = { loadBalancer: { ingress: ingressIPs.map((i) => (typeof i === 'string' ? { ip: i } : i)) } };
  }
  return svc;
}

export function makeSlice(
  ns: string,
  svcName: string,
  sliceNum: number,
  endpoints: Endpoint[],
  ports: EndpointPort[],
  addressType: string = 'IPv4',
): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace: ns, name: `${svcName}-${sliceNum}`, labels: { 'kubernetes.io/service-name': svcName } },
    addressType,
    endpoints,
    ports,
  };
}

export function makeNode(name: string, ips: string[], podCIDR?: string, labels: Record<string, string> = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {},
    status: { addresses: ips.map((address) => ({ type: 'InternalIP', address })) },
  };
}
