// Small hand-built clusters for the UI-side tests (scene, sim, hops), so they
// do not depend on the model builders' exact allocations. Test-only.

import { buildClusterFrom, type Cluster } from '../../model/cluster';
import type { Node, Pod, Service } from '../../model/types';

export function node(name: string, zone: string, ip: string, unschedulable = false): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'topology.kubernetes.io/zone': zone } },
    spec: { podCIDR: '', unschedulable },
    status: { addresses: [{ type: 'InternalIP', address: ip }] },
  };
}

export function pod(ns: string, name: string, nodeName: string, ip: string, labels: Record<string, string> = {}, ready = true): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: { nodeName, containers: [{ name: 'c' }] },
    status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

export function service(ns: string, name: string, spec: Service['spec']): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec };
}

/** The seed's my-service with 3 pods over 3 nodes in 2 zones, a client pod and CoreDNS. */
export function seedCluster(): Cluster {
  return buildClusterFrom({
    nodes: [node('node-a1', 'zone-a', '10.0.0.11'), node('node-a2', 'zone-a', '10.0.0.12'), node('node-b1', 'zone-b', '10.0.0.21')],
    services: [
      service('default', 'kubernetes', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443 }] }),
      service('default', 'my-service', { type: 'ClusterIP', clusterIP: '10.96.12.34', selector: { app: 'MyApp' }, ports: [{ port: 80, targetPort: 9376, protocol: 'TCP' }] }),
      service('kube-system', 'kube-dns', { clusterIP: '10.96.0.10', selector: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }),
    ],
    pods: [
      pod('default', 'my-app-1', 'node-a1', '10.244.1.5', { app: 'MyApp' }),
      pod('default', 'my-app-2', 'node-a2', '10.244.2.7', { app: 'MyApp' }),
      pod('default', 'my-app-3', 'node-b1', '10.244.3.9', { app: 'MyApp' }),
      pod('default', 'client', 'node-a1', '10.244.1.8', { app: 'client' }),
      pod('kube-system', 'coredns-1', 'node-b1', '10.244.3.2', { 'k8s-app': 'kube-dns' }),
    ],
  });
}
