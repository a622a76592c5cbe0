// The JSON shapes of the kinds svcviz reads, with the Go types behind them,
// so the decoder can (1) warn about unknown fields like the API server's
// field validation and (2) word type errors like encoding/json:
//   json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32
// Sub-trees svcviz does not model are typed `any` (accepted unchecked).

export type FieldType =
  | { t: 'string' }
  | { t: 'int32' }
  | { t: 'int64' }
  | { t: 'bool' }
  /** intstr.IntOrString: a JSON string, or else decoded as int32 */
  | { t: 'intOrString' }
  | { t: 'any' }
  /** removed upstream; kept so it can be reported with a specific warning */
  | { t: 'removed' }
  | { t: 'list'; of: FieldType }
  | { t: 'map'; of: FieldType }
  | { t: 'struct'; go: string; fields: Record<string, FieldType> };

export const str: FieldType = { t: 'string' };
export const i32: FieldType = { t: 'int32' };
export const i64: FieldType = { t: 'int64' };
export const bool: FieldType = { t: 'bool' };
export const ios: FieldType = { t: 'intOrString' };
export const any: FieldType = { t: 'any' };
const list = (of: FieldType): FieldType => ({ t: 'list', of });
const map = (of: FieldType): FieldType => ({ t: 'map', of });
const struct = (go: string, fields: Record<string, FieldType>): FieldType => ({ t: 'struct', go, fields });
const strings = list(str);
const stringMap = map(str);

/** Go's reflect.Type.String() of the field's type, as encoding/json prints it. */
export function goTypeName(f: FieldType): string {
  switch (f.t) {
    case 'string':
      return 'string';
    case 'int32':
    case 'intOrString':
      return 'int32';
    case 'int64':
      return 'int64';
    case 'bool':
      return 'bool';
    case 'list':
      return `[]${goTypeName(f.of)}`;
    case 'map':
      return `map[string]${goTypeName(f.of)}`;
    case 'struct':
      return f.go;
    default:
      return 'interface {}';
  }
}

const ownerReference = struct('v1.OwnerReference', {
  apiVersion: str,
  kind: str,
  name: str,
  uid: str,
  controller: bool,
  blockOwnerDeletion: bool,
});

export const objectMeta = struct('v1.ObjectMeta', {
  name: str,
  generateName: str,
  namespace: str,
  selfLink: str,
  uid: str,
  resourceVersion: str,
  generation: i64,
  creationTimestamp: any,
  deletionTimestamp: any,
  deletionGracePeriodSeconds: i64,
  labels: stringMap,
  annotations: stringMap,
  ownerReferences: list(ownerReference),
  finalizers: strings,
  managedFields: any,
});

const labelSelector = struct('v1.LabelSelector', {
  matchLabels: stringMap,
  matchExpressions: list(struct('v1.LabelSelectorRequirement', { key: str, operator: str, values: strings })),
});

// ---------------------------------------------------------------- core/v1

const servicePort = struct('v1.ServicePort', {
  name: str,
  protocol: str,
  appProtocol: str,
  port: i32,
  targetPort: ios,
  nodePort: i32,
});

const serviceSpec = struct('v1.ServiceSpec', {
  ports: list(servicePort),
  selector: stringMap,
  clusterIP: str,
  clusterIPs: strings,
  type: str,
  externalIPs: strings,
  sessionAffinity: str,
  loadBalancerIP: str,
  loadBalancerSourceRanges: strings,
  externalName: str,
  externalTrafficPolicy: str,
  healthCheckNodePort: i32,
  publishNotReadyAddresses: bool,
  sessionAffinityConfig: struct('v1.SessionAffinityConfig', {
    clientIP: struct('v1.ClientIPConfig', { timeoutSeconds: i32 }),
  }),
  ipFamilies: strings,
  ipFamilyPolicy: str,
  allocateLoadBalancerNodePorts: bool,
  loadBalancerClass: str,
  internalTrafficPolicy: str,
  trafficDistribution: str,
  topologyKeys: { t: 'removed' },
});

const serviceStatus = struct('v1.ServiceStatus', {
  loadBalancer: struct('v1.LoadBalancerStatus', {
    ingress: list(
      struct('v1.LoadBalancerIngress', {
        ip: str,
        hostname: str,
        ipMode: str,
        ports: list(struct('v1.PortStatus', { port: i32, protocol: str, error: str })),
      }),
    ),
  }),
  conditions: any,
});

const containerPort = struct('v1.ContainerPort', { name: str, hostPort: i32, containerPort: i32, protocol: str, hostIP: str });

const probe = struct('v1.Probe', {
  exec: any,
  httpGet: any,
  tcpSocket: any,
  grpc: any,
  initialDelaySeconds: i32,
  timeoutSeconds: i32,
  periodSeconds: i32,
  successThreshold: i32,
  failureThreshold: i32,
  terminationGracePeriodSeconds: i64,
});

