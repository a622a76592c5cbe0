// Small builders for tests of the EndpointSlice controller and DNS: plain
// objects shaped as the API server stores them (already defaulted), so
// tests read like the manifests they stand for.

import { buildClusterFrom, type Cluster } from '../cluster';
import type { Container, EndpointSlice, Node, Pod, Service, ServicePort } from '../types';

export interface NodeOpts {
  zone?: string;
  cpu?: string;
  labels?: Record<string, string>;
  ready?: boolean;
  ip?: string;
}

export function makeNode(name: string, o: NodeOpts = {}): Node {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name, ...o.labels };
  if (o.zone) labels['topology.kubernetes.io/zone'] = o.zone;
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-node-${name}`, labels },
    spec: {},
    status: {
      addresses: [{ type: 'InternalIP', address: o.ip ?? '192.168.0.10' }],
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
  if (o.cpu) node.status!.allocatable = { cpu: o.cpu };
  return node;
}

export interface PodOpts {
  ns?: string;
  labels?: Record<string, string>;
  ip?: string;
  ips?: string[];
  node?: string;
  ready?: boolean;
  phase?: string;
  deleting?: boolean;
  hostname?: string;
  subdomain?: string;
  containers?: Container[];
  initContainers?: Container[];
}

export function makePod(name: string, o: PodOpts = {}): Pod {
  const ns = o.ns ?? 'default';
  const ips = o.ips ?? (o.ip ? [o.ip] : []);
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, uid: `uid-pod-${ns}-${name}`, labels: o.labels ?? { app: 'web' } },
    spec: { nodeName: o.node ?? 'node-a', containers: o.containers ?? [{ name: 'app' }] },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
  if (ips.length) {
    pod.status!.podIP = ips[0];
    pod.status!.podIPs = ips.map((ip) => ({ ip }));
  }
  if (o.deleting) pod.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
  if (o.hostname) pod.spec.hostname = o.hostname;
  if (o.subdomain) pod.spec.subdomain = o.subdomain;
  if (o.initContainers) pod.spec.initContainers = o.initContainers;
  return pod;
}

export interface ServiceOpts {
  ns?: string;
  selector?: Record<string, string> | null;
  ports?: ServicePort[];
  clusterIP?: string;
  clusterIPs?: string[];
  type?: string;
  ipFamilies?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  trafficDistribution?: string;
  publishNotReadyAddresses?: boolean;
  externalName?: string;
  uid?: string;
}

export function makeService(name: string, o: ServiceOpts = {}): Service {
  const ns = o.ns ?? 'default';
  const clusterIP = o.clusterIP ?? (o.type === 'ExternalName' ? undefined : '10.96.0.50');
  const svc: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, uid: o.uid ?? `uid-svc-${ns}-${name}` },
    spec: {
      type: o.type ?? 'ClusterIP',
      ports: o.ports ?? [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }],
    },
  };
  if (o.selector !== null) svc.spec.selector = o.selector ?? { app: 'web' };
  if (clusterIP !== undefined) {
    svc.spec.clusterIP = clusterIP;
    svc.spec.clusterIPs = o.clusterIPs ?? [clusterIP];
    svc.spec.ipFamilies = o.ipFamilies ?? [clusterIP === 'None' ? 'IPv4' : clusterIP.includes(':') ? 'IPv6' : 'IPv4'];
  }
  if (o.ipFamilies) svc.spec.ipFamilies = o.ipFamilies;
  if (o.labels) svc.metadata.labels = o.labels;
  if (o.annotations) svc.metadata.annotations = o.annotations;
  if (o.trafficDistribution) svc.spec.trafficDistribution = o.trafficDistribution;
  if (o.publishNotReadyAddresses) svc.spec.publishNotReadyAddresses = true;
  if (o.externalName) svc.spec.externalName = o.externalName;
  return svc;
}

export function makeCluster(parts: Partial<Cluster> = {}): Cluster {
  return buildClusterFrom({ ...parts, config: { loadBalancerPool: '192.168.100.0/24', ...parts.config } });
}

/** A hand-written slice (e.g. for a selectorless Service). */
export function makeSlice(name: string, service: string, endpoints: EndpointSlice['endpoints'], o: { ns?: string; addressType?: string; ports?: EndpointSlice['ports']; managedBy?: string } = {}): EndpointSlice {
  const labels: Record<string, string> = { 'kubernetes.io/service-name': service };
  if (o.managedBy) labels['endpointslice.kubernetes.io/managed-by'] = o.managedBy;
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: o.ns ?? 'default', labels },
    addressType: o.addressType ?? 'IPv4',
    endpoints,
    ports: o.ports ?? [],
  };
}
