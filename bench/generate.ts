// Deterministic generators of large manifests for the benchmarks: the same
// arguments always give the same text (no randomness, no clock).

export interface ManifestShape {
  /** Services, each with one Deployment selecting it */
  services: number;
  /** replicas per Deployment (pods per Service) */
  podsPerService: number;
  /** Nodes given explicitly (with pod CIDRs inside the cluster CIDR) */
  nodes: number;
  /**
   * Containers carry a readiness probe (default true): their pods start not
   * Ready, so EndpointSlices list them as not ready. false: pods are Ready at
   * once and every Service has ready endpoints.
   */
  readinessProbe?: boolean;
}

/** Pod network large enough for thousands of /24 node subnets, clear of the 10.96.0.0/12 Service range. */
export const BENCH_CLUSTER_CIDR = '172.16.0.0/12';

export function nodeName(i: number): string {
  return `node-${String(i).padStart(4, '0')}`;
}

function nodeYaml(i: number): string {
  return `apiVersion: v1
kind: Node
metadata:
  name: ${nodeName(i)}
  labels:
    kubernetes.io/hostname: ${nodeName(i)}
    topology.kubernetes.io/zone: zone-${'abc'[i % 3]}
spec:
  podCIDR: 172.${16 + Math.floor(i / 256)}.${i % 256}.0/24
status:
  addresses:
    - type: InternalIP
      address: 192.168.${Math.floor(i / 250)}.${(i % 250) + 2}
`;
}

function serviceYaml(i: number): string {
  const name = `svc-${i}`;
  const ns = `ns-${i % 20}`;
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${name}
spec:
  ${i % 10 === 0 ? 'type: NodePort\n  ' : ''}selector:
    app: ${name}
  ports:
    - name: http
      protocol: TCP
      port: 80
      targetPort: 8080
`;
}

function deploymentYaml(i: number, replicas: number, readinessProbe = true): string {
  const name = `svc-${i}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ns-${i % 20}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: app
          image: registry.example.com/app:1.0
          ports:
            - name: http
              containerPort: 8080
${readinessProbe ? PROBE : ''}`;
}

const PROBE = `          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
`;

function proxyConfigYaml(): string {
  return `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clusterCIDR: ${BENCH_CLUSTER_CIDR}
`;
}

/** Namespaces ns-0 … ns-19, nodes, then Service + Deployment pairs. */
export function generateManifest(shape: ManifestShape): string {
  const docs: string[] = [proxyConfigYaml()];
  for (let n = 0; n < 20; n++) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${n}\n`);
  }
  for (let i = 0; i < shape.nodes; i++) docs.push(nodeYaml(i));
  for (let i = 0; i < shape.services; i++) {
    docs.push(serviceYaml(i), deploymentYaml(i, shape.podsPerService, shape.readinessProbe));
  }
  return docs.join('---\n');
}

/** A manifest of at least `bytes` bytes (Services + Deployments on 3 nodes). */
export function generateManifestOfSize(bytes: number): string {
  const perService = serviceYaml(1000).length + deploymentYaml(1000, 3).length + 8;
  const services = Math.max(1, Math.ceil(bytes / perService));
  return generateManifest({ services, podsPerService: 3, nodes: 3 });
}

/**
 * The same manifest split into files of at most `servicesPerFile` Services
 * (the parser caps one input at 5 MB, as the README documents).
 */
export function generateManifestFiles(shape: ManifestShape, servicesPerFile = 1000): { file: string; text: string }[] {
  const files = [{ file: 'cluster.yaml', text: generateManifest({ ...shape, services: 0 }) }];
  for (let start = 0; start < shape.services; start += servicesPerFile) {
    const docs: string[] = [];
    for (let i = start; i < Math.min(shape.services, start + servicesPerFile); i++) {
      docs.push(serviceYaml(i), deploymentYaml(i, shape.podsPerService, shape.readinessProbe));
    }
    files.push({ file: `services-${start / servicesPerFile}.yaml`, text: docs.join('---\n') });
  }
  return files;
}
