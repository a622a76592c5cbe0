// Objects every kubeadm-style cluster has before anything is applied:
// - `default/kubernetes`: created by the apiserver's bootstrap controller,
//   type ClusterIP, port `https` 443/TCP -> 6443 (the secure port), clusterIP
//   = the first address of the primary Service CIDR (10.96.0.1); it has no
//   selector: the apiserver itself writes its EndpointSlice `kubernetes`
//   (one endpoint per apiserver; here the first node's InternalIP);
// - `kube-system/kube-dns`: kubeadm's CoreDNS Service at the 10th address
//   (10.96.0.10) with ports dns 53/UDP, dns-tcp 53/TCP, metrics 9153/TCP,
//   selecting `k8s-app: kube-dns`;
// - `kube-system/coredns`: the CoreDNS Deployment (2 replicas) behind it.
// - Namespaces default, kube-node-lease, kube-public, kube-system.

import type { Deployment, EndpointSlice, Namespace, Service } from '../types';
import { addressAt, parseCIDR } from './ip';

export const KUBERNETES_SERVICE_PORT = 6443;

export function kubernetesService(serviceCIDR: string): Service {
  const c = parseCIDR(serviceCIDR);
  const ip = c ? addressAt(c, 1) : '10.96.0.1';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: ip,
      clusterIPs: [ip],
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: KUBERNETES_SERVICE_PORT }],
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
    },
  };
}

/** The slice the apiserver's endpoint reconciler maintains for `default/kubernetes`. */
export function kubernetesEndpointSlice(apiserverIPs: string[], family: 'IPv4' | 'IPv6'): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': 'kubernetes' },
    },
    addressType: family,
    endpoints: apiserverIPs.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: [{ name: 'https', protocol: 'TCP', port: KUBERNETES_SERVICE_PORT }],
  };
}

export const COREDNS_LABELS = { 'k8s-app': 'kube-dns' };

export function kubeDNSService(serviceCIDR: string): Service {
  const c = parseCIDR(serviceCIDR);
  const ip = c ? addressAt(c, 10) : '10.96.0.10';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      type: 'ClusterIP',
      selector: { ...COREDNS_LABELS },
      clusterIP: ip,
      clusterIPs: [ip],
      ports: [
        { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 },
        { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
        { name: 'metrics', protocol: 'TCP', port: 9153, targetPort: 9153 },
      ],
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
    },
  };
}

export function coreDNSDeployment(): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels: { ...COREDNS_LABELS } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { ...COREDNS_LABELS } },
      template: {
        metadata: { labels: { ...COREDNS_LABELS } },
        spec: {
          dnsPolicy: 'Default',
          containers: [
            {
              name: 'coredns',
              image: 'registry.k8s.io/coredns/coredns:v1.12.0',
              ports: [
                { name: 'dns', containerPort: 53, protocol: 'UDP' },
                { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
              ],
            },
          ],
        },
      },
    },
  };
}

export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

export function namespaceObject(name: string): Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
  };
}