const container = struct('v1.Container', {
  name: str,
  image: str,
  command: strings,
  args: strings,
  workingDir: str,
  ports: list(containerPort),
  envFrom: any,
  env: any,
  resources: any,
  resizePolicy: any,
  restartPolicy: str,
  restartPolicyRules: any,
  volumeMounts: any,
  volumeDevices: any,
  livenessProbe: probe,
  readinessProbe: probe,
  startupProbe: probe,
  lifecycle: any,
  terminationMessagePath: str,
  terminationMessagePolicy: str,
  imagePullPolicy: str,
  securityContext: any,
  stdin: bool,
  stdinOnce: bool,
  tty: bool,
});

const podSpec = struct('v1.PodSpec', {
  volumes: any,
  initContainers: list(container),
  containers: list(container),
  ephemeralContainers: any,
  restartPolicy: str,
  terminationGracePeriodSeconds: i64,
  activeDeadlineSeconds: i64,
  dnsPolicy: str,
  nodeSelector: stringMap,
  serviceAccountName: str,
  serviceAccount: str,
  automountServiceAccountToken: bool,
  nodeName: str,
  hostNetwork: bool,
  hostPID: bool,
  hostIPC: bool,
  shareProcessNamespace: bool,
  securityContext: any,
  imagePullSecrets: any,
  hostname: str,
  subdomain: str,
  affinity: any,
  schedulerName: str,
  tolerations: any,
  hostAliases: any,
  priorityClassName: str,
  priority: i32,
  dnsConfig: any,
  readinessGates: any,
  runtimeClassName: str,
  enableServiceLinks: bool,
  preemptionPolicy: str,
  overhead: any,
  topologySpreadConstraints: any,
  setHostnameAsFQDN: bool,
  os: any,
  hostUsers: bool,
  schedulingGates: any,
  resourceClaims: any,
  resources: any,
});

const podCondition = struct('v1.PodCondition', {
  type: str,
  status: str,
  observedGeneration: i64,
  lastProbeTime: any,
  lastTransitionTime: any,
  reason: str,
  message: str,
});

const podStatus = struct('v1.PodStatus', {
  observedGeneration: i64,
  phase: str,
  conditions: list(podCondition),
  message: str,
  reason: str,
  nominatedNodeName: str,
  hostIP: str,
  hostIPs: any,
  podIP: str,
  podIPs: list(struct('v1.PodIP', { ip: str })),
  startTime: any,
  initContainerStatuses: any,
  containerStatuses: any,
  qosClass: str,
  ephemeralContainerStatuses: any,
  resize: str,
  resourceClaimStatuses: any,
});

const podTemplateSpec = struct('v1.PodTemplateSpec', { metadata: objectMeta, spec: podSpec });

const node = {
  spec: struct('v1.NodeSpec', {
    podCIDR: str,
    podCIDRs: strings,
    providerID: str,
    unschedulable: bool,
    taints: any,
    configSource: any,
    externalID: str,
  }),
  status: struct('v1.NodeStatus', {
    capacity: any,
    allocatable: any,
    phase: str,
    conditions: list(struct('v1.NodeCondition', { type: str, status: str, lastHeartbeatTime: any, lastTransitionTime: any, reason: str, message: str })),
    addresses: list(struct('v1.NodeAddress', { type: str, address: str })),
    daemonEndpoints: any,
    nodeInfo: any,
    images: any,
    volumesInUse: any,
    volumesAttached: any,
    config: any,
    runtimeHandlers: any,
    features: any,
  }),
};

// ---------------------------------------------------------------- apps/v1

const deploymentSpec = struct('v1.DeploymentSpec', {
  replicas: i32,
  selector: labelSelector,
  template: podTemplateSpec,
  strategy: any,
  minReadySeconds: i32,
  revisionHistoryLimit: i32,
  paused: bool,
  progressDeadlineSeconds: i32,
});

const replicaSetSpec = struct('v1.ReplicaSetSpec', { replicas: i32, minReadySeconds: i32, selector: labelSelector, template: podTemplateSpec });

const statefulSetSpec = struct('v1.StatefulSetSpec', {
  replicas: i32,
  selector: labelSelector,
  template: podTemplateSpec,
  volumeClaimTemplates: any,
  serviceName: str,
  podManagementPolicy: str,
  updateStrategy: any,
  revisionHistoryLimit: i32,
  minReadySeconds: i32,
  persistentVolumeClaimRetentionPolicy: any,
  ordinals: any,
});

// ---------------------------------------------------------------- discovery, networking

