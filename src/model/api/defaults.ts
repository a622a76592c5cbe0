// SetDefaults_* (pkg/apis/core/v1/defaults.go, pkg/apis/apps/v1/defaults.go,
// pkg/apis/discovery/v1/defaults.go) plus the create-time registry steps that
// run before validation (namespace "default", clusterIP -> clusterIPs).
// Every function returns a new object and never mutates its input.

import type {
  Container,
  Deployment,
  EndpointSlice,
  KubeObject,
  KubeProxyConfiguration,
  Namespace,
  Pod,
  PodSpec,
  PodTemplateSpec,
  Probe,
  ReplicaSet,
  Service,
  ServicePort,
  StatefulSet,
} from '../types';

/** v1.DefaultClientIPServiceAffinitySeconds (3 hours) */
export const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

/** Kinds stored per namespace; the others are cluster-scoped. */
export const NAMESPACED_KINDS: ReadonlySet<string> = new Set([
  'Service',
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'EndpointSlice',
]);

/** kubectl/the API server put objects without metadata.namespace into "default". */
function withDefaultNamespace<T extends KubeObject>(obj: T): T {
  if (!NAMESPACED_KINDS.has(obj.kind) || obj.metadata?.namespace) return obj;
  return { ...obj, metadata: { ...obj.metadata, namespace: 'default' } };
}

/**
 * SetDefaults_Service, followed by the registry's create-time
 * normalizeClusterIPs (a client that sets only `clusterIP` gets `clusterIPs`
 * initialised from it).
 */
