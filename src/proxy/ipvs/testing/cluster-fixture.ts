// A small builder of Cluster objects for the proxy-mode tests (IPVS,
// nftables, userspace). It follows the conventions of upstream kube-proxy's
// proxier tests (pkg/proxy/nftables/proxier_test.go):
//
//   Pod IPs:             10.0.0.0/8 (clusterCIDR)
//   Service ClusterIPs:  172.30.0.0/16
//   Node IPs:            192.168.0.0/24, local node "test-node" = 192.168.0.2
//   Service ExternalIPs: 192.168.99.0/24
//   LoadBalancer IPs:    1.2.3.4, 5.6.7.8, 9.10.11.12
//   Non-cluster IPs:     203.0.113.0/24, LB source range 203.0.113.0/25
//
// Objects are written as the API server would store them after defaulting,
// so the proxies read them exactly like they read a built cluster.

import { buildClusterFrom, type Cluster } from '../../../model/cluster';
import type { Endpoint, EndpointSlice, KubeProxyConfiguration, Node, Service, ServicePort, ServiceSpec } from '../../../model/types';

export const TEST_NODE = 'test-node';
export const TEST_NODE_IP = '192.168.0.2';
export const OTHER_NODE = 'node2';
export const OTHER_NODE_IP = '192.168.0.3';
export const EXTERNAL_CLIENT = '203.0.113.2';
export const EXTERNAL_CLIENT_BLOCKED = '203.0.113.130';

export function makeNode(name: string, ip: string, podCIDR: string, zone?: string): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(zone ? { 'topology.kubernetes.io/zone': zone } : {}) } },
    spec: { podCIDR, podCIDRs: [podCIDR] },
    status: { addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }] },
  };
}

export interface ServiceOptions extends Partial<ServiceSpec> {
  ports: ServicePort[];
  lbIPs?: string[];
}

/** A defaulted Service (type ClusterIP, policies Cluster, affinity None unless given). */
export function makeService(namespace: string, name: string, o: ServiceOptions): Service {
  const { lbIPs, ...spec } = o;
  const type = spec.type ?? 'ClusterIP';
  const external = type === 'LoadBalancer' || type === 'NodePort' || (spec.externalIPs?.length ?? 0) > 0;
  const full: ServiceSpec = {
    type,
    sessionAffinity: 'None',
    internalTrafficPolicy: 'Cluster',
    ...(external ? { externalTrafficPolicy: 'Cluster' } : {}),
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    ...spec,
    ports: o.ports.map((p) => ({ protocol: 'TCP', targetPort: p.port, ...p })),
  };
  if (full.clusterIP && !full.clusterIPs) full.clusterIPs = [full.clusterIP];
  if (full.sessionAffinity === 'ClientIP' && !full.sessionAffinityConfig) {
    full.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace, name },
    spec: full,
    ...(lbIPs ? { status: { loadBalancer: { ingress: lbIPs.map((ip) => ({ ip, ipMode: 'VIP' })) } } } : {}),
  };
}

export interface EndpointOptions {
  ip: string;
  nodeName?: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  zone?: string;
  hintZones?: string[];
  podName?: string;
}

/** An EndpointSlice for a Service with the given endpoints and ports (name, port, protocol). */
export function makeSlice(
  namespace: string,
  service: string,
  endpoints: EndpointOptions[],
  ports: { name?: string; port: number; protocol?: string }[],
  suffix = 'abcde',
): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      namespace,
      name: `${service}-${suffix}`,
      labels: { 'kubernetes.io/service-name': service, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
    },
    addressType: endpoints[0]?.ip.includes(':') ? 'IPv6' : 'IPv4',
    endpoints: endpoints.map(
      (e): Endpoint => ({
        addresses: [e.ip],
        conditions: {
          ready: e.ready ?? true,
          serving: e.serving ?? e.ready ?? true,
          terminating: e.terminating ?? false,
        },
        ...(e.nodeName ? { nodeName: e.nodeName } : {}),
        ...(e.zone ? { zone: e.zone } : {}),
        ...(e.hintZones ? { hints: { forZones: e.hintZones.map((name) => ({ name })) } } : {}),
        ...(e.podName ? { targetRef: { kind: 'Pod', namespace, name: e.podName } } : {}),
      }),
    ),
    ports: ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })),
  };
}

export interface ClusterOptions {
  services: Service[];
  slices: EndpointSlice[];
  nodes?: Node[];
  proxy?: Partial<KubeProxyConfiguration>;
}

export function makeCluster(o: ClusterOptions): Cluster {
  return buildClusterFrom({
    config: { serviceCIDRs: ['172.30.0.0/16'], clusterCIDR: '10.0.0.0/8', loadBalancerPool: '1.2.3.0/24' },
    proxyConfig: { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', mode: 'iptables', clusterCIDR: '10.0.0.0/8', ...o.proxy },
    nodes: o.nodes ?? [makeNode(TEST_NODE, TEST_NODE_IP, '10.0.1.0/24', 'zone-a'), makeNode(OTHER_NODE, OTHER_NODE_IP, '10.0.2.0/24', 'zone-b')],
    services: o.services,
    endpointSlices: o.slices,
  });
}