const endpoint = struct('v1.Endpoint', {
  addresses: strings,
  conditions: struct('v1.EndpointConditions', { ready: bool, serving: bool, terminating: bool }),
  hostname: str,
  targetRef: any,
  deprecatedTopology: stringMap,
  nodeName: str,
  zone: str,
  hints: struct('v1.EndpointHints', {
    forZones: list(struct('v1.ForZone', { name: str })),
    forNodes: list(struct('v1.ForNode', { name: str })),
  }),
});

const endpointPort = struct('v1.EndpointPort', { name: str, protocol: str, port: i32, appProtocol: str });

// ---------------------------------------------------------------- kube-proxy

const proxyConfigFields: Record<string, FieldType> = {
  featureGates: map(bool),
  clientConnection: any,
  logging: any,
  hostnameOverride: str,
  bindAddress: str,
  healthzBindAddress: str,
  metricsBindAddress: str,
  bindAddressHardFail: bool,
  enableProfiling: bool,
  showHiddenMetricsForVersion: str,
  mode: str,
  iptables: struct('v1alpha1.KubeProxyIPTablesConfiguration', {
    masqueradeBit: i32,
    masqueradeAll: bool,
    localhostNodePorts: bool,
    syncPeriod: str,
    minSyncPeriod: str,
  }),
  ipvs: struct('v1alpha1.KubeProxyIPVSConfiguration', {
    syncPeriod: str,
    minSyncPeriod: str,
    scheduler: str,
    excludeCIDRs: strings,
    strictARP: bool,
    tcpTimeout: str,
    tcpFinTimeout: str,
    udpTimeout: str,
  }),
  nftables: struct('v1alpha1.KubeProxyNFTablesConfiguration', {
    masqueradeBit: i32,
    masqueradeAll: bool,
    syncPeriod: str,
    minSyncPeriod: str,
  }),
  winkernel: any,
  linux: any,
  windows: any,
  detectLocalMode: str,
  detectLocal: any,
  clusterCIDR: str,
  nodePortAddresses: strings,
  oomScoreAdj: i32,
  conntrack: any,
  configSyncPeriod: str,
  portRange: str,
  syncPeriod: str,
  minSyncPeriod: str,
};

const typeMeta: Record<string, FieldType> = { apiVersion: str, kind: str };

const rootCache = new Map<string, FieldType | undefined>();

/** Root struct per supported kind; the struct's Go name is the kind (built once per kind and version). */
export function rootSchema(kind: string, apiVersion: string): FieldType | undefined {
  const key = `${kind}\u0000${apiVersion}`;
  if (rootCache.has(key)) return rootCache.get(key);
  const schema = buildRootSchema(kind, apiVersion);
  // Only known kinds are remembered, so arbitrary input cannot grow the cache.
  if (schema) rootCache.set(key, schema);
  return schema;
}

function buildRootSchema(kind: string, apiVersion: string): FieldType | undefined {
  const pkg = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
  const root = (fields: Record<string, FieldType>): FieldType => struct(`${pkg}.${kind}`, { ...typeMeta, ...fields });
  switch (kind) {
    case 'Service':
      return root({ metadata: objectMeta, spec: serviceSpec, status: serviceStatus });
    case 'Pod':
      return root({ metadata: objectMeta, spec: podSpec, status: podStatus });
    case 'Node':
      return root({ metadata: objectMeta, spec: node.spec, status: node.status });
    case 'Namespace':
      return root({ metadata: objectMeta, spec: any, status: any });
    case 'Deployment':
      return root({ metadata: objectMeta, spec: deploymentSpec, status: any });
    case 'ReplicaSet':
      return root({ metadata: objectMeta, spec: replicaSetSpec, status: any });
    case 'StatefulSet':
      return root({ metadata: objectMeta, spec: statefulSetSpec, status: any });
    case 'EndpointSlice':
      return root({ metadata: objectMeta, addressType: str, endpoints: list(endpoint), ports: list(endpointPort) });
    case 'ServiceCIDR':
      return root({ metadata: objectMeta, spec: struct(`${pkg}.ServiceCIDRSpec`, { cidrs: strings }), status: any });
    case 'KubeProxyConfiguration':
      return root({ metadata: objectMeta, ...proxyConfigFields });
    default:
      return undefined;
  }
}

/** kind -> the apiVersions svcviz accepts for it. */
export const SUPPORTED_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  Service: ['v1'],
  Pod: ['v1'],
  Node: ['v1'],
  Namespace: ['v1'],
  Deployment: ['apps/v1'],
  ReplicaSet: ['apps/v1'],
  StatefulSet: ['apps/v1'],
  EndpointSlice: ['discovery.k8s.io/v1'],
  ServiceCIDR: ['networking.k8s.io/v1', 'networking.k8s.io/v1beta1'],
  KubeProxyConfiguration: ['kubeproxy.config.k8s.io/v1alpha1'],
};