export function defaultService(svc: Service): Service {
  const spec = { ...svc.spec };
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None' && 'sessionAffinityConfig' in spec) delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS } };
  }
  if (!spec.type) spec.type = 'ClusterIP';
  if (spec.ports) {
    spec.ports = spec.ports.map((p): ServicePort => {
      const q = { ...p };
      if (!q.protocol) q.protocol = 'TCP';
      // targetPort 0 or "" means "same as port".
      if (q.targetPort === undefined || q.targetPort === 0 || q.targetPort === '') q.targetPort = q.port;
      return q;
    });
  }
  const externallyAccessible =
    spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && (spec.externalIPs ?? []).length > 0);
  if (externallyAccessible && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (spec.internalTrafficPolicy === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
  // Registry (PrepareForCreate -> normalizeClusterIPs): singular initialises plural.
  if (spec.clusterIP && (spec.clusterIPs ?? []).length === 0) spec.clusterIPs = [spec.clusterIP];

  let status = svc.status;
  const ingress = status?.loadBalancer?.ingress;
  if (spec.type === 'LoadBalancer' && ingress) {
    // LoadBalancerIPMode (GA 1.32): an ingress IP without ipMode is a VIP.
    status = { ...status, loadBalancer: { ...status?.loadBalancer, ingress: ingress.map((i) => (i.ip && !i.ipMode ? { ...i, ipMode: 'VIP' } : i)) } };
  }
  return withDefaultNamespace({ ...svc, spec, ...(status ? { status } : {}) });
}

/** SetDefaults_Probe: timeout 1 s, period 10 s, success 1, failure 3. */
function defaultProbe(p: Probe): Probe {
  return {
    ...p,
    timeoutSeconds: p.timeoutSeconds || 1,
    periodSeconds: p.periodSeconds || 10,
    successThreshold: p.successThreshold || 1,
    failureThreshold: p.failureThreshold || 3,
  };
}

function defaultContainer(c: Container, hostNetwork: boolean): Container {
  const probed = c.readinessProbe ? { ...c, readinessProbe: defaultProbe(c.readinessProbe) } : c;
  if (!probed.ports) return probed;
  return {
    ...probed,
    ports: probed.ports.map((p) => {
      const q = { ...p };
      if (!q.protocol) q.protocol = 'TCP';
      if (hostNetwork && !q.hostPort) q.hostPort = q.containerPort;
      return q;
    }),
  };
}

/** SetDefaults_PodSpec / SetDefaults_ContainerPort (the fields svcviz models); also used for templates. */
export function defaultPodSpec(spec: PodSpec): PodSpec {
  return withPodSpecDefaults(spec, false);
}

function withPodSpecDefaults(spec: PodSpec, isPod: boolean): PodSpec {
  // SetDefaults_Pod (Pods only, not templates): with hostNetwork an unset hostPort is the containerPort.
  const hostNetwork = isPod && spec.hostNetwork === true;
  const out: PodSpec = { ...spec, containers: (spec.containers ?? []).map((c) => defaultContainer(c, hostNetwork)) };
  if (spec.initContainers) out.initContainers = spec.initContainers.map((c) => defaultContainer(c, hostNetwork));
  if (!out.dnsPolicy) out.dnsPolicy = 'ClusterFirst';
  return out;
}

export function defaultPod(pod: Pod): Pod {
  return withDefaultNamespace({ ...pod, spec: withPodSpecDefaults(pod.spec ?? { containers: [] }, true) });
}

function defaultTemplate(t: PodTemplateSpec | undefined): PodTemplateSpec {
  return { ...t, spec: defaultPodSpec(t?.spec ?? { containers: [] }) };
}

/**
 * apps/v1 SetDefaults_Deployment / _ReplicaSet / _StatefulSet: replicas 1
 * (other defaulted fields — strategy, revisionHistoryLimit — are not modelled).
 */
export function defaultWorkload<T extends Deployment | ReplicaSet | StatefulSet>(obj: T): T {
  const spec = { ...obj.spec, template: defaultTemplate(obj.spec?.template) };
  if (spec.replicas === undefined) spec.replicas = 1;
  return withDefaultNamespace({ ...obj, spec });
}

/** discovery/v1 SetDefaults_EndpointPort: name "" and protocol TCP. */
export function defaultEndpointSlice(slice: EndpointSlice): EndpointSlice {
  const out: EndpointSlice = { ...slice, endpoints: slice.endpoints ?? [] };
  if (slice.ports) out.ports = slice.ports.map((p) => ({ ...p, name: p.name ?? '', protocol: p.protocol ?? 'TCP' }));
  return withDefaultNamespace(out);
}

/** The namespace registry labels every namespace with its own name. */
export function defaultNamespace(ns: Namespace): Namespace {
  const name = ns.metadata?.name;
  if (!name) return ns;
  return { ...ns, metadata: { ...ns.metadata, labels: { ...ns.metadata.labels, 'kubernetes.io/metadata.name': name } } };
}

/**
 * kube-proxy's configuration defaults (pkg/proxy/apis/config/v1alpha1):
 * mode '' -> 'iptables' (the Linux default), masqueradeBit 14 (mark 0x4000),
 * masqueradeAll false, localhostNodePorts true, ipvs.scheduler '' -> 'rr',
 * nodePortAddresses [] (all node addresses; nftables reads [] as the
 * node's primary IPs), clusterCIDR '' (left empty here: the cluster builder
 * substitutes the simulated pod network, 10.244.0.0/16, when absent),
 * portRange ''.
 */
export function defaultProxyConfig(cfg?: Partial<KubeProxyConfiguration>): KubeProxyConfiguration {
  const c = cfg ?? {};
  return {
    ...c,
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    mode: c.mode ? c.mode : 'iptables',
    clusterCIDR: c.clusterCIDR ?? '',
    nodePortAddresses: c.nodePortAddresses ?? [],
    iptables: {
      ...c.iptables,
      masqueradeBit: c.iptables?.masqueradeBit ?? 14,
      masqueradeAll: c.iptables?.masqueradeAll ?? false,
      localhostNodePorts: c.iptables?.localhostNodePorts ?? true,
      syncPeriod: c.iptables?.syncPeriod ?? '30s',
      minSyncPeriod: c.iptables?.minSyncPeriod ?? '1s',
    },
    ipvs: {
      ...c.ipvs,
      scheduler: c.ipvs?.scheduler ? c.ipvs.scheduler : 'rr',
      syncPeriod: c.ipvs?.syncPeriod ?? '30s',
      strictARP: c.ipvs?.strictARP ?? false,
    },
    nftables: {
      ...c.nftables,
      masqueradeBit: c.nftables?.masqueradeBit ?? 14,
      masqueradeAll: c.nftables?.masqueradeAll ?? false,
    },
    portRange: c.portRange ?? '',
  };
}

/**
 * rest.BeforeCreate: a namespace given on a cluster-scoped object (Node,
 * Namespace, ServiceCIDR) is silently cleared.
 */
function withoutNamespace<T extends KubeObject>(obj: T): T {
  if (NAMESPACED_KINDS.has(obj.kind) || !obj.metadata?.namespace) return obj;
  const { namespace: _dropped, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/** Applies the defaults of the object's kind (and the create-time registry normalisation). */
export function defaultObject(obj: KubeObject): KubeObject {
  return defaultByKind(withoutNamespace(obj));
}

function defaultByKind(obj: KubeObject): KubeObject {
  switch (obj.kind) {
    case 'Service':
      return defaultService(obj);
    case 'Pod':
      return defaultPod(obj);
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
      return defaultWorkload(obj);
    case 'EndpointSlice':
      return defaultEndpointSlice(obj);
    case 'Namespace':
      return defaultNamespace(obj);
    case 'KubeProxyConfiguration':
      return defaultProxyConfig(obj);
    default:
      return obj;
  }
}
